//! Range lookups on the catalog, in process (no GraphQL, no HTTP), at each dataset size.
//!
//! - `serving_on/narrow/{mode}/{size}`: one office's terms on one day, as
//!   `Office.terms(servingOn:)` asks: the page of `first: 10` plus `totalCount`.
//!   The day is the real start day of a term from the middle of the office's list, so
//!   k (the number of matches) is about 1–3.
//! - `serving_on/global_first_page/{mode}/{size}`: the same day over every term in
//!   `Query.terms` order, page of 10 only. k is large (about one term per office), but
//!   a page costs about 10 searches.
//! - `serving_on/global_count/{mode}/{size}`: `totalCount` of that global match.
//! - `terms_during/narrow/{mode}/{size}`: a 3-day range in one office, page of 10 plus
//!   count.
//! - `terms_during/wide/{mode}/{size}`: a range covering the office's whole span (k is
//!   every term of the office), page of 10 plus count.
//! - `scan_baseline/all_terms/{mode}/{size}`: the narrow one-office lookup as a plain
//!   loop over every term of the dataset with `MatchKeys::of(..).matches(..)`, the loop
//!   the index replaces; `scan_baseline/office_terms/{mode}/{size}` loops over the
//!   office's own terms only.
//!
//! Every iteration takes the next of 256 precomputed (office, day) lookups, so the
//! figures are not those of one hot path through the tree. The dataset of each size is
//! generated, loaded and indexed once, when its first benchmark runs, and dropped before
//! the next size. `TENURE_BENCH_SIZES=12,10000` restricts the sizes.

mod common;

use std::cell::OnceCell;
use std::hint::black_box;
use std::time::Instant;

use chrono::{Duration, NaiveDate};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tenure::dataset;
use tenure::domain::{
    DateMatch, DatePrecision, DateRange, MatchKeys, OfficeId, PartialDate, Term, TermId,
};
use tenure::index::{Catalog, Matches, PageRequest};

// The server's allocator, so allocation in paging costs what it costs when serving.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How the generator names its synthetic offices (`office-000042`).
const GENERATED_OFFICE_PREFIX: &str = "office-";

/// How many (office, day) lookups each benchmark cycles through.
const LOOKUPS: usize = 256;

const MODES: [(&str, DateMatch); 2] = [
    ("possibly", DateMatch::Possibly),
    ("certainly", DateMatch::Certainly),
];

/// `first: 10`, the page every benchmark asks for.
const FIRST_10: PageRequest = PageRequest {
    after: None,
    before: None,
    first: Some(10),
    last: None,
};

/// One lookup: an office and the ranges asked of it.
#[derive(Debug, Clone, Copy)]
struct Lookup {
    office: OfficeId,
    /// The real start day of a term from the middle of the office's list.
    day: DateRange,
    /// That day with one day either side.
    narrow: DateRange,
    /// From the office's first possible day to its last.
    wide: DateRange,
}

/// A dataset's catalog and the lookups to cycle through.
struct Fixture {
    catalog: Catalog,
    lookups: Vec<Lookup>,
}

impl Fixture {
    fn new(size: usize) -> Self {
        let dir = common::generate(size);
        let started = Instant::now();
        let loaded = dataset::load(dir.path()).expect("the generated dataset loads");
        let catalog = Catalog::new(loaded.dataset, loaded.version);
        eprintln!(
            "loaded and indexed {} terms in {} offices in {:.2?}",
            catalog.dataset().terms.len(),
            catalog.dataset().offices.len(),
            started.elapsed()
        );
        drop(dir);
        let lookups = lookups(&catalog);
        let fixture = Self { catalog, lookups };
        fixture.check_against_scan();
        fixture.report_matches(size);
        fixture
    }

    /// The `i`th lookup, cycling.
    fn lookup(&self, i: usize) -> &Lookup {
        &self.lookups[i % self.lookups.len()]
    }

