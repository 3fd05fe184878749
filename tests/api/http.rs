//! GraphQL over HTTP: media types, status codes, methods, batches, limits, the
//! playground and the health check. After every refused request the server must still
//! answer an ordinary query.

use reqwest::header::ALLOW;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    assert_clean_errors, assert_still_serves, code, message, spawn_app, RawResponse,
};

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";
const JSON: &str = "application/json";
const VALID: &str = r#"{"query": "{ office(slug: \"oic-secretary-general\") { abbreviation } }"}"#;

/// A refusal: the status, a JSON body with one error of `code`, and its message.
fn refused(response: &RawResponse, status: StatusCode, expected_code: &str) -> String {
    assert_eq!(response.status, status, "{}", response.body);
    let body = response.json();
    assert_clean_errors(&body);
    let error = &body["errors"][0];
    assert_eq!(code(error), expected_code, "{body}");
    message(error).to_owned()
}

#[tokio::test]
async fn a_valid_query_is_200_in_either_media_type() {
    let app = spawn_app().await;
    for (accept, media) in [
        (Some(GRAPHQL_RESPONSE), GRAPHQL_RESPONSE),
        (Some(JSON), JSON),
        (None, JSON),
        (Some("*/*"), JSON),
        (
            Some("application/json;q=0.5, application/graphql-response+json"),
            GRAPHQL_RESPONSE,
        ),
    ] {
        let response = app.post_raw(Some(JSON), accept, VALID).await;
        assert_eq!(response.status, StatusCode::OK, "{accept:?}");
        assert_eq!(response.media_type(), media, "{accept:?}");
        assert_eq!(
            response.json(),
            json!({ "data": { "office": { "abbreviation": "SGOIC" } } })
        );
    }
}

