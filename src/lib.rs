//! tenure: a GraphQL API over a curated dataset of an office and the people who held it.
//!
//! # Layout
//!
//! - [`domain`]: partial dates, ranges, the two matching rules and the dataset's plain
//!   values. Knows nothing of GraphQL, HTTP or files.
//! - [`dataset`]: reads and checks a data directory into a [`domain::Dataset`].
//! - [`index`]: the [`index::Catalog`], the dataset with its lookups and range indexes.
//! - [`graphql`]: the schema of `schema.graphql`, mapping the catalog to the contract.
//! - [`http`]: the routes: `/graphql`, the playground, `/healthz`, `/readyz`, `/metrics`.
//! - [`reload`]: the served dataset snapshot and its live reloads (SIGHUP, `--watch`).
//! - [`ratelimit`]: per-client cost budgets (`--rate-limit-cost-per-minute`).
//! - [`config`], [`telemetry`], [`startup`]: the command line, logging, and building
//!   and running the server; [`defaults`]: the default limits, read by every layer.
//! - [`generate`]: synthetic datasets for benchmarks.
//! - [`popolo`]: the dataset as a Popolo document, and Popolo files as datasets.
//! - [`memory`]: the allocator that lets caches weigh entries by the heap they hold.
#![warn(missing_docs)]

pub mod config;
pub mod dataset;
pub mod defaults;
pub mod domain;
pub mod generate;
pub mod graphql;
pub mod http;
pub mod index;
pub mod memory;
pub mod popolo;
pub mod ratelimit;
pub mod reload;
pub mod startup;
pub mod telemetry;