    /// The index and the plain loops agree on a few lookups.
    fn check_against_scan(&self) {
        for lookup in self.lookups.iter().take(8) {
            for (_, mode) in MODES {
                let filter = self
                    .catalog
                    .office_terms(lookup.office)
                    .filter(lookup.day, mode);
                let mut indexed: Vec<TermId> = filter.all().collect();
                indexed.sort_unstable();
                for (mut scanned, count) in [
                    scan_all_terms(&self.catalog, lookup.office, &lookup.day, mode),
                    scan_office_terms(&self.catalog, lookup.office, &lookup.day, mode),
                ] {
                    assert_eq!(count, filter.count(), "the scan counts what the index does");
                    if count <= 10 {
                        scanned.sort_unstable();
                        assert_eq!(scanned, indexed, "the scan finds what the index does");
                    }
                }
            }
        }
    }

    /// Prints how many terms each kind of lookup matches, to check that "narrow" is.
    fn report_matches(&self, size: usize) {
        let all = self.catalog.terms_by_start(None);
        for (name, mode) in MODES {
            let office = |range: fn(&Lookup) -> DateRange| {
                summary(self.lookups.iter().map(|l| {
                    self.catalog
                        .office_terms(l.office)
                        .filter(range(l), mode)
                        .count()
                }))
            };
            let global = summary(self.lookups.iter().map(|l| all.filter(l.day, mode).count()));
            eprintln!(
                "k at {size} terms, {name}: serving_on/narrow {}, terms_during/narrow {}, \
                 terms_during/wide {}, serving_on/global {}",
                office(|l| l.day),
                office(|l| l.narrow),
                office(|l| l.wide),
                global,
            );
        }
    }
}

/// "mean (min–max)" of some counts.
fn summary(counts: impl Iterator<Item = usize>) -> String {
    let counts: Vec<usize> = counts.collect();
    let min = counts.iter().min().copied().unwrap_or(0);
    let max = counts.iter().max().copied().unwrap_or(0);
    let mean = counts.iter().sum::<usize>() as f64 / counts.len().max(1) as f64;
    format!("{mean:.1} ({min}–{max})")
}

/// SplitMix64: a fixed, dependency-free sequence for choosing lookups.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % n as u64) as usize
    }
}

/// [`LOOKUPS`] lookups over random generated offices. Each takes a term from the middle
/// half of the office's list (the middle term itself would give a one-office dataset a
/// single lookup), preferring one whose start is a known day, which is then the real
/// first day of that term.
fn lookups(catalog: &Catalog) -> Vec<Lookup> {
    let dataset = catalog.dataset();
    // The generated offices only: the generator also bundles the real OIC office,
    // whose 12 terms span 1971 to today.
    let offices: Vec<OfficeId> = (0..dataset.offices.len() as u32)
        .map(OfficeId)
        .filter(|&o| dataset.office(o).slug.starts_with(GENERATED_OFFICE_PREFIX))
        .collect();
    assert!(!offices.is_empty(), "the dataset has generated offices");
    let mut rng = SplitMix(0x7E2E_2E00);
    (0..LOOKUPS)
        .map(|_| {
            let office = offices[rng.below(offices.len())];
            let terms = &dataset.office(office).terms;
            let (lo, hi) = (terms.len() / 4, (3 * terms.len()).div_ceil(4).max(1));
            let mut day = None;
            for _ in 0..32 {
                let start = &dataset.term(terms[lo + rng.below(hi - lo)]).start;
                day = Some(start.earliest());
                if start.precision() == DatePrecision::Day {
                    break;
                }
            }
            let day = day.expect("at least one try");
            let first = dataset.term(terms[0]).start.earliest();
            let last_term = dataset.term(*terms.last().expect("an office has terms"));
            let last = last_term
                .end
                .as_deref()
                .map_or(dataset.as_of, PartialDate::latest);
            Lookup {
                office,
                day: DateRange::day(day),
                narrow: range(day - Duration::days(1), day + Duration::days(1)),
                wide: range(first, last.max(first)),
            }
        })
        .collect()
}

fn range(from: NaiveDate, to: NaiveDate) -> DateRange {
    DateRange::new(Some(from), Some(to)).expect("from <= to")
}

fn keys(catalog: &Catalog, term: &Term, mode: DateMatch) -> MatchKeys {
    MatchKeys::of(
        &term.start,
        term.end.as_deref(),
        catalog.dataset().as_of,
        mode,
    )
}

