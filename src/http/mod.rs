//! The HTTP layer: routes and transport only. GraphQL requests follow the GraphQL over
//! HTTP specification (media types, status codes); the playground is served on `/`,
//! its scripts under `/assets/playground/`, and the timeline app on `/timeline`.

mod answers;
mod assets;
mod graphql;
mod media;
mod playground;

use std::sync::Arc;

use actix_web::{web, HttpResponse};

use crate::graphql::Executor;
use crate::index::Catalog;
use answers::AnswerCache;

/// The largest request body accepted; a GraphQL document for this API is far smaller.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// What every request handler shares: built once at startup, cloned per worker.
#[derive(Clone)]
pub struct AppState {
    /// Runs GraphQL requests.
    pub executor: Arc<Executor>,
    /// The dataset snapshot that requests read.
    pub catalog: Arc<Catalog>,
    /// Answers already given, by request and dataset version.
    pub answers: Arc<AnswerCache>,
}

impl AppState {
    /// The state for an executor and a catalog, with an empty answer cache.
    pub fn new(executor: Arc<Executor>, catalog: Arc<Catalog>) -> Self {
        Self {
            executor,
            catalog,
            answers: Arc::new(AnswerCache::new(answers::CAPACITY_BYTES)),
        }
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
        .service(web::resource("/healthz").route(web::get().to(healthz)));
}

/// The process is up and answering.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok\n")
}
