//! The GraphQL layer: maps the catalog to the contract in `contract/`.

mod error;
mod execute;
pub mod limits;
mod node;
mod objects;
mod pagination;
mod query;
mod scalars;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};

pub use error::{BadUserInput, BAD_USER_INPUT, GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED};
pub use execute::{with_code, Executor};
pub use limits::Limits;
pub use query::QueryRoot;
pub use scalars::Date;

/// The served schema. It holds no data: each request carries the catalog snapshot it
/// reads (`Arc<Catalog>` in the request data), so a reload never mixes two versions.
pub type AppSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Builds the schema.
pub fn build_schema() -> AppSchema {
    // No extensions: with any, async-graphql pays extra work on every field; what
    // they would do is done around execution by [`Executor`]. Every object is
    // `#[Object(serial)]`: resolvers only read memory, so resolving fields
    // concurrently would only add a FuturesUnordered per object.
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription).finish()
}

/// The SDL that `tenure schema` prints and `schema.graphql` holds.
pub fn sdl() -> String {
    build_schema().sdl()
}
