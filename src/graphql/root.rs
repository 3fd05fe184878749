//! The entry points of the API, `Query`: their logic over one request's catalog,
//! without async-graphql's context, declared once with `#[fields]` for async-graphql's
//! `QueryRoot` and for the prepared plans.

use std::sync::Arc;

use async_graphql::{Context, ID};
use tenure_macros::fields;

use super::budget::{budget, check_time, deadline, scanned, Counted, RequestBudget};
use super::cost_directives::{cost, SCAN_WEIGHT};
use super::error::bad_user_input;
use super::node::{self, Node};
use super::objects::{
    DatasetInfo, DateMatch, DateRangeInput, Office, Organization, Secretary, Term,
};
use super::pagination::{PageArgs, Scope, SecretaryConnection, TermConnection, SECRETARIES_SCOPE};
use super::scalars::Date;
use crate::domain::{DateRange, OfficeId, OrganizationId, ServingStatus};
use crate::index::Catalog;

/// What one request's entry points read: its catalog snapshot, the status of the
/// served dataset, and its budget.
#[derive(Clone, Copy)]
pub struct Root<'a> {
    /// The catalog the request reads.
    pub catalog: &'a Catalog,
    /// What `Query.dataset` tells of the served dataset; `None` outside the server.
    pub status: Option<&'a ServingStatus>,
    /// What the request may spend; `None` outside the server.
    pub budget: Option<&'a RequestBudget>,
}

