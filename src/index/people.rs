//! People in the order `Query.secretaries` lists them (by the start of their first
//! term, then name), with what finds them fast: their names folded for search
//! (ihsanoglu finds İhsanoğlu) laid end to end in one text, so a search is one pass of
//! a substring finder over a few bytes per person, not a comparison per person. At
//! 750 000 people that pass takes milliseconds; a name-by-name scan took 600 ms.

use memchr::memmem;
use rustc_hash::FxHashMap;

use super::deadline::{Deadline, DeadlinePassed, CHECK_EVERY};
use super::page::{page, Matches, Page, PageRequest};
use crate::domain::{fold, CountryId, Dataset, Secretary, SecretaryId};

/// Separates names in the search text; no folded name or search contains it.
const SEPARATOR: u8 = b'\n';

/// The people, ordered and searchable.
#[derive(Debug)]
pub struct People {
    /// Everyone, by the start of their first term, then name.
    order: Vec<SecretaryId>,
    /// The folded names in that order, each followed by [`SEPARATOR`].
    names: String,
    /// Where each position's name starts in `names`.
    starts: Vec<u32>,
    /// Each position's country, so a country filter reads one array in order.
    countries: Vec<Option<CountryId>>,
    /// Everyone by slug.
    by_slug: FxHashMap<String, SecretaryId>,
}

impl People {
    /// Orders and indexes the people of a dataset.
    pub fn new(dataset: &Dataset) -> Self {
        // Each person's first start read once: read through their terms in every
        // comparison, it made sorting 750 000 people the largest part of indexing.
        let first_start: Vec<_> = dataset
            .secretaries
            .iter()
            .map(|s: &Secretary| s.terms.first().map(|&t| dataset.term(t).start.earliest()))
            .collect();
        let mut order: Vec<SecretaryId> = (0..dataset.secretaries.len() as u32)
            .map(SecretaryId)
            .collect();
        // By id last, so that the unstable sort gives the order a stable one would.
        order.sort_unstable_by(|&a, &b| {
            first_start[a.index()]
                .cmp(&first_start[b.index()])
                .then_with(|| dataset.secretary(a).name.cmp(&dataset.secretary(b).name))
                .then(a.cmp(&b))
        });
        let mut names = String::new();
        let mut starts = Vec::with_capacity(order.len());
        for &id in &order {
            starts.push(names.len() as u32);
            let folded = fold(&dataset.secretary(id).name);
            names.extend(
                folded
                    .chars()
                    .map(|c| if c == SEPARATOR as char { ' ' } else { c }),
            );
            names.push(SEPARATOR as char);
        }
        let countries = order
            .iter()
            .map(|&id| dataset.secretary(id).country)
            .collect();
        let mut by_slug = FxHashMap::default();
        by_slug.reserve(dataset.secretaries.len());
        for (index, secretary) in dataset.secretaries.iter().enumerate() {
            by_slug.insert(secretary.slug.clone(), SecretaryId(index as u32));
        }
        Self {
            order,
            names,
            starts,
            countries,
            by_slug,
        }
    }

    /// The person with this slug.
    pub fn by_slug(&self, slug: &str) -> Option<SecretaryId> {
        self.by_slug.get(slug).copied()
    }

    /// The positions (in order) of the people whose folded name contains the folded
    /// `search`, ascending. The names are searched [`CHECK_EVERY`] names at a time,
    /// with a look at the deadline between two stretches.
    fn search(&self, search: &str, deadline: Deadline) -> Result<Vec<u32>, DeadlinePassed> {
        let needle = fold(search);
        let mut found: Vec<u32> = Vec::new();
        if needle.is_empty() || needle.bytes().any(|b| b == SEPARATOR) {
            return Ok(found);
        }
        let finder = memmem::Finder::new(needle.as_bytes());
        let haystack = self.names.as_bytes();
        // A stretch is whole names, so no match straddles two stretches.
        let mut first = 0;
        while first < self.starts.len() {
            deadline.check()?;
            let last = (first + CHECK_EVERY).min(self.starts.len());
            let (from, to) = (self.starts[first] as usize, self.end_of(last - 1));
            // Matches come in order, so the name each falls in is found by walking
            // forward from the last one, not by a search per match.
            let mut position = first;
            for at in finder.find_iter(&haystack[from..to]) {
                let at = from + at;
                while self
                    .starts
                    .get(position + 1)
                    .is_some_and(|&next| next as usize <= at)
                {
                    position += 1;
                }
                if found.last() != Some(&(position as u32)) {
                    found.push(position as u32);
                }
            }
            first = last;
        }
        Ok(found)
    }

    /// Where the name at `position` ends, its separator included.
    fn end_of(&self, position: usize) -> usize {
        self.starts
            .get(position + 1)
            .map_or(self.names.len(), |&next| next as usize)
    }
}

/// The people who match a search and a country, in the order of their first term.
pub struct SecretaryFilter<'a> {
    people: &'a People,
    /// The matching positions, ascending; `None` when nothing filters: everyone.
    matches: Option<Vec<u32>>,
}

impl<'a> SecretaryFilter<'a> {
    /// Everyone whose folded name contains the folded `search` (an empty one matches
    /// all) and whose country is `country` (`None`: any country; `Some(None)`: a code
    /// no country of the dataset has, so nobody); stops when `deadline` passes.
    pub fn new(
        people: &'a People,
        search: Option<&str>,
        country: Option<Option<CountryId>>,
        deadline: Deadline,
    ) -> Result<Self, DeadlinePassed> {
        let mut matches = match search.filter(|s| !s.is_empty()) {
            Some(search) => Some(people.search(search, deadline)?),
            None => None,
        };
        if let Some(country) = country {
            let of_country =
                |position: u32| country.is_some() && people.countries[position as usize] == country;
            let candidates: Box<dyn Iterator<Item = u32>> = match matches {
                Some(found) => Box::new(found.into_iter()),
                None => Box::new(0..people.order.len() as u32),
            };
            let mut kept = Vec::new();
            for (seen, position) in candidates.enumerate() {
                if seen % CHECK_EVERY == 0 {
                    deadline.check()?;
                }
                if of_country(position) {
                    kept.push(position);
                }
            }
            matches = Some(kept);
        }
        Ok(Self { people, matches })
    }

    /// One page of matches, as positions in the order.
    pub fn page(&self, request: &PageRequest) -> Page {
        page(self, request)
    }

    /// The person at a position of the order.
    pub fn secretary(&self, position: usize) -> SecretaryId {
        self.people.order[position]
    }
}

impl Matches for SecretaryFilter<'_> {
    fn positions(&self) -> usize {
        self.people.order.len()
    }

    fn next(&self, lo: usize, hi: usize) -> Option<usize> {
        let hi = hi.min(self.positions());
        match &self.matches {
            None => (lo < hi).then_some(lo),
            Some(found) => {
                let at = found.partition_point(|&p| (p as usize) < lo);
                found.get(at).map(|&p| p as usize).filter(|&p| p < hi)
            }
        }
    }

    fn prev(&self, lo: usize, hi: usize) -> Option<usize> {
        let hi = hi.min(self.positions());
        match &self.matches {
            None => (lo < hi).then(|| hi - 1),
            Some(found) => {
                let at = found.partition_point(|&p| (p as usize) < hi);
                at.checked_sub(1)
                    .map(|i| found[i] as usize)
                    .filter(|&p| p >= lo)
            }
        }
    }

    fn count(&self) -> usize {
        self.matches
            .as_ref()
            .map_or(self.people.order.len(), Vec::len)
    }
}
