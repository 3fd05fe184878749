//! Persisted documents over HTTP: `documentId` (GraphQL over HTTP, "Persisted
//! Documents"), Apollo's automatic persisted queries, the trusted documents' manifest
//! (`--trusted-documents`) checked at startup and on reload, and `--trusted-only`.

use std::path::{Path, PathBuf};

use reqwest::header::{ACCEPT, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tenure::config::ServeSettings;
use tenure::graphql::persisted::ManifestSource;
use tenure::graphql::DocumentId;
use tenure::startup::Application;

use crate::helpers::{
    assert_still_serves, code, message, spawn_app_with, test_settings, RawResponse, TestApp,
};

const JSON: &str = "application/json";
const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// A document of the manifests here.
const PROBE: &str = r#"query Probe { office(slug: "oic-secretary-general") { abbreviation } }"#;
/// Another, with variables.
const SERVING: &str =
    "query Serving($date: Date!) { servingOn(date: $date) { ordinal secretary { name } } }";
/// A document in no manifest.
const OTHER: &str = r#"query Other { office(slug: "oic-secretary-general") { name } }"#;

fn id(text: &str) -> String {
    DocumentId::of(text).to_string()
}

/// The bare hex of a document's SHA-256, as APQ and manifests without prefix write it.
fn hex(text: &str) -> String {
    id(text)["sha256:".len()..].to_owned()
}

/// Writes a manifest of `documents` (keys with the prefix) into `dir`.
fn write_manifest(dir: &Path, documents: &[&str]) -> PathBuf {
    let manifest: serde_json::Map<String, Value> = documents
        .iter()
        .map(|text| (id(text), json!(text)))
        .collect();
    write_json(dir, &Value::Object(manifest))
}

/// A manifest of one entry.
fn entry(key: &str, value: Value) -> Value {
    let mut manifest = serde_json::Map::new();
    manifest.insert(key.to_owned(), value);
    Value::Object(manifest)
}

fn write_json(dir: &Path, manifest: &Value) -> PathBuf {
    let path = dir.join("persisted-documents.json");
    std::fs::write(&path, manifest.to_string()).unwrap();
    path
}

fn settings(manifest: Option<PathBuf>, trusted_only: bool) -> ServeSettings {
    ServeSettings {
        trusted_documents: manifest,
        trusted_only,
        ..test_settings()
    }
}

async fn post(app: &TestApp, body: Value) -> RawResponse {
    app.post_raw(Some(JSON), Some(JSON), body.to_string()).await
}

async fn get(app: &TestApp, params: &[(&str, String)]) -> RawResponse {
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(params)
        .header(ACCEPT, JSON)
        .send()
        .await
        .expect("the server answers");
    let status = response.status();
    let headers = response.headers().clone();
    RawResponse {
        status,
        headers,
        body: response.text().await.expect("a body"),
    }
}

/// The one error of a refused answer, with its status.
fn refused(response: &RawResponse, status: StatusCode, expected: &str) -> String {
    assert_eq!(response.status, status, "{}", response.body);
    let body = response.json();
    assert!(body.get("data").is_none(), "{body}");
    let error = &body["errors"][0];
    assert_eq!(code(error), expected, "{body}");
    message(error).to_owned()
}

fn abbreviation(response: &RawResponse) -> Value {
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    response.json()["data"]["office"]["abbreviation"].clone()
}

#[tokio::test]
async fn a_document_id_runs_the_manifest_document_by_post_and_by_get() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_manifest(dir.path(), &[PROBE, SERVING]);
    let app = spawn_app_with(settings(Some(manifest), false)).await;

    let response = post(&app, json!({ "documentId": id(PROBE) })).await;
    assert_eq!(abbreviation(&response), json!("SGOIC"));
    let response = get(&app, &[("documentId", id(PROBE))]).await;
    assert_eq!(abbreviation(&response), json!("SGOIC"));

    let variables = json!({ "date": "2010-05-01" });
    let response = post(
        &app,
        json!({ "documentId": id(SERVING), "variables": variables, "operationName": "Serving" }),
    )
    .await;
    assert_eq!(
        response.json()["data"]["servingOn"][0]["ordinal"],
        json!(9),
        "{}",
        response.body
    );
    // A batch may mix ids and text.
    let response = post(
        &app,
        json!([{ "documentId": id(PROBE) }, { "query": "{ office(slug: \"oic-secretary-general\") { abbreviation } }" }]),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    let answers = response.json();
    assert_eq!(answers[0], answers[1], "{answers}");
}

#[tokio::test]
async fn a_get_by_document_id_with_variables_gets_an_etag_and_a_304_on_revalidation() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_manifest(dir.path(), &[SERVING]);
    let app = spawn_app_with(settings(Some(manifest), true)).await;
    let params = [
        ("documentId", id(SERVING)),
        ("variables", json!({ "date": "2010-05-01" }).to_string()),
    ];
    let first = get(&app, &params).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.json()["data"]["servingOn"][0]["ordinal"], json!(9));
    let etag = first.headers[ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");

    let again = app
        .client
        .get(app.url("/graphql"))
        .query(&params)
        .header(ACCEPT, JSON)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[ETAG].to_str().unwrap(), etag);
}

