//! The browser assets built into the binary by `build.rs`: GraphiQL's scripts for the
//! playground, and the timeline app. Either may be absent when the npm step could not
//! run; the routes then answer 404 and the playground falls back to a CDN.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

/// One embedded file.
pub struct Asset {
    /// Its file name.
    pub name: &'static str,
    /// Its media type.
    pub content_type: &'static str,
    /// Its bytes.
    pub bytes: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/assets.rs"));

/// The file name of the timeline's manifest of persisted documents in its build.
pub const TIMELINE_MANIFEST: &str = "persisted-documents.json";

/// The timeline's manifest of persisted documents, when the timeline was built in:
/// the documents it asks for by id.
pub fn timeline_manifest() -> Option<&'static [u8]> {
    find(TIMELINE, TIMELINE_MANIFEST).map(|a| a.bytes)
}

/// Whether GraphiQL's scripts were built in.
pub fn playground_built_in() -> bool {
    PLAYGROUND.iter().any(|a| a.name == "graphiql.min.js")
}

fn find(bundle: &'static [Asset], name: &str) -> Option<&'static Asset> {
    bundle.iter().find(|a| a.name == name)
}

fn serve(asset: Option<&'static Asset>, what: &str) -> HttpResponse {
    match asset {
        Some(asset) => HttpResponse::Ok()
            .content_type(asset.content_type)
            // Names are not content-hashed, so caches revalidate after an hour.
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .body(asset.bytes),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body(format!("{what} is not built into this server\n")),
    }
}

/// `GET /assets/playground/{name}`.
pub async fn playground_file(name: web::Path<String>) -> HttpResponse {
    serve(
        find(PLAYGROUND, &name),
        &format!("/assets/playground/{name}"),
    )
}

/// `GET /timeline`: the timeline app's page.
pub async fn timeline_page() -> HttpResponse {
    serve(
        find(TIMELINE, "index.html"),
        "the timeline app (build it with `npm ci && npm run build` in examples/timeline)",
    )
}

/// `GET /timeline/{name}`: the timeline app's scripts and styles.
pub async fn timeline_file(name: web::Path<String>) -> HttpResponse {
    serve(find(TIMELINE, &name), &format!("/timeline/{name}"))
}
