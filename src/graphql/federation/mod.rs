//! Apollo Federation v2 (`--federation`): the subgraph schema is the public one plus
//! async-graphql's federation fields (`_service`, `_entities`) and a `@key` on each
//! type another subgraph may extend or a gateway may fetch by key.
//!
//! - [`query`]: the subgraph's query root, the public root with entity resolvers.
//! - [`entities`]: the entity resolvers and the batch they resolve in one pass.

mod entities;
mod query;

pub use entities::EntityBatches;
pub use query::SubgraphQuery;
