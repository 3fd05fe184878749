//! Property tests of the request path against random input: random bytes as a POST
//! body, random printable text and random JSON shapes, and random documents that
//! validate against the schema (`support::documents`: every field on its type, real
//! arguments and variables, aliases, directives, fragments, several operations), run
//! through the executor and over HTTP. Nothing may panic, the server must answer
//! every request with a status below 500, and every error must carry
//! `extensions.code`. Generated documents must also execute (or be refused by exactly
//! the limit they pass), with data shaped as the document and the schema say, and
//! most must execute with data. A fixed number of cases (`PROPTEST_CASES` overrides
//! it) keeps the run bounded in CI.

mod support;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use serde_json::{json, Value};
use support::documents::{GeneratedRequest, Generator};
use tenure::domain::ServingStatus;
use tenure::graphql::{
    Answer, ErrorCode, Executor, Limits, OperationRequest, Outcome, Policy, Unmetered, Variables,
};
use tenure::index::Catalog;

/// Cases of each test of random text, bytes and JSON shapes.
const CASES: u32 = 256;

/// Cases of the test of generated documents through the executor.
const GENERATED_CASES: u32 = 400;

/// Cases of the test of generated documents over HTTP (1 to 3 documents each).
const HTTP_GENERATED_CASES: u32 = 200;

/// `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // Failing cases are kept in `hostile_props.proptest-regressions`, as the
        // `proptest!` tests' are.
        source_file: Some(file!()),
        ..ProptestConfig::default()
    }
}

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a runtime")
});

static CATALOG: LazyLock<Arc<Catalog>> = LazyLock::new(|| {
    Arc::new(tenure::startup::load_catalog(&data_dir()).expect("the bundled dataset loads"))
});

static EXECUTOR: LazyLock<Executor> = LazyLock::new(|| Executor::new(Limits::default()));

fn status() -> Arc<ServingStatus> {
    Arc::new(ServingStatus {
        loaded_at: chrono::Utc::now(),
        last_reload: None,
    })
}

/// Runs one document on `executor` over `catalog`.
fn run(executor: &Executor, catalog: &Arc<Catalog>, document: &str) -> Answer {
    execute_one(executor, catalog, OperationRequest::new(document))
}

/// Runs one operation on `executor` over `catalog`, unmetered.
fn execute_one(executor: &Executor, catalog: &Arc<Catalog>, operation: OperationRequest) -> Answer {
    let executed = RUNTIME
        .block_on(executor.execute(
            vec![operation],
            catalog,
            &status(),
            Policy::default(),
            &Unmetered,
        ))
        .expect("an unmetered request is admitted");
    executed.answers.into_iter().next().expect("one answer")
}

/// The address of a real server over the bundled dataset, started once.
static SERVER: LazyLock<String> = LazyLock::new(|| support::server::serve(&data_dir(), &[]));

