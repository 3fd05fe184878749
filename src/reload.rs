//! Live reloads: the catalog being served sits in an [`ArcSwap`], so a new dataset is
//! loaded and checked beside the old one and swapped in at once. A request takes the
//! snapshot once when it starts and finishes on it, whatever is swapped in meanwhile.
//! A dataset that fails its checks is never swapped in: the old one keeps being
//! served, and the failure is logged problem by problem and kept in the snapshot's
//! [`ServingStatus`] for `Query.dataset`, `/readyz` and `/metrics`.
//!
//! Reloads come from SIGHUP ([`listen_for_hangups`]) and, with `--watch`, from changes
//! to the files under the data directory ([`watch`]), debounced.
//!
//! What is served beside the dataset and checked against it (a [`Companion`]: the
//! trusted documents, whose limits depend on the data) is read again and checked
//! against the new catalog in the same reload; a reload takes effect whole or not at
//! all.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use chrono::Utc;

use crate::dataset::{self, LoadError};
use crate::domain::{ReloadReport, ServingStatus};
use crate::index::Catalog;

/// How long the data directory must stay quiet after a change before `--watch`
/// reloads, so an editor's save (or a `cp -r`) gives one reload, not a dozen. A file
/// rewritten without pause still reloads once per period: the debouncer reports a
/// continuing change after this long.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// Something served beside the dataset and checked against it, reloaded with it.
pub trait Companion: Send + Sync {
    /// Its name in problems, which clients read (`/readyz`, `lastReload`): never a
    /// host path.
    fn source(&self) -> PathBuf;
    /// Reads it again and checks it against `catalog`. On success, what serves it
    /// (run when the catalog is swapped in); otherwise every problem found.
    fn prepare(&self, catalog: &Catalog) -> Result<Install, Vec<String>>;
}

/// What puts a checked companion into service.
pub type Install = Box<dyn FnOnce() + Send>;

/// One catalog with what the server says about it.
pub struct Snapshot {
    /// The catalog requests read.
    pub catalog: Arc<Catalog>,
    /// When it was loaded and how the last reload went. A failed reload stores a new
    /// snapshot with the same catalog and a new status.
    pub status: Arc<ServingStatus>,
}

impl Snapshot {
    /// The version of the served content: what answer caches and ETags key on, so
    /// replicas serving the same files agree and a restart changes nothing.
    pub fn version(&self) -> &str {
        self.catalog.version()
    }
}

/// The served dataset, swappable, with the record of reload attempts.
pub struct Snapshots {
    current: ArcSwap<Snapshot>,
    data_dir: PathBuf,
    /// Serializes reloads: two at once would race to store.
    reloading: tokio::sync::Mutex<()>,
    /// Reloaded with the dataset.
    companions: Vec<Arc<dyn Companion>>,
    succeeded: AtomicU64,
    failed: AtomicU64,
}

impl std::fmt::Debug for Snapshots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshots")
            .field("data_dir", &self.data_dir)
            .field("version", &self.current().version())
            .finish_non_exhaustive()
    }
}

impl Snapshots {
    /// Serves `catalog`, loaded from `data_dir`, which later reloads read again.
    pub fn new(catalog: Arc<Catalog>, data_dir: PathBuf) -> Self {
        let status = ServingStatus {
            loaded_at: Utc::now(),
            last_reload: None,
        };
        Self {
            current: ArcSwap::from_pointee(Snapshot {
                catalog,
                status: Arc::new(status),
            }),
            data_dir,
            reloading: tokio::sync::Mutex::new(()),
            companions: Vec::new(),
            succeeded: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        }
    }

    /// The same snapshots, reloading `companion` with the dataset.
    pub fn with_companion(mut self, companion: Arc<dyn Companion>) -> Self {
        self.companions.push(companion);
        self
    }

    /// The snapshot being served now; take it once per request.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// The data directory reloads read.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
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
        let started = Instant::now();
        let companions = self.companions.clone();
        // On a thread of its own, not tokio's blocking pool: a runtime waits for its
        // blocking tasks when it shuts down, so a reload there would hold SIGTERM up
        // until it ended. The process exits past this thread whatever it is doing.
        let (done, finished) = tokio::sync::oneshot::channel();
        let spawned = std::thread::Builder::new()
            .name("reload".to_owned())
            .spawn(move || {
                yield_to_requests();
                let loaded = dataset::load(&dir).and_then(|loaded| {
                    let catalog = Catalog::new(loaded.dataset, loaded.version);
                    let installs = prepare(&companions, &catalog)?;
                    Ok((catalog, installs))
                });
                let _ = done.send(loaded);
            });
        let loaded = match spawned {
            Ok(_) => finished
                .await
                .unwrap_or_else(|_| Err(stopped("the reload stopped unexpectedly"))),
            Err(e) => Err(stopped(&format!("cannot start the reload: {e}"))),
        };
        let previous = self.current();
        let (result, snapshot) = match loaded {
            Ok((catalog, installs)) => {
                for install in installs {
                    install();
                }
                let version = catalog.version().to_owned();
                tracing::info!(
                    data = %self.data_dir.display(),
                    version = %version,
                    previous = previous.version(),
                    terms = catalog.dataset().terms.len(),
                    millis = started.elapsed().as_millis() as u64,
                    "dataset reloaded"
                );
                self.succeeded.fetch_add(1, Ordering::Relaxed);
                let at = Utc::now();
                let status = ServingStatus {
                    loaded_at: at,
                    last_reload: Some(ReloadReport {
                        at,
                        succeeded: true,
                        version: version.clone(),
                        problems: Vec::new(),
                    }),
                };
                let snapshot = Snapshot {
                    catalog: Arc::new(catalog),
                    status: Arc::new(status),
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
                    serving = previous.version(),
                    "the new dataset is not valid; still serving the previous one"
                );
                self.failed.fetch_add(1, Ordering::Relaxed);
                let status = ServingStatus {
                    loaded_at: previous.status.loaded_at,
                    last_reload: Some(ReloadReport {
                        at: Utc::now(),
                        succeeded: false,
                        version: previous.version().to_owned(),
                        problems: e.lines(),
                    }),
                };
                let snapshot = Snapshot {
                    catalog: previous.catalog.clone(),
                    status: Arc::new(status),
                };
                (Err(e), snapshot)
            }
        };
        self.current.store(Arc::new(snapshot));
        result
    }
}

