//! The GraphQL layer: maps the catalog to the contract in `contract/`, and runs
//! requests on it.
//!
//! - [`executor`]: the one pipeline every request takes (admit, execute, answer).
//! - [`plan`]: prepared operations, run without async-graphql's machinery.
//! - [`persisted`]: documents asked for by id (trusted documents, Apollo APQ).
//! - [`limits`]: what a request may ask for; [`budget`]: what it may spend running.
//! - [`cost_directives`]: `@listSize` and `@cost`, what the SDL tells gateways a
//!   request costs.
//! - [`collect`]: the fields a selection asks for, fragments and `@skip`/`@include`
//!   resolved, read against [`field_types`], the schema model; every walk over a
//!   document goes through it.
//! - [`error`]: the codes of every error a client can see.
//! - `query`, `objects`, `node`, `pagination`, `scalars`: the schema's types, thin
//!   wrappers over the catalog's values.

pub mod budget;
pub mod collect;
pub mod cost_directives;
mod declared;
pub mod error;
pub mod executor;
pub mod federation;
pub mod field_types;
pub mod limits;
mod node;
mod objects;
mod opaque;
mod pagination;
pub mod persisted;
pub mod plan;
pub mod root;
mod scalars;
pub mod schema;

/// An operation's name, shared without copying; the values of a request's variables.
/// The transport takes them from here, so it knows GraphQL only through this module.
pub use async_graphql::{Name, Variables};
pub use error::{bad_user_input, ErrorCode, RequestError};
pub use executor::{
    read_fee, Answer, Charge, CostGate, Executed, Executor, OperationRequest, Outcome, Path,
    Policy, Unmetered, CHARACTERS_PER_READ_COST,
};
pub use limits::Cost;
pub use limits::Limits;
pub use persisted::{Document, DocumentId, PersistedDocuments};
pub use root::QueryRoot;
pub use scalars::Date;

pub use schema::{
    build_schema, build_subgraph_schema, sdl, subgraph_sdl, AppSchema, SchemaKind, ServedSchema,
    SubgraphSchema,
};