/// The entry points of the API: async-graphql's query root, whose resolvers call
/// [`Root`]'s methods on the request's catalog.
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
#[fields(name = "Query", serial, object = QueryRoot, source = root)]
impl<'a> Root<'a> {
    /// Fetches any object by the global `id` the API handed out.
    pub fn node(
        &self,
        #[graphql(desc = "An `id` this API returned.")] id: ID,
    ) -> async_graphql::Result<Option<Node<'a>>> {
        node::resolve(self.catalog, &id)
    }

    /// Every organization, by slug.
    #[list(data = largest.organizations, assumed = 10)]
    pub fn organizations(&self) -> async_graphql::Result<Counted<Organization<'a>>> {
        let catalog = self.catalog;
        Ok((0..catalog.dataset().organizations.len() as u32)
            .map(|i| Organization {
                catalog,
                id: OrganizationId(i),
            })
            .collect())
    }

    /// The organization with this slug, or null.
    pub fn organization(
        &self,
        #[graphql(desc = "The organization's slug, e.g. oic.")] slug: &str,
    ) -> async_graphql::Result<Option<Organization<'a>>> {
        let catalog = self.catalog;
        Ok(catalog
            .organization_by_slug(slug)
            .map(|id| Organization { catalog, id }))
    }

    /// Every office, by slug.
    #[list(data = largest.offices, assumed = 10)]
    pub fn offices(&self) -> async_graphql::Result<Counted<Office<'a>>> {
        let catalog = self.catalog;
        Ok((0..catalog.dataset().offices.len() as u32)
            .map(|i| Office {
                catalog,
                id: OfficeId(i),
            })
            .collect())
    }

    /// The office with this slug, or null.
    pub fn office(
        &self,
        #[graphql(desc = "The office's slug, e.g. oic-secretary-general.")] slug: &str,
    ) -> async_graphql::Result<Option<Office<'a>>> {
        let catalog = self.catalog;
        Ok(catalog
            .office_by_slug(slug)
            .map(|id| Office { catalog, id }))
    }

    /// The person with this slug, or null.
    pub fn secretary(
        &self,
        #[graphql(desc = "The person's slug, e.g. ekmeleddin-ihsanoglu.")] slug: &str,
    ) -> async_graphql::Result<Option<Secretary<'a>>> {
        let catalog = self.catalog;
        Ok(catalog
            .secretary_by_slug(slug)
            .map(|id| Secretary { catalog, id }))
    }

    /// People, in order of their first term. `search` matches any part of the name,
    /// ignoring case and diacritics (ihsanoglu finds İhsanoğlu); `country` is an ISO code.
    #[list(connection = largest.secretaries)]
    pub fn secretaries(
        &self,
        #[graphql(
            desc = "Any part of the name; case and diacritics are ignored.",
            directive = cost::apply(SCAN_WEIGHT)
        )]
        search: Option<&str>,
        #[graphql(
            desc = "ISO 3166-1 alpha-2 code of the country of origin, e.g. SA.",
            directive = cost::apply(SCAN_WEIGHT)
        )]
        country: Option<&str>,
        #[page("people")] page: PageArgs,
    ) -> async_graphql::Result<SecretaryConnection<'a>> {
        check_time(self.budget)?;
        if let Some(code) = country {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(bad_user_input(format!(
                    "`country` must be an ISO 3166-1 alpha-2 code such as SA or TD, got `{code}`"
                )));
            }
        }
        let catalog = self.catalog;
        let request = page.request(SECRETARIES_SCOPE, catalog.dataset().secretaries.len())?;
        let filter = scanned(
            self.budget,
            catalog.secretaries(search, country, deadline(self.budget)),
        )?;
        Ok(SecretaryConnection {
            catalog,
            page: filter.page(&request),
            filter,
        })
    }

    /// Terms of every office (or of the office with slug `office`) that match `during`,
    /// by start, then office slug, then ordinal.
    #[list(connection = largest.terms)]
    pub fn terms(
        &self,
        #[graphql(desc = "Only the terms of the office with this slug.")] office: Option<&str>,
        #[graphql(desc = "Only terms that match this range; omit it for every term.")]
        during: Option<DateRangeInput>,
        #[graphql(
            default_with = "Some(DateMatch::Possibly)",
            desc = "How a term with partly known dates matches `during`; null means POSSIBLY."
        )]
        r#match: Option<DateMatch>,
        #[page("terms")] page: PageArgs,
    ) -> async_graphql::Result<TermConnection<'a>> {
        check_time(self.budget)?;
        let catalog = self.catalog;
        let range = DateRangeInput::to_domain(during)?;
        let office = match office {
            None => None,
            Some(slug) => Some(catalog.office_by_slug(slug).ok_or_else(|| {
                bad_user_input(format!(
                    "no office has slug `{slug}`: `Query.offices` lists the offices and their slugs"
                ))
            })?),
        };
        let slug = office.map(|id| catalog.dataset().office(id).slug.as_str());
        let scope = Scope::new("terms", slug);
        let order = catalog.terms_by_start(office);
        let request = page.request(scope, order.len())?;
        let filter = order.filter(range, r#match.unwrap_or_default().into());
        Ok(TermConnection {
            catalog,
            page: filter.page(&request),
            filter,
            scope,
        })
    }

    /// The terms, of any office, that covered the given day, by start, then office slug,
    /// then ordinal.
    #[list(data = largest.terms_per_day, assumed = 10)]
    pub fn serving_on(
        &self,
        #[graphql(desc = "The day, YYYY-MM-DD.")] date: Date,
        #[graphql(
            default_with = "Some(DateMatch::Possibly)",
            desc = "How a term with partly known dates matches the day; null means POSSIBLY."
        )]
        r#match: Option<DateMatch>,
    ) -> async_graphql::Result<Counted<Term<'a>>> {
        check_time(self.budget)?;
        let catalog = self.catalog;
        let serving = catalog.serving(
            DateRange::day(date.0),
            r#match.unwrap_or_default().into(),
            deadline(self.budget),
        );
        Ok(scanned(self.budget, serving)?
            .into_iter()
            .map(|id| Term { catalog, id })
            .collect())
    }

    /// What this dataset is: its version, the day its facts were last known true, and
    /// its sources.
    pub fn dataset(&self) -> DatasetInfo<'a> {
        DatasetInfo(self.catalog, self.status)
    }
}