/// The plain loop: every term of the dataset, keeping the office's matches; returns
/// the first 10 and the count.
fn scan_all_terms(
    catalog: &Catalog,
    office: OfficeId,
    range: &DateRange,
    mode: DateMatch,
) -> (Vec<TermId>, usize) {
    let mut first = Vec::with_capacity(10);
    let mut count = 0;
    for (index, term) in catalog.dataset().terms.iter().enumerate() {
        if term.office == office && keys(catalog, term, mode).matches(range) {
            if first.len() < 10 {
                first.push(TermId(index as u32));
            }
            count += 1;
        }
    }
    (first, count)
}

/// The plain loop over the office's own terms only.
fn scan_office_terms(
    catalog: &Catalog,
    office: OfficeId,
    range: &DateRange,
    mode: DateMatch,
) -> (Vec<TermId>, usize) {
    let dataset = catalog.dataset();
    let mut first = Vec::with_capacity(10);
    let mut count = 0;
    for &id in &dataset.office(office).terms {
        if keys(catalog, dataset.term(id), mode).matches(range) {
            if first.len() < 10 {
                first.push(id);
            }
            count += 1;
        }
    }
    (first, count)
}

fn benches(c: &mut Criterion) {
    for size in common::sizes() {
        // Built by the first benchmark of this size that runs, so a filter that
        // excludes a size never generates it.
        let cell: OnceCell<Fixture> = OnceCell::new();
        let fixture = || cell.get_or_init(|| Fixture::new(size));

        let mut group = c.benchmark_group("serving_on");
        for (name, mode) in MODES {
            group.bench_function(BenchmarkId::new(format!("narrow/{name}"), size), |b| {
                let f = fixture();
                let mut i = 0;
                b.iter(|| {
                    let lookup = f.lookup(i);
                    i += 1;
                    let filter = f
                        .catalog
                        .office_terms(lookup.office)
                        .filter(lookup.day, mode);
                    (filter.page(&FIRST_10), filter.count())
                });
            });
            group.bench_function(
                BenchmarkId::new(format!("global_first_page/{name}"), size),
                |b| {
                    let f = fixture();
                    let all = f.catalog.terms_by_start(None);
                    let mut i = 0;
                    b.iter(|| {
                        let lookup = f.lookup(i);
                        i += 1;
                        all.filter(lookup.day, mode).page(&FIRST_10)
                    });
                },
            );
            group.bench_function(
                BenchmarkId::new(format!("global_count/{name}"), size),
                |b| {
                    let f = fixture();
                    let all = f.catalog.terms_by_start(None);
                    let mut i = 0;
                    b.iter(|| {
                        let lookup = f.lookup(i);
                        i += 1;
                        all.filter(lookup.day, mode).count()
                    });
                },
            );
        }
        group.finish();

        let mut group = c.benchmark_group("terms_during");
        for (name, mode) in MODES {
            for (width, range) in [
                (
                    "narrow",
                    (|l: &Lookup| l.narrow) as fn(&Lookup) -> DateRange,
                ),
                ("wide", |l: &Lookup| l.wide),
            ] {
                group.bench_function(BenchmarkId::new(format!("{width}/{name}"), size), |b| {
                    let f = fixture();
                    let mut i = 0;
                    b.iter(|| {
                        let lookup = f.lookup(i);
                        i += 1;
                        let filter = f
                            .catalog
                            .office_terms(lookup.office)
                            .filter(range(lookup), mode);
                        (filter.page(&FIRST_10), filter.count())
                    });
                });
            }
        }
        group.finish();

        let mut group = c.benchmark_group("scan_baseline");
        for (name, mode) in MODES {
            for (what, scan) in [
                ("all_terms", scan_all_terms as ScanFn),
                ("office_terms", scan_office_terms),
            ] {
                group.bench_function(BenchmarkId::new(format!("{what}/{name}"), size), |b| {
                    let f = fixture();
                    let mut i = 0;
                    b.iter(|| {
                        let lookup = f.lookup(i);
                        i += 1;
                        scan(&f.catalog, black_box(lookup.office), &lookup.day, mode)
                    });
                });
            }
        }
        group.finish();
    }
}

type ScanFn = fn(&Catalog, OfficeId, &DateRange, DateMatch) -> (Vec<TermId>, usize);

criterion_group!(index, benches);
criterion_main!(index);
