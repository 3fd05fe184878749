//! What the server says about the dataset it serves: `Query.dataset`.

use tenure_macros::fields;

use super::values::Source;
use crate::domain::{rfc3339, ReloadReport, ServingStatus};
use crate::graphql::budget::Counted;
use crate::graphql::cost_directives::PROBLEMS;
use crate::graphql::scalars::Date;
use crate::index::Catalog;

/// The dataset the server answers from.
pub struct DatasetInfo<'a>(pub &'a Catalog, pub Option<&'a ServingStatus>);

/// The dataset the server answers from.
#[fields(serial)]
impl<'a> DatasetInfo<'a> {
    /// A hash of the dataset's files: it changes exactly when the data does.
    pub(crate) fn version(&self) -> &'a str {
        self.0.version()
    }

    /// The day the dataset's facts were last known true. An ongoing term is CERTAINLY
    /// serving only up to this day.
    pub(crate) fn as_of(&self) -> Date {
        Date(self.0.dataset().as_of)
    }

    /// Every source the dataset cites.
    #[list(data = largest.dataset_sources, assumed = 200)]
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        self.0.dataset().sources.iter().map(Source).collect()
    }

    /// How many offices the dataset describes.
    pub(crate) fn office_count(&self) -> usize {
        self.0.dataset().offices.len()
    }

    /// How many people it lists.
    pub(crate) fn secretary_count(&self) -> usize {
        self.0.dataset().secretaries.len()
    }

    /// How many terms it lists.
    pub(crate) fn term_count(&self) -> usize {
        self.0.dataset().terms.len()
    }

    /// When the server loaded this dataset: an RFC 3339 timestamp in UTC, e.g.
    /// `2026-11-28T14:00:00Z`. Null only when the schema runs outside the server.
    #[graphql(cache_control(no_cache))]
    pub(crate) fn loaded_at(&self) -> Option<String> {
        self.1.map(|s| rfc3339(s.loaded_at))
    }

    /// The last attempt to reload the dataset (on SIGHUP or, with `--watch`, when its
    /// files change), successful or not; null until one was made. A failed attempt
    /// leaves this dataset served and lists its problems here.
    #[graphql(cache_control(no_cache))]
    pub(crate) fn last_reload(&self) -> Option<ReloadAttemptInfo<'a>> {
        self.1
            .and_then(|s| s.last_reload.as_ref())
            .map(ReloadAttemptInfo)
    }
}

/// One attempt to reload the dataset.
pub struct ReloadAttemptInfo<'a>(&'a ReloadReport);

/// One attempt to reload the dataset: a new dataset is served only when it passes
/// every check; otherwise the previous one stays.
#[fields(name = "ReloadAttempt")]
impl<'a> ReloadAttemptInfo<'a> {
    /// When the attempt ended: an RFC 3339 timestamp in UTC.
    pub(crate) fn at(&self) -> String {
        rfc3339(self.0.at)
    }

    /// Whether the new dataset passed its checks and is now served.
    pub(crate) fn succeeded(&self) -> bool {
        self.0.succeeded
    }

    /// The version served after the attempt: the new one on success, the previous
    /// one on failure.
    pub(crate) fn version(&self) -> Option<&'a str> {
        Some(&self.0.version)
    }

    /// Every problem that kept the new dataset from being served, each with its file
    /// and place; empty on success.
    #[list(data = problems, assumed = PROBLEMS)]
    pub(crate) fn problems(&self) -> Counted<&'a str> {
        self.0.problems.iter().map(String::as_str).collect()
    }
}
