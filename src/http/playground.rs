//! The GraphiQL playground on `GET /`, opened on the headline query and its variables
//! so a newcomer presses Run and sees an answer.

use actix_web::HttpResponse;

/// The headline query: who held the office during a range, with its powers.
pub const HEADLINE_QUERY: &str = include_str!("headline.graphql");
/// Its variables.
pub const HEADLINE_VARIABLES: &str = include_str!("headline.variables.json");

const TEMPLATE: &str = include_str!("playground.html");

/// Serves the playground page.
pub async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render())
}

/// The page with the headline query filled in.
pub fn render() -> String {
    TEMPLATE
        .replace("__QUERY__", &script_string(HEADLINE_QUERY))
        .replace("__VARIABLES__", &script_string(HEADLINE_VARIABLES.trim()))
}

/// A JSON string literal that is also safe inside a `<script>` element.
fn script_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned())
        .to_string()
        .replace("</", "<\\/")
}
