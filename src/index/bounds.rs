//! The longest lists the dataset holds, computed once when it is indexed: a query's
//! cost is estimated from them, so the estimate bounds the work a query can cause on
//! the data actually served (a million terms or twelve), and a reload recomputes them.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::domain::Dataset;

/// The size of every list the dataset can answer with, at its largest.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LargestLists {
    /// How many organizations there are.
    pub organizations: usize,
    /// How many offices there are.
    pub offices: usize,
    /// How many people there are (what a name search scans).
    pub secretaries: usize,
    /// How many terms there are.
    pub terms: usize,
    /// The most offices one organization has.
    pub offices_per_organization: usize,
    /// The most terms one office has.
    pub terms_per_office: usize,
    /// The most distinct people who held one office.
    pub holders_per_office: usize,
    /// The most terms one person held.
    pub terms_per_secretary: usize,
    /// The most terms that may have covered one same day (`servingOn`).
    pub terms_per_day: usize,
    /// The most powers one office lists.
    pub powers_per_office: usize,
    /// The most names in other languages one office or organization has.
    pub localized_names: usize,
    /// The most related offices one office names.
    pub related_offices: usize,
    /// The most notes one office has.
    pub notes_per_office: usize,
    /// The most ongoing terms one office has (`Office.incumbents`).
    pub incumbents_per_office: usize,
    /// The most other names one person has.
    pub other_names: usize,
    /// The most identifiers one person has.
    pub identifiers: usize,
    /// The most sources one office, organization, person or term cites (a term's
    /// list adds its holder's country sources).
    pub sources: usize,
    /// How many sources the dataset lists (`DatasetInfo.sources`).
    pub dataset_sources: usize,
}

impl LargestLists {
    /// Measures a dataset.
    pub fn of(dataset: &Dataset) -> Self {
        let max = |sizes: &mut dyn Iterator<Item = usize>| sizes.max().unwrap_or(0);
        let holders = dataset
            .offices
            .iter()
            .map(|o| {
                o.terms
                    .iter()
                    .map(|&t| dataset.term(t).secretary)
                    .collect::<HashSet<_>>()
                    .len()
            })
            .max()
            .unwrap_or(0);
        let sources = [
            max(&mut dataset.offices.iter().map(|o| o.sources.len())),
            max(&mut dataset.organizations.iter().map(|o| o.sources.len())),
            max(&mut dataset.secretaries.iter().map(|s| s.country_sources.len())),
            max(&mut dataset
                .terms
                .iter()
                .map(|t| t.sources.len() + dataset.secretary(t.secretary).country_sources.len())),
        ];
        Self {
            organizations: dataset.organizations.len(),
            offices: dataset.offices.len(),
            secretaries: dataset.secretaries.len(),
            terms: dataset.terms.len(),
            offices_per_organization: max(&mut dataset
                .organizations
                .iter()
                .map(|o| o.offices.len())),
            terms_per_office: max(&mut dataset.offices.iter().map(|o| o.terms.len())),
            holders_per_office: holders,
            terms_per_secretary: max(&mut dataset.secretaries.iter().map(|s| s.terms.len())),
            terms_per_day: terms_per_day(dataset),
            powers_per_office: max(&mut dataset.offices.iter().map(|o| o.powers.len())),
            localized_names: max(&mut dataset
                .offices
                .iter()
                .map(|o| o.localized_names.len())
                .chain(
                    dataset
                        .organizations
                        .iter()
                        .map(|o| o.localized_names.len()),
                )),
            related_offices: max(&mut dataset.offices.iter().map(|o| o.related_offices.len())),
            notes_per_office: max(&mut dataset.offices.iter().map(|o| o.notes.len())),
            incumbents_per_office: max(&mut dataset.offices.iter().map(|o| {
                o.terms
                    .iter()
                    .filter(|&&t| dataset.term(t).end.is_none())
                    .count()
            })),
            other_names: max(&mut dataset.secretaries.iter().map(|s| s.other_names.len())),
            identifiers: max(&mut dataset.secretaries.iter().map(|s| s.identifiers.len())),
            sources: sources.into_iter().max().unwrap_or(0),
            dataset_sources: dataset.sources.len(),
        }
    }
}

/// The most terms whose possible spans (earliest start to latest end; an ongoing term
/// to the end of time) share one day: the longest `servingOn` answer, in either mode.
fn terms_per_day(dataset: &Dataset) -> usize {
    // +1 where a span starts, -1 the day after it ends; at one day the spans that
    // ended leave before new ones come, so a same-day handover counts both terms.
    let mut events: Vec<(NaiveDate, i32)> = Vec::with_capacity(dataset.terms.len() * 2);
    for term in &dataset.terms {
        events.push((term.start.earliest(), 1));
        if let Some(after) = term.end.as_ref().and_then(|end| end.latest().succ_opt()) {
            events.push((after, -1));
        }
    }
    events.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut open, mut most) = (0i64, 0i64);
    for (_, change) in events {
        open += i64::from(change);
        most = most.max(open);
    }
    most as usize
}
