//! Property tests of the matching rules and the range index.
//!
//! The oracle knows nothing of keys or formulas: it enumerates every reading of a term
//! (a real first day in the start's window, a real last day in the end's window, first
//! <= last, and for an ongoing term first <= asOf <= last) and asks whether some
//! (POSSIBLY) or every (CERTAINLY) reading overlaps the range.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use tenure::domain::{DateMatch, DateRange, MatchKeys, PartialDate};
use tenure::index::{page, Matches, PageRequest, Probe, TermIndex, TermKeys};

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + Duration::days(n)
}

/// A partial date within a few years of 2000, at any precision.
fn partial_date() -> impl Strategy<Value = PartialDate> {
    (1998i32..2003, 1u32..=12, 1u32..=31, 0u8..3).prop_map(|(year, month, d, precision)| {
        let text = match precision {
            0 => format!("{year:04}"),
            1 => format!("{year:04}-{month:02}"),
            _ => {
                let last = (28..=31)
                    .rev()
                    .find(|&x| NaiveDate::from_ymd_opt(year, month, x).is_some())
                    .unwrap();
                format!("{year:04}-{month:02}-{:02}", d.min(last))
            }
        };
        text.parse().unwrap()
    })
}

#[derive(Debug, Clone)]
struct TermDates {
    start: PartialDate,
    end: Option<PartialDate>,
}

/// A term the loader would accept: its end can fall on or after its start, and an
/// ongoing term began by asOf.
fn term(as_of: NaiveDate) -> impl Strategy<Value = TermDates> {
    (partial_date(), partial_date(), any::<bool>()).prop_filter_map(
        "end before start",
        move |(a, b, ongoing)| {
            let (start, end) = if a.earliest() <= b.earliest() {
                (a, b)
            } else {
                (b, a)
            };
            if ongoing {
                (start.earliest() <= as_of).then_some(TermDates { start, end: None })
            } else {
                (start.earliest() <= end.latest()).then_some(TermDates {
                    start,
                    end: Some(end),
                })
            }
        },
    )
}

fn range() -> impl Strategy<Value = DateRange> {
    (
        proptest::option::of(-800i64..2200),
        proptest::option::of(-800i64..2200),
    )
        .prop_map(|(a, b)| {
            let (from, to) = match (a, b) {
                (Some(a), Some(b)) if a > b => (Some(b), Some(a)),
                other => other,
            };
            DateRange::new(from.map(day), to.map(day)).unwrap()
        })
}

fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

/// Every reading of a term, as (first day, last day). An ongoing term's last day is
/// cut at `horizon`, past every range's bounds, where more days change nothing.
fn readings(t: &TermDates, as_of: NaiveDate, horizon: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut all = Vec::new();
    for f in days(t.start.earliest(), t.start.latest()) {
        match &t.end {
            Some(end) => {
                for l in days(end.earliest(), end.latest()).filter(|l| f <= *l) {
                    all.push((f, l));
                }
            }
            None if f <= as_of => {
                for l in days(as_of, horizon) {
                    all.push((f, l));
                }
            }
            None => {}
        }
    }
    all
}

fn oracle(t: &TermDates, as_of: NaiveDate, range: &DateRange, mode: DateMatch) -> bool {
    let horizon = day(2300);
    let overlaps = |(f, l): &(NaiveDate, NaiveDate)| {
        range.to().is_none_or(|to| *f <= to) && range.from().is_none_or(|from| *l >= from)
    };
    let readings = readings(t, as_of, horizon);
    assert!(!readings.is_empty(), "a valid term has a reading: {t:?}");
    match mode {
        DateMatch::Possibly => readings.iter().any(overlaps),
        DateMatch::Certainly => readings.iter().all(overlaps),
    }
}

