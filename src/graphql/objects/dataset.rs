//! What the server says about the dataset it serves: `Query.dataset`.

use super::Fields;
use async_graphql::Object;

use super::values::Source;
use crate::domain::{rfc3339, ReloadReport, ServingStatus};
use crate::graphql::budget::Counted;
use crate::graphql::cost_directives::{list_size, PROBLEMS};
use crate::graphql::scalars::Date;
use crate::index::Catalog;

/// The dataset the server answers from.
pub struct DatasetInfo<'a>(pub &'a Catalog, pub Option<&'a ServingStatus>);

// The logic of each field of `DatasetInfo`, shared by its resolvers below and the
// prepared plans (src/graphql/plan).
impl<'a> Fields<&DatasetInfo<'a>> {
    /// A hash of the dataset's files: it changes exactly when the data does.
    pub(crate) fn version(&self) -> &'a str {
        let this = self.0;
        this.0.version()
    }

    /// The day the dataset's facts were last known true. An ongoing term is CERTAINLY
    /// serving only up to this day.
    pub(crate) fn as_of(&self) -> Date {
        let this = self.0;
        Date(this.0.dataset().as_of)
    }

    /// Every source the dataset cites.
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        let this = self.0;
        this.0.dataset().sources.iter().map(Source).collect()
    }

    /// How many offices the dataset describes.
    pub(crate) fn office_count(&self) -> usize {
        let this = self.0;
        this.0.dataset().offices.len()
    }

    /// How many people it lists.
    pub(crate) fn secretary_count(&self) -> usize {
        let this = self.0;
        this.0.dataset().secretaries.len()
    }

    /// How many terms it lists.
    pub(crate) fn term_count(&self) -> usize {
        let this = self.0;
        this.0.dataset().terms.len()
    }

    /// When the server loaded this dataset: an RFC 3339 timestamp in UTC, e.g.
    /// `2026-11-28T14:00:00Z`. Null only when the schema runs outside the server.
    pub(crate) fn loaded_at(&self) -> Option<String> {
        let this = self.0;
        this.1.map(|s| rfc3339(s.loaded_at))
    }

    /// The last attempt to reload the dataset (on SIGHUP or, with `--watch`, when its
    /// files change), successful or not; null until one was made. A failed attempt
    /// leaves this dataset served and lists its problems here.
    pub(crate) fn last_reload(&self) -> Option<ReloadAttemptInfo<'a>> {
        let this = self.0;
        this.1
            .and_then(|s| s.last_reload.as_ref())
            .map(ReloadAttemptInfo)
    }
}

/// The dataset the server answers from.
#[Object(serial)]
impl<'a> DatasetInfo<'a> {
    /// A hash of the dataset's files: it changes exactly when the data does.
    async fn version(&self) -> &'a str {
        Fields(self).version()
    }

    /// The day the dataset's facts were last known true. An ongoing term is CERTAINLY
    /// serving only up to this day.
    async fn as_of(&self) -> Date {
        Fields(self).as_of()
    }

    /// Every source the dataset cites.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn sources(&self) -> Counted<Source<'a>> {
        Fields(self).sources()
    }

    /// How many offices the dataset describes.
    async fn office_count(&self) -> usize {
        Fields(self).office_count()
    }

    /// How many people it lists.
    async fn secretary_count(&self) -> usize {
        Fields(self).secretary_count()
    }

    /// How many terms it lists.
    async fn term_count(&self) -> usize {
        Fields(self).term_count()
    }

    /// When the server loaded this dataset: an RFC 3339 timestamp in UTC, e.g.
    /// `2026-11-28T14:00:00Z`. Null only when the schema runs outside the server.
    #[graphql(cache_control(no_cache))]
    async fn loaded_at(&self) -> Option<String> {
        Fields(self).loaded_at()
    }

    /// The last attempt to reload the dataset (on SIGHUP or, with `--watch`, when its
    /// files change), successful or not; null until one was made. A failed attempt
    /// leaves this dataset served and lists its problems here.
    #[graphql(cache_control(no_cache))]
    async fn last_reload(&self) -> Option<ReloadAttemptInfo<'a>> {
        Fields(self).last_reload()
    }
}

/// One attempt to reload the dataset.
pub struct ReloadAttemptInfo<'a>(&'a ReloadReport);

// The logic of each field of `ReloadAttemptInfo`, shared by its resolvers below and the
// prepared plans (src/graphql/plan).
impl<'a> Fields<&ReloadAttemptInfo<'a>> {
    /// When the attempt ended: an RFC 3339 timestamp in UTC.
    pub(crate) fn at(&self) -> String {
        let this = self.0;
        rfc3339(this.0.at)
    }

    /// Whether the new dataset passed its checks and is now served.
    pub(crate) fn succeeded(&self) -> bool {
        let this = self.0;
        this.0.succeeded
    }

    /// The version served after the attempt: the new one on success, the previous
    /// one on failure.
    pub(crate) fn version(&self) -> Option<&'a str> {
        let this = self.0;
        Some(&this.0.version)
    }

    /// Every problem that kept the new dataset from being served, each with its file
    /// and place; empty on success.
    pub(crate) fn problems(&self) -> Counted<&'a str> {
        let this = self.0;
        this.0.problems.iter().map(String::as_str).collect()
    }
}

/// One attempt to reload the dataset: a new dataset is served only when it passes
/// every check; otherwise the previous one stays.
#[Object(name = "ReloadAttempt")]
impl<'a> ReloadAttemptInfo<'a> {
    /// When the attempt ended: an RFC 3339 timestamp in UTC.
    async fn at(&self) -> String {
        Fields(self).at()
    }

    /// Whether the new dataset passed its checks and is now served.
    async fn succeeded(&self) -> bool {
        Fields(self).succeeded()
    }

    /// The version served after the attempt: the new one on success, the previous
    /// one on failure.
    async fn version(&self) -> Option<&'a str> {
        Fields(self).version()
    }

    /// Every problem that kept the new dataset from being served, each with its file
    /// and place; empty on success.
    #[graphql(directive = list_size::apply(Some(PROBLEMS), None, None, None))]
    async fn problems(&self) -> Counted<&'a str> {
        Fields(self).problems()
    }
}
