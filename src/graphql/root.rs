//! The logic of the entry points, over one request's catalog and without async-graphql's
//! context: the `Query` resolvers and the prepared plans both call it, so each entry
//! point is written once.

use super::budget::{check_time, deadline, scanned, Counted, RequestBudget};
use super::error::bad_user_input;
use super::node::{self, Node};
use super::objects::{
    DatasetInfo, DateMatch, DateRangeInput, Office, Organization, Secretary, Term,
};
use super::pagination::{PageArgs, SecretaryConnection, TermConnection, SECRETARIES_SCOPE};
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

impl<'a> Root<'a> {
    /// `Query.node`.
    pub fn node(&self, id: &str) -> async_graphql::Result<Option<Node<'a>>> {
        node::resolve(self.catalog, id)
    }

    /// `Query.organizations`.
    pub fn organizations(&self) -> async_graphql::Result<Counted<Organization<'a>>> {
        let catalog = self.catalog;
        Ok((0..catalog.dataset().organizations.len() as u32)
            .map(|i| Organization {
                catalog,
                id: OrganizationId(i),
            })
            .collect())
    }

    /// `Query.organization`.
    pub fn organization(&self, slug: &str) -> async_graphql::Result<Option<Organization<'a>>> {
        let catalog = self.catalog;
        Ok(catalog
            .organization_by_slug(slug)
            .map(|id| Organization { catalog, id }))
    }

    /// `Query.offices`.
    pub fn offices(&self) -> async_graphql::Result<Counted<Office<'a>>> {
        let catalog = self.catalog;
        Ok((0..catalog.dataset().offices.len() as u32)
            .map(|i| Office {
                catalog,
                id: OfficeId(i),
            })
            .collect())
    }

    /// `Query.office`.
    pub fn office(&self, slug: &str) -> async_graphql::Result<Option<Office<'a>>> {
        let catalog = self.catalog;
        Ok(catalog
            .office_by_slug(slug)
            .map(|id| Office { catalog, id }))
    }

    /// `Query.secretary`.
    pub fn secretary(&self, slug: &str) -> async_graphql::Result<Option<Secretary<'a>>> {
        let catalog = self.catalog;
        Ok(catalog
            .secretary_by_slug(slug)
            .map(|id| Secretary { catalog, id }))
    }

    /// `Query.secretaries`.
    pub fn secretaries(
        &self,
        search: Option<&str>,
        country: Option<&str>,
        page: PageArgs,
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

    /// `Query.terms`.
    pub fn terms(
        &self,
        office: Option<&str>,
        during: Option<DateRangeInput>,
        r#match: Option<DateMatch>,
        page: PageArgs,
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
        let scope = match office {
            None => "terms".to_owned(),
            Some(id) => format!("terms:{}", catalog.dataset().office(id).slug),
        };
        let order = catalog.terms_by_start(office);
        let request = page.request(&scope, order.len())?;
        let filter = order.filter(range, r#match.unwrap_or_default().into());
        Ok(TermConnection {
            catalog,
            page: filter.page(&request),
            filter,
            scope,
        })
    }

    /// `Query.servingOn`.
    pub fn serving_on(
        &self,
        date: Date,
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

    /// `Query.dataset`.
    pub fn dataset(&self) -> DatasetInfo<'a> {
        DatasetInfo(self.catalog, self.status)
    }
}
