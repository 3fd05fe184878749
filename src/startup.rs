//! Building and running the server as a library function, so tests start the real
//! server on port 0 exactly as `tenure serve` does.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::http::header;
use actix_web::middleware::Compress;
use actix_web::{web, App, HttpServer};
use anyhow::Context as _;

use crate::config::ServeSettings;
use crate::dataset;
use crate::graphql::persisted::{manifest, ManifestSource};
use crate::graphql::{Executor, Limits, PersistedDocuments, SchemaKind};
use crate::http::{api_routes, routes, timeline_manifest, AppState, TransportLimits};
use crate::index::Catalog;
use crate::ratelimit::RateLimiter;
use crate::reload::{self, Companion, Install, Snapshots};

/// A bound, ready-to-run server.
pub struct Application {
    server: Server,
    address: SocketAddr,
    /// The `--metrics-listen` server and its address, when `/metrics` has its own.
    metrics: Option<(Server, SocketAddr)>,
    snapshots: Arc<Snapshots>,
}

/// Loads, checks and indexes the dataset in `dir`.
pub fn load_catalog(dir: &Path) -> anyhow::Result<Catalog> {
    let started = Instant::now();
    let loaded = dataset::load(dir)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("the dataset in {} cannot be served", dir.display()))?;
    let catalog = Catalog::new(loaded.dataset, loaded.version);
    tracing::info!(
        data = %dir.display(),
        version = catalog.version(),
        terms = catalog.dataset().terms.len(),
        millis = started.elapsed().as_millis() as u64,
        "dataset loaded"
    );
    Ok(catalog)
}

/// Where the trusted documents come from: `--trusted-documents`, else the manifest of
/// the timeline built into the binary (so the `/timeline` it serves works as
/// shipped), else nowhere.
/// The GraphQL limits the settings give.
pub fn limits(settings: &ServeSettings) -> Limits {
    Limits {
        max_characters: settings.max_characters,
        max_tokens: settings.max_tokens,
        max_aliases: settings.max_aliases,
        max_directives: settings.max_directives,
        max_depth: settings.max_depth,
        max_cost: settings.max_cost,
        max_answer_items: settings.max_answer_items,
        timeout: std::time::Duration::from_millis(settings.request_timeout_ms),
        introspection: !settings.no_introspection,
        suggestions: !settings.no_suggestions,
    }
}

/// The schema the settings serve.
fn schema_kind(settings: &ServeSettings) -> SchemaKind {
    if settings.federation {
        SchemaKind::Subgraph
    } else {
        SchemaKind::Public
    }
}

fn manifest_source(settings: &ServeSettings) -> Option<ManifestSource> {
    match &settings.trusted_documents {
        Some(path) => Some(ManifestSource::File(path.clone())),
        None => timeline_manifest().map(|bytes| ManifestSource::BuiltIn {
            name: "the timeline's built-in manifest",
            bytes,
        }),
    }
}

/// The trusted documents, checked against the dataset at startup and on each reload.
struct TrustedDocuments {
    executor: Arc<Executor>,
    source: ManifestSource,
}

impl TrustedDocuments {
    /// Reads and checks the manifest against `catalog`, every problem in one error.
    /// The timeline's built-in manifest never fails: nobody asked for it, so limits
    /// lowered below what the timeline needs leave it out, with a warning, rather than
    /// stop the server.
    fn load(&self, catalog: &Catalog) -> Result<manifest::Manifest, Vec<String>> {
        match manifest::load(&self.source, &*self.executor, catalog) {
            Ok(manifest) => Ok(manifest),
            Err(problems) if matches!(self.source, ManifestSource::BuiltIn { .. }) => {
                for problem in &problems {
                    tracing::warn!(source = %self.source, %problem, "the timeline's documents are not served");
                }
                Ok(manifest::Manifest::empty())
            }
            Err(problems) => Err(problems.iter().map(ToString::to_string).collect()),
        }
    }
}

impl Companion for TrustedDocuments {
    fn source(&self) -> std::path::PathBuf {
        std::path::PathBuf::from(self.source.public_name())
    }

    fn prepare(&self, catalog: &Catalog) -> Result<Install, Vec<String>> {
        let manifest = self.load(catalog)?;
        let executor = self.executor.clone();
        Ok(Box::new(move || {
            tracing::info!(documents = manifest.len(), "trusted documents reloaded");
            executor.persisted().install(manifest);
        }))
    }
}

/// CORS for the allowed origins only. A request from another origin is still
/// answered (queries change nothing) but without `Access-Control-Allow-Origin`, so the
/// browser keeps the answer from the page; same-origin pages are unaffected.
fn cors(origins: &[String]) -> Cors {
    origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .allowed_methods(["GET", "POST"])
        .allowed_headers([header::CONTENT_TYPE, header::ACCEPT])
        .block_on_origin_mismatch(false)
        .max_age(3600)
}

impl Application {
    /// Loads the dataset and binds the listener; nothing is served until
    /// [`Application::run_until_stopped`].
    pub fn build(settings: &ServeSettings) -> anyhow::Result<Self> {
        let catalog = load_catalog(&settings.data)?;
        Self::with_catalog(settings, Arc::new(catalog))
    }

