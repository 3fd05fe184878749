//! `/metrics` in the Prometheus text format (version 0.0.4), kept with the
//! `prometheus-client` crate in the application state: two servers in one process
//! (as in the tests) each count their own requests.
//!
//! The operation label is bounded: a client that invents operation names must not
//! grow `/metrics` without end, nor push out the series of the operations real
//! clients send. The names that have series are the keys of a small scan-resistant
//! cache (quick_cache): a name seen once enters its cold part and is the first to go,
//! a name seen again moves to its hot part and stays, and a name that goes takes its
//! series with it. Requests by trusted document are counted under their operation's
//! name outside that cache: those names are the manifest's, a set bounded by the
//! deployment, and their series stay whatever names other requests invent.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use crate::graphql::Name;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{
    DescriptorEncoder, EncodeLabelSet, EncodeLabelValue, EncodeMetric, LabelValueEncoder,
};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::{Registry, Unit};
use quick_cache::sync::Cache;
use quick_cache::{DefaultHashBuilder, Lifecycle, UnitWeighter};

use crate::graphql::{ErrorCode, PersistedDocuments};
use crate::reload::Snapshots;

/// The `Content-Type` of `/metrics`.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// The upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// The most operation names with series of their own.
pub const MAX_OPERATIONS: usize = 128;

/// How a request to `/graphql` ended, as the `outcome` label says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestOutcome {
    /// Every operation ran without errors.
    Ok,
    /// An operation ran with field errors.
    Error,
    /// The executor refused it before running: a limit, the parser, the validator.
    Rejected,
    /// The transport refused it: the body, the media types, the method, the batch.
    Refused,
    /// Answered from the answer cache.
    Cached,
    /// A conditional GET answered 304.
    NotModified,
}

impl RequestOutcome {
    /// The label value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Error => "error",
            Self::Rejected => "rejected",
            Self::Refused => "refused",
            Self::Cached => "cached",
            Self::NotModified => "not_modified",
        }
    }

    const ALL: [Self; 6] = [
        Self::Ok,
        Self::Error,
        Self::Rejected,
        Self::Refused,
        Self::Cached,
        Self::NotModified,
    ];
}

impl EncodeLabelValue for RequestOutcome {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        encoder.write_str(self.as_str())
    }
}

/// An operation name as a label value; `-` for none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Operation(Option<Name>);

