//! The loaded dataset with everything a query needs precomputed once: lookups by slug,
//! the orders SEMANTICS.md prescribes, a [`TermIndex`] over each order, and folded
//! names for search. Queries are plain functions returning domain values.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::domain::{
    CountryId, Dataset, DateMatch, DateRange, MatchKeys, OfficeId, OrganizationId, SecretaryId,
    Term, TermId,
};

use super::bounds::LargestLists;
use super::deadline::{Deadline, DeadlinePassed, CHECK_EVERY};
use super::interval::{Probe, TermIndex, TermKeys};
use super::page::{page, Matches, Page, PageRequest};
use super::people::{People, SecretaryFilter};

/// Terms in one fixed order, with the index over them.
#[derive(Debug, Clone)]
pub struct TermOrder {
    terms: Vec<TermId>,
    index: TermIndex,
}

impl TermOrder {
    fn new(dataset: &Dataset, terms: Vec<TermId>) -> Self {
        let keys = terms
            .iter()
            .map(|&id| term_keys(dataset, dataset.term(id)))
            .collect();
        Self {
            terms,
            index: TermIndex::new(keys),
        }
    }

    /// The term at a position.
    pub fn term(&self, position: usize) -> Option<TermId> {
        self.terms.get(position).copied()
    }

    /// How many terms the order holds.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether the order holds no term.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms that match `range` in `mode`, ready to page or count.
    pub fn filter(&self, range: DateRange, mode: DateMatch) -> TermFilter<'_> {
        TermFilter {
            order: self,
            probe: Probe::new(&range, mode),
        }
    }
}

/// The keys of a term in both modes; an ongoing term is certain up to `as_of`.
fn term_keys(dataset: &Dataset, term: &Term) -> TermKeys {
    let keys = |mode| MatchKeys::of(&term.start, term.end.as_deref(), dataset.as_of, mode);
    TermKeys::new(keys(DateMatch::Possibly), keys(DateMatch::Certainly))
}

/// The terms of a [`TermOrder`] that match one range and mode.
#[derive(Debug, Clone, Copy)]
pub struct TermFilter<'a> {
    order: &'a TermOrder,
    probe: Probe,
}

impl<'a> TermFilter<'a> {
    /// Every match, in order.
    pub fn all(&self) -> impl Iterator<Item = TermId> + 'a {
        let (order, probe) = (self.order, self.probe);
        let mut at = 0;
        std::iter::from_fn(move || {
            let found = order.index.next(at, order.len(), &probe)?;
            at = found + 1;
            Some(order.terms[found])
        })
    }

    /// One page of matches, as positions in the order.
    pub fn page(&self, request: &PageRequest) -> Page {
        page(self, request)
    }

    /// The term at a position of the order.
    pub fn term(&self, position: usize) -> TermId {
        self.order.terms[position]
    }
}

impl Matches for TermFilter<'_> {
    fn positions(&self) -> usize {
        self.order.len()
    }

    fn next(&self, lo: usize, hi: usize) -> Option<usize> {
        self.order.index.next(lo, hi, &self.probe)
    }

    fn prev(&self, lo: usize, hi: usize) -> Option<usize> {
        self.order.index.prev(lo, hi, &self.probe)
    }

    fn count(&self) -> usize {
        self.order.index.count(0, self.order.len(), &self.probe)
    }
}

/// A loaded dataset and its indexes; built once, then only read.
#[derive(Debug)]
pub struct Catalog {
    dataset: Dataset,
    version: Arc<str>,
    organization_by_slug: HashMap<String, OrganizationId>,
    office_by_slug: HashMap<String, OfficeId>,
    country_by_code: HashMap<String, CountryId>,
    /// Every term by start, office slug and ordinal (SEMANTICS.md, "Order").
    all_terms: TermOrder,
    /// Each office's terms by ordinal.
    office_terms: Vec<TermOrder>,
    /// Each office's terms by start then ordinal, where that differs from by ordinal
    /// (possible when partial starts overlap, e.g. `2001-05` then `2001`).
    office_terms_by_start: Vec<Option<TermOrder>>,
    /// People in order, searchable.
    people: People,
    /// The longest lists the dataset holds.
    largest: LargestLists,
}

