//! `Query._entities`: how a federation gateway fetches tenure's objects by key, to add
//! the fields other subgraphs give them or to reach tenure's fields from theirs.
//!
//! async-graphql asks the entity resolvers below once for each representation. The
//! first of them to run for an `_entities` field resolves the whole list in one pass
//! over the catalog ([`Batch`]): it checks the deadline, spends one answer item per
//! representation like any list, looks every key up once, and reports each key the
//! dataset does not hold as `ENTITY_NOT_FOUND` at its place in the list, whose item
//! answers null (the error must name the item: an error at `_entities` itself would
//! null the whole answer, as the list is non-null). The others take their object from
//! the batch.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use async_graphql::{Any, Context, Object, PathSegment, Pos, ServerError, Value, ID};

use crate::domain::{CountryId, OfficeId, OrganizationId, SecretaryId, TermId};
use crate::graphql::budget::{budget, check_time, spend};
use crate::graphql::error::ErrorCode;
use crate::graphql::node;
use crate::graphql::objects::{Country, Office, Organization, Secretary, Term};
use crate::index::Catalog;

/// The entity resolvers: each `#[graphql(entity)]` method puts a `@key` on the type
/// it answers, named after its argument.
pub struct EntityResolvers;

/// Entity resolvers only: not a type of the schema (async-graphql drops it as unused).
#[Object(name = "TenureEntities")]
impl EntityResolvers {
    /// An office by its slug.
    #[graphql(entity)]
    async fn office_by_slug<'a>(
        &self,
        ctx: &Context<'a>,
        slug: String,
    ) -> async_graphql::Result<Option<Office<'a>>> {
        let (catalog, batch) = batch(ctx)?;
        Ok(batch.offices.get(&slug).map(|&id| Office { catalog, id }))
    }

    /// A person by their slug.
    #[graphql(entity)]
    async fn secretary_by_slug<'a>(
        &self,
        ctx: &Context<'a>,
        slug: String,
    ) -> async_graphql::Result<Option<Secretary<'a>>> {
        let (catalog, batch) = batch(ctx)?;
        Ok(batch
            .secretaries
            .get(&slug)
            .map(|&id| Secretary { catalog, id }))
    }

    /// An organization by its slug.
    #[graphql(entity)]
    async fn organization_by_slug<'a>(
        &self,
        ctx: &Context<'a>,
        slug: String,
    ) -> async_graphql::Result<Option<Organization<'a>>> {
        let (catalog, batch) = batch(ctx)?;
        Ok(batch
            .organizations
            .get(&slug)
            .map(|&id| Organization { catalog, id }))
    }

    /// A country by its ISO 3166-1 alpha-2 code.
    #[graphql(entity)]
    async fn country_by_code<'a>(
        &self,
        ctx: &Context<'a>,
        code: String,
    ) -> async_graphql::Result<Option<Country<'a>>> {
        let (catalog, batch) = batch(ctx)?;
        Ok(batch
            .countries
            .get(&code)
            .map(|&id| Country(catalog.dataset().country(id))))
    }

    /// A term by its global ID.
    #[graphql(entity)]
    async fn term_by_id<'a>(
        &self,
        ctx: &Context<'a>,
        id: ID,
    ) -> async_graphql::Result<Option<Term<'a>>> {
        let (catalog, batch) = batch(ctx)?;
        Ok(batch.terms.get(id.as_str()).map(|&id| Term { catalog, id }))
    }
}

/// The objects one `_entities` field names, by key: only those the dataset holds.
#[derive(Debug, Default)]
struct Batch {
    offices: HashMap<String, OfficeId>,
    secretaries: HashMap<String, SecretaryId>,
    organizations: HashMap<String, OrganizationId>,
    countries: HashMap<String, CountryId>,
    terms: HashMap<String, TermId>,
}

/// The batches of one operation, by the place of their `_entities` field in the
/// document (aliases let an operation have several). The executor gives each
/// operation of the subgraph schema its own.
#[derive(Debug, Default)]
pub struct EntityBatches(Mutex<HashMap<Pos, Arc<Batch>>>);

/// The catalog and the batch of the `_entities` field being resolved, resolving the
/// batch if this is its first representation.
fn batch<'a>(ctx: &Context<'a>) -> async_graphql::Result<(&'a Catalog, Arc<Batch>)> {
    let catalog = ctx.data::<Arc<Catalog>>()?.as_ref();
    let batches = ctx.data::<Arc<EntityBatches>>()?;
    let mut known = batches.0.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(batch) = known.get(&ctx.item.pos) {
        return Ok((catalog, batch.clone()));
    }
    check_time(budget(ctx))?;
    let (_, representations) = ctx
        .param_value::<Vec<Any>>("representations", None)
        .map_err(|e| ErrorCode::BadUserInput.error(e.message))?;
    spend(ctx, representations.len())?;
    let batch = Arc::new(Batch::resolve(
        catalog,
        &representations,
        |index, message| {
            let error = ServerError::new(message, Some(ctx.item.pos));
            let mut error = ctx.set_error_path(ErrorCode::EntityNotFound.tag(error));
            error.path.push(PathSegment::Index(index));
            ctx.add_error(error);
        },
    ));
    known.insert(ctx.item.pos, batch.clone());
    Ok((catalog, batch))
}

impl Batch {
    /// Looks each representation's key up once; calls `missing` with the index and a
    /// message for each whose object the dataset does not hold. Representations of
    /// other types, or without their key, are left to async-graphql, which refuses
    /// them.
    fn resolve(
        catalog: &Catalog,
        representations: &[Any],
        mut missing: impl FnMut(usize, String),
    ) -> Self {
        let mut batch = Self::default();
        for (index, Any(representation)) in representations.iter().enumerate() {
            let Value::Object(fields) = representation else {
                continue;
            };
            let text = |name: &str| match fields.get(name) {
                Some(Value::String(text)) => Some(text.as_str()),
                _ => None,
            };
            let Some(typename) = text("__typename") else {
                continue;
            };
            let key = match typename {
                "Office" | "Secretary" | "Organization" => "slug",
                "Country" => "code",
                "Term" => "id",
                _ => continue,
            };
            let Some(value) = text(key) else {
                continue;
            };
            let held = match typename {
                "Office" => keep(&mut batch.offices, value, catalog.office_by_slug(value)),
                "Secretary" => keep(
                    &mut batch.secretaries,
                    value,
                    catalog.secretary_by_slug(value),
                ),
                "Organization" => keep(
                    &mut batch.organizations,
                    value,
                    catalog.organization_by_slug(value),
                ),
                "Country" => keep(&mut batch.countries, value, catalog.country_by_code(value)),
                _ => keep(&mut batch.terms, value, node::term(catalog, value)),
            };
            if !held {
                missing(
                    index,
                    format!("this dataset has no {typename} with {key} `{value}`"),
                );
            }
        }
        batch
    }
}

/// Keeps the object found for `key`, if any; whether there was one.
fn keep<T>(kept: &mut HashMap<String, T>, key: &str, found: Option<T>) -> bool {
    match found {
        Some(id) => {
            kept.insert(key.to_owned(), id);
            true
        }
        None => false,
    }
}
