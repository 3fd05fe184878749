//! A range index over terms kept in one fixed order (an office's ordinals, or every
//! term by start), answering "the next, previous or number of terms in positions
//! lo..hi that match this range" without looking at terms that cannot match.
//!
//! Each term has two keys per mode (see [`MatchKeys`]): it matches when
//! `first <= to && last >= from`. The positions are cut into blocks of [`BLOCK`] terms,
//! and a complete binary tree over the blocks keeps, per node and mode, the least and
//! greatest `first` and `last` below it. A search skips every node whose least `first`
//! is after `to` or whose greatest `last` is before `from`, and counts a node whole when
//! its greatest `first` and least `last` already match.
//!
//! Cost: in the orders used here, keys grow with the position (terms are listed by
//! start, and terms are short next to the span of a dataset), so the matches of a range
//! form a run of positions plus a few long terms, and a search visits O(log n) nodes per
//! match or per boundary of that run: O(log n + k) for k matches. For POSSIBLY in the
//! global order `first` is the sort key itself, so the bound holds for any data.

use chrono::{Datelike, NaiveDate};

use crate::domain::{DateMatch, DateRange, MatchKeys};

/// Terms per leaf block: scanning 16 keys is cheaper than another tree level.
const BLOCK: usize = 16;

/// One term's keys in both modes, as day numbers.
#[derive(Debug, Clone, Copy)]
pub struct TermKeys {
    keys: [(i32, i32); 2],
}

impl TermKeys {
    /// The keys of a term, from its keys in each mode.
    pub fn new(possibly: MatchKeys, certainly: MatchKeys) -> Self {
        Self {
            keys: [day_pair(possibly), day_pair(certainly)],
        }
    }
}

fn day_pair(keys: MatchKeys) -> (i32, i32) {
    (
        day_number(keys.first),
        keys.last.map_or(i32::MAX, day_number),
    )
}

fn day_number(day: NaiveDate) -> i32 {
    day.num_days_from_ce()
}

/// A range and mode, as day numbers: a term matches when `first <= to && last >= from`.
#[derive(Debug, Clone, Copy)]
pub struct Probe {
    mode: usize,
    from: i32,
    to: i32,
}

impl Probe {
    /// The probe for terms that match `range` in `mode`.
    pub fn new(range: &DateRange, mode: DateMatch) -> Self {
        Self {
            mode: match mode {
                DateMatch::Possibly => 0,
                DateMatch::Certainly => 1,
            },
            from: range.from().map_or(i32::MIN, day_number),
            to: range.to().map_or(i32::MAX, day_number),
        }
    }

    fn matches(&self, keys: &TermKeys) -> bool {
        let (first, last) = keys.keys[self.mode];
        first <= self.to && last >= self.from
    }
}

/// Least and greatest keys below a node, per mode.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    min_first: i32,
    max_first: i32,
    min_last: i32,
    max_last: i32,
}

impl Bounds {
    /// The bounds of nothing: matches no probe.
    const EMPTY: Self = Self {
        min_first: i32::MAX,
        max_first: i32::MIN,
        min_last: i32::MAX,
        max_last: i32::MIN,
    };

    fn add(&mut self, (first, last): (i32, i32)) {
        self.min_first = self.min_first.min(first);
        self.max_first = self.max_first.max(first);
        self.min_last = self.min_last.min(last);
        self.max_last = self.max_last.max(last);
    }

    fn join(a: Self, b: Self) -> Self {
        Self {
            min_first: a.min_first.min(b.min_first),
            max_first: a.max_first.max(b.max_first),
            min_last: a.min_last.min(b.min_last),
            max_last: a.max_last.max(b.max_last),
        }
    }

    fn may_match(&self, probe: &Probe) -> bool {
        self.min_first <= probe.to && self.max_last >= probe.from
    }

    fn all_match(&self, probe: &Probe) -> bool {
        self.max_first <= probe.to && self.min_last >= probe.from
    }
}

/// The index over one order of terms; positions are indexes into that order.
#[derive(Debug, Clone)]
pub struct TermIndex {
    keys: Vec<TermKeys>,
    /// Node 1 is the root; node `i` has children `2i` and `2i + 1`; leaves start at
    /// `leaves`. Each node holds its bounds for each mode.
    tree: Vec<[Bounds; 2]>,
    leaves: usize,
}

