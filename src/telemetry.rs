//! Logging: human-readable lines by default, JSON objects for log collectors.
//! `RUST_LOG` filters as usual; the default is `info`, which logs one line per request.
//!
//! Lines go to standard error through a background writer with a buffer: formatting
//! stays on the request's thread, but the write system call of every line does not.
//! A plain unbuffered stderr cost a quarter of the throughput of cached answers.

use std::io::{BufWriter, IsTerminal, Stderr};

use tracing_appender::non_blocking::{NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Installs the global subscriber. Keep the guard alive while the process runs:
/// dropping it flushes the lines still buffered. Calling it twice keeps the first
/// subscriber (tests start many servers in one process) and returns `None`.
pub fn init(format: LogFormat) -> Option<WorkerGuard> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // The worker flushes whenever it has nothing left to write, so a quiet server's
    // lines appear at once and a busy one's are written in blocks.
    let (writer, guard) = NonBlockingBuilder::default()
        .lossy(false)
        .finish(BufWriter::with_capacity(64 * 1024, std::io::stderr()) as BufWriter<Stderr>);
    // Colours only for a person at a terminal, never in files or collectors.
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(writer);
    let installed = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    installed.ok().map(|()| guard)
}
