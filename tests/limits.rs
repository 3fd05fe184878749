//! The cost model on the data the server actually serves: the benchmark queries and
//! GraphiQL's introspection pass the default limits on the bundled dataset, cost what
//! the README says, and on a generated dataset of 100 000 terms the fan-out documents
//! are refused while the headline query still passes.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use serde_json::{json, Value};
use tenure::domain::ServingStatus;
use tenure::graphql::{
    Cost, ErrorCode, Executor, Limits, OperationRequest, Outcome, Policy, Unmetered,
};
use tenure::index::Catalog;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bench(name: &str) -> String {
    std::fs::read_to_string(root().join("bench/queries").join(name)).expect("a bench query")
}

fn status() -> ServingStatus {
    ServingStatus {
        loaded_at: chrono::Utc::now(),
        last_reload: None,
    }
}

static BUNDLED: LazyLock<Arc<Catalog>> = LazyLock::new(|| {
    Arc::new(tenure::startup::load_catalog(&root().join("data")).expect("the bundled data loads"))
});

/// 100 offices of 1000 terms each, plus the bundled office: 100 012 terms.
static GENERATED: LazyLock<(tempfile::TempDir, Arc<Catalog>)> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("a temporary directory");
    tenure::generate::write(
        tenure::generate::Plan {
            offices: 100,
            terms_per_office: 1000,
            seed: 7,
        },
        dir.path(),
    )
    .expect("the dataset is written");
    let catalog = tenure::startup::load_catalog(dir.path()).expect("the generated data loads");
    (dir, Arc::new(catalog))
});

fn measure(query: &str, catalog: &Catalog) -> Result<Cost, tenure::graphql::RequestError> {
    Executor::default().measure(&OperationRequest::new(query), catalog, &status())
}

fn run(query: &str, variables: Value, catalog: &Arc<Catalog>, limits: Limits) -> (Outcome, Value) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime");
    let mut request = OperationRequest::new(query);
    request.variables = tenure::graphql::Variables::from_json(variables);
    let executed = runtime
        .block_on(Executor::new(limits).execute(
            vec![request],
            catalog,
            &Arc::new(status()),
            Policy::default(),
            &Unmetered,
        ))
        .expect("unmetered");
    let answer = &executed.answers[0];
    (
        answer.outcome,
        serde_json::from_slice(&answer.body).expect("JSON"),
    )
}

/// The fields an answer holds, counted as the cost counts them.
fn fields_in(value: &Value) -> u64 {
    match value {
        Value::Object(map) => map.values().map(|v| 1 + fields_in(v)).sum(),
        Value::Array(items) => items.iter().map(|v| fields_in(v).max(1)).sum(),
        _ => 0,
    }
}

fn headline_variables() -> Value {
    serde_json::from_str(&bench("holders-during.variables.json")).expect("JSON")
}

#[test]
fn the_bench_queries_and_introspection_pass_the_defaults_on_the_bundled_data() {
    let mut costs = Vec::new();
    for name in [
        "all-terms.graphql",
        "holders-during.graphql",
        "incumbent.graphql",
        "introspection.graphql",
    ] {
        let cost = measure(&bench(name), &BUNDLED).unwrap_or_else(|e| panic!("{name}: {e}"));
        costs.push((name, cost.total));
        let (outcome, answer) = run(
            &bench(name),
            headline_variables(),
            &BUNDLED,
            Limits::default(),
        );
        assert_eq!(outcome, Outcome::Ok, "{name}: {answer}");
        // The estimate bounds what the answer really holds.
        assert!(fields_in(&answer["data"]) <= cost.total, "{name}");
    }
    // As documented in the README's limits table.
    assert_eq!(
        costs,
        vec![
            ("all-terms.graphql", 2081),
            ("holders-during.graphql", 229),
            ("incumbent.graphql", 10),
            ("introspection.graphql", 2961),
        ]
    );
}

#[test]
fn on_a_generated_dataset_the_headline_incumbent_and_introspection_still_pass() {
    let catalog = &GENERATED.1;
    for name in [
        "holders-during.graphql",
        "incumbent.graphql",
        "introspection.graphql",
    ] {
        let (outcome, answer) = run(
            &bench(name),
            headline_variables(),
            catalog,
            Limits::default(),
        );
        assert_eq!(outcome, Outcome::Ok, "{name}: {answer}");
    }
    let (_, answer) = run(
        &bench("holders-during.graphql"),
        headline_variables(),
        catalog,
        Limits::default(),
    );
    assert_eq!(answer["data"]["office"]["terms"]["totalCount"], json!(3));
}

