//! People and their terms.

use super::Fields;
use crate::graphql::budget::Counted;
use crate::graphql::cost_directives::list_size;
use async_graphql::{Object, ID};

use super::office::Office;
use super::values::{Country, PartialDate, Source};
use crate::domain::{SecretaryId, TermId};
use crate::graphql::node;
use crate::index::Catalog;

/// A person who has held an office.
#[derive(Clone, Copy)]
pub struct Secretary<'a> {
    /// The catalog they belong to.
    pub catalog: &'a Catalog,
    /// Who.
    pub id: SecretaryId,
}

// The logic of each field of `Secretary`, shared by its resolvers below and the
// prepared plans (src/graphql/plan).
impl<'a> Fields<&Secretary<'a>> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub(crate) fn id(&self) -> ID {
        let this = self.0;
        node::secretary_id(this.catalog, this.id)
    }

    /// Human key: the name folded to lowercase ASCII, e.g. ekmeleddin-ihsanoglu.
    pub(crate) fn slug(&self) -> &'a str {
        let this = self.0;
        &this.data().slug
    }

    /// Name as the sources write it.
    pub(crate) fn name(&self) -> &'a str {
        let this = self.0;
        &this.data().name
    }

    /// Country of origin.
    pub(crate) fn country(&self) -> Option<Country<'a>> {
        let this = self.0;
        let country = this.data().country?;
        Some(Country(this.catalog.dataset().country(country)))
    }

    /// Their terms of every office, by start.
    pub(crate) fn terms(&self) -> Counted<Term<'a>> {
        let this = self.0;
        let catalog = this.catalog;
        this.data()
            .terms
            .iter()
            .map(|&id| Term { catalog, id })
            .collect()
    }

    /// Where the person's country of origin comes from.
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        let this = self.0;
        Source::list(
            this.catalog.dataset(),
            this.data().country_sources.iter().copied(),
        )
    }
}

/// A person who has held an office.
#[Object(serial)]
impl<'a> Secretary<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub async fn id(&self) -> ID {
        Fields(self).id()
    }

    /// Human key: the name folded to lowercase ASCII, e.g. ekmeleddin-ihsanoglu.
    async fn slug(&self) -> &'a str {
        Fields(self).slug()
    }

    /// Name as the sources write it.
    async fn name(&self) -> &'a str {
        Fields(self).name()
    }

    /// Country of origin.
    async fn country(&self) -> Option<Country<'a>> {
        Fields(self).country()
    }

    /// Their terms of every office, by start.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn terms(&self) -> Counted<Term<'a>> {
        Fields(self).terms()
    }

    /// Where the person's country of origin comes from.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn sources(&self) -> Counted<Source<'a>> {
        Fields(self).sources()
    }
}

impl<'a> Secretary<'a> {
    fn data(&self) -> &'a crate::domain::Secretary {
        self.catalog.dataset().secretary(self.id)
    }
}

/// One continuous tenure of one person in one office.
#[derive(Clone, Copy)]
pub struct Term<'a> {
    /// The catalog it belongs to.
    pub catalog: &'a Catalog,
    /// Which term.
    pub id: TermId,
}

// The logic of each field of `Term`, shared by its resolvers below and the
// prepared plans (src/graphql/plan).
impl<'a> Fields<&Term<'a>> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub(crate) fn id(&self) -> ID {
        let this = self.0;
        node::term_id(this.catalog, this.id)
    }

    /// Position in the office's list of holders, from 1.
    pub(crate) fn ordinal(&self) -> u32 {
        let this = self.0;
        this.data().ordinal
    }

    /// The office held.
    pub(crate) fn office(&self) -> Office<'a> {
        let this = self.0;
        Office {
            catalog: this.catalog,
            id: this.data().office,
        }
    }

    /// The person who held it.
    pub(crate) fn secretary(&self) -> Secretary<'a> {
        let this = self.0;
        Secretary {
            catalog: this.catalog,
            id: this.data().secretary,
        }
    }

    /// When the term began, at the precision the source gives.
    pub(crate) fn start(&self) -> PartialDate<'a> {
        let this = self.0;
        PartialDate(&this.data().start)
    }

    /// When the term ended, at the precision the source gives. Null while the term is ongoing.
    pub(crate) fn end(&self) -> Option<PartialDate<'a>> {
        let this = self.0;
        this.data().end.as_deref().map(PartialDate)
    }

    /// Whether the term is ongoing: it has no end.
    pub(crate) fn is_current(&self) -> bool {
        let this = self.0;
        this.data().end.is_none()
    }

    /// The term before this one in the office's list.
    pub(crate) fn predecessor(&self) -> Option<Term<'a>> {
        let this = self.0;
        let ordinal = this.data().ordinal.checked_sub(1)?;
        this.neighbour(ordinal)
    }

    /// The term after this one in the office's list.
    pub(crate) fn successor(&self) -> Option<Term<'a>> {
        let this = self.0;
        this.neighbour(this.data().ordinal + 1)
    }

    /// Where the term's facts come from: its dates and holder, and its holder's country.
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        let this = self.0;
        let dataset = this.catalog.dataset();
        let term = this.data();
        let holder = dataset.secretary(term.secretary);
        Source::list(
            dataset,
            term.sources.iter().chain(&holder.country_sources).copied(),
        )
    }
}

/// One continuous tenure of one person in one office.
#[Object(serial)]
impl<'a> Term<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub async fn id(&self) -> ID {
        Fields(self).id()
    }

    /// Position in the office's list of holders, from 1.
    async fn ordinal(&self) -> u32 {
        Fields(self).ordinal()
    }

    /// The office held.
    async fn office(&self) -> Office<'a> {
        Fields(self).office()
    }

    /// The person who held it.
    async fn secretary(&self) -> Secretary<'a> {
        Fields(self).secretary()
    }

    /// When the term began, at the precision the source gives.
    async fn start(&self) -> PartialDate<'a> {
        Fields(self).start()
    }

    /// When the term ended, at the precision the source gives. Null while the term is ongoing.
    async fn end(&self) -> Option<PartialDate<'a>> {
        Fields(self).end()
    }

    /// Whether the term is ongoing: it has no end.
    async fn is_current(&self) -> bool {
        Fields(self).is_current()
    }

    /// The term before this one in the office's list.
    async fn predecessor(&self) -> Option<Term<'a>> {
        Fields(self).predecessor()
    }

    /// The term after this one in the office's list.
    async fn successor(&self) -> Option<Term<'a>> {
        Fields(self).successor()
    }

    /// Where the term's facts come from: its dates and holder, and its holder's country.
    #[graphql(directive = list_size::apply(Some(10), None, None, None))]
    async fn sources(&self) -> Counted<Source<'a>> {
        Fields(self).sources()
    }
}

impl<'a> Term<'a> {
    /// The domain term.
    pub fn data(&self) -> &'a crate::domain::Term {
        self.catalog.dataset().term(self.id)
    }

    fn neighbour(&self, ordinal: u32) -> Option<Term<'a>> {
        let id = self.catalog.term_by_ordinal(self.data().office, ordinal)?;
        Some(Term {
            catalog: self.catalog,
            id,
        })
    }
}