impl TermIndex {
    /// Builds the index over terms given in their order.
    pub fn new(keys: Vec<TermKeys>) -> Self {
        let blocks = keys.len().div_ceil(BLOCK).max(1);
        let leaves = blocks.next_power_of_two();
        let mut tree = vec![[Bounds::EMPTY; 2]; 2 * leaves];
        for (position, term) in keys.iter().enumerate() {
            let node = &mut tree[leaves + position / BLOCK];
            node[0].add(term.keys[0]);
            node[1].add(term.keys[1]);
        }
        for node in (1..leaves).rev() {
            let (left, right) = (tree[2 * node], tree[2 * node + 1]);
            tree[node] = [
                Bounds::join(left[0], right[0]),
                Bounds::join(left[1], right[1]),
            ];
        }
        Self { keys, tree, leaves }
    }

    /// How many terms the order holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the order is empty.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The first position in `lo..hi` whose term matches.
    pub fn next(&self, lo: usize, hi: usize, probe: &Probe) -> Option<usize> {
        let hi = hi.min(self.len());
        (lo < hi).then(|| self.next_in(1, 0, self.span(), lo, hi, probe))?
    }

    /// The last position in `lo..hi` whose term matches.
    pub fn prev(&self, lo: usize, hi: usize, probe: &Probe) -> Option<usize> {
        let hi = hi.min(self.len());
        (lo < hi).then(|| self.prev_in(1, 0, self.span(), lo, hi, probe))?
    }

    /// How many positions in `lo..hi` hold a matching term.
    pub fn count(&self, lo: usize, hi: usize, probe: &Probe) -> usize {
        let hi = hi.min(self.len());
        if lo >= hi {
            return 0;
        }
        self.count_in(1, 0, self.span(), lo, hi, probe)
    }

    /// Every matching position in `lo..hi`, in order, found one at a time.
    pub fn matches<'a>(
        &'a self,
        lo: usize,
        hi: usize,
        probe: &'a Probe,
    ) -> impl Iterator<Item = usize> + 'a {
        let mut at = lo;
        std::iter::from_fn(move || {
            let found = self.next(at, hi, probe)?;
            at = found + 1;
            Some(found)
        })
    }

    fn span(&self) -> usize {
        self.leaves * BLOCK
    }

    fn next_in(
        &self,
        node: usize,
        start: usize,
        end: usize,
        lo: usize,
        hi: usize,
        probe: &Probe,
    ) -> Option<usize> {
        if end <= lo || hi <= start || !self.tree[node][probe.mode].may_match(probe) {
            return None;
        }
        if node >= self.leaves {
            return (start.max(lo)..end.min(hi)).find(|&p| probe.matches(&self.keys[p]));
        }
        let mid = start + (end - start) / 2;
        self.next_in(2 * node, start, mid, lo, hi, probe)
            .or_else(|| self.next_in(2 * node + 1, mid, end, lo, hi, probe))
    }

    fn prev_in(
        &self,
        node: usize,
        start: usize,
        end: usize,
        lo: usize,
        hi: usize,
        probe: &Probe,
    ) -> Option<usize> {
        if end <= lo || hi <= start || !self.tree[node][probe.mode].may_match(probe) {
            return None;
        }
        if node >= self.leaves {
            return (start.max(lo)..end.min(hi))
                .rev()
                .find(|&p| probe.matches(&self.keys[p]));
        }
        let mid = start + (end - start) / 2;
        self.prev_in(2 * node + 1, mid, end, lo, hi, probe)
            .or_else(|| self.prev_in(2 * node, start, mid, lo, hi, probe))
    }

    fn count_in(
        &self,
        node: usize,
        start: usize,
        end: usize,
        lo: usize,
        hi: usize,
        probe: &Probe,
    ) -> usize {
        let bounds = &self.tree[node][probe.mode];
        if end <= lo || hi <= start || !bounds.may_match(probe) {
            return 0;
        }
        // Bounds cover real terms only, so a node that runs into the padding past the
        // last term is whole once its real part is inside lo..hi.
        let real_end = end.min(self.len());
        if lo <= start && real_end <= hi && bounds.all_match(probe) {
            return real_end - start;
        }
        if node >= self.leaves {
            return (start.max(lo)..end.min(hi))
                .filter(|&p| probe.matches(&self.keys[p]))
                .count();
        }
        let mid = start + (end - start) / 2;
        self.count_in(2 * node, start, mid, lo, hi, probe)
            + self.count_in(2 * node + 1, mid, end, lo, hi, probe)
    }
}
