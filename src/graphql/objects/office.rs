//! Organizations and offices.

use crate::graphql::budget::Counted;
use async_graphql::{Context, Object, ID};

use super::term::{Secretary, Term};
use super::values::{
    DateMatch, DateRangeInput, Flag, LocalizedText, PartialDate, Power, RelatedOffice, Source,
    TermLength,
};
use crate::domain::{OfficeId, OrganizationId};
use crate::graphql::node;
use crate::graphql::pagination::{PageArgs, TermConnection};
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
#[Object(serial)]
impl<'a> Organization<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub async fn id(&self) -> ID {
        node::organization_id(self.catalog, self.id)
    }

    /// Human key, e.g. oic.
    async fn slug(&self) -> &'a str {
        &self.data().slug
    }

    /// Its name in English.
    async fn name(&self) -> &'a str {
        &self.data().name
    }

    /// Its abbreviation, e.g. OIC.
    async fn abbreviation(&self) -> Option<&'a str> {
        self.data().abbreviation.as_deref()
    }

    /// Its name in other languages.
    async fn localized_names(&self) -> Counted<LocalizedText<'a>> {
        LocalizedText::list(&self.data().localized_names)
    }

    /// How many states are members.
    async fn member_state_count(&self) -> Option<u32> {
        self.data().member_state_count
    }

    /// Its offices described by this dataset, by slug.
    async fn offices(&self) -> Counted<Office<'a>> {
        let catalog = self.catalog;
        self.data()
            .offices
            .iter()
            .map(|&id| Office { catalog, id })
            .collect()
    }

    /// Where the organization's facts come from.
    async fn sources(&self) -> Counted<Source<'a>> {
        Source::list(self.catalog.dataset(), self.data().sources.iter().copied())
    }
}

impl<'a> Organization<'a> {
    fn data(&self) -> &'a crate::domain::Organization {
        self.catalog.dataset().organization(self.id)
    }
}

/// An office and the people who held it.
#[derive(Clone, Copy)]
pub struct Office<'a> {
    /// The catalog it belongs to.
    pub catalog: &'a Catalog,
    /// Which office.
    pub id: OfficeId,
}

