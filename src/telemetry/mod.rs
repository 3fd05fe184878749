//! Logging: human-readable lines by default, JSON objects for log collectors.
//! `RUST_LOG` filters as usual; the default is `info`, which logs one line per request.
//!
//! Lines go to standard error through a 64 KiB buffer that a background thread flushes
//! every [`FLUSH_EVERY`] (and that is flushed whenever it fills, and at exit): the
//! request's thread formats its line and copies it into the buffer, with no system
//! call and no thread to wake. Measured under load on one core, an unbuffered stderr
//! cost a quarter of the throughput of cached answers, and tracing-appender's
//! non-blocking writer, which wakes its thread for every line and writes each one when
//! its queue empties, 10 to 15 µs of CPU per request (BENCHMARKS.md). The price: a line
//! reaches the terminal or the collector up to 100 ms after it is logged.
//!
//! The line of each request to `/graphql` is written by hand ([`request_line`]): the
//! same bytes the subscriber would format, for a tenth of its cost.

mod request_line;

use std::io::{BufWriter, IsTerminal, Stderr, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

pub use request_line::RequestLine;

use crate::config::LogFormat;

/// The longest a logged line waits in the buffer.
pub const FLUSH_EVERY: Duration = Duration::from_millis(100);

/// Installs the global subscriber. Keep the guard alive while the process runs:
/// dropping it flushes the lines still buffered. Calling it twice keeps the first
/// subscriber (tests start many servers in one process) and returns `None`.
pub fn init(format: LogFormat) -> Option<FlushGuard> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let output = Arc::new(BufferedStderr::default());
    // Colours only for a person at a terminal, never in files or collectors.
    let ansi = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    subscriber(format, ansi, filter, output.clone())
        .try_init()
        .ok()?;
    if !ansi {
        request_line::write_by_hand(format, output.clone());
    }
    Some(FlushGuard::start(output))
}

/// The subscriber [`init`] installs, writing to `writer`.
fn subscriber<W>(
    format: LogFormat,
    ansi: bool,
    filter: EnvFilter,
    writer: W,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(ansi)
        .with_writer(writer);
    match format {
        LogFormat::Text => Box::new(builder.finish()),
        LogFormat::Json => Box::new(builder.json().flatten_event(true).finish()),
    }
}

/// Standard error behind a buffer. The subscriber writes each line with one
/// `write_all` through `&BufferedStderr`, so lines never interleave.
struct BufferedStderr {
    buffer: Mutex<BufWriter<Stderr>>,
    /// Set when the process is exiting: the flusher stops.
    stopping: Mutex<bool>,
    wake: Condvar,
}

impl Default for BufferedStderr {
    fn default() -> Self {
        Self {
            buffer: Mutex::new(BufWriter::with_capacity(64 * 1024, std::io::stderr())),
            stopping: Mutex::new(false),
            wake: Condvar::new(),
        }
    }
}

impl BufferedStderr {
    fn buffer(&self) -> MutexGuard<'_, BufWriter<Stderr>> {
        // A thread that panicked while holding the lock left whole lines behind it
        // (each is one write_all), so the buffer is still good to use.
        self.buffer.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Write for &BufferedStderr {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer().write(bytes)
    }

    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.buffer().write_all(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.buffer().flush()
    }
}

/// Flushes the log buffer every [`FLUSH_EVERY`] while it lives, and once more when
/// dropped.
pub struct FlushGuard {
    output: Arc<BufferedStderr>,
    flusher: Option<JoinHandle<()>>,
}

impl FlushGuard {
    fn start(output: Arc<BufferedStderr>) -> Self {
        let shared = output.clone();
        let flusher = std::thread::Builder::new()
            .name("log-flusher".into())
            .spawn(move || {
                let mut stopping = shared.stopping.lock().unwrap_or_else(|e| e.into_inner());
                while !*stopping {
                    stopping = shared
                        .wake
                        .wait_timeout(stopping, FLUSH_EVERY)
                        .unwrap_or_else(|e| e.into_inner())
                        .0;
                    // Nowhere to report a failed write to stderr; the next flush retries.
                    let _ = (&*shared).flush();
                }
            })
            .ok();
        Self { output, flusher }
    }
}

impl Drop for FlushGuard {
    fn drop(&mut self) {
        *self
            .output
            .stopping
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = true;
        self.output.wake.notify_all();
        if let Some(flusher) = self.flusher.take() {
            let _ = flusher.join();
        }
        let _ = (&*self.output).flush();
    }
}