#[tokio::test]
async fn both_document_id_and_query_is_a_400_that_says_so() {
    let app = spawn_app_with(settings(None, false)).await;
    let body = json!({ "documentId": id(PROBE), "query": PROBE });
    for accept in [JSON, GRAPHQL_RESPONSE] {
        let response = app
            .post_raw(Some(JSON), Some(accept), body.to_string())
            .await;
        let message = refused(&response, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        assert!(
            message.contains("both `documentId` and `query`"),
            "{message}"
        );
    }
    let response = get(&app, &[("documentId", id(PROBE)), ("query", PROBE.into())]).await;
    refused(&response, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn a_document_id_that_is_not_a_prefixed_sha256_is_a_400() {
    let app = spawn_app_with(settings(None, false)).await;
    for bad in [
        hex(PROBE),
        format!("sha256:{}", hex(PROBE).to_uppercase()),
        "sha256:abc".to_owned(),
        format!("md5:{}", hex(PROBE)),
    ] {
        let response = post(&app, json!({ "documentId": bad })).await;
        let message = refused(&response, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        assert!(
            message.contains("`documentId` must be `sha256:`"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn an_unknown_document_id_is_persisted_query_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_manifest(dir.path(), &[PROBE]);
    let app = spawn_app_with(settings(Some(manifest), false)).await;
    let response = post(&app, json!({ "documentId": id(OTHER) })).await;
    let message = refused(&response, StatusCode::OK, "PERSISTED_QUERY_NOT_FOUND");
    assert!(message.contains(&id(OTHER)), "{message}");
    let response = app
        .post_raw(
            Some(JSON),
            Some(GRAPHQL_RESPONSE),
            json!({ "documentId": id(OTHER) }).to_string(),
        )
        .await;
    refused(
        &response,
        StatusCode::BAD_REQUEST,
        "PERSISTED_QUERY_NOT_FOUND",
    );
}

fn apq(text: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hex(text) } })
}

#[tokio::test]
async fn apq_asks_for_the_text_once_then_runs_the_hash_alone_by_post_and_get() {
    let app = spawn_app_with(settings(None, false)).await;
    // The hash alone, unknown: what Apollo clients retry on.
    let response = post(&app, json!({ "extensions": apq(OTHER) })).await;
    let message = refused(&response, StatusCode::OK, "PERSISTED_QUERY_NOT_FOUND");
    assert_eq!(message, "PersistedQueryNotFound");
    let response = get(&app, &[("extensions", apq(OTHER).to_string())]).await;
    assert_eq!(
        refused(&response, StatusCode::OK, "PERSISTED_QUERY_NOT_FOUND"),
        "PersistedQueryNotFound"
    );

    // The hash with its text registers it...
    let response = post(&app, json!({ "query": OTHER, "extensions": apq(OTHER) })).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let expected = response.json();
    assert_eq!(
        expected["data"]["office"]["name"],
        json!("Secretary-General of the Organisation of Islamic Cooperation")
    );
    // ...and then the hash alone runs it, by POST and GET, and so does its documentId.
    let response = post(&app, json!({ "extensions": apq(OTHER) })).await;
    assert_eq!(response.json(), expected);
    let response = get(&app, &[("extensions", apq(OTHER).to_string())]).await;
    assert_eq!(response.json(), expected);
    let response = post(&app, json!({ "documentId": id(OTHER) })).await;
    assert_eq!(response.json(), expected);

    // Registering by GET works too.
    let response = get(
        &app,
        &[
            ("query", PROBE.to_owned()),
            ("extensions", apq(PROBE).to_string()),
        ],
    )
    .await;
    assert_eq!(abbreviation(&response), json!("SGOIC"));
    let response = get(&app, &[("extensions", apq(PROBE).to_string())]).await;
    assert_eq!(abbreviation(&response), json!("SGOIC"));
}

#[tokio::test]
async fn an_apq_hash_that_is_not_its_texts_is_a_400_and_registers_nothing() {
    let app = spawn_app_with(settings(None, false)).await;
    for accept in [JSON, GRAPHQL_RESPONSE] {
        let body = json!({ "query": PROBE, "extensions": apq(OTHER) });
        let response = app
            .post_raw(Some(JSON), Some(accept), body.to_string())
            .await;
        let message = refused(
            &response,
            StatusCode::BAD_REQUEST,
            "PERSISTED_QUERY_HASH_MISMATCH",
        );
        assert!(message.contains(&id(PROBE)), "{message}");
    }
    let response = post(&app, json!({ "extensions": apq(OTHER) })).await;
    refused(&response, StatusCode::OK, "PERSISTED_QUERY_NOT_FOUND");

    for bad in [
        json!({ "persistedQuery": { "version": 2, "sha256Hash": hex(PROBE) } }),
        json!({ "persistedQuery": { "version": 1, "sha256Hash": "abc" } }),
        json!({ "persistedQuery": { "version": 1 } }),
    ] {
        let response = post(&app, json!({ "extensions": bad })).await;
        let message = refused(&response, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        assert!(message.contains("extensions.persistedQuery"), "{message}");
    }
}

#[tokio::test]
async fn trusted_only_refuses_every_document_outside_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_manifest(dir.path(), &[PROBE]);
    let app = spawn_app_with(settings(Some(manifest), true)).await;

    // By id, and as its exact text, the manifest's document runs.
    assert_eq!(
        abbreviation(&post(&app, json!({ "documentId": id(PROBE) })).await),
        json!("SGOIC")
    );
    assert_eq!(
        abbreviation(&post(&app, json!({ "query": PROBE })).await),
        json!("SGOIC")
    );
    // Any other text is refused, every time (a refusal is never cached), by POST, by
    // GET, in a batch.
    for _ in 0..3 {
        let response = post(&app, json!({ "query": OTHER })).await;
        let message = refused(&response, StatusCode::OK, "TRUSTED_DOCUMENT_REQUIRED");
        assert!(message.contains("--trusted-only"), "{message}");
    }
    let response = get(&app, &[("query", OTHER.to_owned())]).await;
    refused(&response, StatusCode::OK, "TRUSTED_DOCUMENT_REQUIRED");
    let response = post(
        &app,
        json!([{ "documentId": id(PROBE) }, { "query": OTHER }]),
    )
    .await;
    let answers = response.json();
    assert_eq!(answers[0]["data"]["office"]["abbreviation"], json!("SGOIC"));
    assert_eq!(code(&answers[1]["errors"][0]), "TRUSTED_DOCUMENT_REQUIRED");
    // An unknown id, and an unknown APQ hash, are not found.
    let response = post(&app, json!({ "documentId": id(OTHER) })).await;
    refused(&response, StatusCode::OK, "PERSISTED_QUERY_NOT_FOUND");
    // APQ registers nothing: the text is refused, and the hash stays unknown.
    let response = post(&app, json!({ "query": OTHER, "extensions": apq(OTHER) })).await;
    refused(&response, StatusCode::OK, "TRUSTED_DOCUMENT_REQUIRED");
    let response = post(&app, json!({ "extensions": apq(OTHER) })).await;
    refused(&response, StatusCode::OK, "PERSISTED_QUERY_NOT_FOUND");
    // A manifest document's APQ hash is known.
    assert_eq!(
        abbreviation(&post(&app, json!({ "extensions": apq(PROBE) })).await),
        json!("SGOIC")
    );

    // The playground says so.
    let page = app
        .client
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("This server runs only trusted documents"),
        "{page}"
    );
}

#[tokio::test]
async fn the_playground_has_no_trusted_only_notice_otherwise() {
    let app = spawn_app_with(settings(None, false)).await;
    let page = app.client.get(app.url("/")).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(!page.contains("id=\"tenure-notice\""), "{page}");
}

#[tokio::test]
async fn without_a_manifest_the_server_knows_the_documents_of_its_timeline() {
    let built_in = tenure::http::timeline_manifest()
        .expect("the timeline is built in (npm ci && npm run build in examples/timeline)");
    let manifest: serde_json::Map<String, Value> = serde_json::from_slice(built_in).unwrap();
    assert!(!manifest.is_empty());
    let app = spawn_app_with(settings(None, true)).await;
    // The app's three operations: the offices for its picker, one office's terms, and
    // which of them match a range.
    assert_eq!(manifest.len(), 3);
    for (key, text) in &manifest {
        let text = text.as_str().unwrap();
        let variables = if text.contains("$match") {
            json!({ "office": "nato-secretary-general", "from": "2014-01-01", "to": "2016-12-31", "match": "POSSIBLY" })
        } else if text.contains("$office") {
            json!({ "office": "nato-secretary-general" })
        } else {
            json!({})
        };
        let response = post(&app, json!({ "documentId": key, "variables": variables })).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        let body = response.json();
        assert!(body.get("errors").is_none(), "{key}: {body}");
        if text.contains("$office") {
            assert!(body["data"]["office"].is_object(), "{key}: {body}");
        } else {
            assert_eq!(
                body["data"]["offices"].as_array().map(Vec::len),
                Some(4),
                "{key}: {body}"
            );
        }
    }
}

#[tokio::test]
async fn an_answer_is_not_served_from_the_cache_once_the_manifest_drops_its_document() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_manifest(dir.path(), &[PROBE]);
    let app = spawn_app_with(settings(Some(manifest), true)).await;
    let by_id = json!({ "documentId": id(PROBE) });
    let by_text = json!({ "query": PROBE });
    for _ in 0..3 {
        assert_eq!(
            abbreviation(&post(&app, by_id.clone()).await),
            json!("SGOIC")
        );
        assert_eq!(
            abbreviation(&post(&app, by_text.clone()).await),
            json!("SGOIC")
        );
    }
    let cached = r#"tenure_requests_total{operation="Probe",outcome="cached"}"#;
    assert!(
        metrics(&app).await.contains(cached),
        "the answers were cached"
    );
    write_manifest(dir.path(), &[SERVING]);
    app.snapshots
        .reload()
        .await
        .expect("the new manifest is valid");
    // The same request bytes, answered from the cache before, are now refused.
    let response = post(&app, by_id).await;
    refused(&response, StatusCode::OK, "PERSISTED_QUERY_NOT_FOUND");
    let response = post(&app, by_text).await;
    refused(&response, StatusCode::OK, "TRUSTED_DOCUMENT_REQUIRED");
}

/// Why `Application::build` refused `manifest`.
fn startup_error(manifest: &Value) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = write_json(dir.path(), manifest);
    match Application::build(&settings(Some(path), false)) {
        Ok(_) => panic!("the server started with the manifest {manifest}"),
        Err(e) => format!("{e:#}"),
    }
}

#[tokio::test]
async fn a_bad_manifest_stops_the_server_from_starting_with_each_key_and_reason() {
    let deep = "query Deep { office(slug: \"x\") { terms { nodes { predecessor { predecessor { predecessor { predecessor { predecessor { predecessor { predecessor { predecessor { predecessor { ordinal } } } } } } } } } } } } }";
    let zeros = format!("sha256:{}", "0".repeat(64));
    let cases = [
        (
            entry(&zeros, json!(PROBE)),
            "the key is not the SHA-256 of its document",
        ),
        (
            entry("not-a-hash", json!(PROBE)),
            "a key must be the document's SHA-256",
        ),
        (
            entry(&id("{ office("), json!("{ office(")),
            "does not validate",
        ),
        (entry(&id("{ nope }"), json!("{ nope }")), "nope"),
        (entry(&id(deep), json!(deep)), "MAX_DEPTH_EXCEEDED"),
        (
            entry(&hex(PROBE), json!(42)),
            "the value must be the document's text",
        ),
    ];
    for (manifest, reason) in cases {
        let error = startup_error(&manifest);
        let key = manifest.as_object().unwrap().keys().next().unwrap().clone();
        assert!(error.contains(&format!("key `{key}`")), "{error}");
        assert!(error.contains(reason), "{reason}: {error}");
        assert!(error.contains("trusted documents"), "{error}");
    }
    let error = startup_error(&json!(["not", "an", "object"]));
    assert!(error.contains("not a JSON object"), "{error}");
    // Keys without the prefix, as some tools write them, are read.
    let dir = tempfile::tempdir().unwrap();
    let path = write_json(dir.path(), &entry(&hex(PROBE), json!(PROBE)));
    let app = spawn_app_with(settings(Some(path), true)).await;
    assert_eq!(
        abbreviation(&post(&app, json!({ "documentId": id(PROBE) })).await),
        json!("SGOIC")
    );
}

#[tokio::test]
async fn a_bad_manifest_keeps_a_reload_from_taking_effect() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_manifest(dir.path(), &[PROBE]);
    let app = spawn_app_with(settings(Some(manifest), true)).await;
    write_json(dir.path(), &entry(&id("{ nope }"), json!("{ nope }")));
    let refused_reload = app
        .snapshots
        .reload()
        .await
        .expect_err("a bad manifest is refused");
    let problems: Vec<String> = refused_reload
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("persisted-documents.json") && p.contains(&id("{ nope }"))),
        "{problems:?}"
    );
    // The previous manifest is still served, and the refusal is shown.
    assert_eq!(
        abbreviation(&post(&app, json!({ "documentId": id(PROBE) })).await),
        json!("SGOIC")
    );
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["lastReload"]["succeeded"], json!(false), "{ready}");
}

