//! Operations endpoints: `/readyz` and `/metrics` (`/healthz` is in the parent).

use actix_web::{web, HttpResponse};
use serde_json::json;

use super::metrics::CONTENT_TYPE;
use super::AppState;
use crate::domain::rfc3339;

/// `/readyz`: 200 with the served version, when it was loaded and the last reload
/// attempt. A failed reload keeps the server ready (it serves the previous dataset),
/// so it is 200 with `lastReload.succeeded: false` and the problems. A server always
/// holds a dataset once it listens (it refuses to start without a valid one), so the
/// 503 `{"status":"loading"}` of other servers cannot happen here.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let snapshot = state.snapshots.current();
    let status = &snapshot.status;
    let body = json!({
        "status": "ready",
        "version": snapshot.version(),
        "loadedAt": rfc3339(status.loaded_at),
        "lastReload": status.last_reload.as_ref().map(|attempt| json!({
            "at": rfc3339(attempt.at),
            "succeeded": attempt.succeeded,
            "version": attempt.version,
            "problems": attempt.problems,
        })),
    });
    HttpResponse::Ok()
        .content_type("application/json")
        .insert_header(("Cache-Control", "no-store"))
        .body(body.to_string())
}

/// `/metrics`: the Prometheus text format.
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .insert_header(("Cache-Control", "no-store"))
        .body(state.metrics.render())
}
