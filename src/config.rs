//! The command line: `tenure [serve]`, `tenure schema`, `tenure check`. Every serve
//! setting can also come from a `TENURE_*` environment variable, which is how the
//! container images set them.

use std::net::SocketAddr;
use std::num::NonZeroU32;
use std::path::PathBuf;

use ipnet::IpNet;

use crate::defaults;
use clap::{Args, Parser, Subcommand, ValueEnum};

/// A GraphQL API over a curated dataset of an office and the people who held it.
///
/// With no subcommand, tenure serves: `tenure` is `tenure serve`.
#[derive(Debug, Parser)]
#[command(name = "tenure", version, about, long_about = None, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Settings for `serve` when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeSettings,
}

/// The subcommands.
// Parsed once per process, so the size of `Serve` costs nothing worth a Box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API and the GraphiQL playground over HTTP.
    Serve(ServeSettings),
    /// Print the GraphQL schema (SDL) that the server serves.
    Schema(SchemaSettings),
    /// Validate a dataset directory and list every problem in it; exits non-zero if any.
    Check(CheckSettings),
    /// Write a synthetic dataset (for benchmarks), deterministic for a seed.
    Generate(GenerateSettings),
    /// Write the dataset in another format.
    #[command(subcommand)]
    Export(ExportFormat),
    /// Write a dataset directory from a file in another format.
    #[command(subcommand)]
    Import(ImportFormat),
}

/// The formats `tenure export` writes.
#[derive(Debug, Clone, Subcommand)]
pub enum ExportFormat {
    /// One Popolo JSON document: persons, organizations, areas, one post per office and
    /// one membership per term (https://www.popoloproject.com).
    Popolo(ExportSettings),
}

/// The formats `tenure import` reads.
#[derive(Debug, Clone, Subcommand)]
pub enum ImportFormat {
    /// A Popolo JSON file, EveryPolitician's ep-popolo-v1.0.json included: posts and
    /// organizations with members become offices, memberships become terms.
    Popolo(ImportSettings),
}