async fn metrics(app: &TestApp) -> String {
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    response.text().await.unwrap()
}

#[tokio::test]
async fn trusted_documents_are_counted_under_their_operation_names_whatever_else_comes() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write_manifest(dir.path(), &[PROBE]);
    let app = spawn_app_with(settings(Some(manifest), false)).await;
    for _ in 0..2 {
        post(&app, json!({ "documentId": id(PROBE) })).await;
    }
    let series = r#"tenure_requests_total{operation="Probe",outcome="#;
    let count = |metrics: &str| -> u64 {
        metrics
            .lines()
            .filter(|line| line.starts_with(series))
            .map(|line| line.rsplit(' ').next().unwrap().parse::<u64>().unwrap())
            .sum()
    };
    assert_eq!(count(&metrics(&app).await), 2);
    // Invented names, more than the metrics keep, twice each so they are kept a while:
    // the trusted document's series stays.
    for round in 0..2 {
        for i in 0..(tenure::http::metrics::MAX_OPERATIONS + 20) {
            let text = format!("query Invented{i} {{ __typename }}");
            let response = post(&app, json!({ "query": text })).await;
            assert_eq!(response.status, StatusCode::OK, "round {round}");
        }
    }
    post(&app, json!({ "documentId": id(PROBE) })).await;
    assert_eq!(count(&metrics(&app).await), 3);
}