/// Every error in a GraphQL response (or a batch of them) has `extensions.code`.
fn assert_codes(response: &Value) -> Result<(), TestCaseError> {
    let answers = match response {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    for answer in answers {
        for error in answer["errors"].as_array().into_iter().flatten() {
            prop_assert!(
                error["extensions"]["code"].is_string(),
                "an error without a code: {error}"
            );
        }
    }
    Ok(())
}

/// Runs a document through the executor; nothing panics and every error has a code.
fn execute(document: &str) -> Result<(), TestCaseError> {
    let answer = run(&EXECUTOR, &CATALOG, document);
    let value: Value = serde_json::from_slice(&answer.body).expect("an answer is JSON");
    assert_codes(&value)
}

/// How long one HTTP exchange may take: a hang fails the test instead of stalling it.
const HTTP_TIMEOUT: Duration = Duration::from_secs(20);

/// POSTs raw bytes as a JSON body over a fresh connection; returns status and body.
fn post(body: &[u8]) -> (u16, Vec<u8>) {
    let address = SERVER.as_str();
    let socket: SocketAddr = address.parse().expect("a socket address");
    let mut stream = TcpStream::connect_timeout(&socket, HTTP_TIMEOUT).expect("the server accepts");
    stream.set_read_timeout(Some(HTTP_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(HTTP_TIMEOUT)).unwrap();
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nAccept: application/graphql-response+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("an answer");
    let text = String::from_utf8_lossy(&answer);
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:.300}"));
    let start = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(answer.len(), |i| i + 4);
    (status, answer[start..].to_vec())
}

fn post_checked(body: &[u8]) -> Result<(), TestCaseError> {
    post_json(body).map(|_| ())
}

/// POSTs a body; the status is below 500, the answer is JSON and every error has a
/// code. Returns the status and the answer.
fn post_json(body: &[u8]) -> Result<(u16, Value), TestCaseError> {
    let (status, answer) = post(body);
    prop_assert!(
        (200..500).contains(&status),
        "status {status}: {}",
        String::from_utf8_lossy(&answer)
    );
    let value: Value = serde_json::from_slice(&answer).map_err(|e| {
        TestCaseError::fail(format!(
            "the answer is not JSON ({e}): {}",
            String::from_utf8_lossy(&answer)
        ))
    })?;
    assert_codes(&value)?;
    Ok((status, value))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(CASES), ..ProptestConfig::default() })]

    #[test]
    fn random_printable_text_never_panics_and_every_error_has_a_code(text in "[ -~\\n]{0,300}") {
        execute(&text)?;
    }

    #[test]
    fn random_unicode_text_never_panics(text in "\\PC{0,200}") {
        execute(&text)?;
    }

    #[test]
    fn random_bytes_as_a_body_get_a_4xx_with_a_code(body in prop::collection::vec(any::<u8>(), 0..512)) {
        post_checked(&body)?;
    }

    #[test]
    fn random_json_shapes_as_a_body_get_an_answer_with_codes(
        query in prop::option::of("[ -~]{0,40}"),
        variables in prop::option::of(prop::sample::select(vec![
            json!({}), json!([]), json!(null), json!("x"), json!({"a": [[[[1]]]]}),
            json!({"n": 1e300}), json!({"date": "2010-05-01"}),
        ])),
        operation_name in prop::option::of(prop::sample::select(vec![
            json!("A"), json!(1), json!(null), json!(""),
        ])),
    ) {
        let mut body = serde_json::Map::new();
        if let Some(query) = query {
            body.insert("query".into(), json!(query));
        }
        if let Some(variables) = variables {
            body.insert("variables".into(), variables);
        }
        if let Some(name) = operation_name {
            body.insert("operationName".into(), name);
        }
        post_checked(Value::Object(body).to_string().as_bytes())?;
    }
}

/// The time limit bounds the whole request: an operation past it is stopped at its
/// first list or connection, or at the latest before it is answered, with one TIMEOUT
/// error for the whole request; within it, nothing is touched.
#[test]
fn the_request_time_limit_stops_a_running_operation() {
    let limits = Limits {
        timeout: Duration::ZERO,
        ..Default::default()
    };
    let executor = Executor::new(limits);
    for query in ["{ terms { totalCount } }", "{ dataset { asOf } }"] {
        let stopped = run(&executor, &CATALOG, query);
        assert_eq!(
            stopped.outcome,
            Outcome::Refused(tenure::graphql::ErrorCode::Timeout),
            "{query}"
        );
        let body: Value = serde_json::from_slice(&stopped.body).unwrap();
        assert_eq!(body["errors"][0]["extensions"]["code"], "TIMEOUT", "{body}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("--request-timeout-ms"),
            "{body}"
        );
        assert!(body.get("data").is_none(), "{body}");
    }

    let finished = run(&Executor::default(), &CATALOG, "{ dataset { asOf } }");
    assert_eq!(
        finished.outcome,
        Outcome::Ok,
        "{:?}",
        String::from_utf8_lossy(&finished.body)
    );
}

// ---------------------------------------------------------------------------------
// Generated documents

/// Documents that validate against `schema.graphql`, with values of the bundled data.
static GENERATOR: LazyLock<Generator> = LazyLock::new(Generator::bundled);

