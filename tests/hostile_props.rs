//! Property tests of the request path against random input: random bytes as a POST
//! body, random printable text and random well-formed documents (built from the
//! schema's fields with random aliases, arguments, directives, fragments and nesting)
//! as the query. Nothing may panic, the server must answer every request with a
//! status below 500, and every error must carry `extensions.code`. A fixed number of
//! cases (`PROPTEST_CASES` overrides it) keeps the run bounded in CI.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use proptest::prelude::*;
use serde_json::{json, Value};
use tenure::domain::ServingStatus;
use tenure::graphql::{Answer, Executor, Limits, OperationRequest, Outcome, Policy, Unmetered};
use tenure::index::Catalog;

const CASES: u32 = 256;

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
    let executed = RUNTIME
        .block_on(executor.execute(
            vec![OperationRequest::new(document)],
            catalog,
            &status(),
            Policy::default(),
            &Unmetered,
        ))
        .expect("an unmetered request is admitted");
    executed.answers.into_iter().next().expect("one answer")
}

/// The address of a real server over the bundled dataset, started once.
static SERVER: LazyLock<String> = LazyLock::new(|| {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            // The defaults of the command line, as `tenure serve` runs.
            let data = data_dir();
            let cli = <tenure::config::Cli as clap::Parser>::parse_from([
                "tenure".as_ref(),
                "--listen".as_ref(),
                "127.0.0.1:0".as_ref(),
                "--workers".as_ref(),
                "1".as_ref(),
                "--data".as_ref(),
                data.as_os_str(),
            ]);
            let settings = cli.serve;
            let app = tenure::startup::Application::build(&settings).expect("the server starts");
            sender.send(app.address().to_string()).unwrap();
            app.run_until_stopped().await.unwrap();
        });
    });
    receiver.recv().expect("the server's address")
});

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

/// POSTs raw bytes as a JSON body over a fresh connection; returns status and body.
fn post(body: &[u8]) -> (u16, Vec<u8>) {
    let address = SERVER.as_str();
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
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
    assert_codes(&value)
}

/// A selection set of the schema's fields, with random aliases, arguments,
/// directives, inline fragments and fragment spreads, nested up to a few levels.
fn selection() -> impl Strategy<Value = String> {
    let leaf = prop::sample::select(vec![
        "__typename",
        "name",
        "id",
        "ordinal",
        "totalCount",
        "isCurrent",
        "abbreviation",
        "code",
        "iso",
        "nope",
    ])
    .prop_map(str::to_owned);
    leaf.prop_recursive(6, 64, 6, |inner| {
        (
            prop::sample::select(vec![
                "offices",
                "organizations",
                "organization",
                "office(slug: \"oic-secretary-general\")",
                "terms",
                "terms(first: 3)",
                "terms(last: 1000)",
                "terms(first: 99999999999999999999)",
                "secretaries(first: 2)",
                "secretaries(search: \"ihsanoglu\")",
                "servingOn(date: \"2010-05-01\")",
                "servingOn(date: \"2010-02-31\")",
                "secretary",
                "nodes",
                "edges",
                "node",
                "start",
                "incumbent",
                "pageInfo",
                "predecessor",
                "country",
                "... on Query",
                "... on Office",
                "...F",
            ]),
            prop::option::of("[a-z]{1,3}"),
            prop::option::of(prop::sample::select(vec![
                "@skip(if: false)",
                "@include(if: true)",
                "@include(if: false)",
                "@unknown",
            ])),
            prop::collection::vec(inner, 1..4),
        )
            .prop_map(|(field, alias, directive, children)| {
                let alias = match alias {
                    Some(alias) if !field.starts_with("...") => format!("{alias}: "),
                    _ => String::new(),
                };
                if field == "...F" {
                    return "...F".to_owned();
                }
                format!(
                    "{alias}{field} {} {{ {} }}",
                    directive.unwrap_or(""),
                    children.join(" ")
                )
            })
    })
}

/// A well-formed document: an operation, maybe named, and a fragment `F` on Query.
fn document() -> impl Strategy<Value = String> {
    (
        prop::option::of("[A-Z][a-z]{0,5}"),
        prop::collection::vec(selection(), 1..4),
        prop::collection::vec(selection(), 1..3),
    )
        .prop_map(|(name, operation, fragment)| {
            format!(
                "query {} {{ {} }}\nfragment F on Query {{ {} }}",
                name.unwrap_or_default(),
                operation.join(" "),
                fragment.join(" ")
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn random_documents_never_panic_and_every_error_has_a_code(document in document()) {
        execute(&document)?;
    }

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
    fn random_documents_over_http_never_get_a_5xx(document in document(), batch in 0usize..3) {
        let body = if batch == 0 {
            json!({ "query": document })
        } else {
            Value::Array(vec![json!({ "query": document }); batch])
        };
        post_checked(body.to_string().as_bytes())?;
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

/// The time limit stops an operation at its first list or connection with one
/// TIMEOUT error for the whole request, and does not touch one that finishes without
/// waiting.
#[test]
fn the_request_time_limit_stops_a_running_operation() {
    let limits = Limits {
        timeout: Duration::ZERO,
        ..Default::default()
    };
    let executor = Executor::new(limits);
    let stopped = run(&executor, &CATALOG, "{ terms { totalCount } }");
    assert_eq!(
        stopped.outcome,
        Outcome::Refused(tenure::graphql::ErrorCode::Timeout)
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

    let finished = run(&executor, &CATALOG, "{ dataset { asOf } }");
    assert_eq!(
        finished.outcome,
        Outcome::Ok,
        "{:?}",
        String::from_utf8_lossy(&finished.body)
    );
}
