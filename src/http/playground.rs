//! The GraphiQL playground on `GET /`, opened on the headline query and its variables
//! so a newcomer presses Run and sees an answer. Its scripts come from the binary
//! (`/assets/playground/`); a server built without them says so and uses a CDN.

use actix_web::HttpResponse;
use serde_json::json;

use super::assets::playground_built_in;

/// The headline query: who held the office during a range, with its powers.
pub const HEADLINE_QUERY: &str = include_str!("../../bench/queries/holders-during.graphql");
/// Its variables.
pub const HEADLINE_VARIABLES: &str =
    include_str!("../../bench/queries/holders-during.variables.json");

const OFFLINE: &str = include_str!("playground.html");
const CDN: &str = include_str!("playground-cdn.html");

/// Serves the playground page.
pub async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render())
}

/// The page with the headline query filled in.
pub fn render() -> String {
    let config = json!({
        "query": HEADLINE_QUERY,
        "variables": HEADLINE_VARIABLES.trim(),
        "endpoint": "/graphql",
    })
    .to_string()
    // Safe inside a <script> element.
    .replace("</", "<\\/");
    let template = if playground_built_in() { OFFLINE } else { CDN };
    template.replace("__CONFIG__", &config)
}
