//! People and their terms.

use crate::graphql::budget::Counted;
use tenure_macros::fields;

use super::office::Office;
use super::values::{
    Area, Country, Identifier, OtherName, PartialDate, Party, Source, TermEndReason,
};
use crate::domain::{SecretaryId, TermId};
use crate::graphql::node;
use crate::graphql::opaque::GlobalId;
use crate::index::Catalog;

/// A person who has held an office.
#[derive(Clone, Copy)]
pub struct Secretary<'a> {
    /// The catalog they belong to.
    pub catalog: &'a Catalog,
    /// Who.
    pub id: SecretaryId,
}

/// A person who has held an office.
#[fields(serial)]
impl<'a> Secretary<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub(crate) fn id(&self) -> GlobalId<'a> {
        node::secretary_id(self.catalog, self.id)
    }

    /// Human key: the name folded to lowercase ASCII, e.g. ekmeleddin-ihsanoglu.
    pub(crate) fn slug(&self) -> &'a str {
        &self.data().slug
    }

    /// Name as the sources write it.
    pub(crate) fn name(&self) -> &'a str {
        &self.data().name
    }

    /// Country of origin.
    pub(crate) fn country(&self) -> Option<Country<'a>> {
        let country = self.data().country?;
        Some(Country(self.catalog.dataset().country(country)))
    }

    /// Other names they are known by: in other languages, at birth, ...
    #[list(data = largest.other_names, assumed = 20)]
    pub(crate) fn other_names(&self) -> Counted<OtherName<'a>> {
        self.data().other_names.iter().map(OtherName).collect()
    }

    /// Their identifiers in other systems, e.g. Wikidata.
    #[list(data = largest.identifiers, assumed = 10)]
    pub(crate) fn identifiers(&self) -> Counted<Identifier<'a>> {
        self.data().identifiers.iter().map(Identifier).collect()
    }

    /// Their terms of every office, by start.
    #[list(data = largest.terms_per_secretary, assumed = 10)]
    pub(crate) fn terms(&self) -> Counted<Term<'a>> {
        let catalog = self.catalog;
        self.data()
            .terms
            .iter()
            .map(|&id| Term { catalog, id })
            .collect()
    }

    /// Where the person's country of origin comes from.
    #[list(data = largest.sources, assumed = 20)]
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        Source::list(
            self.catalog.dataset(),
            self.data().country_sources.iter().copied(),
        )
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

/// One continuous tenure of one person in one office.
#[fields(serial)]
impl<'a> Term<'a> {
    /// Global ID: pass it to `Query.node` to fetch this object again.
    pub(crate) fn id(&self) -> GlobalId<'a> {
        node::term_id(self.catalog, self.id)
    }

    /// Position in the office's list of holders, from 1, acting holders included.
    pub(crate) fn ordinal(&self) -> u32 {
        self.data().ordinal
    }

    /// Whether the holder only acted in the post, between appointed holders.
    pub(crate) fn acting(&self) -> bool {
        self.data().acting
    }

    /// The office's own number for its holder, as in "the 14th Secretary General of
    /// NATO": acting holders are not counted, and a holder keeps one number across
    /// consecutive terms. Null for an acting term, or where the office's list gives no
    /// numbers.
    pub(crate) fn number(&self) -> Option<u32> {
        self.data().number
    }

    /// The office held.
    pub(crate) fn office(&self) -> Office<'a> {
        Office {
            catalog: self.catalog,
            id: self.data().office,
        }
    }

    /// The person who held it.
    pub(crate) fn secretary(&self) -> Secretary<'a> {
        Secretary {
            catalog: self.catalog,
            id: self.data().secretary,
        }
    }

    /// When the term began, at the precision the source gives.
    pub(crate) fn start(&self) -> PartialDate<'a> {
        PartialDate(&self.data().start)
    }

    /// When the term ended, at the precision the source gives. Null while the term is ongoing.
    pub(crate) fn end(&self) -> Option<PartialDate<'a>> {
        self.data().end.as_deref().map(PartialDate)
    }

    /// Why the term ended. Null while it is ongoing, or where no source says.
    pub(crate) fn end_reason(&self) -> Option<TermEndReason> {
        self.data().end_reason.map(TermEndReason::from)
    }

    /// Whether the term is ongoing: it has no end.
    pub(crate) fn is_current(&self) -> bool {
        self.data().end.is_none()
    }

    /// The party or parliamentary group the holder sat for, in an office of many seats;
    /// null where the source does not say.
    pub(crate) fn party(&self) -> Option<Party<'a>> {
        let party = self.data().party?;
        Some(Party(self.catalog.dataset().party(party)))
    }

    /// The constituency or area the holder represented, in an office of many seats; null
    /// where the source does not say.
    pub(crate) fn area(&self) -> Option<Area<'a>> {
        let area = self.data().area?;
        Some(Area(self.catalog.dataset().area(area)))
    }

    /// The term before this one in the office's list. Null for the first term, and for
    /// every term of an office of many seats, whose members do not succeed one another.
    pub(crate) fn predecessor(&self) -> Option<Term<'a>> {
        let ordinal = self.data().ordinal.checked_sub(1)?;
        self.neighbour(ordinal)
    }

    /// The term after this one in the office's list. Null for the last term, and for
    /// every term of an office of many seats.
    pub(crate) fn successor(&self) -> Option<Term<'a>> {
        self.neighbour(self.data().ordinal + 1)
    }

    /// Where the term's facts come from: its dates and holder, and its holder's country.
    #[list(data = largest.sources, assumed = 20)]
    pub(crate) fn sources(&self) -> Counted<Source<'a>> {
        let dataset = self.catalog.dataset();
        let term = self.data();
        let holder = dataset.secretary(term.secretary);
        Source::list(
            dataset,
            term.sources.iter().chain(&holder.country_sources).copied(),
        )
    }
}

impl<'a> Term<'a> {
    /// The domain term.
    pub fn data(&self) -> &'a crate::domain::Term {
        self.catalog.dataset().term(self.id)
    }

    fn neighbour(&self, ordinal: u32) -> Option<Term<'a>> {
        let office = self.catalog.dataset().office(self.data().office);
        if office.seats > 1 {
            return None;
        }
        let id = self.catalog.term_by_ordinal(self.data().office, ordinal)?;
        Some(Term {
            catalog: self.catalog,
            id,
        })
    }
}
