//! The HTTP layer: routes and transport only. GraphQL requests follow the GraphQL over
//! HTTP specification (media types, status codes); the playground is served on `/`,
//! its scripts under `/assets/playground/`, and the timeline app on `/timeline`.

pub use graphql::MAX_BATCH;

mod answers;
mod assets;
mod graphql;
mod media;
pub mod metrics;
mod ops;
mod playground;

use std::sync::Arc;

use actix_web::{web, HttpResponse};

use crate::graphql::Executor;
use crate::reload::Snapshots;
use answers::AnswerCache;

/// The largest request body accepted; a GraphQL document for this API is far smaller.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every request handler shares: built once at startup, cloned per worker.
#[derive(Clone)]
pub struct AppState {
    /// Runs GraphQL requests.
    pub executor: Arc<Executor>,
    /// The served dataset: each request takes the current snapshot once, at its start.
    pub snapshots: Arc<Snapshots>,
    /// Answers already given, by request and dataset version.
    pub answers: Arc<AnswerCache>,
    /// Transport limits: body size, batch size, body read time.
    pub transport: TransportLimits,
}

/// What one HTTP request to `/graphql` may send.
#[derive(Clone, Copy, Debug)]
pub struct TransportLimits {
    /// The largest body in bytes; larger gets 413.
    pub max_body_bytes: usize,
    /// The most operations in one batch.
    pub max_batch: usize,
    /// How long the whole body may take to arrive; longer gets 408.
    pub body_timeout: std::time::Duration,
}

impl Default for TransportLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: MAX_BODY_BYTES,
            max_batch: graphql::MAX_BATCH,
            body_timeout: std::time::Duration::from_secs(10),
        }
    }
}

impl AppState {
    /// The state for an executor and the served snapshots, with an empty answer cache.
    pub fn new(executor: Arc<Executor>, snapshots: Arc<Snapshots>) -> Self {
        Self {
            executor,
            snapshots,
            answers: Arc::new(AnswerCache::new(answers::CAPACITY_BYTES)),
            transport: TransportLimits::default(),
        }
    }

    /// The same state with other transport limits.
    pub fn with_transport(mut self, transport: TransportLimits) -> Self {
        self.transport = transport;
        self
    }
}

/// Registers every route.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .service(
            web::resource("/graphql")
                .route(web::post().to(graphql::post))
                .route(web::get().to(graphql::get))
                .default_service(web::to(graphql::method_not_allowed)),
        )
        .service(web::resource("/").route(web::get().to(playground::page)))
        .service(
            web::resource("/assets/playground/{name}")
                .route(web::get().to(assets::playground_file)),
        )
        .service(web::resource("/timeline").route(web::get().to(assets::timeline_page)))
        .service(web::resource("/timeline/").route(web::get().to(assets::timeline_page)))
        .service(web::resource("/timeline/{name}").route(web::get().to(assets::timeline_file)))
        .service(web::resource("/healthz").route(web::get().to(healthz)))
        .service(web::resource("/readyz").route(web::get().to(ops::readyz)))
        .service(web::resource("/metrics").route(web::get().to(ops::metrics)));
}

/// The process is up and answering.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok\n")
}
