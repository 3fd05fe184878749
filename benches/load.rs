//! Loading a dataset directory at each size:
//!
//! - `load/{size}`: `dataset::load` and `Catalog::new`, what the server does at start
//!   and on reload.
//! - `load_check_only/{size}`: `dataset::load` alone (read, parse, check, build the
//!   dataset), so `load - load_check_only` is the cost of indexing.
//!
//! The dataset of each size is generated once, when its first benchmark runs, and
//! removed before the next size. The result is dropped outside the timed part. The 1M
//! size takes seconds per iteration, so it runs 10 flat samples.
//! `TENURE_BENCH_SIZES=12,10000` restricts the sizes.

mod common;

use std::cell::OnceCell;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use tempfile::TempDir;
use tenure::dataset;
use tenure::index::Catalog;

// The server's allocator: loading is mostly allocation.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// From this many terms on, an iteration takes long enough that 10 samples do.
const LARGE: usize = 100_000;

fn benches(c: &mut Criterion) {
    for size in common::sizes() {
        let cell: OnceCell<TempDir> = OnceCell::new();
        let dir = || cell.get_or_init(|| common::generate(size)).path();

        for name in ["load", "load_check_only"] {
            let mut group = c.benchmark_group(name);
            if size >= LARGE {
                group.sample_size(10).sampling_mode(SamplingMode::Flat);
            }
            let check_only = name == "load_check_only";
            group.bench_function(BenchmarkId::from_parameter(size), |b| {
                let dir = dir();
                if check_only {
                    b.iter_with_large_drop(|| dataset::load(dir).expect("the dataset loads"));
                } else {
                    b.iter_with_large_drop(|| {
                        let loaded = dataset::load(dir).expect("the dataset loads");
                        Catalog::new(loaded.dataset, loaded.version)
                    });
                }
            });
            group.finish();
        }
    }
}

criterion_group!(load, benches);
criterion_main!(load);