/// A trusted document is compiled into its plan when the manifest loads, so even its
/// first request runs as a plan; one a plan cannot express (introspection) is let in
/// and runs on async-graphql, and `--no-plans` plans nothing.
#[tokio::test]
async fn a_manifest_plans_its_documents_when_it_loads() {
    use tenure::graphql::persisted::manifest;
    use tenure::graphql::Executor;

    let introspection = "query Types { __schema { queryType { name } } }";
    let dir = tempfile::tempdir().unwrap();
    let path = write_manifest(dir.path(), &[PROBE, SERVING, introspection]);
    let catalog = tenure::startup::load_catalog(&test_settings().data).expect("the data loads");
    let source = ManifestSource::File(path.clone());

    let loaded = manifest::load(&source, &Executor::default(), &catalog).expect("it loads");
    assert_eq!(loaded.len(), 3);
    assert_eq!(loaded.planned(), (2, 3));
    let loaded =
        manifest::load(&source, &Executor::default().without_plans(), &catalog).expect("it loads");
    assert_eq!(loaded.planned(), (0, 3));

    // Served: the first request by id runs as a plan.
    let app = spawn_app_with(settings(Some(path), true)).await;
    let response = post(
        &app,
        json!({ "documentId": id(SERVING), "variables": { "date": "2010-05-01" } }),
    )
    .await;
    assert_eq!(
        response.json()["data"]["servingOn"][0]["ordinal"],
        json!(9),
        "{}",
        response.body
    );
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("the server answers")
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("tenure_executions_total{path=\"plan\"} 1\n"),
        "{metrics}"
    );
    assert!(!metrics.contains("path=\"reference\"} 1"), "{metrics}");
}
