//! Relay-style paging over any list whose matching positions can be searched forwards
//! and backwards, so a page of 10 costs 10 searches whatever the number of matches.

/// A list of positions `0..positions()`, some of which match the current filter.
pub trait Matches {
    /// How many positions the list has, matching or not.
    fn positions(&self) -> usize;
    /// The first matching position in `lo..hi`.
    fn next(&self, lo: usize, hi: usize) -> Option<usize>;
    /// The last matching position in `lo..hi`.
    fn prev(&self, lo: usize, hi: usize) -> Option<usize>;
    /// How many positions match.
    fn count(&self) -> usize;
}

/// What a client asked for, with cursors already turned into positions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageRequest {
    /// Only positions after this one.
    pub after: Option<usize>,
    /// Only positions before this one.
    pub before: Option<usize>,
    /// At most this many, from the start of what remains.
    pub first: Option<usize>,
    /// At most this many, from the end of what remains (after `first`).
    pub last: Option<usize>,
}

/// One page of matching positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The positions, in order.
    pub positions: Vec<usize>,
    /// Whether any match lies before the page.
    pub has_previous: bool,
    /// Whether any match lies after the page.
    pub has_next: bool,
}

/// The page `request` selects from `list`, as the Relay cursor connection specification
/// describes: cursors narrow the list, then `first` and `last` take from its ends.
/// Neighbouring pages are reported whether or not they lie beyond the cursors.
pub fn page(list: &impl Matches, request: &PageRequest) -> Page {
    let len = list.positions();
    let lo = request.after.map_or(0, |a| a.saturating_add(1)).min(len);
    let hi = request.before.unwrap_or(len).min(len).max(lo);

    let (mut positions, gap) = match (request.first, request.last) {
        (Some(first), _) => {
            let mut found = Vec::with_capacity(first.min(128));
            let mut at = lo;
            while found.len() < first {
                let Some(p) = list.next(at, hi) else { break };
                found.push(p);
                at = p + 1;
            }
            (found, lo)
        }
        (None, Some(last)) => {
            let mut found = Vec::with_capacity(last.min(128));
            let mut at = hi;
            while found.len() < last {
                let Some(p) = list.prev(lo, at) else { break };
                found.push(p);
                at = p;
            }
            found.reverse();
            (found, hi)
        }
        (None, None) => {
            let mut at = lo;
            let found: Vec<usize> = std::iter::from_fn(|| {
                let p = list.next(at, hi)?;
                at = p + 1;
                Some(p)
            })
            .collect();
            (found, lo)
        }
    };
    if let (Some(_), Some(last)) = (request.first, request.last) {
        let excess = positions.len().saturating_sub(last);
        positions.drain(..excess);
    }

    let (before, after) = match (positions.first(), positions.last()) {
        (Some(&first), Some(&last)) => (first, last + 1),
        _ => (gap, gap),
    };
    Page {
        has_previous: list.prev(0, before).is_some(),
        has_next: list.next(after, len).is_some(),
        positions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions 0..n where the even ones match.
    struct Evens(usize);

    impl Matches for Evens {
        fn positions(&self) -> usize {
            self.0
        }
        fn next(&self, lo: usize, hi: usize) -> Option<usize> {
            (lo..hi.min(self.0)).find(|p| p % 2 == 0)
        }
        fn prev(&self, lo: usize, hi: usize) -> Option<usize> {
            (lo..hi.min(self.0)).rev().find(|p| p % 2 == 0)
        }
        fn count(&self) -> usize {
            self.0.div_ceil(2)
        }
    }

    fn request(
        after: Option<usize>,
        before: Option<usize>,
        first: Option<usize>,
        last: Option<usize>,
    ) -> PageRequest {
        PageRequest {
            after,
            before,
            first,
            last,
        }
    }

    #[test]
    fn first_and_after_page_forwards() {
        let p = page(&Evens(10), &request(Some(2), None, Some(2), None));
        assert_eq!(p.positions, vec![4, 6]);
        assert!(p.has_previous && p.has_next);
    }

    #[test]
    fn last_and_before_page_backwards() {
        let p = page(&Evens(10), &request(None, Some(4), None, Some(5)));
        assert_eq!(p.positions, vec![0, 2]);
        assert!(!p.has_previous && p.has_next);
    }

    #[test]
    fn first_and_last_together_take_the_end_of_the_first() {
        let p = page(&Evens(10), &request(None, None, Some(3), Some(2)));
        assert_eq!(p.positions, vec![2, 4]);
        assert!(p.has_previous && p.has_next);
    }

    #[test]
    fn an_empty_page_still_says_what_lies_around_it() {
        let p = page(&Evens(10), &request(Some(3), None, Some(0), None));
        assert!(p.positions.is_empty());
        assert!(p.has_previous && p.has_next);
        let p = page(&Evens(10), &request(Some(8), None, Some(3), None));
        assert!(p.positions.is_empty());
        assert!(p.has_previous && !p.has_next);
    }
}
