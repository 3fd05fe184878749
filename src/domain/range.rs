//! Ranges of days and the two ways a term with partial dates matches one.
//!
//! The rules are SEMANTICS.md's "Matching a term against a range", written so the
//! index and the brute-force oracle in the tests can share nothing but this file's
//! definition of a term's *keys*: the four days that decide every match.

use chrono::NaiveDate;

use super::date::PartialDate;

/// An inclusive range of days; `None` leaves that side open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateRange {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// A range whose start is after its end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the range's `from` ({from}) is after its `to` ({to}): give from <= to, or leave a side open"
)]
pub struct InvertedRange {
    /// The start given.
    pub from: NaiveDate,
    /// The end given.
    pub to: NaiveDate,
}

impl DateRange {
    /// A range from `from` to `to`, both included; a range that ends before it starts is an
    /// error, not an empty range (SEMANTICS.md).
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Self, InvertedRange> {
        match (from, to) {
            (Some(from), Some(to)) if from > to => Err(InvertedRange { from, to }),
            _ => Ok(Self { from, to }),
        }
    }

    /// The range of one day, as `servingOn(date:)` asks.
    pub fn day(day: NaiveDate) -> Self {
        Self {
            from: Some(day),
            to: Some(day),
        }
    }

    /// The range with both sides open: every term matches it.
    pub fn all() -> Self {
        Self::default()
    }

    /// The first day, if the range has one.
    pub fn from(&self) -> Option<NaiveDate> {
        self.from
    }

    /// The last day, if the range has one.
    pub fn to(&self) -> Option<NaiveDate> {
        self.to
    }
}

/// How a term whose dates are only partly known is matched against a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DateMatch {
    /// Some reading of the dates overlaps the range.
    #[default]
    Possibly,
    /// Every reading of the dates overlaps the range.
    Certainly,
}

/// The two days that decide whether a term matches a range in one mode: the term
/// matches when `first <= to` and `last >= from`.
///
/// A *reading* of a term is a real first day `f` in its start's window and a real last
/// day `l` in its end's window with `f <= l`; an ongoing term was in office on `as_of`,
/// so `f <= as_of <= l`. POSSIBLY asks that some reading overlap the range, CERTAINLY
/// that every reading does (SEMANTICS.md). The keys are the extreme readings:
///
/// - POSSIBLY: the earliest possible first day and the latest possible last day
///   (`None`: an ongoing term may go on past any date).
/// - CERTAINLY: the latest possible first day and the earliest possible last day.
///   These are SEMANTICS.md's `S.latest` and `E.earliest` (`as_of` for an ongoing
///   term), clamped by `f <= l` when the start's and end's windows overlap: a term
///   from "1975" to "15 March 1975" surely covered 15 March 1975, although `S.latest`
///   (31 December) is after it. Where the windows do not overlap, as in every term of
///   the bundled data, the clamp changes nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchKeys {
    /// The day the term must have begun by.
    pub first: NaiveDate,
    /// The day the term must have lasted to; `None` is "no limit".
    pub last: Option<NaiveDate>,
}

impl MatchKeys {
    /// The keys of a term from `start` to `end` (`None`: ongoing), known true up to
    /// `as_of`.
    pub fn of(
        start: &PartialDate,
        end: Option<&PartialDate>,
        as_of: NaiveDate,
        mode: DateMatch,
    ) -> Self {
        match (mode, end) {
            (DateMatch::Possibly, _) => Self {
                first: start.earliest(),
                last: end.map(PartialDate::latest),
            },
            (DateMatch::Certainly, Some(end)) => Self {
                first: start.latest().min(end.latest()),
                last: Some(end.earliest().max(start.earliest())),
            },
            (DateMatch::Certainly, None) => Self {
                first: start.latest().min(as_of),
                last: Some(as_of.max(start.earliest())),
            },
        }
    }

    /// Whether a term with these keys matches `range`; both sides inclusive.
    pub fn matches(&self, range: &DateRange) -> bool {
        let begun = range.to.is_none_or(|to| self.first <= to);
        let lasted = match (range.from, self.last) {
            (None, _) | (_, None) => true,
            (Some(from), Some(last)) => last >= from,
        };
        begun && lasted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("valid day")
    }

    fn date(s: &str) -> PartialDate {
        s.parse().expect("valid date")
    }

    #[test]
    fn an_inverted_range_is_an_error_that_names_both_days() {
        let err = DateRange::new(Some(day("2020-01-02")), Some(day("2020-01-01"))).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the range's `from` (2020-01-02) is after its `to` (2020-01-01): give from <= to, or leave a side open"
        );
    }

    #[test]
    fn a_year_term_possibly_but_not_certainly_covers_a_day_in_it() {
        let (start, end) = (date("1974"), date("1975"));
        let asof = day("2026-11-27");
        let range = DateRange::day(day("1975-06-15"));
        assert!(MatchKeys::of(&start, Some(&end), asof, DateMatch::Possibly).matches(&range));
        assert!(!MatchKeys::of(&start, Some(&end), asof, DateMatch::Certainly).matches(&range));
    }

    #[test]
    fn an_ongoing_term_is_certain_only_up_to_as_of() {
        let start = date("2020-11-29");
        let asof = day("2026-11-27");
        let keys = MatchKeys::of(&start, None, asof, DateMatch::Certainly);
        assert!(keys.matches(&DateRange::day(asof)));
        assert!(!keys.matches(&DateRange::day(day("2026-11-28"))));
        let keys = MatchKeys::of(&start, None, asof, DateMatch::Possibly);
        assert!(keys.matches(&DateRange::day(day("2100-01-01"))));
    }

    #[test]
    fn a_term_whose_start_and_end_windows_overlap_is_certain_where_every_reading_agrees() {
        let (start, end) = (date("1975"), date("1975-03-15"));
        let keys = MatchKeys::of(&start, Some(&end), day("2026-11-27"), DateMatch::Certainly);
        assert!(keys.matches(&DateRange::day(day("1975-03-15"))));
        assert!(!keys.matches(&DateRange::day(day("1975-03-16"))));
        assert!(!keys.matches(&DateRange::day(day("1975-01-02"))));
    }

    #[test]
    fn open_sides_match_everything_on_that_side() {
        let keys = MatchKeys::of(
            &date("1971"),
            Some(&date("1973")),
            day("2026-11-27"),
            DateMatch::Certainly,
        );
        assert!(keys.matches(&DateRange::all()));
        assert!(keys.matches(&DateRange::new(None, Some(day("1971-12-31"))).unwrap()));
        assert!(!keys.matches(&DateRange::new(None, Some(day("1971-12-30"))).unwrap()));
        assert!(keys.matches(&DateRange::new(Some(day("1973-01-01")), None).unwrap()));
    }
}
