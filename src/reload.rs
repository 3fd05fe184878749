//! Live reloads: the catalog being served sits in an [`ArcSwap`], so a new dataset is
//! loaded and checked beside the old one and swapped in at once. A request takes the
//! snapshot once when it starts and finishes on it, whatever is swapped in meanwhile.
//! A dataset that fails its checks is never swapped in: the old one keeps being
//! served, and the failure is logged problem by problem and kept for `Query.dataset`,
//! `/readyz` and `/metrics`.
//!
//! Reloads come from SIGHUP ([`listen_for_hangups`]) and, with `--watch`, from changes
//! to the files under the data directory ([`watch`]), debounced.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use chrono::{DateTime, SecondsFormat, Utc};

use crate::dataset::{self, LoadError};
use crate::index::Catalog;

/// How long the data directory must stay quiet after a change before `--watch`
/// reloads, so an editor's save (or a `cp -r`) gives one reload, not a dozen.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// One catalog with the moment it was loaded.
pub struct Snapshot {
    /// The catalog requests read.
    pub catalog: Arc<Catalog>,
    /// When it was loaded (RFC 3339, UTC).
    pub loaded_at: DateTime<Utc>,
    /// The last reload attempt, `None` until one was made. A failed attempt stores a
    /// new snapshot with the same catalog, so this is always read with its catalog.
    pub last_reload: Option<Arc<ReloadAttempt>>,
    /// The version and the number of reload attempts: what answer caches and ETags
    /// key on, so an answer that shows `lastReload` is not kept past a new attempt.
    pub tag: String,
}

impl Snapshot {
    /// `loaded_at` as RFC 3339 with seconds, e.g. `2026-11-28T14:00:00Z`.
    pub fn loaded_at_text(&self) -> String {
        self.loaded_at.to_rfc3339_opts(SecondsFormat::Secs, true)
    }
}

/// The outcome of one reload attempt.
#[derive(Clone, Debug)]
pub struct ReloadAttempt {
    /// When the attempt ended.
    pub at: DateTime<Utc>,
    /// Whether the new dataset was swapped in.
    pub ok: bool,
    /// The version served after the attempt: the new one, or on failure the old one.
    pub version: Option<String>,
    /// Every problem found, empty when the attempt succeeded.
    pub problems: Vec<String>,
}

impl ReloadAttempt {
    /// `at` as RFC 3339 with seconds.
    pub fn at_text(&self) -> String {
        self.at.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// As JSON, for `/readyz`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "at": self.at_text(),
            "succeeded": self.ok,
            "version": self.version,
            "problems": self.problems,
        })
    }
}

/// The served dataset, swappable, with the record of reload attempts.
pub struct Snapshots {
    current: ArcSwap<Snapshot>,
    data_dir: PathBuf,
    /// Serializes reloads: two at once would race to store.
    reloading: tokio::sync::Mutex<()>,
    succeeded: AtomicU64,
    failed: AtomicU64,
}

impl Snapshots {
    /// Serves `catalog`, loaded from `data_dir`, which later reloads read again.
    pub fn new(catalog: Arc<Catalog>, data_dir: PathBuf) -> Self {
        let tag = format!("{}.0", catalog.version());
        Self {
            current: ArcSwap::from_pointee(Snapshot {
                catalog,
                loaded_at: Utc::now(),
                last_reload: None,
                tag,
            }),
            data_dir,
            reloading: tokio::sync::Mutex::new(()),
            succeeded: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        }
    }

    /// The snapshot being served now; take it once per request.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// The catalog being served now.
    pub fn catalog(&self) -> Arc<Catalog> {
        self.current.load().catalog.clone()
    }

    /// The data directory reloads read.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The last reload attempt, `None` until one was made.
    pub fn last_attempt(&self) -> Option<Arc<ReloadAttempt>> {
        self.current.load().last_reload.clone()
    }

    /// How many reloads succeeded and failed so far.
    pub fn reload_counts(&self) -> (u64, u64) {
        (
            self.succeeded.load(Ordering::Relaxed),
            self.failed.load(Ordering::Relaxed),
        )
    }

