//! Organizations, the bodies that have offices.

use async_graphql::{Object, ID};

use super::values::{LocalizedText, Source};
use super::{Fields, Office};
use crate::domain::OrganizationId;
use crate::graphql::budget::Counted;
use crate::graphql::cost_directives::list_size;
use crate::graphql::node;
use crate::index::Catalog;

/// An organization that has offices.
#[derive(Clone, Copy)]
pub struct Organization<'a> {
    /// The catalog it belongs to.
    pub catalog: &'a Catalog,
    /// Which organization.
    pub id: OrganizationId,
}

// The logic of each field of `Organization`, shared by its resolvers below and the
// prepared plans (src/graphql/plan).
impl<'a> Fields<&Organization<'a>> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub(crate) fn id(&self) -> ID {
        let this = self.0;
        node::organization_id(this.catalog, this.id)
    }

    /// Human key, e.g. oic.
    pub(crate) fn slug(&self) -> &'a str {
        let this = self.0;
        &this.data().slug
    }

    /// Its name in English.
    pub(crate) fn name(&self) -> &'a str {
        let this = self.0;
        &this.data().name
    }

    /// Its abbreviation, e.g. OIC.
    pub(crate) fn abbreviation(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().abbreviation.as_deref()
    }

    /// Its name in other languages.
    pub(crate) fn localized_names(&self) -> Counted<LocalizedText<'a>> {
        let this = self.0;
        LocalizedText::list(&this.data().localized_names)
    }

    /// How many states are members.
    pub(crate) fn member_state_count(&self) -> Option<u32> {
        let this = self.0;
        this.data().member_state_count
    }

    /// Its offices described by this dataset, by slug.
    pub(crate) fn offices(&self) -> Counted<Office<'a>> {
        let this = self.0;
        let catalog = this.catalog;
        this.data()
            .offices
            .iter()
            .map(|&id| Office { catalog, id })
            .collect()
    }

    /// Where the organization's facts come from.
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        let this = self.0;
        Source::list(this.catalog.dataset(), this.data().sources.iter().copied())
    }
}

/// An organization that has offices.
#[Object(serial)]
impl<'a> Organization<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub async fn id(&self) -> ID {
        Fields(self).id()
    }

    /// Human key, e.g. oic.
    async fn slug(&self) -> &'a str {
        Fields(self).slug()
    }

    /// Its name in English.
    async fn name(&self) -> &'a str {
        Fields(self).name()
    }

    /// Its abbreviation, e.g. OIC.
    async fn abbreviation(&self) -> Option<&'a str> {
        Fields(self).abbreviation()
    }

    /// Its name in other languages.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn localized_names(&self) -> Counted<LocalizedText<'a>> {
        Fields(self).localized_names()
    }

    /// How many states are members.
    async fn member_state_count(&self) -> Option<u32> {
        Fields(self).member_state_count()
    }

    /// Its offices described by this dataset, by slug.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn offices(&self) -> Counted<Office<'a>> {
        Fields(self).offices()
    }

    /// Where the organization's facts come from.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn sources(&self) -> Counted<Source<'a>> {
        Fields(self).sources()
    }
}

impl<'a> Organization<'a> {
    fn data(&self) -> &'a crate::domain::Organization {
        self.catalog.dataset().organization(self.id)
    }
}