    /// Binds a server over an already loaded catalog (loaded from `settings.data`,
    /// which reloads read again). Must run inside a Tokio runtime: it starts the
    /// SIGHUP listener and, with `--watch`, the data directory watcher.
    pub fn with_catalog(settings: &ServeSettings, catalog: Arc<Catalog>) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.listen)
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let address = listener.local_addr()?;
        // Built once: every worker shares the schema and the snapshot.
        let executor = Executor::serving(schema_kind(settings), limits(settings))
            .with_persisted(PersistedDocuments::new(settings.trusted_only));
        let executor = Arc::new(if settings.no_plans {
            executor.without_plans()
        } else {
            executor
        });
        let mut snapshots = Snapshots::new(catalog.clone(), settings.data.clone());
        if let Some(source) = manifest_source(settings) {
            let documents = TrustedDocuments {
                executor: executor.clone(),
                source,
            };
            let manifest = documents.load(&catalog).map_err(|problems| {
                anyhow::anyhow!(
                    "the trusted documents of {} cannot be served: {} problem{}:\n  {}",
                    documents.source,
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    problems.join("\n  ")
                )
            })?;
            let (planned, operations) = manifest.planned();
            tracing::info!(
                source = %documents.source,
                documents = manifest.len(),
                operations,
                planned,
                trusted_only = settings.trusted_only,
                "trusted documents loaded"
            );
            executor.persisted().install(manifest);
            snapshots = snapshots.with_companion(Arc::new(documents));
        }
        let snapshots = Arc::new(snapshots);
        reload::listen_for_hangups(snapshots.clone()).context("cannot listen for SIGHUP")?;
        if settings.watch {
            reload::watch(snapshots.clone())
                .with_context(|| format!("cannot watch {}", settings.data.display()))?;
        }
        let state = AppState::new(executor, snapshots.clone())
            .with_transport(TransportLimits {
                max_body_bytes: settings.max_body_bytes,
                max_batch: settings.max_batch,
                body_timeout: std::time::Duration::from_millis(settings.request_timeout_ms),
            })
            .with_rate_limit(
                settings.rate_limit_cost_per_minute.map(RateLimiter::new),
                settings.trusted_proxies.clone(),
            )
            .with_answer_cache(settings.answer_cache_bytes);
        let metrics = match settings.metrics_listen {
            Some(at) => {
                let listener = TcpListener::bind(at)
                    .with_context(|| format!("cannot listen on {at} (--metrics-listen)"))?;
                let address = listener.local_addr()?;
                let state = state.clone();
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(web::Data::new(state.clone()))
                        .configure(crate::http::metrics_routes)
                })
                .workers(1)
                .shutdown_timeout(settings.shutdown_timeout_secs)
                .disable_signals()
                .listen(listener)?
                .run();
                Some((server, address))
            }
            None => None,
        };
        let api_only = metrics.is_some();
        let origins = settings.cors_origins.clone();
        let mut server = HttpServer::new(move || {
            App::new()
                .wrap(cors(&origins))
                .wrap(Compress::default())
                .app_data(web::Data::new(state.clone()))
                .configure(if api_only { api_routes } else { routes })
        })
        .shutdown_timeout(settings.shutdown_timeout_secs)
        // Signals are handled in `run_until_stopped`, once for both servers: each
        // server handling them itself let the `/metrics` server's quick stop end the
        // process while the API server still had requests in flight.
        .disable_signals();
        if let Some(workers) = settings.workers {
            server = server.workers(workers.max(1));
        }
        let server = server.listen(listener)?.run();
        Ok(Self {
            server,
            address,
            metrics,
            snapshots,
        })
    }

    /// Where `/metrics` is served on its own (`--metrics-listen`), if it is.
    pub fn metrics_address(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().map(|(_, address)| *address)
    }

    /// The served dataset, to reload it (as SIGHUP does) or read its status.
    pub fn snapshots(&self) -> Arc<Snapshots> {
        self.snapshots.clone()
    }

    /// The address the server listens on, with the real port.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Serves until the process gets SIGTERM or SIGINT (Ctrl-C), then drains: the
    /// API stops accepting connections, the requests in flight finish (for up to
    /// `--shutdown-timeout-secs`), and only then does `/metrics` stop, so it can be
    /// read during the drain. A second signal stops both at once. A reload running
    /// meanwhile does not hold the exit up (it runs on a thread of its own).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let api = self.server.handle();
        let metrics = self.metrics.as_ref().map(|(server, _)| server.handle());
        tokio::spawn(async move {
            if !stop_signal().await {
                return;
            }
            tracing::info!("stopping: finishing the requests in flight");
            let drain = async {
                api.stop(true).await;
                if let Some(metrics) = &metrics {
                    metrics.stop(true).await;
                }
            };
            tokio::select! {
                () = drain => {}
                again = stop_signal() => if again {
                    tracing::warn!("a second signal: stopping now");
                    api.stop(false).await;
                    if let Some(metrics) = &metrics {
                        metrics.stop(false).await;
                    }
                }
            }
        });
        match self.metrics {
            Some((metrics, _)) => {
                let (api, metrics) = futures_util::future::join(self.server, metrics).await;
                api.and(metrics)
            }
            None => self.server.await,
        }
    }
}

/// Waits for SIGTERM or SIGINT; `false` if no signal can be listened for.
async fn stop_signal() -> bool {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut terminate), Ok(mut interrupt)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::error!("cannot listen for SIGTERM and SIGINT: stop the server with SIGKILL");
            return false;
        };
        tokio::select! {
            _ = terminate.recv() => true,
            _ = interrupt.recv() => true,
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.is_ok()
    }
}