impl EncodeLabelValue for Operation {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        encoder.write_str(self.0.as_deref().unwrap_or("-"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RequestLabels {
    operation: Operation,
    outcome: RequestOutcome,
}

/// An error code as a label value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Code(ErrorCode);

impl EncodeLabelValue for Code {
    fn encode(&self, encoder: &mut LabelValueEncoder) -> Result<(), std::fmt::Error> {
        encoder.write_str(self.0.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct RefusalLabels {
    limit: Code,
}

/// Removes a name's series when the name leaves the cache of names, unless it is the
/// name of a trusted document's operation.
#[derive(Clone)]
struct DropSeries(Family<RequestLabels, Counter>, Arc<PersistedDocuments>);

impl Lifecycle<Name, ()> for DropSeries {
    type RequestState = ();

    fn begin_request(&self) -> Self::RequestState {}

    fn on_evict(&self, _: &mut (), name: Name, _: ()) {
        if self.1.is_trusted_operation(&name) {
            return;
        }
        for outcome in RequestOutcome::ALL {
            self.0.remove(&RequestLabels {
                operation: Operation(Some(name.clone())),
                outcome,
            });
        }
    }
}

/// Every series `/metrics` shows.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    names: Cache<Name, (), UnitWeighter, DefaultHashBuilder, DropSeries>,
    duration: Histogram,
    refusals: Family<RefusalLabels, Counter>,
    executions: Family<PathLabel, Counter>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct PathLabel {
    path: &'static str,
}

impl Metrics {
    /// The metrics of one server, reading the dataset's figures from `snapshots` and
    /// the names of trusted operations from `persisted`.
    pub fn new(snapshots: Arc<Snapshots>, persisted: Arc<PersistedDocuments>) -> Self {
        let mut registry = Registry::with_prefix("tenure");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "requests",
            "GraphQL requests by operation name and outcome",
            requests.clone(),
        );
        let duration = Histogram::new(BUCKETS);
        registry.register_with_unit(
            "request_duration",
            "How long executed GraphQL requests took",
            Unit::Seconds,
            duration.clone(),
        );
        let refusals = Family::<RefusalLabels, Counter>::default();
        registry.register(
            "limit_refusals",
            "Requests refused by a limit, by error code",
            refusals.clone(),
        );
        let executions = Family::<PathLabel, Counter>::default();
        registry.register(
            "executions",
            "Operations answered, by executor: `plan` (a prepared plan) or `reference` (async-graphql, for documents a plan cannot express and requests a plan hands over)",
            executions.clone(),
        );
        registry.register_collector(Box::new(DatasetFigures(snapshots)));
        let names = Cache::with(
            MAX_OPERATIONS,
            MAX_OPERATIONS as u64,
            UnitWeighter,
            DefaultHashBuilder::default(),
            DropSeries(requests.clone(), persisted),
        );
        Self {
            registry,
            requests,
            names,
            duration,
            refusals,
            executions,
        }
    }

    /// Counts the operations of a request by the executor that answered them.
    pub fn executions(&self, (plans, references): (u32, u32)) {
        for (path, count) in [("plan", plans), ("reference", references)] {
            if count > 0 {
                self.executions
                    .get_or_create(&PathLabel { path })
                    .inc_by(u64::from(count));
            }
        }
    }

    /// Counts one request with the name of the operation it ran (or chose) and its
    /// outcome, and its duration when it ran. A request by trusted document
    /// (`trusted`) is counted under its name without entering the cache of names.
    pub fn request(
        &self,
        operation: Option<&Name>,
        outcome: RequestOutcome,
        duration: Option<Duration>,
        trusted: bool,
    ) {
        if let Some(name) = operation.filter(|_| !trusted) {
            if self.names.get(name).is_none() {
                self.names.insert(name.clone(), ());
            }
        }
        self.requests
            .get_or_create(&RequestLabels {
                operation: Operation(operation.cloned()),
                outcome,
            })
            .inc();
        if let Some(duration) = duration {
            self.duration.observe(duration.as_secs_f64());
        }
    }

    /// Counts a refusal, when its code is one of a limit.
    pub fn refusal(&self, code: ErrorCode) {
        if code.is_limit() {
            self.refusals
                .get_or_create(&RefusalLabels { limit: Code(code) })
                .inc();
        }
    }

    /// The text `/metrics` answers with.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(4096);
        if let Err(e) =
            prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry)
        {
            tracing::error!(error = %e, "cannot encode the metrics");
            let _ = writeln!(out, "# the metrics could not be encoded: {e}");
        }
        out
    }
}

/// The served dataset's figures, read at each scrape.
#[derive(Debug)]
struct DatasetFigures(Arc<Snapshots>);

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct ResultLabel {
    result: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
struct VersionLabel {
    version: String,
}

impl Collector for DatasetFigures {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let (succeeded, failed) = self.0.reload_counts();
        let mut reloads = encoder.encode_descriptor(
            "reloads",
            "Dataset reload attempts by result",
            None,
            prometheus_client::metrics::MetricType::Counter,
        )?;
        for (result, count) in [("success", succeeded), ("failure", failed)] {
            ConstCounter::new(count).encode(reloads.encode_family(&ResultLabel { result })?)?;
        }
        let snapshot = self.0.current();
        let version = VersionLabel {
            version: snapshot.version().to_owned(),
        };
        let mut info = encoder.encode_descriptor(
            "dataset_info",
            "The dataset version being served",
            None,
            prometheus_client::metrics::MetricType::Gauge,
        )?;
        ConstGauge::new(1i64).encode(info.encode_family(&version)?)?;
        let terms = ConstGauge::new(snapshot.catalog.dataset().terms.len() as i64);
        terms.encode(encoder.encode_descriptor(
            "dataset_terms",
            "How many terms the served dataset lists",
            None,
            terms.metric_type(),
        )?)?;
        let loaded = ConstGauge::new(snapshot.status.loaded_at.timestamp());
        loaded.encode(encoder.encode_descriptor(
            "dataset_loaded_timestamp_seconds",
            "When the served dataset was loaded",
            None,
            loaded.metric_type(),
        )?)?;
        Ok(())
    }
}