#[tokio::test]
async fn a_document_that_fails_to_parse_or_validate_is_400_for_graphql_response_json() {
    let app = spawn_app().await;
    for (document, expected_code) in [
        ("{ office(", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
    ] {
        let body = json!({ "query": document }).to_string();
        let response = app.post_raw(Some(JSON), Some(GRAPHQL_RESPONSE), body).await;
        refused(&response, StatusCode::BAD_REQUEST, expected_code);
        assert_eq!(response.media_type(), GRAPHQL_RESPONSE);
        // A request error has no `data` entry at all, not `"data": null`.
        let answer = response.json();
        assert!(
            answer.as_object().is_some_and(|o| !o.contains_key("data")),
            "{answer}"
        );

        let response = app
            .get_graphql(document, None, Some(GRAPHQL_RESPONSE))
            .await;
        refused(&response, StatusCode::BAD_REQUEST, expected_code);
        assert_eq!(response.media_type(), GRAPHQL_RESPONSE);
    }
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn a_document_that_fails_to_parse_or_validate_is_200_for_application_json() {
    let app = spawn_app().await;
    for (document, expected_code) in [
        ("{ office(", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
    ] {
        let body = json!({ "query": document }).to_string();
        let response = app.post_raw(Some(JSON), Some(JSON), body).await;
        refused(&response, StatusCode::OK, expected_code);
        assert_eq!(response.media_type(), JSON);
    }
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn an_error_during_execution_is_200_with_partial_data() {
    let app = spawn_app().await;
    let body = json!({
        "query": "{ dataset { asOf } servingOn(date: \"2004-02-30\") { ordinal } }"
    })
    .to_string();
    let response = app.post_raw(Some(JSON), Some(GRAPHQL_RESPONSE), body).await;
    refused(&response, StatusCode::OK, "BAD_USER_INPUT");
    assert_eq!(response.media_type(), GRAPHQL_RESPONSE);
}

#[tokio::test]
async fn get_runs_a_query_with_variables() {
    let app = spawn_app().await;
    let response = app
        .get_graphql(
            "query($search: String) { secretaries(search: $search) { nodes { name } } }",
            Some(&json!({ "search": "al-oth" })),
            None,
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.media_type(), JSON);
    assert_eq!(
        response.json(),
        json!({ "data": { "secretaries": { "nodes": [{ "name": "Yousef Al-Othaimeen" }] } } })
    );

    let response = app
        .get_graphql(
            "query($from: Date!, $to: Date!) { office(slug: \"oic-secretary-general\") {
                 holders(during: { from: $from, to: $to }) { name } } }",
            Some(&json!({ "from": "2014-01-01", "to": "2016-12-31" })),
            Some(GRAPHQL_RESPONSE),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(response.media_type(), GRAPHQL_RESPONSE);
    assert_eq!(
        response.json()["data"]["office"]["holders"],
        json!([
            { "name": "Ekmeleddin İhsanoğlu" },
            { "name": "Iyad bin Amin Madani" },
            { "name": "Yousef Al-Othaimeen" }
        ])
    );
}

#[tokio::test]
async fn get_picks_the_operation_by_name() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[
            (
                "query",
                "query A { dataset { asOf } } query B { office(slug: \"oic-secretary-general\") { abbreviation } }",
            ),
            ("operationName", "B"),
        ])
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(
        body,
        json!({ "data": { "office": { "abbreviation": "SGOIC" } } })
    );
}

#[tokio::test]
async fn get_without_a_query_or_with_bad_variables_is_400() {
    let app = spawn_app().await;
    let response = app.request_raw(Method::GET, "/graphql").await;
    let message = refused(&response, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert!(message.contains("query"), "{message}");

    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ dataset { asOf } }"), ("variables", "[1, 2]")])
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn get_with_a_mutation_is_405() {
    let app = spawn_app().await;
    let response = app.get_graphql("mutation { x }", None, None).await;
    let message = refused(
        &response,
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
    );
    assert!(message.contains("POST"), "{message}");
    assert_eq!(response.media_type(), JSON);
    // The operation named by `operationName` decides, not the first one.
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&[
            ("query", "query Q { dataset { asOf } } mutation M { x }"),
            ("operationName", "M"),
        ])
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn put_and_delete_on_graphql_are_405_with_an_allow_header() {
    let app = spawn_app().await;
    for method in [Method::PUT, Method::DELETE, Method::PATCH] {
        let response = app.request_raw(method.clone(), "/graphql").await;
        let message = refused(
            &response,
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
        );
        assert!(message.contains(method.as_str()), "{message}");
        let allow = response
            .headers
            .get(ALLOW)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{method} has an Allow header"));
        assert_eq!(allow, "GET, POST");
    }
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn a_post_that_is_not_json_is_415() {
    let app = spawn_app().await;
    for content_type in [Some("text/plain"), Some("application/graphql"), None] {
        let response = app.post_raw(content_type, None, VALID).await;
        let message = refused(
            &response,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
        );
        assert!(message.contains("application/json"), "{message}");
    }
    let response = app
        .post_raw(Some("application/json; charset=utf-8"), None, VALID)
        .await;
    assert_eq!(response.status, StatusCode::OK);
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn malformed_json_is_400_saying_what_is_wrong() {
    let app = spawn_app().await;
    for body in [r#"{"query": "#, "not json", r#"{"query": 42}"#, ""] {
        let response = app.post_raw(Some(JSON), None, body).await;
        let message = refused(&response, StatusCode::BAD_REQUEST, "BAD_REQUEST");
        assert!(
            message.contains("not a GraphQL request") && message.contains("\"query\""),
            "{body}: {message}"
        );
        assert_eq!(response.media_type(), JSON);
    }
    let response = app.post_raw(Some(JSON), None, r#"{"query": "#).await;
    let message = refused(&response, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert!(message.contains("EOF"), "{message}");
    assert_still_serves(&app).await;
}

/// GraphQL over HTTP: `query` is required; a body without it is not a GraphQL request.
#[tokio::test]
async fn a_body_without_a_query_is_400() {
    let app = spawn_app().await;
    for body in [r#"{}"#, r#"{"variables": {"date": "2004-12-31"}}"#] {
        for accept in [None, Some(JSON)] {
            let response = app.post_raw(Some(JSON), accept, body).await;
            assert_eq!(
                response.status,
                StatusCode::BAD_REQUEST,
                "{body} with Accept {accept:?}: {}",
                response.body
            );
            let message = message(&response.json()["errors"][0]).to_owned();
            assert!(message.contains("query"), "{message}");
        }
    }
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn accepting_only_html_is_406() {
    let app = spawn_app().await;
    for accept in [
        "text/html",
        "text/html, application/xml;q=0.9",
        "application/json;q=0",
    ] {
        let response = app.post_raw(Some(JSON), Some(accept), VALID).await;
        let message = refused(&response, StatusCode::NOT_ACCEPTABLE, "NOT_ACCEPTABLE");
        assert!(message.contains(GRAPHQL_RESPONSE), "{message}");
        let response = app
            .get_graphql("{ dataset { asOf } }", None, Some(accept))
            .await;
        assert_eq!(response.status, StatusCode::NOT_ACCEPTABLE, "{accept}");
    }
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn a_batch_of_two_gets_two_answers_in_order() {
    let app = spawn_app().await;
    let batch = json!([
        { "query": "{ dataset { asOf } }" },
        {
            "query": "query($d: Date!) { servingOn(date: $d) { ordinal } }",
            "variables": { "d": "2004-12-31" }
        }
    ]);
    let response = app.post_raw(Some(JSON), None, batch.to_string()).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_eq!(
        response.json(),
        json!([
            { "data": { "dataset": { "asOf": "2026-11-27" } } },
            // The UN's 9th, the OIC's 8th, NATO's 14th, the OAS's 11th and the OIC's 9th.
            {
                "data": {
                    "servingOn": [
                        { "ordinal": 9 },
                        { "ordinal": 8 },
                        { "ordinal": 14 },
                        { "ordinal": 11 },
                        { "ordinal": 9 }
                    ]
                }
            }
        ])
    );
}

#[tokio::test]
async fn a_batch_answers_each_operation_on_its_own() {
    let app = spawn_app().await;
    let batch = json!([
        { "query": "{ servingOn(date: \"2004-02-30\") { ordinal } }" },
        { "query": "{ office(slug: \"oic-secretary-general\") { abbreviation } }" }
    ]);
    let response = app.post_raw(Some(JSON), None, batch.to_string()).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let body = response.json();
    assert_eq!(code(&body[0]["errors"][0]), "BAD_USER_INPUT");
    assert_eq!(
        body[1],
        json!({ "data": { "office": { "abbreviation": "SGOIC" } } })
    );
}

#[tokio::test]
async fn a_batch_of_ten_is_answered_and_of_eleven_is_400() {
    let app = spawn_app().await;
    let batch =
        |n: usize| Value::Array(vec![json!({ "query": "{ dataset { asOf } }" }); n]).to_string();
    let response = app.post_raw(Some(JSON), None, batch(10)).await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.json().as_array().map(Vec::len), Some(10));

    let response = app.post_raw(Some(JSON), None, batch(11)).await;
    let message = refused(&response, StatusCode::BAD_REQUEST, "BATCH_LIMIT");
    assert!(
        message.contains("10") && message.contains("11"),
        "{message}"
    );
    assert_still_serves(&app).await;
}

/// The handler refuses an empty batch ("a batch must hold 1 to 10 operations"), but `[]`
/// never reaches that check: async-graphql reads any JSON array that fits its `Request`
/// struct's fields as one request, so `[]` runs an empty query and `["{ … }"]` runs
/// the string as a query.
#[tokio::test]
async fn an_empty_batch_or_a_batch_of_non_objects_is_400() {
    let app = spawn_app().await;
    let response = app.post_raw(Some(JSON), None, "[]").await;
    let message = refused(&response, StatusCode::BAD_REQUEST, "BATCH_LIMIT");
    assert!(message.contains("got 0"), "{message}");

    let response = app
        .post_raw(Some(JSON), None, r#"["{ dataset { asOf } }"]"#)
        .await;
    refused(&response, StatusCode::BAD_REQUEST, "BAD_REQUEST");
    assert_still_serves(&app).await;
}

fn oversized_body() -> String {
    json!({
        "query": "query($pad: String) { dataset { asOf } }",
        "variables": { "pad": "x".repeat(70 * 1024) }
    })
    .to_string()
}

#[tokio::test]
async fn a_body_over_64_kib_is_413() {
    let app = spawn_app().await;
    let response = app.post_raw(Some(JSON), None, oversized_body()).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Just under the limit is fine.
    let body = json!({
        "query": "{ dataset { asOf } }",
        "variables": { "pad": "x".repeat(60 * 1024) }
    })
    .to_string();
    let response = app.post_raw(Some(JSON), None, body).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert_still_serves(&app).await;
}

/// Every transport problem is a 4xx with a GraphQL-shaped body that says what is
/// wrong (src/http/rejection.rs), the 413 included, which actix would otherwise
/// answer in plain text.
#[tokio::test]
async fn a_body_over_64_kib_is_refused_with_a_graphql_shaped_error() {
    let app = spawn_app().await;
    let response = app.post_raw(Some(JSON), None, oversized_body()).await;
    assert_eq!(response.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(response.media_type(), JSON, "{}", response.body);
    let body = response.json();
    assert!(body["errors"][0]["message"].is_string(), "{body}");
}

#[tokio::test]
async fn the_playground_opens_on_the_headline_query() {
    let app = spawn_app().await;
    let response = app.request_raw(Method::GET, "/").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.media_type(), "text/html");
    let page = &response.body;
    assert!(page.contains("graphiql"), "{page}");
    assert!(
        page.contains("query HoldersDuring($from: Date!, $to: Date!)"),
        "{page}"
    );
    assert!(
        page.contains(r#"office(slug: \"oic-secretary-general\")"#),
        "{page}"
    );
    assert!(
        page.contains(r#"{\"from\": \"2014-01-01\", \"to\": \"2016-12-31\"}"#),
        "{page}"
    );
    assert!(page.contains("/graphql"), "{page}");
}

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let response = app.request_raw(Method::GET, "/healthz").await;
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body.trim(), "ok");
    assert_eq!(response.media_type(), "text/plain");
}

#[tokio::test]
async fn an_unknown_path_is_404() {
    let app = spawn_app().await;
    let response = app.request_raw(Method::GET, "/graphiql").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn the_server_survives_every_refusal_in_a_row() {
    let app = spawn_app().await;
    app.post_raw(Some("text/plain"), None, VALID).await;
    app.post_raw(Some(JSON), None, "{").await;
    app.post_raw(Some(JSON), Some("text/html"), VALID).await;
    app.post_raw(Some(JSON), None, oversized_body()).await;
    app.request_raw(Method::PUT, "/graphql").await;
    app.get_graphql("mutation { x }", None, None).await;
    app.post_graphql("{ office(", json!({})).await;
    app.post_graphql("{ terms(first: 1000) { totalCount } }", json!({}))
        .await;
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn an_allowed_origin_may_read_answers_and_another_may_not() {
    let app = spawn_app().await;
    let ask = |origin: &'static str| {
        app.client
            .post(app.url("/graphql"))
            .header("content-type", JSON)
            .header("origin", origin)
            .body(VALID)
            .send()
    };
    let allowed = ask(crate::helpers::ALLOWED_ORIGIN).await.expect("answer");
    assert_eq!(allowed.status(), StatusCode::OK);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        crate::helpers::ALLOWED_ORIGIN
    );
    let other = ask("http://elsewhere.example").await.expect("answer");
    assert_eq!(other.status(), StatusCode::OK);
    assert!(other.headers().get("access-control-allow-origin").is_none());

    let preflight = app
        .client
        .request(Method::OPTIONS, app.url("/graphql"))
        .header("origin", crate::helpers::ALLOWED_ORIGIN)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .expect("answer");
    assert_eq!(preflight.status(), StatusCode::OK);
    assert_eq!(
        preflight.headers()["access-control-allow-origin"],
        crate::helpers::ALLOWED_ORIGIN
    );
    assert_still_serves(&app).await;
}
