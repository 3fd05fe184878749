//! Organizations, the bodies that have offices.

use tenure_macros::fields;

use super::values::{LocalizedText, Source};
use super::Office;
use crate::domain::OrganizationId;
use crate::graphql::budget::Counted;
use crate::graphql::node;
use crate::graphql::opaque::GlobalId;
use crate::index::Catalog;

/// An organization that has offices.
#[derive(Clone, Copy)]
pub struct Organization<'a> {
    /// The catalog it belongs to.
    pub catalog: &'a Catalog,
    /// Which organization.
    pub id: OrganizationId,
}

/// An organization that has offices.
#[fields(serial)]
impl<'a> Organization<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub(crate) fn id(&self) -> GlobalId<'a> {
        node::organization_id(self.catalog, self.id)
    }

    /// Human key, e.g. oic.
    pub(crate) fn slug(&self) -> &'a str {
        &self.data().slug
    }

    /// Its name in English.
    pub(crate) fn name(&self) -> &'a str {
        &self.data().name
    }

    /// Its abbreviation, e.g. OIC.
    pub(crate) fn abbreviation(&self) -> Option<&'a str> {
        self.data().abbreviation.as_deref()
    }

    /// Its name in other languages.
    #[list(data = largest.localized_names, assumed = 10)]
    pub(crate) fn localized_names(&self) -> Counted<LocalizedText<'a>> {
        LocalizedText::list(&self.data().localized_names)
    }

    /// How many states are members.
    pub(crate) fn member_state_count(&self) -> Option<u32> {
        self.data().member_state_count
    }

    /// Its offices described by this dataset, by slug.
    #[list(data = largest.offices_per_organization, assumed = 10)]
    pub(crate) fn offices(&self) -> Counted<Office<'a>> {
        let catalog = self.catalog;
        self.data()
            .offices
            .iter()
            .map(|&id| Office { catalog, id })
            .collect()
    }

    /// Where the organization's facts come from.
    #[list(data = largest.sources, assumed = 20)]
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        Source::list(self.catalog.dataset(), self.data().sources.iter().copied())
    }
}

impl<'a> Organization<'a> {
    fn data(&self) -> &'a crate::domain::Organization {
        self.catalog.dataset().organization(self.id)
    }
}
