//! The HTTP layer: transport only. `/graphql` follows the GraphQL over HTTP
//! specification (media types, status codes) and reads top to bottom in
//! [`graphql`]: decode ([`request`]), answer cache ([`answers`]), the executor, encode
//! ([`response`]), refusals ([`rejection`]); [`observe`] logs and counts each request.
//! The playground is served on `/`, its scripts under `/assets/playground/`, the
//! timeline app on `/timeline`, and the operations endpoints beside them.
//! `/popolo.json` streams the served dataset as one Popolo document ([`popolo`]).

mod answers;
mod assets;
mod client;
mod conditional;
mod graphql;
mod media;
pub mod metrics;
mod observe;
mod ops;
mod playground;
mod popolo;
mod rejection;
mod request;
mod response;
mod status;
mod throttle;

use std::sync::Arc;
use std::time::Duration;

use actix_web::middleware::from_fn;
use actix_web::{web, HttpResponse};

use ipnet::IpNet;

use crate::graphql::Executor;
use crate::ratelimit::RateLimiter;
use crate::reload::Snapshots;
use answers::AnswerCache;
use metrics::Metrics;

pub use answers::CAPACITY_BYTES as ANSWER_CACHE_BYTES;
pub use assets::timeline_manifest;
pub use conditional::GET_MAX_AGE_SECS;
pub use playground::{HEADLINE_QUERY, HEADLINE_VARIABLES};

pub use crate::defaults::{MAX_BATCH, MAX_BODY_BYTES};

/// What every request handler shares: built once at startup, cloned per worker.
#[derive(Clone)]
pub struct AppState {
    /// Runs GraphQL requests.
    pub executor: Arc<Executor>,
    /// The served dataset: each request takes the current snapshot once, at its start.
    pub snapshots: Arc<Snapshots>,
    /// Answers already given, by request and dataset version.
    pub answers: Arc<AnswerCache>,
    /// What `/metrics` shows.
    pub metrics: Arc<Metrics>,
    /// Transport limits: body size, batch size, body read time.
    pub transport: TransportLimits,
    /// Per-client cost budgets, when rate limiting is on.
    pub rate_limiter: Option<Arc<RateLimiter>>,
    /// The proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<[IpNet]>,
    /// One permit per `/popolo.json` document that may stream at once.
    pub popolo_exports: Arc<tokio::sync::Semaphore>,
}

/// What one HTTP request to `/graphql` may send.
#[derive(Clone, Copy, Debug)]
pub struct TransportLimits {
    /// The largest body in bytes; larger gets 413.
    pub max_body_bytes: usize,
    /// The most operations in one batch.
    pub max_batch: usize,
    /// How long the whole body may take to arrive; longer gets 408.
    pub body_timeout: Duration,
}

impl Default for TransportLimits {
    fn default() -> Self {
        Self {
            max_body_bytes: MAX_BODY_BYTES,
            max_batch: MAX_BATCH,
            body_timeout: Duration::from_secs(10),
        }
    }
}

impl AppState {
    /// The state for an executor and the served snapshots, with an empty answer cache
    /// and fresh metrics.
    pub fn new(executor: Arc<Executor>, snapshots: Arc<Snapshots>) -> Self {
        let metrics = Metrics::new(snapshots.clone(), executor.persisted().clone());
        Self {
            executor,
            metrics: Arc::new(metrics),
            snapshots,
            answers: Arc::new(AnswerCache::new(answers::CAPACITY_BYTES)),
            transport: TransportLimits::default(),
            rate_limiter: None,
            trusted_proxies: Arc::from([]),
            popolo_exports: popolo::slots(),
        }
    }

    /// The same state with per-client budgets, clients known behind `trusted_proxies`.
    pub fn with_rate_limit(
        mut self,
        limiter: Option<RateLimiter>,
        trusted_proxies: Vec<IpNet>,
    ) -> Self {
        self.rate_limiter = limiter.map(Arc::new);
        self.trusted_proxies = trusted_proxies.into();
        self
    }

    /// The same state with an answer cache of `bytes` bytes (0: no cache).
    pub fn with_answer_cache(mut self, bytes: u64) -> Self {
        self.answers = Arc::new(AnswerCache::new(bytes));
        self
    }

    /// The same state with other transport limits.
    pub fn with_transport(mut self, transport: TransportLimits) -> Self {
        self.transport = transport;
        self
    }
}

/// Registers every route, `/metrics` included.
pub fn routes(config: &mut web::ServiceConfig) {
    api_routes(config);
    metrics_routes(config);
}

/// Serves `/metrics` alone (for `--metrics-listen`).
pub fn metrics_routes(config: &mut web::ServiceConfig) {
    config.service(web::resource("/metrics").route(web::get().to(ops::metrics)));
}

/// Registers every route but `/metrics`.
pub fn api_routes(config: &mut web::ServiceConfig) {
    config
        .service(
            web::resource("/graphql")
                .wrap(from_fn(observe::observe))
                .route(web::post().to(graphql::graphql))
                .route(web::get().to(graphql::graphql))
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
        .service(
            web::resource("/popolo.json")
                .route(web::get().to(popolo::document))
                .route(web::head().to(popolo::document))
                .default_service(web::to(popolo::method_not_allowed)),
        )
        .service(web::resource("/healthz").route(web::get().to(healthz)))
        .service(web::resource("/readyz").route(web::get().to(ops::readyz)));
}

/// The process is up and answering.
async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("ok\n")
}
