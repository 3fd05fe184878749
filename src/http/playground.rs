//! The GraphiQL playground on `GET /`, opened on the headline query and its variables
//! so a newcomer presses Run and sees an answer, with the README's question across
//! offices in a second tab. Its scripts come from the binary
//! (`/assets/playground/`); a server built without them says so and uses a CDN. A
//! `--trusted-only` server refuses what is typed there, and the page says so at the
//! top rather than leaving GraphiQL to fail without a word.

use actix_web::{web, HttpResponse};
use serde_json::json;

use super::assets::playground_built_in;
use super::AppState;

/// The headline query: who held the office during a range, with its powers.
pub const HEADLINE_QUERY: &str = include_str!("../../bench/queries/holders-during.graphql");
/// Its variables.
pub const HEADLINE_VARIABLES: &str =
    include_str!("../../bench/queries/holders-during.variables.json");

/// The second tab: the question across the four offices that the README works through.
pub const ACROSS_OFFICES_QUERY: &str =
    include_str!("../../examples/queries/leaders-on-2001-09-11.graphql");

const OFFLINE: &str = include_str!("playground.html");
const CDN: &str = include_str!("playground-cdn.html");

/// What the page says on a `--trusted-only` server.
const TRUSTED_ONLY: &str = r#"    <div id="tenure-notice" role="alert">
      <strong>This server runs only trusted documents</strong> (<code>--trusted-only</code>):
      a query typed here is refused with <code>TRUSTED_DOCUMENT_REQUIRED</code>, and GraphiQL
      cannot load the schema. The apps it was deployed with, such as the
      <a href="/timeline">timeline</a>, send the ids of the documents of its manifest.
      To explore the API, run tenure without <code>--trusted-only</code>.
    </div>
"#;

/// Serves the playground page.
pub async fn page(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(render(state.executor.persisted().trusted_only()))
}

/// The page with the headline query filled in (and the question across offices in a
/// second tab), and a notice when the server runs
/// only trusted documents.
pub fn render(trusted_only: bool) -> String {
    let config = json!({
        "query": HEADLINE_QUERY,
        "variables": HEADLINE_VARIABLES.trim(),
        "tabs": [{ "query": ACROSS_OFFICES_QUERY }],
        "endpoint": "/graphql",
    })
    .to_string()
    // Safe inside a <script> element.
    .replace("</", "<\\/");
    let template = if playground_built_in() { OFFLINE } else { CDN };
    let notice = if trusted_only { TRUSTED_ONLY } else { "" };
    template
        .replace("__NOTICE__", notice)
        .replace("__CONFIG__", &config)
}
