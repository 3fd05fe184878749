//! What the server says about the dataset it serves: when it was loaded and how the
//! last attempt to reload it went. Plain values, made by the reload machinery and
//! shown by `Query.dataset` and `/readyz`, so neither has to know the other.

use chrono::{DateTime, SecondsFormat, Utc};

/// The served dataset's history in this process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServingStatus {
    /// When the served dataset was loaded.
    pub loaded_at: DateTime<Utc>,
    /// The last reload attempt, `None` until one was made.
    pub last_reload: Option<ReloadReport>,
}

/// The outcome of one attempt to reload the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReloadReport {
    /// When the attempt ended.
    pub at: DateTime<Utc>,
    /// Whether the new dataset passed its checks and is now served.
    pub succeeded: bool,
    /// The version served after the attempt: the new one, or on failure the old one.
    pub version: String,
    /// Every problem that kept the new dataset from being served, with its file (named
    /// relative to the data directory) and place; empty on success.
    pub problems: Vec<String>,
}

/// A timestamp as RFC 3339 in UTC with whole seconds, e.g. `2026-11-28T14:00:00Z`.
pub fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}
