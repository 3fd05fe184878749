//! Offices and the people who held them.

use crate::graphql::budget::{check_time, deadline, scanned, Counted, RequestBudget};
use tenure_macros::fields;

use super::term::{Secretary, Term};
use super::values::{
    DateMatch, DateRangeInput, Flag, LocalizedText, PartialDate, Power, RelatedOffice, Source,
    TermLength,
};
use super::Organization;
use crate::domain::OfficeId;
use crate::graphql::node;
use crate::graphql::opaque::GlobalId;
use crate::graphql::pagination::{PageArgs, Scope, TermConnection};
use crate::index::Catalog;

/// An office and the people who held it.
#[derive(Clone, Copy)]
pub struct Office<'a> {
    /// The catalog it belongs to.
    pub catalog: &'a Catalog,
    /// Which office.
    pub id: OfficeId,
}

/// An office and the people who held it.
#[fields(serial)]
impl<'a> Office<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub(crate) fn id(&self) -> GlobalId<'a> {
        node::office_id(self.catalog, self.id)
    }

    /// Human key, e.g. oic-secretary-general.
    pub(crate) fn slug(&self) -> &'a str {
        &self.data().slug
    }

    /// Its full name in English.
    pub(crate) fn name(&self) -> &'a str {
        &self.data().name
    }

    /// The post's title, e.g. Secretary General.
    pub(crate) fn post_title(&self) -> Option<&'a str> {
        self.data().post_title.as_deref()
    }

    /// Its name in other languages.
    #[list(data = largest.localized_names, assumed = 10)]
    pub(crate) fn localized_names(&self) -> Counted<LocalizedText<'a>> {
        LocalizedText::list(&self.data().localized_names)
    }

    /// Its abbreviation, e.g. SGOIC.
    pub(crate) fn abbreviation(&self) -> Option<&'a str> {
        self.data().abbreviation.as_deref()
    }

    /// How a holder is addressed, e.g. His Excellency.
    pub(crate) fn style(&self) -> Option<&'a str> {
        self.data().style.as_deref()
    }

    /// The organization the office belongs to.
    pub(crate) fn organization(&self) -> Organization<'a> {
        Organization {
            catalog: self.catalog,
            id: self.data().organization,
        }
    }

    /// The department it heads or belongs to.
    pub(crate) fn department(&self) -> Option<&'a str> {
        self.data().department.as_deref()
    }

    /// The body the office is a member of.
    pub(crate) fn member_of(&self) -> Option<&'a str> {
        self.data().member_of.as_deref()
    }

    /// Who nominates a holder.
    pub(crate) fn nominator(&self) -> Option<&'a str> {
        self.data().nominator.as_deref()
    }

    /// Who appoints a holder.
    pub(crate) fn appointer(&self) -> Option<&'a str> {
        self.data().appointer.as_deref()
    }

    /// How long a term lasts.
    pub(crate) fn term_length(&self) -> Option<TermLength<'a>> {
        self.data().term_length.as_ref().map(TermLength)
    }

    /// What came before the office.
    pub(crate) fn precursor(&self) -> Option<&'a str> {
        self.data().precursor.as_deref()
    }

    /// The holder's deputy.
    pub(crate) fn deputy(&self) -> Option<&'a str> {
        self.data().deputy.as_deref()
    }

    /// The image that stands for the office.
    pub(crate) fn flag(&self) -> Option<Flag<'a>> {
        self.data().flag.as_ref().map(Flag)
    }

    /// What the office is.
    pub(crate) fn description(&self) -> Option<&'a str> {
        self.data().description.as_deref()
    }

    /// Its powers and duties, in the source's order.
    #[list(data = largest.powers_per_office, assumed = 10)]
    pub(crate) fn powers(&self) -> Counted<Power<'a>> {
        self.data().powers.iter().map(Power).collect()
    }

    /// How many people hold the office at once: 1 for a secretary-general, the number of
    /// members for a legislature. At most this many terms certainly cover any day.
    pub(crate) fn seats(&self) -> u32 {
        self.data().seats
    }

    /// The ongoing term, if the office is held now. Null for an office of many seats
    /// (see `seats`): ask for its `incumbents`.
    pub(crate) fn incumbent(&self) -> Option<Term<'a>> {
        if self.data().seats > 1 {
            return None;
        }
        let last = *self.data().terms.last()?;
        let term = Term {
            catalog: self.catalog,
            id: last,
        };
        term.data().end.is_none().then_some(term)
    }

    /// The day the incumbent took office, as the source gives it. Null for an office of
    /// many seats, as `incumbent` is.
    pub(crate) fn incumbent_since(&self) -> Option<PartialDate<'a>> {
        if self.data().seats > 1 {
            return None;
        }
        let last = self.catalog.dataset().term(*self.data().terms.last()?);
        last.end.is_none().then_some(PartialDate(&last.start))
    }

    /// The terms ongoing at the dataset's asOf (those with no end), by ordinal: the
    /// incumbent of a single-seat office, or the sitting members of an office of many.
    #[list(data = largest.incumbents_per_office, assumed = 100)]
    pub(crate) fn incumbents(&self) -> Counted<Term<'a>> {
        let catalog = self.catalog;
        self.data()
            .terms
            .iter()
            .filter(|&&id| catalog.dataset().term(id).end.is_none())
            .map(|&id| Term { catalog, id })
            .collect()
    }

    /// The first term of the office.
    pub(crate) fn first_holder(&self) -> Option<Term<'a>> {
        let first = *self.data().terms.first()?;
        Some(Term {
            catalog: self.catalog,
            id: first,
        })
    }

    /// Terms in order of their ordinal; with `during`, only those that match it.
    #[list(connection = largest.terms_per_office)]
    pub(crate) fn terms(
        &self,
        budget: Option<&RequestBudget>,
        #[graphql(desc = "Only terms that match this range; omit it for every term.")]
        during: Option<DateRangeInput>,
        #[graphql(
            default_with = "Some(DateMatch::Possibly)",
            desc = "How a term with partly known dates matches `during`; null means POSSIBLY."
        )]
        r#match: Option<DateMatch>,
        #[page("terms")] page: PageArgs,
    ) -> async_graphql::Result<TermConnection<'a>> {
        check_time(budget)?;
        let range = DateRangeInput::to_domain(during)?;
        let scope = Scope::new("office-terms", Some(&self.data().slug));
        let order = self.catalog.office_terms(self.id);
        let request = page.request(scope, order.len())?;
        let filter = order.filter(range, r#match.unwrap_or_default().into());
        Ok(TermConnection {
            catalog: self.catalog,
            page: filter.page(&request),
            filter,
            scope,
        })
    }

    /// Each person who held the office during the range, once, in order of their first such term.
    #[list(data = largest.holders_per_office, assumed = 20)]
    pub(crate) fn holders(
        &self,
        budget: Option<&RequestBudget>,
        #[graphql(desc = "Only people with a term that matches this range; omit it for everyone.")]
        during: Option<DateRangeInput>,
        #[graphql(
            default_with = "Some(DateMatch::Possibly)",
            desc = "How a term with partly known dates matches `during`; null means POSSIBLY."
        )]
        r#match: Option<DateMatch>,
    ) -> async_graphql::Result<Counted<Secretary<'a>>> {
        check_time(budget)?;
        let range = DateRangeInput::to_domain(during)?;
        let catalog = self.catalog;
        let holders = catalog.holders(
            self.id,
            range,
            r#match.unwrap_or_default().into(),
            deadline(budget),
        );
        Ok(scanned(budget, holders)?
            .into_iter()
            .map(|id| Secretary { catalog, id })
            .collect())
    }

    /// Offices the sources relate this one to, by name.
    #[list(data = largest.related_offices, assumed = 10)]
    pub(crate) fn related_offices(&self) -> Counted<RelatedOffice<'a>> {
        self.data()
            .related_offices
            .iter()
            .map(|related| RelatedOffice {
                catalog: self.catalog,
                related,
            })
            .collect()
    }

    /// Where the office's facts come from.
    #[list(data = largest.sources, assumed = 20)]
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        Source::list(self.catalog.dataset(), self.data().sources.iter().copied())
    }

    /// How the dataset settled problems in its sources about this office.
    #[list(data = largest.notes_per_office, assumed = 25)]
    pub(crate) fn notes(&self) -> Counted<&'a str> {
        self.data().notes.iter().map(String::as_str).collect()
    }
}

impl<'a> Office<'a> {
    fn data(&self) -> &'a crate::domain::Office {
        self.catalog.dataset().office(self.id)
    }
}