/// The least share of generated documents that must execute with data (non-null
/// `data`, no request-level error), through the executor and over HTTP alike.
/// Measured: 97.2% of 3000 documents through the executor and 96.8% of 6047 over
/// HTTP; the rest were refused by a limit they pass on purpose (about 2% aliases,
/// 0.6% cost, 0.3% depth), and none had field errors, as every value is valid. Runs
/// of the default size gave 94% to 98% on the OIC alone. With four offices the data's
/// lists are longer (163 dataset sources, up to 15 an object, 20 notes an office), so
/// about 6% of the documents, which nest lists, cross the cost limit: 89.5% of 401
/// with data; 85% fails only when something is wrong.
const MIN_SHARE_WITH_DATA: f64 = 0.85;

/// From this many answers on, some must have been refused: the generator takes about
/// 3% of documents past a limit, so 200 answers without one happen once in ~400 000
/// runs.
const ANSWERS_WITH_A_REFUSAL: usize = 200;

/// Runs a generated request through `executor` over the bundled dataset.
fn run_request(executor: &Executor, request: &GeneratedRequest) -> Answer {
    let operation = OperationRequest {
        document: tenure::graphql::persisted::Document::Text(request.query.clone()),
        operation_name: request.operation_name.clone(),
        variables: Variables::from_json(request.variables.clone()),
    };
    execute_one(executor, &CATALOG, operation)
}

/// The operation a generated request asks for.
fn operation_of(request: &GeneratedRequest) -> OperationRequest {
    OperationRequest {
        document: tenure::graphql::persisted::Document::Text(request.query.clone()),
        operation_name: request.operation_name.clone(),
        variables: Variables::from_json(request.variables.clone()),
    }
}

/// The fields a JSON value holds, counted as the cost counts them: each key 1, each
/// list item at least 1.
fn fields_in(value: &Value) -> u64 {
    match value {
        Value::Object(map) => map.values().map(|v| 1 + fields_in(v)).sum(),
        Value::Array(items) => items.iter().map(|v| fields_in(v).max(1)).sum(),
        _ => 0,
    }
}

/// How the answer to one generated request ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// It ran without errors.
    Data,
    /// It ran; some fields failed, the rest of `data` is there.
    FieldErrors,
    /// It ran; a failed non-null field nulled the whole `data`.
    NullData,
    /// It was refused before it ran, with this code.
    Refused(&'static str),
}

/// Checks one answer to a generated request, whichever way it came. A request within
/// the default limits validates, so it must run: `data` is there, every error is a
/// field error (with a `path`), and `data` has the keys and types the document and the
/// schema give it. A request past a limit must be refused with that limit's code and
/// no `data`.
fn check_answer(
    request: &GeneratedRequest,
    answer: &Value,
    spent: u64,
) -> Result<Ending, TestCaseError> {
    let errors = answer["errors"].as_array().cloned().unwrap_or_default();
    // The cost depends on the served data (src/graphql/limits/cost.rs), which the
    // generator's shape does not know: the server's own estimate decides, and an
    // answer that ran must hold no more fields than that estimate allowed.
    let without_cost = Limits {
        max_cost: usize::MAX,
        ..Limits::default()
    };
    // The operations of a batch share one cost budget: `spent` is what the earlier
    // ones took.
    let measured = EXECUTOR.measure(&operation_of(request), &CATALOG, &status());
    let over_budget = match &measured {
        Err(refusal) => refusal.code == ErrorCode::MaxCostExceeded,
        Ok(cost) => spent + cost.total > Limits::default().max_cost as u64,
    };
    let expected = request
        .shape
        .refusal(&without_cost)
        .or_else(|| over_budget.then_some(ErrorCode::MaxCostExceeded));
    if let Some(code) = expected {
        prop_assert!(
            answer.get("data").is_none(),
            "past a limit ({code:?}) but answered with data: {answer}\n{request:?}"
        );
        prop_assert_eq!(
            errors.first().map(|e| e["extensions"]["code"].clone()),
            Some(json!(code.as_str())),
            "{}\n{:?}",
            answer,
            request
        );
        return Ok(Ending::Refused(code.as_str()));
    }
    prop_assert!(
        answer.get("data").is_some(),
        "a valid request within the limits was refused: {answer}\n{request:?}"
    );
    for error in &errors {
        prop_assert!(
            error["path"].is_array(),
            "an error at no field in an answer that ran: {error}\n{request:?}"
        );
    }
    let data = &answer["data"];
    if data.is_null() {
        prop_assert!(
            !errors.is_empty(),
            "null data without an error: {request:?}"
        );
        return Ok(Ending::NullData);
    }
    request
        .check_data(GENERATOR.schema(), data)
        .map_err(|e| TestCaseError::fail(format!("{e}\nanswer: {answer}\n{request:?}")))?;
    if let Ok(cost) = EXECUTOR.measure(&operation_of(request), &CATALOG, &status()) {
        let held = fields_in(data);
        prop_assert!(
            held <= cost.total,
            "the answer holds {held} fields, more than the estimate of {}: {request:?}",
            cost.total
        );
    }
    Ok(if errors.is_empty() {
        Ending::Data
    } else {
        Ending::FieldErrors
    })
}