impl Snapshots {
    /// Whether the files in the data directory are those of the served dataset: the
    /// kernel reports a file whose modification time alone was set as written, and an
    /// editor may save a file unchanged, so an event is no proof of a change.
    async fn serves_the_files(&self) -> bool {
        let dir = self.data_dir.clone();
        let (done, hashed) = tokio::sync::oneshot::channel();
        let spawned = std::thread::Builder::new()
            .name("reload-check".to_owned())
            .spawn(move || {
                let _ = done.send(dataset::version_of(&dir));
            });
        if spawned.is_err() {
            return false;
        }
        matches!(hashed.await, Ok(Some(version)) if version == self.current().version())
    }
}

/// Lowers the calling thread's scheduling priority (nice 5; the threads it starts
/// inherit it), so a reload takes the cores the requests leave: with both cores busy
/// serving, a reload at normal priority pushed one window's p99 to 86 ms
/// (`bench/reload.sh`, BENCHMARKS.md). Linux keeps a nice value per thread; where it
/// cannot be set, the reload runs as it is.
fn yield_to_requests() {
    // SAFETY: setpriority reads its plain integer arguments and changes no memory.
    #[cfg(target_os = "linux")]
    let _ = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 5) };
}

/// A reload that could not run to its end, as its one problem.
fn stopped(why: &str) -> LoadError {
    LoadError::new(vec![crate::dataset::Problem {
        file: PathBuf::from("."),
        position: None,
        path: None,
        message: why.to_owned(),
    }])
}

/// Checks every companion against `catalog`; all their problems, or what installs them.
fn prepare(
    companions: &[Arc<dyn Companion>],
    catalog: &Catalog,
) -> Result<Vec<Install>, LoadError> {
    let mut installs = Vec::new();
    let mut problems = Vec::new();
    for companion in companions {
        match companion.prepare(catalog) {
            Ok(install) => installs.push(install),
            Err(found) => {
                problems.extend(found.into_iter().map(|message| crate::dataset::Problem {
                    file: companion.source(),
                    position: None,
                    path: None,
                    message,
                }))
            }
        }
    }
    if problems.is_empty() {
        Ok(installs)
    } else {
        Err(LoadError::new(problems))
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
/// [`DEBOUNCE`] after a change to a file's content (`notify-debouncer-full` does the
/// waiting). Only events that can change what a file holds count: a file created,
/// written, renamed or removed. Opening, reading and closing a file unwritten, or a
/// change of its times or permissions, are ignored, so the reload's own reads (and a
/// backup tool's) never start another reload. The watcher lives as long as the
/// runtime.
pub fn watch(snapshots: Arc<Snapshots>) -> notify::Result<()> {
    use notify::RecursiveMode;
    use notify_debouncer_full::{new_debouncer, DebounceEventResult};

    let (changes, mut changed) = tokio::sync::mpsc::unbounded_channel::<()>();
    let mut debouncer =
        new_debouncer(
            DEBOUNCE,
            None,
            move |events: DebounceEventResult| match events {
                Ok(events) if events.iter().any(|e| changes_content(&e.event.kind)) => {
                    let _ = changes.send(());
                }
                Ok(_) => {}
                Err(errors) => {
                    for error in errors {
                        tracing::warn!(error = %error, "watching the data directory");
                    }
                }
            },
        )?;
    debouncer.watch(snapshots.data_dir(), RecursiveMode::Recursive)?;
    tracing::info!(data = %snapshots.data_dir().display(), "watching the data directory for changes");
    tokio::spawn(async move {
        let _debouncer = debouncer;
        while changed.recv().await.is_some() {
            // Changes reported while a reload ran are one more reload, not many.
            while changed.try_recv().is_ok() {}
            if snapshots.serves_the_files().await {
                tracing::debug!("the data directory was written with what is served: no reload");
                continue;
            }
            tracing::info!("the data directory changed: reloading the dataset");
            let _ = snapshots.reload().await;
        }
    });
    Ok(())
}

/// Whether an event can change what a file holds.
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::ModifyKind;
    use notify::EventKind;
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        // Opened, read or closed: no change, even closed after being opened for
        // writing (inotify's IN_CLOSE_WRITE), which a write reports before as a
        // modification of its data.
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

#[cfg(test)]
mod tests {
    use notify::event::{
        AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind,
        RenameMode,
    };
    use notify::EventKind;

    use super::changes_content;

    #[test]
    fn reading_a_file_is_no_change_and_writing_one_is() {
        let reads = [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
        ];
        for kind in reads {
            assert!(!changes_content(&kind), "{kind:?}");
        }
        let writes = [
            EventKind::Create(CreateKind::File),
            EventKind::Remove(RemoveKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
        ];
        for kind in writes {
            assert!(changes_content(&kind), "{kind:?}");
        }
    }
}