#[test]
fn on_a_generated_dataset_all_terms_is_refused_naming_its_longest_list() {
    // Every office's first 100 terms: on 104 offices (100 generated, the 4 bundled) that
    // is about 10 000 terms, about 400 000 fields, which is what the limit is for.
    let refusal = measure(&bench("all-terms.graphql"), &GENERATED.1).expect_err("refused");
    assert_eq!(refusal.code, ErrorCode::MaxCostExceeded);
    assert_eq!(
        refusal.message,
        "the operation costs 406641; the limit is 5000 (--max-cost); its longest list is `Query.offices`, which may hold 104 items on this dataset; ask for fewer items with `first`/`last`, or fewer fields"
    );
}

/// Documents that fan out through every list field: each is refused before it runs
/// on the generated data (the scale script sends them to a release server at a
/// million terms and times the refusals).
const FAN_OUTS: &[&str] = &[
    "{ offices { holders { terms { office { holders { name } } } } } }",
    "{ offices { terms(first: 100) { nodes { secretary { terms { office { name } } } } } } }",
    "{ organizations { offices { holders { name } } } }",
    "{ secretaries(first: 100) { nodes { terms { office { terms(first: 100) { nodes { ordinal } } } } } } }",
    "{ terms { edges { node { office { holders { name } } } } } }",
    "{ servingOn(date: \"1950-06-01\") { office { name } secretary { name } } }",
    "{ node(id: \"T2ZmaWNlOm9pYy1zZWNyZXRhcnktZ2VuZXJhbA\") { ... on Office { holders { terms { office { holders { name } } } } } } }",
    "query { ...F } fragment F on Query { offices { ...O } } fragment O on Office { holders { terms { office { ...P } } } } fragment P on Office { holders { name } }",
    "{ a: offices { holders { name } } b: offices { holders { name } } c: offices { holders { name } } }",
];

#[test]
fn fan_out_documents_through_every_list_field_are_refused_on_a_generated_dataset() {
    for document in FAN_OUTS {
        let refusal = measure(document, &GENERATED.1).expect_err(document);
        assert_eq!(
            refusal.code,
            ErrorCode::MaxCostExceeded,
            "{document}: {refusal}"
        );
    }
}

#[test]
fn the_estimate_bounds_what_answers_hold_on_the_generated_data() {
    let catalog = &GENERATED.1;
    for query in [
        "{ offices { name slug } }",
        "{ secretaries(search: \"ihsan\", first: 20) { totalCount nodes { name terms { ordinal office { slug } } } } }",
        "{ terms(during: { from: \"1950-01-01\", to: \"1950-01-31\" }, first: 50) { totalCount edges { cursor node { ordinal holder: secretary { name } } } } }",
        "{ office(slug: \"oic-secretary-general\") { holders { name } powers { title } notes sources { title } } }",
        "{ dataset { sources { title } termCount } organizations { name offices { slug } } }",
    ] {
        let cost = measure(query, catalog).unwrap_or_else(|e| panic!("{query}: {e}"));
        let (outcome, answer) = run(query, json!({}), catalog, Limits::default());
        assert_eq!(outcome, Outcome::Ok, "{query}: {answer}");
        let real = fields_in(&answer["data"]);
        assert!(real <= cost.total, "{query}: holds {real}, estimated {}", cost.total);
    }
}

#[test]
fn past_the_answer_item_limit_the_request_stops_with_one_coded_error() {
    let limits = Limits {
        max_answer_items: 5,
        ..Limits::default()
    };
    let (outcome, answer) = run(
        "{ terms(first: 12) { nodes { ordinal } } }",
        json!({}),
        &BUNDLED,
        limits,
    );
    assert_eq!(outcome, Outcome::Refused(ErrorCode::MaxAnswerItemsExceeded));
    assert_eq!(
        answer,
        json!({ "errors": [{
            "message": "the answer would hold more than 5 list items (--max-answer-items); ask for fewer items with `first`/`last`, or fewer lists",
            "extensions": { "code": "MAX_ANSWER_ITEMS_EXCEEDED" }
        }] })
    );
}

#[test]
fn a_gateways_entity_fetch_costs_its_bound_of_100_representations() {
    let subgraph = Executor::serving(tenure::graphql::SchemaKind::Subgraph, Limits::default());
    let mut request = OperationRequest::new(
        "query ($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Secretary { name country { code } } } }",
    );
    request.variables = tenure::graphql::Variables::from_json(
        json!({ "r": [{ "__typename": "Secretary", "slug": "habib-chatty" }] }),
    );
    let cost = subgraph
        .measure(&request, &BUNDLED, &status())
        .expect("admitted");
    // The README's figure: the field, then 100 items of four fields each.
    assert_eq!(cost.total, 1 + 100 * 4);
    assert_eq!(cost.longest, Some(("Query._entities".to_owned(), 100)));
}

