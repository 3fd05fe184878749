//! What the benchmarks share: the dataset sizes and generating one into a temporary
//! directory.
//!
//! A size is a number of generated terms: up to 100 terms are one office, larger sizes
//! are offices of 100 terms each (12 = 1 × 12, 10 000 = 100 × 100, 1 000 000 = 10 000 ×
//! 100). The generator also writes the bundled OIC office (12 real terms), so each
//! dataset holds 12 terms more than its size says.
//! `TENURE_BENCH_SIZES` (e.g. `12,10000`) picks the sizes; unset, all three are run.

use std::time::Instant;

use tempfile::TempDir;
use tenure::generate::{self, Plan};

/// The sizes run when `TENURE_BENCH_SIZES` is unset.
const DEFAULT_SIZES: [usize; 3] = [12, 10_000, 1_000_000];

/// The seed of every generated dataset, so every run measures the same data.
const SEED: u64 = 20_260_101;

/// Terms per office once a dataset has more than one office.
const TERMS_PER_OFFICE: usize = 100;

/// The sizes to run, from `TENURE_BENCH_SIZES` or the default.
pub fn sizes() -> Vec<usize> {
    let Ok(text) = std::env::var("TENURE_BENCH_SIZES") else {
        return DEFAULT_SIZES.to_vec();
    };
    let sizes: Vec<usize> =
        text.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                let size: usize = s.replace('_', "").parse().unwrap_or_else(|_| {
                    panic!("TENURE_BENCH_SIZES: {s:?} is not a number of terms")
                });
                plan(size);
                size
            })
            .collect();
    assert!(
        !sizes.is_empty(),
        "TENURE_BENCH_SIZES is set but names no size"
    );
    sizes
}

/// The generator's plan for a number of terms.
pub fn plan(size: usize) -> Plan {
    assert!(size > 0, "a dataset needs at least one term");
    let terms_per_office = size.min(TERMS_PER_OFFICE);
    assert!(
        size.is_multiple_of(terms_per_office),
        "{size} terms is not a whole number of offices of {terms_per_office}"
    );
    Plan {
        offices: size / terms_per_office,
        terms_per_office,
        seed: SEED,
    }
}

/// A directory holding the generated dataset of `size` terms; removed when dropped.
pub fn generate(size: usize) -> TempDir {
    let plan = plan(size);
    let started = Instant::now();
    let dir = tempfile::Builder::new()
        .prefix("tenure-bench-")
        .tempdir()
        .expect("a temporary directory");
    generate::write(plan, dir.path()).expect("the generator writes the dataset");
    eprintln!(
        "generated {size} terms ({} offices × {}, plus the bundled office) in {:.2?}",
        plan.offices,
        plan.terms_per_office,
        started.elapsed()
    );
    dir
}