/// An office and the people who held it.
#[Object(serial)]
impl<'a> Office<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub async fn id(&self) -> ID {
        node::office_id(self.catalog, self.id)
    }

    /// Human key, e.g. oic-secretary-general.
    async fn slug(&self) -> &'a str {
        &self.data().slug
    }

    /// Its full name in English.
    async fn name(&self) -> &'a str {
        &self.data().name
    }

    /// The post's title, e.g. Secretary General.
    async fn post_title(&self) -> Option<&'a str> {
        self.data().post_title.as_deref()
    }

    /// Its name in other languages.
    async fn localized_names(&self) -> Counted<LocalizedText<'a>> {
        LocalizedText::list(&self.data().localized_names)
    }

    /// Its abbreviation, e.g. SGOIC.
    async fn abbreviation(&self) -> Option<&'a str> {
        self.data().abbreviation.as_deref()
    }

    /// How a holder is addressed, e.g. His Excellency.
    async fn style(&self) -> Option<&'a str> {
        self.data().style.as_deref()
    }

    /// The organization the office belongs to.
    async fn organization(&self) -> Organization<'a> {
        Organization {
            catalog: self.catalog,
            id: self.data().organization,
        }
    }

    /// The department it heads or belongs to.
    async fn department(&self) -> Option<&'a str> {
        self.data().department.as_deref()
    }

    /// The body the office is a member of.
    async fn member_of(&self) -> Option<&'a str> {
        self.data().member_of.as_deref()
    }

    /// Who nominates a holder.
    async fn nominator(&self) -> Option<&'a str> {
        self.data().nominator.as_deref()
    }

    /// Who appoints a holder.
    async fn appointer(&self) -> Option<&'a str> {
        self.data().appointer.as_deref()
    }

    /// How long a term lasts.
    async fn term_length(&self) -> Option<TermLength<'a>> {
        self.data().term_length.as_ref().map(TermLength)
    }

    /// What came before the office.
    async fn precursor(&self) -> Option<&'a str> {
        self.data().precursor.as_deref()
    }

    /// The holder's deputy.
    async fn deputy(&self) -> Option<&'a str> {
        self.data().deputy.as_deref()
    }

    /// The image that stands for the office.
    async fn flag(&self) -> Option<Flag<'a>> {
        self.data().flag.as_ref().map(Flag)
    }

    /// What the office is.
    async fn description(&self) -> Option<&'a str> {
        self.data().description.as_deref()
    }

    /// Its powers and duties, in the source's order.
    async fn powers(&self) -> Counted<Power<'a>> {
        self.data().powers.iter().map(Power).collect()
    }

    /// The ongoing term, if the office is held now.
    async fn incumbent(&self) -> Option<Term<'a>> {
        let last = *self.data().terms.last()?;
        let term = Term {
            catalog: self.catalog,
            id: last,
        };
        term.data().end.is_none().then_some(term)
    }

    /// The day the incumbent took office, as the source gives it.
    async fn incumbent_since(&self) -> Option<PartialDate<'a>> {
        let last = self.catalog.dataset().term(*self.data().terms.last()?);
        last.end.is_none().then_some(PartialDate(&last.start))
    }

    /// The first term of the office.
    async fn first_holder(&self) -> Option<Term<'a>> {
        let first = *self.data().terms.first()?;
        Some(Term {
            catalog: self.catalog,
            id: first,
        })
    }

    /// Terms in order of their ordinal; with `during`, only those that match it.
    #[allow(clippy::too_many_arguments)]
    async fn terms(
        &self,
        ctx: &Context<'_>,
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
        crate::graphql::budget::checkpoint(ctx)?;
        let range = DateRangeInput::to_domain(during)?;
        let scope = format!("office-terms:{}", self.data().slug);
        let request = PageArgs {
            first,
            after,
            last,
            before,
        }
        .request(&scope)?;
        let filter = self
            .catalog
            .office_terms(self.id)
            .filter(range, r#match.unwrap_or_default().into());
        Ok(TermConnection {
            catalog: self.catalog,
            page: filter.page(&request),
            filter,
            scope,
        })
    }

    /// Each person who held the office during the range, once, in order of their first such term.
    async fn holders(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only people with a term that matches this range; omit it for everyone.")]
        during: Option<DateRangeInput>,
        #[graphql(
            default_with = "Some(DateMatch::Possibly)",
            desc = "How a term with partly known dates matches `during`; null means POSSIBLY."
        )]
        r#match: Option<DateMatch>,
    ) -> async_graphql::Result<Counted<Secretary<'a>>> {
        crate::graphql::budget::checkpoint(ctx)?;
        let range = DateRangeInput::to_domain(during)?;
        let catalog = self.catalog;
        Ok(catalog
            .holders(self.id, range, r#match.unwrap_or_default().into())
            .into_iter()
            .map(|id| Secretary { catalog, id })
            .collect())
    }

    /// Offices the sources relate this one to, by name.
    async fn related_offices(&self) -> Counted<RelatedOffice<'a>> {
        self.data()
            .related_offices
            .iter()
            .map(|name| RelatedOffice { name })
            .collect()
    }

    /// Where the office's facts come from.
    async fn sources(&self) -> Counted<Source<'a>> {
        Source::list(self.catalog.dataset(), self.data().sources.iter().copied())
    }

    /// How the dataset settled problems in its sources about this office.
    async fn notes(&self) -> Counted<&'a str> {
        self.data().notes.iter().map(String::as_str).collect()
    }
}

impl<'a> Office<'a> {
    fn data(&self) -> &'a crate::domain::Office {
        self.catalog.dataset().office(self.id)
    }
}
