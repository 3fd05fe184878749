//! The schemas tenure serves: the public one (`schema.graphql`), and with
//! `--federation` the Apollo Federation v2 subgraph (`schema.subgraph.graphql`), which
//! is the public one plus `_service`, `_entities` and `@key`s. Without the flag
//! nothing of federation is built, so the public schema stays as it was.

use async_graphql::registry::SDLExportOptions;
use async_graphql::{EmptyMutation, EmptySubscription, Request, Response, Schema};

use super::federation::SubgraphQuery;
use super::root::QueryRoot;

/// The public schema. It holds no data: each request carries the catalog snapshot it
/// reads (`Arc<Catalog>` in the request data), so a reload never mixes two versions.
pub type AppSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// The Federation v2 subgraph schema (`--federation`).
pub type SubgraphSchema = Schema<SubgraphQuery, EmptyMutation, EmptySubscription>;

/// Which schema a server serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SchemaKind {
    /// The public schema, `schema.graphql`.
    #[default]
    Public,
    /// The Federation v2 subgraph, `schema.subgraph.graphql` (`--federation`).
    Subgraph,
}

/// Builds the public schema.
pub fn build_schema() -> AppSchema {
    // No extensions (see `executor`). Every object is `#[Object(serial)]`: resolvers
    // only read memory, so resolving fields concurrently would only add a
    // FuturesUnordered per object.
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription).finish()
}

/// Builds the subgraph schema. `enable_federation` adds `_service` even though the
/// entity resolvers would turn federation on by themselves.
pub fn build_subgraph_schema() -> SubgraphSchema {
    Schema::build(SubgraphQuery, EmptyMutation, EmptySubscription)
        .enable_federation()
        .finish()
}

/// The SDL that `tenure schema` prints and `schema.graphql` holds.
pub fn sdl() -> String {
    build_schema().sdl()
}

/// The subgraph SDL that `tenure schema --federation` prints,
/// `schema.subgraph.graphql` holds and `_service { sdl }` answers: the options are
/// those async-graphql answers `_service` with.
pub fn subgraph_sdl() -> String {
    build_subgraph_schema()
        .sdl_with_options(SDLExportOptions::new().federation().compose_directive())
}

/// The schema an executor serves.
pub enum ServedSchema {
    /// The public schema.
    Public(AppSchema),
    /// The subgraph schema.
    Subgraph(SubgraphSchema),
}

impl ServedSchema {
    /// The schema of `kind`; without `suggestions`, errors suggest no names.
    pub fn build(kind: SchemaKind, suggestions: bool) -> Self {
        match (kind, suggestions) {
            (SchemaKind::Public, true) => Self::Public(build_schema()),
            (SchemaKind::Public, false) => Self::Public(
                Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
                    .disable_suggestions()
                    .finish(),
            ),
            (SchemaKind::Subgraph, true) => Self::Subgraph(build_subgraph_schema()),
            (SchemaKind::Subgraph, false) => Self::Subgraph(
                Schema::build(SubgraphQuery, EmptyMutation, EmptySubscription)
                    .enable_federation()
                    .disable_suggestions()
                    .finish(),
            ),
        }
    }

    /// Which schema this is.
    pub fn kind(&self) -> SchemaKind {
        match self {
            Self::Public(_) => SchemaKind::Public,
            Self::Subgraph(_) => SchemaKind::Subgraph,
        }
    }

    /// Runs a request.
    pub async fn execute(&self, request: Request) -> Response {
        match self {
            Self::Public(schema) => schema.execute(request).await,
            Self::Subgraph(schema) => schema.execute(request).await,
        }
    }

    /// Runs a request to its end on this thread: for the callers that run outside
    /// any runtime (the schema's own introspection read when the executor is built,
    /// a trusted manifest's plans prepared as it loads). The requests they run wait
    /// on nothing, so the thread is never parked for long.
    pub fn execute_blocking(&self, request: Request) -> Response {
        futures_executor::block_on(self.execute(request))
    }

    /// Every type and field it serves, federation's included: what the cost model
    /// and the null repair read field types from.
    pub fn sdl(&self) -> String {
        match self {
            Self::Public(schema) => schema.sdl(),
            Self::Subgraph(schema) => schema.sdl(),
        }
    }
}