/// How many answers ended each way.
#[derive(Debug, Default)]
struct Tally {
    data: usize,
    field_errors: usize,
    null_data: usize,
    refused: BTreeMap<&'static str, usize>,
}

impl Tally {
    fn add(&mut self, ending: Ending) {
        match ending {
            Ending::Data => self.data += 1,
            Ending::FieldErrors => self.field_errors += 1,
            Ending::NullData => self.null_data += 1,
            Ending::Refused(code) => *self.refused.entry(code).or_default() += 1,
        }
    }

    fn total(&self) -> usize {
        self.data + self.field_errors + self.null_data + self.refused.values().sum::<usize>()
    }

    /// The share that ran and answered non-null `data`.
    fn share_with_data(&self) -> f64 {
        (self.data + self.field_errors) as f64 / self.total().max(1) as f64
    }

    fn assert_share(&self, path: &str) {
        eprintln!(
            "generated documents {path}: {} answers, {:.1}% with data ({} without errors, {} with field errors), {} with null data, refused {:?}",
            self.total(),
            100.0 * self.share_with_data(),
            self.data,
            self.field_errors,
            self.null_data,
            self.refused,
        );
        assert!(
            self.share_with_data() >= MIN_SHARE_WITH_DATA,
            "only {:.1}% of generated documents executed with data {path}, less than {:.0}%: {self:?}",
            100.0 * self.share_with_data(),
            100.0 * MIN_SHARE_WITH_DATA,
        );
        // The generator takes a few documents past a limit, so the refusals are
        // exercised too; it writes no value a resolver refuses, so field errors are
        // not required.
        if self.total() >= ANSWERS_WITH_A_REFUSAL {
            assert!(
                !self.refused.is_empty(),
                "no generated document was refused {path}: {self:?}"
            );
        }
    }
}

