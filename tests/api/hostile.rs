//! Requests an attacker or a broken client sends: each gets the status and error code
//! below, quickly, and the server still answers a normal query correctly afterwards.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{
    assert_clean_errors, assert_still_serves, spawn_app, spawn_app_with, test_settings, TestApp,
};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// How a hostile request is sent.
enum Req {
    /// POST of a JSON value, Accept application/graphql-response+json.
    Json(Value),
    /// POST of raw bytes with a Content-Type (or none).
    Raw(Option<&'static str>, Vec<u8>),
    /// POST of a JSON body with an Accept header.
    Accept(&'static str, Value),
    /// GET /graphql with this raw query string.
    Get(String),
    /// Another method on /graphql.
    Method(Method),
}

/// One request: what it is, how it is sent, the status and code it must get ("" for
/// an answer with no errors at all).
struct Case {
    name: String,
    request: Req,
    status: u16,
    code: &'static str,
}

fn case(name: impl Into<String>, request: Req, status: u16, code: &'static str) -> Case {
    Case {
        name: name.into(),
        request,
        status,
        code,
    }
}

fn query(text: impl Into<String>) -> Req {
    Req::Json(json!({ "query": text.into() }))
}

fn with_variables(text: &str, variables: Value) -> Req {
    Req::Json(json!({ "query": text, "variables": variables }))
}

/// `{ offices { organization { offices { organization … } } } }`, `levels` fields deep.
fn nested(levels: usize) -> String {
    let mut text = String::from("{");
    for i in 0..levels {
        text.push_str(if i % 2 == 0 {
            " offices {"
        } else {
            " organization {"
        });
    }
    text.push_str(" __typename");
    text.push_str(&" }".repeat(levels + 1));
    text
}

fn aliases(count: usize) -> String {
    let fields: Vec<String> = (0..count).map(|i| format!("a{i}: __typename")).collect();
    format!("{{ {} }}", fields.join(" "))
}

/// `fragments` fragments, each spreading the next `spreads` times.
fn fan_out(fragments: usize, spreads: usize) -> String {
    let mut text = String::from("{ ...F0 }\n");
    for i in 0..fragments {
        text.push_str(&format!("fragment F{i} on Query {{ offices {{ name }}"));
        for _ in 0..spreads {
            text.push_str(&format!(" ...F{}", i + 1));
        }
        text.push_str(" }\n");
    }
    text.push_str(&format!(
        "fragment F{fragments} on Query {{ offices {{ name }} }}\n"
    ));
    text
}

fn nested_list(levels: usize) -> Value {
    let mut value = json!("x");
    for _ in 0..levels {
        value = json!([value]);
    }
    value
}

fn batch(count: usize) -> Req {
    Req::Json(Value::Array(
        (0..count)
            .map(|_| json!({ "query": "{ __typename }" }))
            .collect(),
    ))
}

fn cases() -> Vec<Case> {
    let office = "oic-secretary-general";
    vec![
        // Depth.
        case("depth 11", query(nested(11)), 400, "MAX_DEPTH_EXCEEDED"),
        case("depth bomb 200", query(nested(200)), 400, "MAX_DEPTH_EXCEEDED"),
        case(
            "introspection depth bomb",
            query("{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } }"),
            400,
            "MAX_DEPTH_EXCEEDED",
        ),
        case("depth 10 passes", query(nested(9)), 200, ""),
        // Aliases.
        case("16 aliases", query(aliases(16)), 400, "MAX_ALIASES_EXCEEDED"),
        case("15 aliases pass", query(aliases(15)), 200, ""),
        case("alias bomb 300", query(aliases(300)), 400, "MAX_ALIASES_EXCEEDED"),
        case("alias bomb 400", query(aliases(400)), 400, "MAX_TOKENS_EXCEEDED"),
        case("2000 empty braces", query("{}".repeat(2000)), 400, "MAX_TOKENS_EXCEEDED"),
        case(
            "aliases in an unused fragment count",
            query(format!("{{ __typename }} fragment U on Query {}", aliases(16).replacen("{", "{ ", 1))),
            400,
            "MAX_ALIASES_EXCEEDED",
        ),
        case(
            "aliased expensive connections",
            query(format!(
                "{{ {} }}",
                (0..12)
                    // Each alias: 2 + 54 terms × 10 fields = 542; twelve cost 6504.
                    .map(|i| format!("t{i}: terms(first: 100) {{ nodes {{ ordinal isCurrent start {{ iso }} end {{ iso }} office {{ slug }} secretary {{ name }} }} }}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
            400,
            "MAX_COST_EXCEEDED",
        ),
        // Cost.
        case(
            "nested connections",
            // 52 people × 2 terms × an office's 17 terms × 7 fields: 12 740.
            query("{ secretaries(first: 100) { nodes { terms { office { terms(first: 100) { nodes { ordinal secretary { name } start { iso } end { iso } } } } } } } }"),
            400,
            "MAX_COST_EXCEEDED",
        ),
        case(
            "connections without first",
            // 54 terms × an office's 17 terms × 7 fields: 6588.
            query("{ terms { nodes { office { terms { nodes { ordinal secretary { name } start { iso } end { iso } } } } } } }"),
            400,
            "MAX_COST_EXCEEDED",
        ),
        // Fragments.
        case(
            "fragment cycle",
            query("fragment A on Query { ...B } fragment B on Query { ...A } { ...A }"),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "fragment self-cycle",
            query("fragment A on Query { offices { name } ...A } { ...A }"),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "fragment cycle through fields",
            query("fragment O on Office { organization { offices { ...O } } } { offices { ...O } }"),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case("fragment fan-out 3^40", query(fan_out(40, 3)), 400, "MAX_COST_EXCEEDED"),
        case("fragment fan-out 10^10", query(fan_out(10, 10)), 400, "MAX_COST_EXCEEDED"),
        case(
            "unknown fragment",
            query("{ ...Nowhere }"),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        // Directives.
        case(
            "directive flood on one field",
            query(format!("{{ __typename {} }}", "@skip(if: false) ".repeat(60))),
            400,
            "MAX_DIRECTIVES_EXCEEDED",
        ),
        case(
            "directive flood over fields",
            query(format!(
                "{{ {} }}",
                (0..51)
                    .map(|_| "__typename @include(if: true)")
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
            400,
            "MAX_DIRECTIVES_EXCEEDED",
        ),
        case(
            "unknown directive flood",
            query(format!("{{ __typename {} }}", "@x ".repeat(51))),
            400,
            "MAX_DIRECTIVES_EXCEEDED",
        ),
        case(
            "unknown directive (async-graphql 7 ignores it)",
            query("{ __typename @nope }"),
            200,
            "",
        ),
        // Size.
        case(
            "20 000 fields",
            query(format!("{{ {} }}", "a ".repeat(20_000))),
            400,
            "MAX_CHARACTERS_EXCEEDED",
        ),
        case(
            "1100 fields under the character limit",
            query(format!("{{ {} }}", "a ".repeat(1100))),
            400,
            "MAX_TOKENS_EXCEEDED",
        ),
        case(
            "1 MiB string variable",
            with_variables(
                "query($s: String!) { office(slug: $s) { name } }",
                json!({ "s": "x".repeat(1 << 20) }),
            ),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        case(
            "60 KB string variable",
            with_variables(
                "query($s: String!) { office(slug: $s) { name } }",
                json!({ "s": "x".repeat(60_000) }),
            ),
            200,
            "",
        ),
        case(
            "1 MiB of whitespace",
            Req::Raw(Some("application/json"), vec![b' '; 1 << 20]),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        case(
            "a 14 000-character name",
            query(format!("{{ {} }}", "n".repeat(14_000))),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "a comment of 14 000 characters",
            query(format!("#{}\n{{ __typename }}", "c".repeat(14_000))),
            200,
            "",
        ),
        case(
            "5000 open braces",
            query("{".repeat(5000)),
            400,
            "MAX_DEPTH_EXCEEDED",
        ),
        case(
            "a list literal 450 deep",
            query(format!(
                "{{ office(slug: {}\"x\"{}) {{ name }} }}",
                "[".repeat(450),
                "]".repeat(450)
            )),
            400,
            "MAX_DEPTH_EXCEEDED",
        ),
        case(
            "a list literal 20 deep",
            query(format!(
                "{{ office(slug: {}\"x\"{}) {{ name }} }}",
                "[".repeat(20),
                "]".repeat(20)
            )),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        // Variables.
        case(
            "variables nested 10 000 deep",
            Req::Raw(
                Some("application/json"),
                format!(
                    "{{\"query\": \"query($v: String) {{ __typename }}\", \"variables\": {{\"v\": {}{}}}}}",
                    "[".repeat(10_000),
                    "]".repeat(10_000)
                )
                .into_bytes(),
            ),
            400,
            "BAD_REQUEST",
        ),
        case(
            "variables nested 100 deep",
            with_variables(
                "query($s: String!) { office(slug: $s) { name } }",
                json!({ "s": nested_list(100) }),
            ),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "variables an array",
            Req::Json(json!({ "query": "{ __typename }", "variables": [1, 2] })),
            400,
            "BAD_REQUEST",
        ),
        case(
            "undefined variable",
            query("{ office(slug: $nope) { name } }"),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "a variable of the wrong type",
            with_variables(
                "query($s: String!) { office(slug: $s) { name } }",
                json!({ "s": { "a": 1 } }),
            ),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        // Numbers.
        case(
            "huge integer literal",
            query(format!("{{ office(slug: \"{office}\") {{ terms(first: 99999999999999999999) {{ totalCount }} }} }}")),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "huge integer variable",
            Req::Raw(
                Some("application/json"),
                b"{\"query\": \"query($n: Int) { terms(first: $n) { totalCount } }\", \"variables\": {\"n\": 99999999999999999999}}".to_vec(),
            ),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "a number past f64",
            Req::Raw(
                Some("application/json"),
                b"{\"query\": \"{ __typename }\", \"variables\": {\"n\": 1e400}}".to_vec(),
            ),
            400,
            "BAD_REQUEST",
        ),
        case(
            "negative first",
            query("{ terms(first: -1) { totalCount } }"),
            200,
            "BAD_USER_INPUT",
        ),
        case(
            "first past 100",
            query("{ terms(first: 101) { totalCount } }"),
            200,
            "BAD_USER_INPUT",
        ),
        // Bytes.
        case(
            "invalid UTF-8 in the body",
            Req::Raw(Some("application/json"), b"{\"query\": \"{ \xff\xfe }\"}".to_vec()),
            400,
            "BAD_REQUEST",
        ),
        case(
            "a raw NUL in the body",
            Req::Raw(Some("application/json"), b"{\"query\": \"{ \x00 }\"}".to_vec()),
            400,
            "BAD_REQUEST",
        ),
        case(
            "an escaped NUL in the document",
            query("{ __typename \u{0} }"),
            400,
            "GRAPHQL_PARSE_FAILED",
        ),
        case(
            "a NUL in a string literal",
            query("{ office(slug: \"a\u{0}b\") { name } }"),
            200,
            "",
        ),
        case(
            "invalid UTF-8 in a GET query string",
            Req::Get("query=%7B%20%FF%20%7D".to_owned()),
            400,
            "GRAPHQL_PARSE_FAILED",
        ),
        case(
            "a NUL in a GET query",
            Req::Get("query=%7B%00%7D".to_owned()),
            400,
            "GRAPHQL_PARSE_FAILED",
        ),
        case(
            "binary garbage",
            Req::Raw(Some("application/json"), (0..=255u8).collect()),
            400,
            "BAD_REQUEST",
        ),
        // Bodies that are not GraphQL requests.
        case("empty body", Req::Raw(Some("application/json"), Vec::new()), 400, "BAD_REQUEST"),
        case("JSON null", Req::Json(Value::Null), 400, "BAD_REQUEST"),
        case("truncated JSON", Req::Raw(Some("application/json"), b"{\"query\": \"{ __ty".to_vec()), 400, "BAD_REQUEST"),
        case("no query", Req::Json(json!({ "variables": {} })), 400, "BAD_REQUEST"),
        case("query a number", Req::Json(json!({ "query": 42 })), 400, "BAD_REQUEST"),
        case("empty document", query(""), 400, "GRAPHQL_PARSE_FAILED"),
        case(
            "operationName a number",
            Req::Json(json!({ "query": "{ __typename }", "operationName": 7 })),
            400,
            "BAD_REQUEST",
        ),
        case(
            "an unterminated block string",
            query("{ office(slug: \"\"\"abc) { name } }"),
            400,
            "GRAPHQL_PARSE_FAILED",
        ),
        // Batches.
        case("batch of 500", batch(500), 400, "BATCH_LIMIT"),
        case("batch of 11", batch(11), 400, "BATCH_LIMIT"),
        case("empty batch", Req::Json(json!([])), 400, "BATCH_LIMIT"),
        case("batch of numbers", Req::Json(json!([1, 2])), 400, "BAD_REQUEST"),
        case(
            "batch with a refused operation",
            Req::Json(json!([{ "query": "{ __typename }" }, { "query": aliases(16) }])),
            200,
            "MAX_ALIASES_EXCEEDED",
        ),
        // Operations.
        case(
            "unknown operation name",
            Req::Json(json!({ "query": "query A { __typename }", "operationName": "B" })),
            400,
            "OPERATION_RESOLUTION_FAILURE",
        ),
        case(
            "two operations, no name",
            query("query A { __typename } query B { __typename }"),
            400,
            "OPERATION_RESOLUTION_FAILURE",
        ),
        case(
            "a mutation",
            query("mutation { __typename }"),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "a subscription",
            query("subscription { __typename }"),
            400,
            "GRAPHQL_VALIDATION_FAILED",
        ),
        case(
            "a list literal 450 deep over GET",
            Req::Get(format!(
                "query=%7B%20office(slug%3A%20{}%22x%22{})%20%7B%20name%20%7D%20%7D",
                "%5B".repeat(450),
                "%5D".repeat(450)
            )),
            400,
            "MAX_DEPTH_EXCEEDED",
        ),
        case(
            "a mutation over GET",
            Req::Get("query=mutation%20%7B%20__typename%20%7D".to_owned()),
            405,
            "METHOD_NOT_ALLOWED",
        ),
        case("GET without a query", Req::Get("variables=%7B%7D".to_owned()), 400, "BAD_REQUEST"),
        case(
            "GET with variables that are not JSON",
            Req::Get("query=%7B__typename%7D&variables=%7Bnope".to_owned()),
            400,
            "BAD_REQUEST",
        ),
        case("unknown field", query("{ nope }"), 400, "GRAPHQL_VALIDATION_FAILED"),
        // Methods, content types, Accept.
        case("PUT", Req::Method(Method::PUT), 405, "METHOD_NOT_ALLOWED"),
        case("DELETE", Req::Method(Method::DELETE), 405, "METHOD_NOT_ALLOWED"),
        case("PATCH", Req::Method(Method::PATCH), 405, "METHOD_NOT_ALLOWED"),
        case(
            "text/plain",
            Req::Raw(Some("text/plain"), b"{\"query\": \"{ __typename }\"}".to_vec()),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        case(
            "a form",
            Req::Raw(Some("application/x-www-form-urlencoded"), b"query=%7B__typename%7D".to_vec()),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        case(
            "multipart",
            Req::Raw(Some("multipart/form-data; boundary=x"), b"--x--".to_vec()),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        case(
            "application/graphql",
            Req::Raw(Some("application/graphql"), b"{ __typename }".to_vec()),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        case(
            "no Content-Type",
            Req::Raw(None, b"{\"query\": \"{ __typename }\"}".to_vec()),
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        case(
            "Accept image/png",
            Req::Accept("image/png", json!({ "query": "{ __typename }" })),
            406,
            "NOT_ACCEPTABLE",
        ),
        case(
            "a refused limit with Accept application/json",
            Req::Accept("application/json", json!({ "query": aliases(16) })),
            200,
            "MAX_ALIASES_EXCEEDED",
        ),
    ]
}

async fn send(app: &TestApp, request: &Req) -> (u16, String) {
    let url = app.url("/graphql");
    let builder = match request {
        Req::Json(value) => app
            .client
            .post(&url)
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, GRAPHQL_RESPONSE)
            .body(value.to_string()),
        Req::Raw(content_type, body) => {
            let mut builder = app
                .client
                .post(&url)
                .header(ACCEPT, GRAPHQL_RESPONSE)
                .body(body.clone());
            if let Some(content_type) = content_type {
                builder = builder.header(CONTENT_TYPE, *content_type);
            }
            builder
        }
        Req::Accept(accept, value) => app
            .client
            .post(&url)
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, *accept)
            .body(value.to_string()),
        Req::Get(query) => app
            .client
            .get(format!("{url}?{query}"))
            .header(ACCEPT, GRAPHQL_RESPONSE),
        Req::Method(method) => app
            .client
            .request(method.clone(), &url)
            .header(ACCEPT, GRAPHQL_RESPONSE),
    };
    let response = builder.send().await.expect("the server answers");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a readable body"))
}

/// The `extensions.code` of every error in an answer, single or batched.
fn codes(body: &Value) -> Vec<String> {
    let answers = match body {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    let mut codes = Vec::new();
    for answer in &answers {
        assert_clean_errors(answer);
        for error in answer["errors"].as_array().into_iter().flatten() {
            codes.push(
                error["extensions"]["code"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            );
        }
    }
    codes
}

#[tokio::test]
async fn hostile_requests_get_their_status_and_code_and_the_server_still_serves() {
    let app = spawn_app().await;
    let cases = cases();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let started = Instant::now();
        let (status, body) = send(&app, &case.request).await;
        let elapsed = started.elapsed();
        let value: Value = serde_json::from_str(&body).unwrap_or_else(|e| {
            panic!(
                "{}: the body is not JSON ({e}): {status} {body:.300}",
                case.name
            )
        });
        let codes = codes(&value);
        let code_ok = if case.code.is_empty() {
            codes.is_empty()
        } else {
            codes.iter().any(|c| c == case.code)
        };
        if status != case.status || !code_ok {
            failures.push(format!(
                "{}: expected {} {}, got {status} {codes:?}: {body:.300}",
                case.name, case.status, case.code
            ));
        }
        assert!(
            elapsed < Duration::from_secs(5),
            "{} took {elapsed:?}",
            case.name
        );
        assert_still_serves(&app).await;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A refused request's message names the limit, its value and the request's value.
#[tokio::test]
async fn hostile_refusals_name_the_limit_and_the_value() {
    let app = spawn_app().await;
    let (status, body) = send(&app, &query(aliases(16))).await;
    assert_eq!(status, 400);
    let value: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        value["errors"][0]["message"],
        "the document has 16 aliases; the limit is 15 (--max-aliases)"
    );
    let (_, body) = send(&app, &query(nested(12))).await;
    let value: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        value["errors"][0]["message"],
        "the operation nests fields 13 deep; the limit is 10 (--max-depth)"
    );
    assert!(value.get("data").is_none_or(Value::is_null), "{value}");
}

fn bench_query(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("bench/queries")
        .join(name);
    std::fs::read_to_string(path).expect("the bench query is there")
}

#[tokio::test]
async fn hostile_limits_let_every_bench_query_and_introspection_through() {
    let app = spawn_app().await;
    let variables: Value =
        serde_json::from_str(&bench_query("holders-during.variables.json")).unwrap();
    for name in [
        "all-terms.graphql",
        "holders-during.graphql",
        "incumbent.graphql",
        "introspection.graphql",
    ] {
        let data = app.query_data(&bench_query(name), variables.clone()).await;
        assert!(data.is_object(), "{name}: {data}");
    }
}

#[tokio::test]
async fn hostile_each_lowered_limit_refuses() {
    type Tweak = fn(&mut tenure::config::ServeSettings);
    let table: Vec<(&str, Tweak, Req, u16, &str)> = vec![
        (
            "max_aliases 2",
            |s| s.max_aliases = 2,
            query(aliases(3)),
            400,
            "MAX_ALIASES_EXCEEDED",
        ),
        (
            "max_directives 1",
            |s| s.max_directives = 1,
            query("{ __typename @skip(if: false) @include(if: true) }"),
            400,
            "MAX_DIRECTIVES_EXCEEDED",
        ),
        (
            "max_tokens 30",
            |s| s.max_tokens = 30,
            query(format!("{{ {} }}", "a ".repeat(40))),
            400,
            "MAX_TOKENS_EXCEEDED",
        ),
        (
            "max_characters 100",
            |s| s.max_characters = 100,
            query(format!("{{ {} }}", "__typename ".repeat(12))),
            400,
            "MAX_CHARACTERS_EXCEEDED",
        ),
        (
            "max_depth 3",
            |s| s.max_depth = 3,
            query(nested(4)),
            400,
            "MAX_DEPTH_EXCEEDED",
        ),
        (
            "max_cost 50",
            |s| s.max_cost = 50,
            query("{ terms(first: 60) { nodes { ordinal } } }"),
            400,
            "MAX_COST_EXCEEDED",
        ),
        (
            "max_batch 2",
            |s| s.max_batch = 2,
            batch(3),
            400,
            "BATCH_LIMIT",
        ),
        (
            "max_body_bytes 200",
            |s| s.max_body_bytes = 200,
            query(format!("{{ __typename {} }}", " ".repeat(300))),
            413,
            "PAYLOAD_TOO_LARGE",
        ),
        (
            "no introspection",
            |s| s.no_introspection = true,
            query("{ __schema { queryType { name } } }"),
            200,
            "",
        ),
    ];
    for (name, tweak, request, status, code) in table {
        let mut settings = test_settings();
        tweak(&mut settings);
        let app = spawn_app_with(settings).await;
        let (got, body) = send(&app, &request).await;
        let value: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(got, status, "{name}: {body}");
        if code.is_empty() {
            // Introspection off: the field answers nothing about the schema.
            assert!(
                value["data"]["__schema"].is_null() || value["errors"].is_array(),
                "{name}: {body}"
            );
        } else {
            assert!(codes(&value).iter().any(|c| c == code), "{name}: {body}");
        }
        assert_still_serves(&app).await;
    }
}

#[tokio::test]
async fn hostile_suggestions_can_be_turned_off() {
    let request = query("{ ofices { name } }");
    let app = spawn_app().await;
    let (_, with) = send(&app, &request).await;
    assert!(with.contains("Did you mean"), "{with}");
    let mut settings = test_settings();
    settings.no_suggestions = true;
    let app = spawn_app_with(settings).await;
    let (status, without) = send(&app, &request).await;
    assert_eq!(status, 400);
    assert!(!without.contains("Did you mean"), "{without}");
}

/// A body sent a byte a second is cut off at the body time limit with 408, and
/// meanwhile the server (one worker) answers other clients promptly.
#[tokio::test]
async fn hostile_slow_body_is_cut_off_and_does_not_hold_the_worker() {
    let mut settings = test_settings();
    settings.request_timeout_ms = 2000;
    let app = spawn_app_with(settings).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let slow = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(&address).expect("connect");
        stream
            .write_all(
                format!(
                    "POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                )
                .as_bytes(),
            )
            .unwrap();
        let started = Instant::now();
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        let mut answer = Vec::new();
        for _ in 0..100 {
            if stream.write_all(b" ").is_err() {
                break;
            }
            let deadline = Instant::now() + Duration::from_secs(1);
            while Instant::now() < deadline {
                let mut buffer = [0u8; 4096];
                match stream.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(n) => answer.extend_from_slice(&buffer[..n]),
                    Err(_) => {}
                }
            }
            if !answer.is_empty() {
                break;
            }
        }
        (
            started.elapsed(),
            String::from_utf8_lossy(&answer).into_owned(),
        )
    });
    // While the slow body trickles in, other clients are served.
    for _ in 0..3 {
        let started = Instant::now();
        assert_still_serves(&app).await;
        assert!(started.elapsed() < Duration::from_millis(500));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let (elapsed, answer) = tokio::task::spawn_blocking(move || slow.join().unwrap())
        .await
        .unwrap();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("REQUEST_TIMEOUT"), "{answer}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_still_serves(&app).await;
}

#[test]
fn hostile_limits_come_from_flags_with_documented_defaults() {
    use clap::Parser;
    let cli = tenure::config::Cli::parse_from(["tenure"]);
    // The defaults the README's table promises, as literal numbers.
    let limits = tenure::startup::limits(&cli.serve);
    assert_eq!(
        (
            limits.max_characters,
            limits.max_tokens,
            limits.max_aliases,
            limits.max_directives,
            limits.max_depth,
            limits.max_cost,
        ),
        (15_000, 1000, 15, 50, 10, 5000)
    );
    assert_eq!(limits.timeout, Duration::from_millis(10_000));
    assert_eq!(limits.max_answer_items, 10_000);
    assert!(limits.introspection && limits.suggestions);
    assert_eq!(cli.serve.answer_cache_bytes, 64 * 1024 * 1024);
    assert_eq!(cli.serve.rate_limit_cost_per_minute, None);
    assert!(cli.serve.trusted_proxies.is_empty() && cli.serve.metrics_listen.is_none());
    assert!(!cli.serve.no_plans);
    assert_eq!(
        (cli.serve.max_body_bytes, cli.serve.max_batch),
        (64 * 1024, 10)
    );
    let cli = tenure::config::Cli::parse_from([
        "tenure",
        "serve",
        "--max-aliases",
        "2",
        "--max-cost",
        "7",
        "--request-timeout-ms",
        "250",
        "--no-introspection",
        "--no-suggestions",
    ]);
    let Some(tenure::config::Command::Serve(settings)) = cli.command else {
        panic!("serve settings");
    };
    let limits = tenure::startup::limits(&settings);
    assert_eq!((limits.max_aliases, limits.max_cost), (2, 7));
    assert_eq!(limits.timeout, Duration::from_millis(250));
    assert!(!limits.introspection && !limits.suggestions);
}