fn keys(t: &TermDates, as_of: NaiveDate, mode: DateMatch) -> MatchKeys {
    MatchKeys::of(&t.start, t.end.as_ref(), as_of, mode)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn matching_agrees_with_every_reading_of_the_dates(
        (as_of, t) in (0i64..1500).prop_flat_map(|n| (Just(day(n)), term(day(n)))),
        range in range(),
    ) {
        for mode in [DateMatch::Possibly, DateMatch::Certainly] {
            prop_assert_eq!(
                keys(&t, as_of, mode).matches(&range),
                oracle(&t, as_of, &range, mode),
                "{:?} {:?} asOf {} range {:?}", mode, t, as_of, range
            );
        }
    }

    #[test]
    fn certainly_implies_possibly_and_wider_ranges_keep_possible_matches(
        t in term(day(1200)),
        range in range(),
        widen in 0i64..400,
    ) {
        let as_of = day(1200);
        let certain = keys(&t, as_of, DateMatch::Certainly).matches(&range);
        let possible = keys(&t, as_of, DateMatch::Possibly).matches(&range);
        prop_assert!(!certain || possible);
        let wider = DateRange::new(
            range.from().map(|d| d - Duration::days(widen)),
            range.to().map(|d| d + Duration::days(widen)),
        ).unwrap();
        prop_assert!(!possible || keys(&t, as_of, DateMatch::Possibly).matches(&wider));
    }

    #[test]
    fn partial_dates_round_trip_through_their_iso_text(d in partial_date()) {
        prop_assert!(d.earliest() <= d.latest());
        let again: PartialDate = d.iso().parse().unwrap();
        prop_assert_eq!(again, d);
    }

    #[test]
    fn the_index_finds_exactly_what_a_scan_finds(
        terms in proptest::collection::vec(term(day(1200)), 0..300),
        range in range(),
        certainly in any::<bool>(),
        lo in 0usize..320,
        span in 0usize..320,
        first in proptest::option::of(0usize..40),
        last in proptest::option::of(0usize..40),
        after in proptest::option::of(0usize..320),
        before in proptest::option::of(0usize..320),
        sort in any::<bool>(),
    ) {
        let as_of = day(1200);
        let mode = if certainly { DateMatch::Certainly } else { DateMatch::Possibly };
        let mut terms = terms;
        if sort {
            // The orders the server uses are by start: the index's common case.
            terms.sort_by_key(|t| t.start.earliest());
        }
        let index = TermIndex::new(
            terms.iter()
                .map(|t| TermKeys::new(keys(t, as_of, DateMatch::Possibly), keys(t, as_of, DateMatch::Certainly)))
                .collect(),
        );
        let probe = Probe::new(&range, mode);
        let matching: Vec<usize> = (0..terms.len())
            .filter(|&i| keys(&terms[i], as_of, mode).matches(&range))
            .collect();
        let hi = (lo + span).min(terms.len());
        let in_window: Vec<usize> = matching.iter().copied().filter(|&p| p >= lo && p < hi).collect();

        prop_assert_eq!(index.count(0, terms.len(), &probe), matching.len());
        prop_assert_eq!(index.count(lo, hi, &probe), in_window.len());
        prop_assert_eq!(index.next(lo, hi, &probe), in_window.first().copied());
        prop_assert_eq!(index.prev(lo, hi, &probe), in_window.last().copied());

        struct Scan<'a>(&'a [usize], usize);
        impl Matches for Scan<'_> {
            fn positions(&self) -> usize { self.1 }
            fn next(&self, lo: usize, hi: usize) -> Option<usize> { self.0.iter().copied().find(|&p| p >= lo && p < hi) }
            fn prev(&self, lo: usize, hi: usize) -> Option<usize> { self.0.iter().rev().copied().find(|&p| p >= lo && p < hi) }
            fn count(&self) -> usize { self.0.len() }
        }
        struct Indexed<'a>(&'a TermIndex, Probe);
        impl Matches for Indexed<'_> {
            fn positions(&self) -> usize { self.0.len() }
            fn next(&self, lo: usize, hi: usize) -> Option<usize> { self.0.next(lo, hi, &self.1) }
            fn prev(&self, lo: usize, hi: usize) -> Option<usize> { self.0.prev(lo, hi, &self.1) }
            fn count(&self) -> usize { self.0.count(0, self.0.len(), &self.1) }
        }
        let request = PageRequest { after, before, first, last };
        prop_assert_eq!(
            page(&Indexed(&index, probe), &request),
            page(&Scan(&matching, terms.len()), &request)
        );
    }
}
