//! Offices and the people who held them.

use super::Fields;
use crate::graphql::budget::{budget, check_time, deadline, scanned, Counted, RequestBudget};
use async_graphql::{Context, Object, ID};

use super::term::{Secretary, Term};
use super::values::{
    DateMatch, DateRangeInput, Flag, LocalizedText, PartialDate, Power, RelatedOffice, Source,
    TermLength,
};
use super::Organization;
use crate::domain::OfficeId;
use crate::graphql::cost_directives::{list_size, page_arguments, page_fields, PAGE};
use crate::graphql::node;
use crate::graphql::pagination::{PageArgs, TermConnection};
use crate::index::Catalog;

/// An office and the people who held it.
#[derive(Clone, Copy)]
pub struct Office<'a> {
    /// The catalog it belongs to.
    pub catalog: &'a Catalog,
    /// Which office.
    pub id: OfficeId,
}

// The logic of each field of `Office`, shared by its resolvers below and the
// prepared plans (src/graphql/plan).
impl<'a> Fields<&Office<'a>> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub(crate) fn id(&self) -> ID {
        let this = self.0;
        node::office_id(this.catalog, this.id)
    }

    /// Human key, e.g. oic-secretary-general.
    pub(crate) fn slug(&self) -> &'a str {
        let this = self.0;
        &this.data().slug
    }

    /// Its full name in English.
    pub(crate) fn name(&self) -> &'a str {
        let this = self.0;
        &this.data().name
    }

    /// The post's title, e.g. Secretary General.
    pub(crate) fn post_title(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().post_title.as_deref()
    }

    /// Its name in other languages.
    pub(crate) fn localized_names(&self) -> Counted<LocalizedText<'a>> {
        let this = self.0;
        LocalizedText::list(&this.data().localized_names)
    }

    /// Its abbreviation, e.g. SGOIC.
    pub(crate) fn abbreviation(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().abbreviation.as_deref()
    }

    /// How a holder is addressed, e.g. His Excellency.
    pub(crate) fn style(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().style.as_deref()
    }

    /// The organization the office belongs to.
    pub(crate) fn organization(&self) -> Organization<'a> {
        let this = self.0;
        Organization {
            catalog: this.catalog,
            id: this.data().organization,
        }
    }

    /// The department it heads or belongs to.
    pub(crate) fn department(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().department.as_deref()
    }

    /// The body the office is a member of.
    pub(crate) fn member_of(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().member_of.as_deref()
    }

    /// Who nominates a holder.
    pub(crate) fn nominator(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().nominator.as_deref()
    }

    /// Who appoints a holder.
    pub(crate) fn appointer(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().appointer.as_deref()
    }

    /// How long a term lasts.
    pub(crate) fn term_length(&self) -> Option<TermLength<'a>> {
        let this = self.0;
        this.data().term_length.as_ref().map(TermLength)
    }

    /// What came before the office.
    pub(crate) fn precursor(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().precursor.as_deref()
    }

    /// The holder's deputy.
    pub(crate) fn deputy(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().deputy.as_deref()
    }

    /// The image that stands for the office.
    pub(crate) fn flag(&self) -> Option<Flag<'a>> {
        let this = self.0;
        this.data().flag.as_ref().map(Flag)
    }

    /// What the office is.
    pub(crate) fn description(&self) -> Option<&'a str> {
        let this = self.0;
        this.data().description.as_deref()
    }

    /// Its powers and duties, in the source's order.
    pub(crate) fn powers(&self) -> Counted<Power<'a>> {
        let this = self.0;
        this.data().powers.iter().map(Power).collect()
    }

    /// The ongoing term, if the office is held now.
    pub(crate) fn incumbent(&self) -> Option<Term<'a>> {
        let this = self.0;
        let last = *this.data().terms.last()?;
        let term = Term {
            catalog: this.catalog,
            id: last,
        };
        term.data().end.is_none().then_some(term)
    }

    /// The day the incumbent took office, as the source gives it.
    pub(crate) fn incumbent_since(&self) -> Option<PartialDate<'a>> {
        let this = self.0;
        let last = this.catalog.dataset().term(*this.data().terms.last()?);
        last.end.is_none().then_some(PartialDate(&last.start))
    }

    /// The first term of the office.
    pub(crate) fn first_holder(&self) -> Option<Term<'a>> {
        let this = self.0;
        let first = *this.data().terms.first()?;
        Some(Term {
            catalog: this.catalog,
            id: first,
        })
    }

    /// Offices the sources relate this one to, by name.
    pub(crate) fn related_offices(&self) -> Counted<RelatedOffice<'a>> {
        let this = self.0;
        this.data()
            .related_offices
            .iter()
            .map(|name| RelatedOffice { name })
            .collect()
    }

    /// Where the office's facts come from.
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        let this = self.0;
        Source::list(this.catalog.dataset(), this.data().sources.iter().copied())
    }

    /// How the dataset settled problems in its sources about this office.
    pub(crate) fn notes(&self) -> Counted<&'a str> {
        let this = self.0;
        this.data().notes.iter().map(String::as_str).collect()
    }

    /// Terms in order of their ordinal; with `during`, only those that match it.
    pub(crate) fn terms(
        &self,
        budget: Option<&RequestBudget>,
        during: Option<DateRangeInput>,
        r#match: Option<DateMatch>,
        page: PageArgs,
    ) -> async_graphql::Result<TermConnection<'a>> {
        check_time(budget)?;
        let range = DateRangeInput::to_domain(during)?;
        let scope = format!("office-terms:{}", self.0.data().slug);
        let order = self.0.catalog.office_terms(self.0.id);
        let request = page.request(&scope, order.len())?;
        let filter = order.filter(range, r#match.unwrap_or_default().into());
        Ok(TermConnection {
            catalog: self.0.catalog,
            page: filter.page(&request),
            filter,
            scope,
        })
    }

    /// Each person who held the office during the range, once, in order of their first
    /// such term.
    pub(crate) fn holders(
        &self,
        budget: Option<&RequestBudget>,
        during: Option<DateRangeInput>,
        r#match: Option<DateMatch>,
    ) -> async_graphql::Result<Counted<Secretary<'a>>> {
        check_time(budget)?;
        let range = DateRangeInput::to_domain(during)?;
        let catalog = self.0.catalog;
        let holders = catalog.holders(
            self.0.id,
            range,
            r#match.unwrap_or_default().into(),
            deadline(budget),
        );
        Ok(scanned(budget, holders)?
            .into_iter()
            .map(|id| Secretary { catalog, id })
            .collect())
    }
}