impl Catalog {
    /// Indexes a dataset; `version` names its content (the same files, the same
    /// version), and is what answer caches and ETags key on.
    pub fn new(owned: Dataset, version: String) -> Self {
        let dataset = &owned;
        let by_start = |a: &TermId, b: &TermId| {
            let (a, b) = (dataset.term(*a), dataset.term(*b));
            // Office ids are in slug order, so the id stands for the slug.
            let key = |t: &Term| (t.start.earliest(), t.office, t.ordinal);
            key(a).cmp(&key(b))
        };

        // Three independent parts, built side by side: at a million terms each takes
        // a few hundred milliseconds.
        let (all_terms, (office_terms, office_terms_by_start), (people, largest)) =
            std::thread::scope(|scope| {
                let offices = scope.spawn(|| {
                    let mut office_terms = Vec::with_capacity(dataset.offices.len());
                    let mut office_terms_by_start = Vec::with_capacity(dataset.offices.len());
                    for office in &dataset.offices {
                        let mut sorted = office.terms.clone();
                        sorted.sort_by(by_start);
                        office_terms_by_start.push(
                            (sorted != office.terms).then(|| TermOrder::new(dataset, sorted)),
                        );
                        office_terms.push(TermOrder::new(dataset, office.terms.clone()));
                    }
                    (office_terms, office_terms_by_start)
                });
                let people = scope.spawn(|| (People::new(dataset), LargestLists::of(dataset)));
                // Sorted by keys read once, not through each term in every comparison;
                // a term's office and ordinal are unique, so the order is by_start's.
                let mut keyed: Vec<_> = (dataset.terms.iter().enumerate())
                    .map(|(i, t)| (t.start.earliest(), t.office, t.ordinal, TermId(i as u32)))
                    .collect();
                keyed.sort_unstable();
                let all: Vec<TermId> = keyed.into_iter().map(|(.., id)| id).collect();
                let all_terms = TermOrder::new(dataset, all);
                (all_terms, join(offices), join(people))
            });

        let organization_by_slug = slugs(
            dataset.organizations.iter().map(|o| &o.slug),
            OrganizationId,
        );
        let office_by_slug = slugs(dataset.offices.iter().map(|o| &o.slug), OfficeId);
        let country_by_code = slugs(dataset.countries.iter().map(|c| &c.code), CountryId);
        Self {
            organization_by_slug,
            office_by_slug,
            country_by_code,
            people,
            largest,
            all_terms,
            office_terms,
            office_terms_by_start,
            version: version.into(),
            dataset: owned,
        }
    }

    /// The dataset itself.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// A hash of the files the dataset was loaded from.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The same version, shared: what caches key answers on without copying it.
    pub fn version_shared(&self) -> Arc<str> {
        self.version.clone()
    }

    /// The organization with this slug.
    pub fn organization_by_slug(&self, slug: &str) -> Option<OrganizationId> {
        self.organization_by_slug.get(slug).copied()
    }

    /// The office with this slug.
    pub fn office_by_slug(&self, slug: &str) -> Option<OfficeId> {
        self.office_by_slug.get(slug).copied()
    }

    /// The country with this ISO 3166-1 alpha-2 code, as the dataset writes it (TR).
    pub fn country_by_code(&self, code: &str) -> Option<CountryId> {
        self.country_by_code.get(code).copied()
    }

    /// The person with this slug.
    pub fn secretary_by_slug(&self, slug: &str) -> Option<SecretaryId> {
        self.people.by_slug(slug)
    }

    /// The longest lists the dataset holds, for the cost of queries.
    pub fn largest_lists(&self) -> &LargestLists {
        &self.largest
    }

    /// The term of an office with this ordinal.
    pub fn term_by_ordinal(&self, office: OfficeId, ordinal: u32) -> Option<TermId> {
        let index = usize::try_from(ordinal).ok()?.checked_sub(1)?;
        self.dataset.office(office).terms.get(index).copied()
    }

    /// An office's terms by ordinal (`Office.terms`, `Office.holders`).
    pub fn office_terms(&self, office: OfficeId) -> &TermOrder {
        &self.office_terms[office.index()]
    }

    /// Terms in the order of `Query.terms`: every term, or one office's.
    pub fn terms_by_start(&self, office: Option<OfficeId>) -> &TermOrder {
        match office {
            None => &self.all_terms,
            Some(office) => self.office_terms_by_start[office.index()]
                .as_ref()
                .unwrap_or(&self.office_terms[office.index()]),
        }
    }

    /// Each person who held the office during the range, once, in the order of their
    /// first matching term; stops when `deadline` passes.
    pub fn holders(
        &self,
        office: OfficeId,
        range: DateRange,
        mode: DateMatch,
        deadline: Deadline,
    ) -> Result<Vec<SecretaryId>, DeadlinePassed> {
        let mut seen = HashSet::new();
        let mut holders = Vec::new();
        for (i, term) in self
            .office_terms(office)
            .filter(range, mode)
            .all()
            .enumerate()
        {
            if i % CHECK_EVERY == 0 {
                deadline.check()?;
            }
            let holder = self.dataset.term(term).secretary;
            if seen.insert(holder) {
                holders.push(holder);
            }
        }
        Ok(holders)
    }

    /// The terms of any office that covered the given range, in `Query.terms` order;
    /// stops when `deadline` passes.
    pub fn serving(
        &self,
        range: DateRange,
        mode: DateMatch,
        deadline: Deadline,
    ) -> Result<Vec<TermId>, DeadlinePassed> {
        let mut terms = Vec::new();
        for (i, term) in self.all_terms.filter(range, mode).all().enumerate() {
            if i % CHECK_EVERY == 0 {
                deadline.check()?;
            }
            terms.push(term);
        }
        Ok(terms)
    }

    /// People whose folded name contains the folded `search` and whose country has the
    /// ISO code `country`; stops when `deadline` passes.
    pub fn secretaries(
        &self,
        search: Option<&str>,
        country: Option<&str>,
        deadline: Deadline,
    ) -> Result<SecretaryFilter<'_>, DeadlinePassed> {
        let country = country.map(|code| {
            self.dataset
                .countries
                .iter()
                .position(|c| c.code.eq_ignore_ascii_case(code))
                .map(|i| CountryId(i as u32))
        });
        SecretaryFilter::new(&self.people, search, country, deadline)
    }
}

/// The value of a scoped thread, re-raising its panic.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn slugs<'a, T>(
    slugs: impl Iterator<Item = &'a String>,
    id: impl Fn(u32) -> T,
) -> HashMap<String, T> {
    slugs
        .enumerate()
        .map(|(index, slug)| (slug.clone(), id(index as u32)))
        .collect()
}