/// The deadline bounds a scan that started in time: a name search over every person
/// looks at the clock as it goes, and the answer is checked once more before it is
/// given. Before, the deadline was checked only when a list field started, so a
/// search that began within the limit ran to its end and was answered with data.
/// On this dataset (75 000 people) the search takes several milliseconds in a test
/// build; the run is repeated to see it stop mid-scan at least once.
#[test]
fn a_name_search_that_outlasts_the_deadline_is_stopped() {
    let catalog = &GENERATED.1;
    let query = "{ secretaries(search: \"a\", first: 1) { totalCount } }";
    let (outcome, answer) = run(query, json!({}), catalog, Limits::default());
    assert_eq!(outcome, Outcome::Ok, "{answer}");
    let limits = Limits {
        timeout: std::time::Duration::from_millis(1),
        ..Limits::default()
    };
    for _ in 0..5 {
        let (outcome, answer) = run(query, json!({}), catalog, limits.clone());
        assert_eq!(outcome, Outcome::Refused(ErrorCode::Timeout), "{answer}");
        assert_eq!(
            answer,
            json!({ "errors": [{
                "message": "the request ran longer than its time limit of 1 ms (--request-timeout-ms)",
                "extensions": { "code": "TIMEOUT" }
            }] })
        );
    }
}

/// Every scan of the catalog whose work grows with the data stops at a passed deadline
/// and runs to its end without one.
#[test]
fn the_catalogs_scans_stop_at_a_passed_deadline() {
    use tenure::domain::{DateMatch, DateRange};
    use tenure::index::{Deadline, DeadlinePassed};
    let catalog = &GENERATED.1;
    let passed = Deadline::at(std::time::Instant::now());
    let office = catalog.office_by_slug("oic-secretary-general").unwrap();
    let everything = DateRange::all();
    assert!(matches!(
        catalog.secretaries(Some("a"), None, passed),
        Err(DeadlinePassed)
    ));
    assert!(matches!(
        catalog.secretaries(None, Some("SA"), passed),
        Err(DeadlinePassed)
    ));
    assert_eq!(
        catalog.holders(office, everything, DateMatch::Possibly, passed),
        Err(DeadlinePassed)
    );
    assert_eq!(
        catalog.serving(everything, DateMatch::Possibly, passed),
        Err(DeadlinePassed)
    );
    assert!(catalog.secretaries(Some("a"), None, Deadline::NONE).is_ok());
    assert_eq!(
        catalog
            .holders(office, everything, DateMatch::Possibly, Deadline::NONE)
            .map(|h| h.len()),
        Ok(12)
    );
}

/// EveryPolitician's Anguilla and Tuvalu files, imported: offices of many seats, whose
/// lists (incumbents, a day's members, holders) the estimate must bound too.
#[test]
fn the_estimate_bounds_the_answers_of_offices_with_many_seats() {
    let query = "query($day: Date!) {
      offices { seats incumbents { secretary { name otherNames { name language } identifiers { scheme identifier } } party { name } area { name } }
        holders(during: { from: $day, to: $day }) { name terms { start { iso } end { iso } } } }
      servingOn(date: $day) { ordinal party { slug } area { slug } predecessor { ordinal } }
    }";
    for (file, day) in [
        ("Anguilla-Assembly.json", "2000-06-01"),
        ("Tuvalu-Parliament.json", "2015-03-31"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("data");
        tenure::popolo::import::run(
            &root()
                .join("tests/fixtures/popolo/everypolitician")
                .join(file),
            &out,
            tenure::popolo::import::Options::default(),
        )
        .unwrap();
        let catalog = Arc::new(tenure::startup::load_catalog(&out).unwrap());
        let cost = measure(query, &catalog).unwrap_or_else(|e| panic!("{file}: {e}"));
        let (outcome, answer) = run(query, json!({ "day": day }), &catalog, Limits::default());
        assert_eq!(outcome, Outcome::Ok, "{file}: {answer}");
        let members = answer["data"]["servingOn"].as_array().unwrap().len();
        assert!(members >= 7, "{file}: {members} members that day");
        let held = fields_in(&answer["data"]);
        assert!(
            held <= cost.total,
            "{file}: the answer holds {held} fields, the estimate says {}",
            cost.total
        );
    }
}