/// An office and the people who held it.
#[Object(serial)]
impl<'a> Office<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub async fn id(&self) -> ID {
        Fields(self).id()
    }

    /// Human key, e.g. oic-secretary-general.
    async fn slug(&self) -> &'a str {
        Fields(self).slug()
    }

    /// Its full name in English.
    async fn name(&self) -> &'a str {
        Fields(self).name()
    }

    /// The post's title, e.g. Secretary General.
    async fn post_title(&self) -> Option<&'a str> {
        Fields(self).post_title()
    }

    /// Its name in other languages.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn localized_names(&self) -> Counted<LocalizedText<'a>> {
        Fields(self).localized_names()
    }

    /// Its abbreviation, e.g. SGOIC.
    async fn abbreviation(&self) -> Option<&'a str> {
        Fields(self).abbreviation()
    }

    /// How a holder is addressed, e.g. His Excellency.
    async fn style(&self) -> Option<&'a str> {
        Fields(self).style()
    }

    /// The organization the office belongs to.
    async fn organization(&self) -> Organization<'a> {
        Fields(self).organization()
    }

    /// The department it heads or belongs to.
    async fn department(&self) -> Option<&'a str> {
        Fields(self).department()
    }

    /// The body the office is a member of.
    async fn member_of(&self) -> Option<&'a str> {
        Fields(self).member_of()
    }

    /// Who nominates a holder.
    async fn nominator(&self) -> Option<&'a str> {
        Fields(self).nominator()
    }

    /// Who appoints a holder.
    async fn appointer(&self) -> Option<&'a str> {
        Fields(self).appointer()
    }

    /// How long a term lasts.
    async fn term_length(&self) -> Option<TermLength<'a>> {
        Fields(self).term_length()
    }

    /// What came before the office.
    async fn precursor(&self) -> Option<&'a str> {
        Fields(self).precursor()
    }

    /// The holder's deputy.
    async fn deputy(&self) -> Option<&'a str> {
        Fields(self).deputy()
    }

    /// The image that stands for the office.
    async fn flag(&self) -> Option<Flag<'a>> {
        Fields(self).flag()
    }

    /// What the office is.
    async fn description(&self) -> Option<&'a str> {
        Fields(self).description()
    }

    /// Its powers and duties, in the source's order.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn powers(&self) -> Counted<Power<'a>> {
        Fields(self).powers()
    }

    /// The ongoing term, if the office is held now.
    async fn incumbent(&self) -> Option<Term<'a>> {
        Fields(self).incumbent()
    }

    /// The day the incumbent took office, as the source gives it.
    async fn incumbent_since(&self) -> Option<PartialDate<'a>> {
        Fields(self).incumbent_since()
    }

    /// The first term of the office.
    async fn first_holder(&self) -> Option<Term<'a>> {
        Fields(self).first_holder()
    }

    /// Terms in order of their ordinal; with `during`, only those that match it.
    #[allow(clippy::too_many_arguments)]
    #[graphql(directive = list_size::apply(Some(PAGE), page_arguments(), page_fields(), Some(false)))]
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
        let page = PageArgs {
            first,
            after,
            last,
            before,
        };
        Fields(self).terms(budget(ctx), during, r#match, page)
    }

    /// Each person who held the office during the range, once, in order of their first such term.
    #[graphql(directive = list_size::apply(Some(20), None, None, None))]
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
        Fields(self).holders(budget(ctx), during, r#match)
    }

    /// Offices the sources relate this one to, by name.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn related_offices(&self) -> Counted<RelatedOffice<'a>> {
        Fields(self).related_offices()
    }

    /// Where the office's facts come from.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn sources(&self) -> Counted<Source<'a>> {
        Fields(self).sources()
    }

    /// How the dataset settled problems in its sources about this office.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn notes(&self) -> Counted<&'a str> {
        Fields(self).notes()
    }
}

impl<'a> Office<'a> {
    fn data(&self) -> &'a crate::domain::Office {
        self.catalog.dataset().office(self.id)
    }
}