/// Runs `test` on `cases` generated values, counting the endings it returns, then
/// requires the share with data.
fn run_generated<S: Strategy>(
    path: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<Vec<Ending>, TestCaseError>,
) {
    let tally = RefCell::new(Tally::default());
    let mut runner = TestRunner::new(config(cases));
    let result = runner.run(&strategy, |value| {
        for ending in test(value)? {
            tally.borrow_mut().add(ending);
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    tally.into_inner().assert_share(path);
}

/// Generated documents through the executor: nothing panics, every error has a code,
/// each one runs or is refused as its shape says, with well-shaped data, and the
/// executor's outcome agrees with the answer's body.
#[test]
fn generated_documents_execute_through_the_executor() {
    let cases = cases(GENERATED_CASES);
    run_generated(
        "through the executor",
        cases,
        GENERATOR.strategy(),
        |request| {
            let answer = run_request(&EXECUTOR, &request);
            let body: Value = serde_json::from_slice(&answer.body).expect("an answer is JSON");
            assert_codes(&body)?;
            let ending = check_answer(&request, &body, 0)?;
            let agrees = match (ending, answer.outcome) {
                (Ending::Data, Outcome::Ok) => true,
                (Ending::FieldErrors | Ending::NullData, Outcome::FieldErrors) => true,
                (Ending::Refused(code), Outcome::Refused(refused)) => refused.as_str() == code,
                _ => false,
            };
            prop_assert!(
                agrees,
                "outcome {:?} for an answer that ended {ending:?}: {body}\n{request:?}",
                answer.outcome
            );
            Ok(vec![ending])
        },
    );
}

/// Generated documents over HTTP, alone or in batches of up to three: no 5xx, every
/// error has a code, a lone request gets 200 when it runs and 400 when refused, and
/// each answer is checked as through the executor.
#[test]
fn generated_documents_over_http_never_get_a_5xx() {
    let strategy = (
        prop::collection::vec(GENERATOR.strategy(), 1..=3),
        any::<bool>(),
    );
    let cases = cases(HTTP_GENERATED_CASES);
    run_generated("over HTTP", cases, strategy, |(requests, batch)| {
        let batch = batch || requests.len() > 1;
        let bodies: Vec<Value> = requests.iter().map(GeneratedRequest::body).collect();
        let body = if batch {
            Value::Array(bodies)
        } else {
            bodies[0].clone()
        };
        let (status, answer) = post_json(body.to_string().as_bytes())?;
        let answers = if batch {
            answer.as_array().cloned().unwrap_or_default()
        } else {
            vec![answer.clone()]
        };
        prop_assert_eq!(answers.len(), requests.len(), "{}", answer);
        let mut endings = Vec::new();
        let mut spent = 0;
        for (request, answer) in requests.iter().zip(&answers) {
            let ending = check_answer(request, answer, spent)?;
            if !matches!(ending, Ending::Refused(_)) {
                if let Ok(cost) =
                    EXECUTOR.measure(&operation_of(request), &CATALOG, &self::status())
                {
                    spent += cost.total;
                }
            }
            endings.push(ending);
        }
        if !batch {
            let expected = if matches!(endings[0], Ending::Refused(_)) {
                400
            } else {
                200
            };
            prop_assert_eq!(status, expected, "{}", answer);
        }
        Ok(endings)
    });
}

/// The check of generated answers fails on wrong data: an all-zero tape is the
/// simplest document, `{ __typename }`.
#[test]
fn the_data_check_notices_a_wrong_answer() {
    let request = GENERATOR.generate(&[]);
    assert_eq!(request.query.trim(), "{\n  __typename\n}", "{request:?}");
    let schema = GENERATOR.schema();
    assert_eq!(
        request.check_data(schema, &json!({ "__typename": "Query" })),
        Ok(())
    );
    for wrong in [
        json!({}),
        json!({ "__typename": "Office" }),
        json!({ "__typename": "Query", "extra": 1 }),
        json!({ "__typename": null }),
        json!([]),
    ] {
        assert!(
            request.check_data(schema, &wrong).is_err(),
            "{wrong} passed"
        );
    }
}

// ---------------------------------------------------------------------------------
// Bugs the generated documents found. Two were tenure's (a failed field under a
// repeated response key kept its value; an operation whose root fields were all
// skipped was refused with no error) and are fixed. Four are async-graphql 7.2's.
// Three are corrected on its path by tenure's executor (a directive variable's
// default, an object that collects no field, merging after such an object): each
// has a test that both executors give the spec's answer, byte for byte, and a pin
// of what async-graphql alone answers, so an upgrade that fixes it shows. The fourth
// (directives on `__typename` are not validated) is a validation difference both
// executors share, since both validate with async-graphql; it is pinned below, and
// the generator steers clear of it (`Settings::work_around_async_graphql`).

/// Runs `query` with `variables` through the default executor: outcome and body.
fn answer(query: &str, variables: Value) -> (Outcome, Value) {
    let operation = OperationRequest {
        document: tenure::graphql::persisted::Document::Text(query.to_owned()),
        operation_name: None,
        variables: Variables::from_json(variables),
    };
    let answer = execute_one(&EXECUTOR, &CATALOG, operation);
    let body = serde_json::from_slice(&answer.body).expect("an answer is JSON");
    (answer.outcome, body)
}

/// async-graphql 7.2's validator skips `__typename` fields whole, directives
/// included: a variable used only there is "not used" (a valid document refused),
/// and an undefined variable there passes (an invalid one run). tenure validates
/// with async-graphql, so it inherits both; this pins the upstream behaviour, so an
/// upgrade that fixes it shows up here (then assert the spec's answers instead).
#[test]
fn async_graphql_still_skips_directives_on_typename_when_validating() {
    let (outcome, body) = answer(
        "query($b: Boolean!) { dataset { asOf } __typename @include(if: $b) }",
        json!({ "b": true }),
    );
    assert_eq!(
        outcome,
        Outcome::Refused(tenure::graphql::ErrorCode::GraphqlValidationFailed),
        "async-graphql now sees a variable used on __typename: {body}"
    );

    let (outcome, body) = answer(
        "{ dataset { asOf } __typename @include(if: $nowhere) }",
        json!({}),
    );
    assert_ne!(
        outcome,
        Outcome::Refused(tenure::graphql::ErrorCode::GraphqlValidationFailed),
        "async-graphql now refuses an undefined variable on __typename: {body}"
    );
}

/// Both executors' answers to `query` with `variables`: plans' and async-graphql's
/// (through tenure's executor, workarounds applied). They must be equal byte for byte.
fn both(query: &str, variables: Value) -> (Outcome, Value) {
    let operation = || OperationRequest {
        document: tenure::graphql::persisted::Document::Text(query.to_owned()),
        operation_name: None,
        variables: Variables::from_json(variables.clone()),
    };
    let planned = execute_one(&EXECUTOR, &CATALOG, operation());
    let reference = execute_one(&REFERENCE, &CATALOG, operation());
    assert_eq!(
        String::from_utf8_lossy(&planned.body),
        String::from_utf8_lossy(&reference.body),
        "plans and async-graphql answer {query} differently"
    );
    assert_eq!(planned.outcome, reference.outcome);
    let body = serde_json::from_slice(&planned.body).expect("an answer is JSON");
    (planned.outcome, body)
}

static REFERENCE: LazyLock<Executor> =
    LazyLock::new(|| Executor::new(Limits::default()).without_plans());

/// What async-graphql itself answers, without tenure's executor around it: the
/// upstream behaviour the pins below watch.
fn upstream(query: &str, variables: Value) -> Value {
    let request = async_graphql::Request::new(query)
        .variables(Variables::from_json(variables))
        .data(CATALOG.clone())
        .data(status());
    let response = RUNTIME.block_on(tenure::graphql::build_schema().execute(request));
    serde_json::to_value(&response).expect("a response is JSON")
}

/// An object whose fields are all skipped is an empty object, even through a
/// non-null field (`DatasetInfo!`), and a list's items too.
#[test]
fn an_object_whose_fields_are_all_skipped_is_empty() {
    let (outcome, body) = both("{ dataset { asOf @skip(if: true) } }", json!({}));
    assert_eq!(outcome, Outcome::Ok, "{body}");
    assert_eq!(body, json!({ "data": { "dataset": {} } }));
    let (_, body) = both(
        "query($no: Boolean = false) { offices { slug @include(if: $no) } }",
        json!({}),
    );
    assert_eq!(body, json!({ "data": { "offices": [{}, {}, {}, {}] } }));
}

/// async-graphql 7.2 answers null for an object that collects no field, with no
/// error (`empty_selections` in the executor corrects it). When this fails,
/// async-graphql answers `{}` itself: delete the workaround and this pin.
#[test]
fn upstream_answers_null_for_an_object_that_collects_no_field() {
    assert_eq!(
        upstream("{ dataset { asOf @skip(if: true) } }", json!({}))["data"],
        json!({ "dataset": null })
    );
}

/// A field selected twice, its first occurrence collecting nothing, merges with the
/// second (the spec's "MergeSelectionSets").
#[test]
fn a_field_whose_first_occurrence_collects_nothing_merges() {
    let query = "{ office(slug: \"oic-secretary-general\") { firstHolder { ordinal @skip(if: true) } firstHolder { id } } }";
    let (outcome, body) = both(query, json!({}));
    assert_eq!(outcome, Outcome::Ok, "{body}");
    assert_eq!(
        body["data"]["office"]["firstHolder"],
        json!({ "id": "VGVybTpvaWMtc2VjcmV0YXJ5LWdlbmVyYWw6MQ" }),
        "{body}"
    );
}

/// async-graphql 7.2 loses the second occurrence's fields in that case. When this
/// fails, upstream merges them: the workaround may go.
#[test]
fn upstream_loses_fields_after_an_occurrence_that_collects_nothing() {
    let query = "{ office(slug: \"oic-secretary-general\") { firstHolder { ordinal @skip(if: true) } firstHolder { id } } }";
    let answer = upstream(query, json!({}));
    assert_ne!(
        answer["data"]["office"]["firstHolder"],
        json!({ "id": "VGVybTpvaWMtc2VjcmV0YXJ5LWdlbmVyYWw6MQ" }),
        "{answer}"
    );
}

/// An operation whose root fields are all skipped answers `{"data": {}}`; tenure
/// refuses it as GRAPHQL_VALIDATION_FAILED with an empty list of errors (async-graphql
/// answers null data and no error, which the executor takes for a refusal).
#[test]
fn an_operation_whose_fields_are_all_skipped_answers_empty_data() {
    let (outcome, body) = answer("{ dataset @skip(if: true) { asOf } }", json!({}));
    assert_eq!(outcome, Outcome::Ok, "{body}");
    assert_eq!(body, json!({ "data": {} }));
}

/// When one response key is selected twice (fields that merge), a field that fails
/// under the second selection gets no null: `null_repair` follows only the first
/// field with a key. Here `terms` (non-null) fails, so `office` must be null.
#[test]
fn a_failed_field_under_a_repeated_key_is_nulled() {
    let slug = "oic-secretary-general";
    let (outcome, body) = answer(
        &format!(
            "{{ office(slug: \"{slug}\") {{ id }} office(slug: \"{slug}\") {{ terms(first: -1) {{ totalCount }} }} }}"
        ),
        json!({}),
    );
    assert_eq!(outcome, Outcome::FieldErrors, "{body}");
    assert_eq!(body["data"], json!({ "office": null }), "{body}");

    // Through a list of non-null items the null reaches the root.
    let (_, body) = answer(
        "{ offices { id } offices { terms(first: -1) { totalCount } } }",
        json!({}),
    );
    assert_eq!(body["data"], Value::Null, "{body}");
}

/// A `@skip`/`@include` variable that is not sent takes its declared default.
#[test]
fn a_directive_variable_takes_its_default() {
    let query = "query($b: Boolean! = true) { dataset { asOf @include(if: $b) version } }";
    let (outcome, body) = both(query, json!({}));
    assert_eq!(outcome, Outcome::Ok, "{body}");
    assert!(body["data"]["dataset"]["asOf"].is_string(), "{body}");
    let query = "query($f: Boolean! = true) { office(slug: \"oic-secretary-general\") { slug deputy @skip(if: $f) } }";
    let (_, body) = both(query, json!({}));
    assert_eq!(
        body,
        json!({ "data": { "office": { "slug": "oic-secretary-general" } } })
    );
}

/// async-graphql 7.2 reads only the variables sent in `@skip`/`@include`, ignoring
/// their defaults (the executor fills the defaults in first). When this fails,
/// upstream honours them.
#[test]
fn upstream_ignores_a_directive_variable_default() {
    let query = "query($b: Boolean! = true) { dataset { asOf @include(if: $b) version } }";
    let answer = upstream(query, json!({}));
    assert!(answer["data"]["dataset"].get("asOf").is_none(), "{answer}");
}
