//! Prepared plans answer byte for byte as async-graphql does: the same documents and
//! variables go to an executor that runs plans and to one that never does
//! (`Executor::without_plans`), on the bundled data and on a generated dataset, and
//! every answer, errors included, must be the same bytes.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use serde_json::{json, Value};
use tenure::domain::ServingStatus;
use tenure::graphql::{Answer, Executor, OperationRequest, Path, Policy, Unmetered, Variables};
use tenure::index::Catalog;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime")
});

static BUNDLED: LazyLock<Arc<Catalog>> = LazyLock::new(|| {
    Arc::new(tenure::startup::load_catalog(&root().join("data")).expect("the bundled data"))
});

fn status() -> Arc<ServingStatus> {
    Arc::new(ServingStatus {
        loaded_at: chrono::DateTime::from_timestamp(1_796_000_000, 0).expect("a time"),
        last_reload: None,
    })
}

/// The answers of both executors to one request.
struct Pair {
    planned: Answer,
    reference: Answer,
}

fn both(
    plans: &Executor,
    reference: &Executor,
    catalog: &Arc<Catalog>,
    query: &str,
    variables: &Value,
) -> Pair {
    let request = || {
        let mut request = OperationRequest::new(query);
        request.variables = Variables::from_json(variables.clone());
        vec![request]
    };
    let status = status();
    let run = |executor: &Executor| {
        RUNTIME
            .block_on(executor.execute(request(), catalog, &status, Policy::default(), &Unmetered))
            .expect("unmetered")
            .answers
            .remove(0)
    };
    Pair {
        planned: run(plans),
        reference: run(reference),
    }
}

fn assert_same(pair: &Pair, query: &str, variables: &Value) {
    assert_eq!(
        String::from_utf8_lossy(&pair.planned.body),
        String::from_utf8_lossy(&pair.reference.body),
        "\n{query}\nvariables: {variables}"
    );
    assert_eq!(pair.planned.outcome, pair.reference.outcome, "{query}");
    assert_eq!(pair.planned.cacheable, pair.reference.cacheable, "{query}");
}

fn bench(name: &str) -> String {
    std::fs::read_to_string(root().join("bench/queries").join(name)).expect("a bench query")
}

#[test]
fn the_bench_queries_and_worked_examples_answer_the_same_through_a_plan() {
    let plans = Executor::default();
    let reference = Executor::default().without_plans();
    let headline = bench("holders-during.graphql");
    let cases: Vec<(String, Value, bool)> = vec![
        (headline.clone(), json!({"from": "2014-01-01", "to": "2016-12-31"}), true),
        (headline.clone(), json!({"from": "1975-01-01", "to": "1975-12-31"}), true),
        (bench("all-terms.graphql"), json!({}), true),
        (bench("incumbent.graphql"), json!({}), true),
        (bench("introspection.graphql"), json!({}), false),
        ("{ servingOn(date: \"2004-12-31\") { ordinal secretary { name } } }".into(), json!({}), true),
        ("query($d: Date!, $m: DateMatch) { servingOn(date: $d, match: $m) { ordinal } }".into(),
            json!({"d": "1975-06-15", "m": "CERTAINLY"}), true),
        ("{ secretaries(search: \"ihsanoglu\") { totalCount nodes { name country { code } } } }".into(), json!({}), true),
        ("{ node(id: \"T2ZmaWNlOm9pYy1zZWNyZXRhcnktZ2VuZXJhbA\") { id __typename ... on Office { name } ...T } } fragment T on Term { ordinal }".into(), json!({}), true),
        ("query($skip: Boolean!) { office(slug: \"oic-secretary-general\") { a: name @skip(if: $skip) b: slug @include(if: $skip) } }".into(), json!({"skip": true}), true),
        ("{ a: office(slug: \"oic-secretary-general\") { name } a: office(slug: \"oic-secretary-general\") { slug incumbent { ordinal } } }".into(), json!({}), true),
        ("{ dataset { version asOf termCount loadedAt lastReload { succeeded } } }".into(), json!({}), true),
        ("{ terms(first: 3, after: \"dGVybXM6Mg\") { edges { cursor node { ordinal } } pageInfo { hasNextPage endCursor startCursor hasPreviousPage } } }".into(), json!({}), true),
        // Errors: the plan hands these to async-graphql, so the bytes match by design.
        ("{ terms(during: { from: \"2010-01-01\", to: \"2000-01-01\" }) { totalCount } }".into(), json!({}), false),
        ("query($n: Int) { terms(first: $n) { totalCount } }".into(), json!({"n": "five"}), false),
        ("query($n: Int) { terms(first: $n) { totalCount } }".into(), json!({"n": 500}), false),
    ];
    for (query, variables, planned) in &cases {
        let pair = both(&plans, &reference, &BUNDLED, query, variables);
        assert_same(&pair, query, variables);
        assert_eq!(pair.planned.path == Path::Plan, *planned, "{query}");
        assert_ne!(pair.reference.path, Path::Plan, "{query}");
    }
}
