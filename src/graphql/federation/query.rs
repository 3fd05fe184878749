//! The query root of the subgraph schema: the public `Query`, field for field, with
//! the entity resolvers behind it.
//!
//! Written out because async-graphql offers no way to add entity resolvers to a type
//! that is also served without them: an `#[Object]` with entity methods turns
//! federation on wherever it is used (so they cannot sit on [`QueryRoot`]), and
//! `MergedObject` registers its parts under their own names (so the public root,
//! already named `Query`, cannot be one of them). This type answers to the name
//! `Query`, registers the public root and then the entity resolvers (which add the
//! `@key`s), and hands each field to the first and each representation to the second.

use std::borrow::Cow;

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::{resolve_container_serial, ContainerType};
use async_graphql::{
    Context, ContextSelectionSet, ObjectType, OutputType, Positioned, ServerResult, Value,
};

use super::entities::EntityResolvers;
use crate::graphql::QueryRoot;

/// The public query root plus the entity resolvers: the root of the subgraph schema.
pub struct SubgraphQuery;

impl OutputType for SubgraphQuery {
    fn type_name() -> Cow<'static, str> {
        <QueryRoot as OutputType>::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        let root = <QueryRoot as OutputType>::create_type_info(registry);
        <EntityResolvers as OutputType>::create_type_info(registry);
        root
    }

    async fn resolve(
        &self,
        ctx: &ContextSelectionSet<'_>,
        _field: &Positioned<Field>,
    ) -> ServerResult<Value> {
        resolve_container_serial(ctx, self).await
    }
}

impl ContainerType for SubgraphQuery {
    async fn resolve_field(&self, ctx: &Context<'_>) -> ServerResult<Option<Value>> {
        QueryRoot.resolve_field(ctx).await
    }

    async fn find_entity(&self, ctx: &Context<'_>, params: &Value) -> ServerResult<Option<Value>> {
        EntityResolvers.find_entity(ctx, params).await
    }
}

impl ObjectType for SubgraphQuery {}
