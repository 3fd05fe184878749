//! The rule of seats: at most `seats` terms of an office certainly cover any day. The
//! loader checks it and the Popolo importer counts an office's seats with it, so both
//! read terms the same way.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;

use super::date::PartialDate;

/// The days a term surely holds its seat, half-open: from its latest possible start to
/// its earliest possible end (an ongoing term up to `as_of`), the end day left out so
/// that a handover day, on which one term ends and the next begins, counts once.
/// `None` when no day is sure.
pub fn certain_span(
    start: &PartialDate,
    end: Option<&PartialDate>,
    as_of: NaiveDate,
) -> Option<(NaiveDate, NaiveDate)> {
    let until = match end {
        Some(end) => end.earliest(),
        None => as_of.succ_opt()?,
    };
    let from = start.latest();
    (from < until).then_some((from, until))
}

/// A span that found every seat taken when it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crowded {
    /// Its index among the spans given.
    pub span: usize,
    /// The indexes of the spans holding the seats then, in order.
    pub holding: Vec<usize>,
}

/// Walks `spans` by start (ties by index): each span takes a seat unless all `seats`
/// are held, in which case it is reported and takes none.
pub fn crowded(spans: &[(NaiveDate, NaiveDate)], seats: usize) -> Vec<Crowded> {
    let mut found = Vec::new();
    walk(spans, seats, |span, holding| {
        let mut holding: Vec<usize> = holding.collect();
        holding.sort_unstable();
        found.push(Crowded { span, holding });
    });
    found
}

/// The most spans that hold a seat on one same day: the seats the terms need.
pub fn most_at_once(spans: &[(NaiveDate, NaiveDate)]) -> usize {
    walk(spans, usize::MAX, |_, _| {})
}

/// The walk of [`crowded`]; returns the most seats held at once.
fn walk(
    spans: &[(NaiveDate, NaiveDate)],
    seats: usize,
    mut on_crowded: impl FnMut(usize, &mut dyn Iterator<Item = usize>),
) -> usize {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (spans[i].0, i));
    let mut holding: BinaryHeap<Reverse<(NaiveDate, usize)>> = BinaryHeap::new();
    let mut most = 0;
    for i in order {
        let (from, until) = spans[i];
        while holding.peek().is_some_and(|Reverse((end, _))| *end <= from) {
            holding.pop();
        }
        if holding.len() >= seats {
            on_crowded(i, &mut holding.iter().map(|Reverse((_, j))| *j));
            continue;
        }
        holding.push(Reverse((until, i)));
        most = most.max(holding.len());
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a day")
    }

    fn span(from: &str, until: &str) -> (NaiveDate, NaiveDate) {
        (day(from), day(until))
    }

    #[test]
    fn a_handover_day_counts_once() {
        let spans = [
            span("2000-01-01", "2004-12-31"),
            span("2004-12-31", "2009-01-01"),
        ];
        assert_eq!(most_at_once(&spans), 1);
        assert!(crowded(&spans, 1).is_empty());
    }

    #[test]
    fn a_third_member_on_two_seats_is_crowded_and_names_the_two() {
        let spans = [
            span("2000-01-01", "2004-01-01"),
            span("2001-01-01", "2003-01-01"),
            span("2002-01-01", "2002-06-01"),
            span("2003-01-01", "2004-01-01"),
        ];
        assert_eq!(most_at_once(&spans), 3);
        assert_eq!(
            crowded(&spans, 2),
            vec![Crowded {
                span: 2,
                holding: vec![0, 1]
            }]
        );
    }

    #[test]
    fn a_term_with_no_sure_day_holds_no_seat() {
        let start: PartialDate = "1975".parse().expect("a date");
        let end: PartialDate = "1975-03-15".parse().expect("a date");
        assert_eq!(certain_span(&start, Some(&end), day("2026-11-27")), None);
        let ongoing: PartialDate = "2020-11-29".parse().expect("a date");
        assert_eq!(
            certain_span(&ongoing, None, day("2026-11-27")),
            Some(span("2020-11-29", "2026-11-28"))
        );
    }
}