/// Settings of `tenure export popolo`.
#[derive(Debug, Clone, Args)]
pub struct ExportSettings {
    /// Dataset directory to export.
    #[arg(long, env = "TENURE_DATA", default_value = "data")]
    pub data: PathBuf,
    /// File to write; standard output without it.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Settings of `tenure import popolo`.
#[derive(Debug, Clone, Args)]
pub struct ImportSettings {
    /// The Popolo JSON file to read.
    pub file: PathBuf,
    /// Directory to write dataset.json, people.json and offices/ into; it must not
    /// exist yet or be empty.
    #[arg(long)]
    pub out: PathBuf,
    /// Skip each object that cannot be mapped, with a warning, instead of failing.
    #[arg(long)]
    pub lenient: bool,
    /// The dataset's asOf day (YYYY-MM-DD): ongoing memberships are certain up to it.
    /// Without it, the latest day the file mentions.
    #[arg(long)]
    pub as_of: Option<chrono::NaiveDate>,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum LogFormat {
    /// One human-readable line per event.
    #[default]
    Text,
    /// One JSON object per event, for log collectors.
    Json,
}

/// Settings of `tenure serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeSettings {
    /// Address and port to listen on; port 0 picks a free port (the startup line shows it).
    #[arg(long, env = "TENURE_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Dataset directory: dataset.json, people.json and offices/*.json.
    #[arg(long, env = "TENURE_DATA", default_value = "data")]
    pub data: PathBuf,
    /// HTTP worker threads; defaults to the number of CPU cores.
    #[arg(long, env = "TENURE_WORKERS")]
    pub workers: Option<usize>,
    /// An origin allowed to call the API from a browser page, e.g.
    /// https://app.example.org; repeat the flag, or separate origins with commas in the
    /// env var. Without it, only pages served by tenure itself can read answers.
    #[arg(
        long = "cors-origin",
        env = "TENURE_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
    /// Log format: text for people, json for log collectors.
    #[arg(long, env = "TENURE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Reload the dataset when files under `--data` change (after 300 ms of quiet).
    /// SIGHUP always reloads. A dataset that fails its checks is never served: the
    /// previous one stays, and the problems show in `Query.dataset.lastReload`.
    #[arg(long, env = "TENURE_WATCH")]
    pub watch: bool,
    /// On SIGTERM or Ctrl-C, how many seconds requests in flight get to finish before
    /// the server stops anyway (default 10).
    #[arg(long, env = "TENURE_SHUTDOWN_TIMEOUT_SECS", default_value_t = 10)]
    pub shutdown_timeout_secs: u64,
    /// The most characters in a GraphQL document (default 15000); checked before parsing.
    #[arg(long, env = "TENURE_MAX_CHARACTERS", default_value_t = defaults::MAX_CHARACTERS)]
    pub max_characters: usize,
    /// The most tokens in a GraphQL document (default 1000); bounds the parser's work.
    #[arg(long, env = "TENURE_MAX_TOKENS", default_value_t = defaults::MAX_TOKENS)]
    pub max_tokens: usize,
    /// The most aliases in a document (default 15); stops alias bombs.
    #[arg(long, env = "TENURE_MAX_ALIASES", default_value_t = defaults::MAX_ALIASES)]
    pub max_aliases: usize,
    /// The most directives in a document (default 50); stops directive floods.
    #[arg(long, env = "TENURE_MAX_DIRECTIVES", default_value_t = defaults::MAX_DIRECTIVES)]
    pub max_directives: usize,
    /// The deepest nesting of fields, fragments expanded (default 10); stops depth bombs.
    #[arg(long, env = "TENURE_MAX_DEPTH", default_value_t = defaults::MAX_DEPTH)]
    pub max_depth: usize,
    /// The highest cost of a request, its operations together: the most fields its
    /// answers can hold on the served data (default 5000).
    #[arg(long, env = "TENURE_MAX_COST", default_value_t = defaults::MAX_COST)]
    pub max_cost: usize,
    /// The most list items a request's answers may hold, counted while they are
    /// resolved whatever the cost estimate said (default 10000).
    #[arg(long, env = "TENURE_MAX_ANSWER_ITEMS", default_value_t = defaults::MAX_ANSWER_ITEMS)]
    pub max_answer_items: usize,
    /// How long one operation may run, in milliseconds (default 10000); also bounds
    /// how long a request body may take to arrive.
    #[arg(long, env = "TENURE_REQUEST_TIMEOUT_MS", default_value_t = defaults::REQUEST_TIMEOUT_MS)]
    pub request_timeout_ms: u64,
    /// The largest request body in bytes (default 65536); larger bodies get 413.
    #[arg(long, env = "TENURE_MAX_BODY_BYTES", default_value_t = defaults::MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// The most operations in one batched POST (default 10).
    #[arg(long, env = "TENURE_MAX_BATCH", default_value_t = defaults::MAX_BATCH)]
    pub max_batch: usize,
    /// Give each client a budget of this much cost a minute, refilled continuously;
    /// past it, requests get 429 with Retry-After (off by default; see the README).
    #[arg(long, env = "TENURE_RATE_LIMIT_COST_PER_MINUTE")]
    pub rate_limit_cost_per_minute: Option<NonZeroU32>,
    /// A proxy whose X-Forwarded-For is believed, as a CIDR (e.g. 10.0.0.0/8 or
    /// 127.0.0.1/32); repeat it, or separate them with commas in the env var. A
    /// request's client is then the nearest address of X-Forwarded-For that is not a
    /// trusted proxy; without it, the client is the peer address.
    #[arg(
        long = "trusted-proxy",
        env = "TENURE_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<IpNet>,
    /// Serve `/metrics` on this address instead of beside the API, so operators need
    /// not expose it with the API (e.g. 127.0.0.1:9090; port 0 picks a free one).
    #[arg(long, env = "TENURE_METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// The most bytes of answers kept to answer repeated requests at once (default
    /// 67108864, 64 MiB); 0 turns the answer cache off.
    #[arg(long, env = "TENURE_ANSWER_CACHE_BYTES", default_value_t = defaults::ANSWER_CACHE_BYTES)]
    pub answer_cache_bytes: u64,
    /// Run every operation on async-graphql instead of as a prepared plan (to compare
    /// the two, or should a plan ever misbehave).
    #[arg(long, env = "TENURE_NO_PLANS")]
    pub no_plans: bool,
    /// A manifest of trusted documents: a JSON object from each document's SHA-256
    /// (with or without `sha256:`) to its text, as GraphQL Code Generator's client
    /// preset writes it with `persistedDocuments`. Clients then send `documentId`
    /// instead of the text. Every document is checked at startup and on each reload
    /// (hash, schema, limits); a bad manifest stops the server from starting. Without
    /// it, the server knows the documents of the timeline app it serves.
    #[arg(long, env = "TENURE_TRUSTED_DOCUMENTS")]
    pub trusted_documents: Option<PathBuf>,
    /// Run only the documents of the manifest: any other is refused
    /// (TRUSTED_DOCUMENT_REQUIRED), and Apollo's automatic persisted queries register
    /// nothing.
    #[arg(long, env = "TENURE_TRUSTED_ONLY")]
    pub trusted_only: bool,
    /// Refuse introspection (`__schema`, `__type`), e.g. in production; the playground
    /// then cannot load the schema.
    #[arg(long, env = "TENURE_NO_INTROSPECTION")]
    pub no_introspection: bool,
    /// Leave "did you mean …" suggestions out of error messages.
    #[arg(long, env = "TENURE_NO_SUGGESTIONS")]
    pub no_suggestions: bool,
    /// Serve an Apollo Federation v2 subgraph: the same schema plus `_service`,
    /// `_entities` and a `@key` on Office, Secretary, Organization, Country and Term,
    /// so a gateway can compose tenure with other subgraphs.
    #[arg(long, env = "TENURE_FEDERATION")]
    pub federation: bool,
}

/// Settings of `tenure schema`.
#[derive(Debug, Clone, Args)]
pub struct SchemaSettings {
    /// Print the Federation v2 subgraph SDL (`schema.subgraph.graphql`), as
    /// `_service { sdl }` answers it, instead of `schema.graphql`.
    #[arg(long, env = "TENURE_FEDERATION")]
    pub federation: bool,
}

/// Settings of `tenure check`.
#[derive(Debug, Clone, Args)]
pub struct CheckSettings {
    /// Dataset directory to validate.
    #[arg(long, env = "TENURE_DATA", default_value = "data")]
    pub data: PathBuf,
}

/// Settings of `tenure generate`.
#[derive(Debug, Clone, Args)]
pub struct GenerateSettings {
    /// How many offices.
    #[arg(long, default_value_t = 10)]
    pub offices: usize,
    /// How many terms each office has.
    #[arg(long, default_value_t = 100)]
    pub terms_per_office: usize,
    /// Random seed; the same seed and sizes give the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Directory to write dataset.json, people.json and offices/ into.
    #[arg(long)]
    pub out: PathBuf,
}