    /// Loads and checks the data directory on a blocking thread, beside the served
    /// catalog, and swaps it in when it is valid. Returns the version now served, or
    /// every problem found (the old dataset then stays served).
    pub async fn reload(&self) -> Result<String, LoadError> {
        let _one_at_a_time = self.reloading.lock().await;
        let dir = self.data_dir.clone();
        let file = dir.clone();
        let started = Instant::now();
        let loaded = tokio::task::spawn_blocking(move || dataset::load(&dir).map(Catalog::new))
            .await
            .unwrap_or_else(|e| {
                Err(LoadError {
                    problems: vec![crate::dataset::Problem {
                        file,
                        position: None,
                        path: None,
                        message: format!("the reload stopped unexpectedly: {e}"),
                    }],
                })
            });
        let previous = self.current();
        let attempts =
            self.succeeded.load(Ordering::Relaxed) + self.failed.load(Ordering::Relaxed) + 1;
        let (result, snapshot) = match loaded {
            Ok(catalog) => {
                let version = catalog.version().to_owned();
                tracing::info!(
                    data = %self.data_dir.display(),
                    version = %version,
                    previous = previous.catalog.version(),
                    terms = catalog.dataset().terms.len(),
                    millis = started.elapsed().as_millis() as u64,
                    "dataset reloaded"
                );
                self.succeeded.fetch_add(1, Ordering::Relaxed);
                let attempt = ReloadAttempt {
                    at: Utc::now(),
                    ok: true,
                    version: Some(version.clone()),
                    problems: Vec::new(),
                };
                let snapshot = Snapshot {
                    tag: format!("{version}.{attempts}"),
                    catalog: Arc::new(catalog),
                    loaded_at: attempt.at,
                    last_reload: Some(Arc::new(attempt)),
                };
                (Ok(version), snapshot)
            }
            Err(e) => {
                for problem in &e.problems {
                    tracing::error!(data = %self.data_dir.display(), problem = %problem, "reload refused");
                }
                tracing::error!(
                    data = %self.data_dir.display(),
                    problems = e.problems.len(),
                    serving = previous.catalog.version(),
                    "the new dataset is not valid; still serving the previous one"
                );
                self.failed.fetch_add(1, Ordering::Relaxed);
                let version = previous.catalog.version().to_owned();
                let snapshot = Snapshot {
                    tag: format!("{version}.{attempts}"),
                    catalog: previous.catalog.clone(),
                    loaded_at: previous.loaded_at,
                    last_reload: Some(Arc::new(ReloadAttempt {
                        at: Utc::now(),
                        ok: false,
                        version: Some(version),
                        problems: e.problems.iter().map(ToString::to_string).collect(),
                    })),
                };
                (Err(e), snapshot)
            }
        };
        self.current.store(Arc::new(snapshot));
        result
    }
}

/// Reloads on every SIGHUP, for as long as the runtime runs.
#[cfg(unix)]
pub fn listen_for_hangups(snapshots: Arc<Snapshots>) -> std::io::Result<()> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut hangups = signal(SignalKind::hangup())?;
    tokio::spawn(async move {
        while hangups.recv().await.is_some() {
            tracing::info!("SIGHUP: reloading the dataset");
            let _ = snapshots.reload().await;
        }
    });
    Ok(())
}

/// No SIGHUP off Unix.
#[cfg(not(unix))]
pub fn listen_for_hangups(_snapshots: Arc<Snapshots>) -> std::io::Result<()> {
    Ok(())
}

/// Watches the data directory, recursively, and reloads once it has been quiet for
/// [`DEBOUNCE`] after a change. The watcher lives as long as the runtime.
pub fn watch(snapshots: Arc<Snapshots>) -> notify::Result<()> {
    use notify::{RecursiveMode, Watcher};
    let (changes, mut changed) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut watcher =
        notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(event) if !event.kind.is_access() => {
                let _ = changes.send(());
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "watching the data directory"),
        })?;
    watcher.watch(snapshots.data_dir(), RecursiveMode::Recursive)?;
    tracing::info!(data = %snapshots.data_dir().display(), "watching the data directory for changes");
    tokio::spawn(async move {
        let _watcher = watcher;
        while changed.recv().await.is_some() {
            // Debounce: wait until no change came for DEBOUNCE.
            while let Ok(Some(())) = tokio::time::timeout(DEBOUNCE, changed.recv()).await {}
            tracing::info!("the data directory changed: reloading the dataset");
            let _ = snapshots.reload().await;
        }
    });
    Ok(())
}
