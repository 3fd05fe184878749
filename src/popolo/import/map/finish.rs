//! The end of the mapping: asOf, the people who hold a term, each office's terms in
//! order and its seats.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{describe, Mapper, PendingTerm};
use crate::dataset::{DatasetFile, OfficeFile, PeopleFile, PersonRecord, TermRecord};
use crate::domain::seats;
use crate::popolo::import::ids::Slugs;
use crate::popolo::import::people::person_record;
use crate::popolo::import::{Imported, Problem};

impl Mapper {
    /// The people who hold a term and each office's terms in order of start, then end,
    /// then name; asOf; each office's seats.
    pub fn finish(mut self) -> Imported {
        let as_of = self.options.as_of.or(self.latest);
        let as_of_day = as_of.unwrap_or(NaiveDate::MIN);
        // An ongoing term must have begun by asOf.
        let mut pending = std::mem::take(&mut self.pending);
        pending.retain(|term| {
            if term.end.is_some() || term.start.earliest() <= as_of_day {
                return true;
            }
            self.report.problems.push(Problem {
                object: describe("memberships", term.index as usize, ""),
                field: "start_date",
                message: format!(
                    "an ongoing membership starts `{}`, after asOf {as_of_day}: give --as-of a later day",
                    term.start
                ),
            });
            *self.report.skipped.entry("memberships").or_default() += 1;
            false
        });
        for term in &pending {
            self.holds_a_term[term.person as usize] = true;
        }
        pending.sort_by(|a, b| {
            let end = |t: &PendingTerm| t.end.as_ref().map(|e| (e.earliest(), e.latest()));
            let name = |t: &PendingTerm| self.persons[t.person as usize].name.as_ref();
            (a.office, a.start.earliest(), a.start.latest())
                .cmp(&(b.office, b.start.earliest(), b.start.latest()))
                // Ongoing last.
                .then_with(|| match (end(a), end(b)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (x, y) => y.is_some().cmp(&x.is_some()),
                })
                .then_with(|| name(a).cmp(name(b)))
                .then(a.index.cmp(&b.index))
        });
        // The persons (a copy of the file's) give way to the people records before
        // the terms are made, so the two large outputs are never beside the input.
        let (people, person_slugs) = self.people();
        self.person_index = HashMap::default();
        let mut spans: Vec<Vec<(NaiveDate, NaiveDate)>> = vec![Vec::new(); self.offices.len()];
        let mut counts = vec![0usize; self.offices.len()];
        for term in &pending {
            counts[term.office as usize] += 1;
        }
        for (office, count) in self.offices.iter_mut().zip(counts) {
            office.terms.reserve_exact(count);
        }
        for term in pending {
            let office = &mut self.offices[term.office as usize];
            if let Some(span) = seats::certain_span(&term.start, term.end.as_ref(), as_of_day) {
                spans[term.office as usize].push(span);
            }
            office.terms.push(TermRecord {
                ordinal: office.terms.len() as u32 + 1,
                number: None,
                acting: term.acting,
                holder: person_slugs[term.person as usize].clone(),
                start: term.start.to_string(),
                end: term.end.as_ref().map(ToString::to_string),
                end_reason: None,
                sources: self.sources.list_of(term.sources).to_vec(),
                party: term.party.map(|p| self.parties[p as usize].slug.clone()),
                area: term.area.map(|a| self.areas[a as usize].slug.clone()),
            });
        }
        let mut offices = Vec::with_capacity(self.offices.len());
        for (mut office, spans) in std::mem::take(&mut self.offices).into_iter().zip(spans) {
            if office.terms.is_empty() {
                self.report.left_out("posts with no membership");
                continue;
            }
            office.seats = self.seats(&office, &spans);
            offices.push(office);
        }
        offices.sort_by(|a, b| a.slug.cmp(&b.slug));
        let used: HashSet<&str> = offices.iter().map(|o| o.organization.as_str()).collect();
        self.organizations
            .retain(|o| used.contains(o.slug.as_str()));

        Imported {
            dataset: DatasetFile {
                schema: None,
                as_of: as_of_day.format("%Y-%m-%d").to_string(),
                sources: self.sources.into_records(),
                countries: self.countries,
                organizations: self.organizations,
                parties: self.parties,
                areas: self.areas,
            },
            people: PeopleFile {
                schema: None,
                people,
            },
            offices,
            report: self.report,
        }
    }

    /// An office's seats: the most of its terms that certainly hold one on the same
    /// day, or the organization's declared size when that is more; `None` for one.
    fn seats(&mut self, office: &OfficeFile, spans: &[(NaiveDate, NaiveDate)]) -> Option<u32> {
        let mut needed = seats::most_at_once(spans).max(1) as u32;
        // One seat whose ongoing term is not the last holds two.
        let last = office.terms.len() - 1;
        if needed == 1 && office.terms[..last].iter().any(|t| t.end.is_none()) {
            needed = 2;
        }
        let seats = match office.seats {
            Some(declared) if declared >= needed => declared,
            Some(declared) => {
                self.report.left_out.insert(
                    format!(
                        "of the {declared} seats `{}` declares: its memberships certainly hold {needed} at once, which the office takes",
                        office.organization
                    ),
                    1,
                );
                needed
            }
            None => needed,
        };
        (seats > 1).then_some(seats)
    }

    /// The persons who hold a term, and every person's slug (empty for the others);
    /// the persons read from the file are gone afterwards.
    fn people(&mut self) -> (Vec<PersonRecord>, Vec<String>) {
        let mut person_slugs = Slugs::default();
        let mut slugs = vec![String::new(); self.persons.len()];
        let persons = std::mem::take(&mut self.persons);
        let mut people = Vec::with_capacity(persons.len());
        for (i, person) in persons.into_iter().enumerate() {
            self.report.not_kept("persons", &person.other);
            if !self.holds_a_term[i] {
                self.report
                    .left_out("persons with no membership of an office");
                continue;
            }
            slugs[i] = person_slugs.give(&person.id, &person.name);
            people.push(person_record(
                slugs[i].clone(),
                &person,
                &self.country_by_name,
                &mut self.sources,
                &mut self.report,
            ));
        }
        (people, slugs)
    }
}
