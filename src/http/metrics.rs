//! `/metrics` in the Prometheus text format (version 0.0.4), kept by hand with atomics
//! and two small maps: the handful of series below needs no metrics library.
//!
//! The counters are process-wide (one server runs per process; the tests share them
//! between the servers they start, so they only check that counts grow).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use crate::reload::Snapshots;

/// The upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// Past this many distinct operation names, further names are counted as `other`, so
/// clients cannot grow the series without bound.
const MAX_OPERATIONS: usize = 256;

/// The error codes counted as limit refusals (besides every `MAX_…` code).
const LIMIT_CODES: [&str; 4] = [
    "PAYLOAD_TOO_LARGE",
    "BATCH_LIMIT",
    "TIMEOUT",
    "REQUEST_TIMEOUT",
];

/// Every series `/metrics` shows.
pub struct Metrics {
    requests: Mutex<HashMap<String, HashMap<&'static str, u64>>>,
    refusals: Mutex<HashMap<String, u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

/// The process's metrics.
pub static METRICS: LazyLock<Metrics> = LazyLock::new(|| Metrics {
    requests: Mutex::new(HashMap::new()),
    refusals: Mutex::new(HashMap::new()),
    buckets: Default::default(),
    count: AtomicU64::new(0),
    sum_micros: AtomicU64::new(0),
});

/// Whether an error code is a refusal by one of the request limits.
pub fn is_limit_code(code: &str) -> bool {
    code.starts_with("MAX_") || LIMIT_CODES.contains(&code)
}

impl Metrics {
    /// Counts one request to `/graphql` with its operation name(s) and outcome, and
    /// its duration when it ran.
    pub fn request(&self, operation: &str, outcome: &'static str, duration: Option<Duration>) {
        {
            let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
            // Looked up by the borrowed name first: no allocation for a known series.
            if let Some(outcomes) = requests.get_mut(operation) {
                *outcomes.entry(outcome).or_insert(0) += 1;
            } else {
                let name = if requests.len() < MAX_OPERATIONS {
                    operation.to_owned()
                } else {
                    "other".to_owned()
                };
                *requests
                    .entry(name)
                    .or_default()
                    .entry(outcome)
                    .or_insert(0) += 1;
            }
        }
        if let Some(duration) = duration {
            let seconds = duration.as_secs_f64();
            for (bucket, bound) in self.buckets.iter().zip(BUCKETS) {
                if seconds <= bound {
                    bucket.fetch_add(1, Ordering::Relaxed);
                }
            }
            self.count.fetch_add(1, Ordering::Relaxed);
            self.sum_micros
                .fetch_add(duration.as_micros() as u64, Ordering::Relaxed);
        }
    }

    /// Counts one refusal by a limit, by its error code.
    pub fn refusal(&self, code: &str) {
        let mut refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
        match refusals.get_mut(code) {
            Some(n) => *n += 1,
            None => {
                refusals.insert(code.to_owned(), 1);
            }
        }
    }

    /// Counts the limit refusals among a response's errors.
    pub fn refusals_in(&self, response: &async_graphql::Response) {
        for error in &response.errors {
            if let Some(async_graphql::Value::String(code)) =
                error.extensions.as_ref().and_then(|e| e.get("code"))
            {
                if is_limit_code(code) {
                    self.refusal(code);
                }
            }
        }
    }

    /// The text `/metrics` answers with.
    pub fn render(&self, snapshots: &Snapshots) -> String {
        let mut out = String::with_capacity(2048);
        out.push_str("# HELP tenure_requests_total GraphQL requests by operation name and outcome.\n# TYPE tenure_requests_total counter\n");
        {
            let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
            let mut rows: Vec<_> = requests
                .iter()
                .flat_map(|(op, outcomes)| outcomes.iter().map(move |(out, n)| (op, *out, n)))
                .collect();
            rows.sort();
            for (operation, outcome, n) in rows {
                let _ = writeln!(
                    out,
                    "tenure_requests_total{{operation=\"{}\",outcome=\"{outcome}\"}} {n}",
                    escape(operation)
                );
            }
        }
        out.push_str("# HELP tenure_request_duration_seconds How long executed GraphQL requests took.\n# TYPE tenure_request_duration_seconds histogram\n");
        for (bucket, bound) in self.buckets.iter().zip(BUCKETS) {
            let _ = writeln!(
                out,
                "tenure_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Ordering::Relaxed)
            );
        }
        let count = self.count.load(Ordering::Relaxed);
        let _ = writeln!(
            out,
            "tenure_request_duration_seconds_bucket{{le=\"+Inf\"}} {count}\ntenure_request_duration_seconds_sum {}\ntenure_request_duration_seconds_count {count}",
            self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6
        );
        out.push_str("# HELP tenure_limit_refusals_total Requests refused by a limit, by error code.\n# TYPE tenure_limit_refusals_total counter\n");
        {
            let refusals = self.refusals.lock().unwrap_or_else(|e| e.into_inner());
            let mut rows: Vec<_> = refusals.iter().collect();
            rows.sort();
            for (code, n) in rows {
                let _ = writeln!(
                    out,
                    "tenure_limit_refusals_total{{limit=\"{}\"}} {n}",
                    escape(code)
                );
            }
        }
        let (succeeded, failed) = snapshots.reload_counts();
        let _ = writeln!(
            out,
            "# HELP tenure_reloads_total Dataset reload attempts by result.\n# TYPE tenure_reloads_total counter\ntenure_reloads_total{{result=\"success\"}} {succeeded}\ntenure_reloads_total{{result=\"failure\"}} {failed}"
        );
        let snapshot = snapshots.current();
        let catalog = &snapshot.catalog;
        let _ = writeln!(
            out,
            "# HELP tenure_dataset_info The dataset version being served.\n# TYPE tenure_dataset_info gauge\ntenure_dataset_info{{version=\"{}\"}} 1",
            escape(catalog.version())
        );
        let _ = writeln!(
            out,
            "# HELP tenure_dataset_terms How many terms the served dataset lists.\n# TYPE tenure_dataset_terms gauge\ntenure_dataset_terms {}",
            catalog.dataset().terms.len()
        );
        let _ = writeln!(
            out,
            "# HELP tenure_dataset_loaded_timestamp_seconds When the served dataset was loaded.\n# TYPE tenure_dataset_loaded_timestamp_seconds gauge\ntenure_dataset_loaded_timestamp_seconds {}",
            snapshot.loaded_at.timestamp()
        );
        out
    }
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
