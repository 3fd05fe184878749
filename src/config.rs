//! The command line: `tenure [serve]`, `tenure schema`, `tenure check`. Every serve
//! setting can also come from a `TENURE_*` environment variable, which is how the
//! container images set them.

use std::net::SocketAddr;
use std::path::PathBuf;

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
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API and the GraphiQL playground over HTTP.
    Serve(ServeSettings),
    /// Print the GraphQL schema (SDL) that the server serves.
    Schema,
    /// Validate a dataset directory and list every problem in it; exits non-zero if any.
    Check(CheckSettings),
    /// Write a synthetic dataset (for benchmarks), deterministic for a seed.
    Generate(GenerateSettings),
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
