//! The query root: reads the arguments and hands them to [`Root`], where the entry
//! points' logic lives.

use std::sync::Arc;

use async_graphql::{Context, Object, ID};

use super::budget::{budget, Counted};
use super::cost_directives::{cost, list_size, page_arguments, page_fields, PAGE, SCAN_WEIGHT};
use super::node::Node;
use super::objects::{
    DatasetInfo, DateMatch, DateRangeInput, Office, Organization, Secretary, Term,
};
use super::pagination::{PageArgs, SecretaryConnection, TermConnection};
use super::root::Root;
use super::scalars::Date;
use crate::domain::ServingStatus;
use crate::index::Catalog;

/// The entry points of the API.
pub struct QueryRoot;

/// What this request reads: the catalog snapshot it started with, and its budget.
fn root<'a>(ctx: &Context<'a>) -> async_graphql::Result<Root<'a>> {
    Ok(Root {
        catalog: ctx.data::<Arc<Catalog>>()?.as_ref(),
        status: ctx.data_opt::<Arc<ServingStatus>>().map(|s| &**s),
        budget: budget(ctx),
    })
}
/// The entry points of the API.
#[Object(name = "Query", serial)]
impl QueryRoot {
    /// Fetches any object by the global `id` the API handed out.
    async fn node<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "An `id` this API returned.")] id: ID,
    ) -> async_graphql::Result<Option<Node<'a>>> {
        root(ctx)?.node(&id)
    }

    /// Every organization, by slug.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn organizations<'a>(
        &self,
        ctx: &Context<'a>,
    ) -> async_graphql::Result<Counted<Organization<'a>>> {
        root(ctx)?.organizations()
    }

    /// The organization with this slug, or null.
    async fn organization<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "The organization's slug, e.g. oic.")] slug: String,
    ) -> async_graphql::Result<Option<Organization<'a>>> {
        root(ctx)?.organization(&slug)
    }

    /// Every office, by slug.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn offices<'a>(&self, ctx: &Context<'a>) -> async_graphql::Result<Counted<Office<'a>>> {
        root(ctx)?.offices()
    }

    /// The office with this slug, or null.
    async fn office<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "The office's slug, e.g. oic-secretary-general.")] slug: String,
    ) -> async_graphql::Result<Option<Office<'a>>> {
        root(ctx)?.office(&slug)
    }

    /// The person with this slug, or null.
    async fn secretary<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "The person's slug, e.g. ekmeleddin-ihsanoglu.")] slug: String,
    ) -> async_graphql::Result<Option<Secretary<'a>>> {
        root(ctx)?.secretary(&slug)
    }

    /// People, in order of their first term. `search` matches any part of the name,
    /// ignoring case and diacritics (ihsanoglu finds İhsanoğlu); `country` is an ISO code.
    #[allow(clippy::too_many_arguments)]
    #[graphql(directive = list_size::apply(Some(PAGE), page_arguments(), page_fields(), Some(false)))]
    async fn secretaries<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(
            desc = "Any part of the name; case and diacritics are ignored.",
            directive = cost::apply(SCAN_WEIGHT)
        )]
        search: Option<String>,
        #[graphql(
            desc = "ISO 3166-1 alpha-2 code of the country of origin, e.g. SA.",
            directive = cost::apply(SCAN_WEIGHT)
        )]
        country: Option<String>,
        #[graphql(
            desc = "At most this many people from the start (0 to 100; 100 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(desc = "Only people after this cursor.")] after: Option<String>,
        #[graphql(desc = "At most this many people from the end (0 to 100).")] last: Option<i32>,
        #[graphql(desc = "Only people before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<SecretaryConnection<'a>> {
        let page = PageArgs {
            first,
            after,
            last,
            before,
        };
        root(ctx)?.secretaries(search.as_deref(), country.as_deref(), page)
    }

    /// Terms of every office (or of the office with slug `office`) that match `during`,
    /// by start, then office slug, then ordinal.
    #[allow(clippy::too_many_arguments)]
    #[graphql(directive = list_size::apply(Some(PAGE), page_arguments(), page_fields(), Some(false)))]
    async fn terms<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "Only the terms of the office with this slug.")] office: Option<String>,
        #[graphql(desc = "Only terms that match this range; omit it for every term.")]
        during: Option<DateRangeInput>,
        #[graphql(
            default_with = "Some(DateMatch::Possibly)",
            desc = "How a term with partly known dates matches `during`; null means POSSIBLY."
        )]
        r#match: Option<DateMatch>,
        #[graphql(
            desc = "At most this many terms from the start (0 to 100; 100 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(desc = "Only terms after this cursor.")] after: Option<String>,
        #[graphql(desc = "At most this many terms from the end (0 to 100).")] last: Option<i32>,
        #[graphql(desc = "Only terms before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<TermConnection<'a>> {
        let page = PageArgs {
            first,
            after,
            last,
            before,
        };
        root(ctx)?.terms(office.as_deref(), during, r#match, page)
    }

    /// The terms, of any office, that covered the given day, by start, then office slug,
    /// then ordinal.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn serving_on<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "The day, YYYY-MM-DD.")] date: Date,
        #[graphql(
            default_with = "Some(DateMatch::Possibly)",
            desc = "How a term with partly known dates matches the day; null means POSSIBLY."
        )]
        r#match: Option<DateMatch>,
    ) -> async_graphql::Result<Counted<Term<'a>>> {
        root(ctx)?.serving_on(date, r#match)
    }

    /// What this dataset is: its version, the day its facts were last known true, and
    /// its sources.
    async fn dataset<'a>(&self, ctx: &Context<'a>) -> async_graphql::Result<DatasetInfo<'a>> {
        Ok(root(ctx)?.dataset())
    }
}
