//! Every error carries `extensions.code` and a message a person can act on, and none
//! leaks a panic or a Rust type (checked on every response by `post_graphql`).

use serde_json::{json, Value};

use crate::helpers::{assert_still_serves, code, message, spawn_app, TestApp};

/// Runs a query that must fail with one error of `expected` code; returns its message.
async fn fails_with(app: &TestApp, query: &str, variables: Value, expected: &str) -> String {
    let error = app.query_error(query, variables.clone()).await;
    assert_eq!(code(&error), expected, "{query} {variables}: {error}");
    message(&error).to_owned()
}

#[tokio::test]
async fn an_inverted_range_is_bad_user_input_naming_both_days() {
    let app = spawn_app().await;
    let inverted = json!({ "during": { "from": "2016-12-31", "to": "2014-01-01" } });
    for query in [
        "query($during: DateRange) { office(slug: \"oic-secretary-general\") {
             terms(during: $during) { totalCount } } }",
        "query($during: DateRange) { office(slug: \"oic-secretary-general\") {
             holders(during: $during) { name } } }",
        "query($during: DateRange) { terms(during: $during) { totalCount } }",
        "query($during: DateRange) { terms(during: $during, match: CERTAINLY) { totalCount } }",
    ] {
        let message = fails_with(&app, query, inverted.clone(), "BAD_USER_INPUT").await;
        assert!(
            message.contains("2016-12-31") && message.contains("2014-01-01"),
            "{message}"
        );
    }
    // As a literal too, and one day apart.
    let message = fails_with(
        &app,
        r#"{ terms(during: { from: "2004-12-31", to: "2004-12-30" }) { totalCount } }"#,
        json!({}),
        "BAD_USER_INPUT",
    )
    .await;
    assert!(
        message.contains("2004-12-31") && message.contains("2004-12-30"),
        "{message}"
    );
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn an_inverted_range_is_an_error_not_an_empty_answer() {
    let app = spawn_app().await;
    let response = app
        .post_graphql(
            r#"{ office(slug: "oic-secretary-general") {
                   terms(during: { from: "2016-12-31", to: "2014-01-01" }) { totalCount } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(response["data"], json!({ "office": null }));
    assert_eq!(response["errors"][0]["path"], json!(["office", "terms"]));
}

#[tokio::test]
async fn a_page_size_outside_0_to_100_is_bad_user_input() {
    let app = spawn_app().await;
    let connections = [
        "query($first: Int, $last: Int) { office(slug: \"oic-secretary-general\") {
             terms(first: $first, last: $last) { totalCount } } }",
        "query($first: Int, $last: Int) { terms(first: $first, last: $last) { totalCount } }",
        "query($first: Int, $last: Int) { secretaries(first: $first, last: $last) { totalCount } }",
    ];
    for query in connections {
        for (variables, name, given) in [
            (json!({ "first": -1 }), "first", "-1"),
            (json!({ "first": 101 }), "first", "101"),
            (json!({ "last": 101 }), "last", "101"),
            (json!({ "last": -1 }), "last", "-1"),
        ] {
            let message = fails_with(&app, query, variables, "BAD_USER_INPUT").await;
            assert!(
                message.contains(name)
                    && message.contains(" 0 ")
                    && message.contains("100")
                    && message.contains(given),
                "{message}"
            );
        }
        // The limits themselves are fine.
        for variables in [
            json!({ "first": 100 }),
            json!({ "last": 100 }),
            json!({ "first": 0 }),
        ] {
            app.query_data(query, variables).await;
        }
    }
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn an_unreadable_cursor_is_bad_user_input() {
    let app = spawn_app().await;
    for query in [
        "query($c: String) { office(slug: \"oic-secretary-general\") {
             a: terms(after: $c) { totalCount } } }",
        "query($c: String) { office(slug: \"oic-secretary-general\") {
             b: terms(before: $c) { totalCount } } }",
        "query($c: String) { terms(after: $c) { totalCount } }",
        "query($c: String) { secretaries(before: $c) { totalCount } }",
    ] {
        for cursor in ["zzz", "", "not a cursor"] {
            let message = fails_with(&app, query, json!({ "c": cursor }), "BAD_USER_INPUT").await;
            assert!(message.contains("cursor"), "{message}");
        }
    }
    assert_still_serves(&app).await;
}

/// A cursor is read only in the exact form the server writes it and for a position
/// its list has: the 12-term office list has positions 0 to 11, so `terms:12` and the
/// huge numbers name nothing, and `+5`, `05` and padding are not how it writes 5.
#[tokio::test]
async fn a_cursor_the_server_never_wrote_is_bad_user_input() {
    use base64::Engine;
    let app = spawn_app().await;
    let encode = |text: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text);
    let written: Value = app
        .query_data(
            "{ office(slug: \"oic-secretary-general\") { terms(first: 1) { edges { cursor } } } }",
            json!({}),
        )
        .await;
    let first = written["office"]["terms"]["edges"][0]["cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let scope = String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&first)
            .unwrap(),
    )
    .unwrap();
    let scope = scope.rsplit_once(':').unwrap().0.to_owned();
    let query = "query($c: String) { office(slug: \"oic-secretary-general\") { terms(after: $c) { totalCount nodes { ordinal } } } }";
    for position in ["12", "4294967295", "18446744073709551615", "+5", "05", "-1"] {
        let cursor = encode(&format!("{scope}:{position}"));
        let message = fails_with(&app, query, json!({ "c": cursor }), "BAD_USER_INPUT").await;
        assert!(message.contains("cursor"), "{position}: {message}");
    }
    // Position 10 as the server writes it, and with the padding it leaves out.
    let padded = base64::engine::general_purpose::URL_SAFE.encode(format!("{scope}:10"));
    assert_ne!(
        padded,
        encode(&format!("{scope}:10")),
        "{padded} holds padding"
    );
    fails_with(&app, query, json!({ "c": padded }), "BAD_USER_INPUT").await;
    // The last position is a cursor the server writes, and reads.
    let last = encode(&format!("{scope}:11"));
    let data = app.query_data(query, json!({ "c": last })).await;
    assert_eq!(data["office"]["terms"]["nodes"], json!([]));
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn a_day_that_is_not_yyyy_mm_dd_is_bad_user_input() {
    let app = spawn_app().await;
    for bad in [
        "2004-02-30",
        "2004-2-3",
        "31 December 2004",
        "2004-13-01",
        "2004",
        "",
    ] {
        // As a literal,
        let literal = format!("{{ servingOn(date: {}) {{ ordinal }} }}", json!(bad));
        let message = fails_with(&app, &literal, json!({}), "BAD_USER_INPUT").await;
        assert!(message.contains("YYYY-MM-DD"), "{bad}: {message}");
        // as a variable,
        let message = fails_with(
            &app,
            "query($date: Date!) { servingOn(date: $date) { ordinal } }",
            json!({ "date": bad }),
            "BAD_USER_INPUT",
        )
        .await;
        assert!(message.contains("YYYY-MM-DD"), "{bad}: {message}");
        // and inside a range.
        let message = fails_with(
            &app,
            "query($day: Date) { office(slug: \"oic-secretary-general\") {
                 terms(during: { from: $day }) { totalCount } } }",
            json!({ "day": bad }),
            "BAD_USER_INPUT",
        )
        .await;
        assert!(message.contains("YYYY-MM-DD"), "{bad}: {message}");
    }
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn a_date_that_is_not_a_string_is_bad_user_input() {
    let app = spawn_app().await;
    let message = fails_with(
        &app,
        "query($date: Date!) { servingOn(date: $date) { ordinal } }",
        json!({ "date": 20041231 }),
        "BAD_USER_INPUT",
    )
    .await;
    assert!(message.contains("YYYY-MM-DD"), "{message}");
}

#[tokio::test]
async fn a_document_that_does_not_parse_is_graphql_parse_failed() {
    let app = spawn_app().await;
    for document in ["{ office(", "query {", "}", ""] {
        let response = app.post_graphql(document, json!({})).await;
        assert_eq!(response["data"], Value::Null, "{document}: {response}");
        let errors = response["errors"].as_array().expect("errors");
        assert!(!errors.is_empty());
        for error in errors {
            assert_eq!(code(error), "GRAPHQL_PARSE_FAILED", "{document}: {error}");
        }
    }
    assert_still_serves(&app).await;
}

#[tokio::test]
async fn a_document_that_does_not_validate_is_graphql_validation_failed() {
    let app = spawn_app().await;
    for (document, mentions) in [
        ("{ office(slug: \"oic-secretary-general\") { nme } }", "nme"),
        ("{ presidents { name } }", "presidents"),
        ("{ office { name } }", "slug"),
        (
            "{ servingOn(date: \"2004-12-31\", match: MAYBE) { ordinal } }",
            "MAYBE",
        ),
        ("{ office(slug: \"oic-secretary-general\") }", "office"),
        ("query($d: Date!) { dataset { asOf } }", "$d"),
    ] {
        let response = app.post_graphql(document, json!({})).await;
        assert_eq!(response["data"], Value::Null, "{document}: {response}");
        let error = &response["errors"][0];
        assert_eq!(
            code(error),
            "GRAPHQL_VALIDATION_FAILED",
            "{document}: {error}"
        );
        assert!(message(error).contains(mentions), "{document}: {error}");
    }
    assert_still_serves(&app).await;
}

/// A request's errors come in one order, by location in the document: the same
/// request gets the same bytes every time (async-graphql reports these from a hash
/// map, in an order that changed from one request to the next).
#[tokio::test]
async fn errors_come_in_a_stable_order_by_location() {
    let app = spawn_app().await;
    let body = json!({
        "query": "query Q($a: Int, $b: Int, $c: Int, $d: Int) { __typename }"
    })
    .to_string();
    let first = app
        .post_raw(Some("application/json"), None, body.clone())
        .await;
    let columns: Vec<u64> = first.json()["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["locations"][0]["column"].as_u64().expect("a column"))
        .collect();
    assert_eq!(columns.len(), 4, "{}", first.body);
    assert!(columns.is_sorted(), "{columns:?}: {}", first.body);
    for _ in 0..30 {
        let again = app
            .post_raw(Some("application/json"), None, body.clone())
            .await;
        assert_eq!(again.body, first.body);
    }
}

#[tokio::test]
async fn terms_of_an_unknown_office_are_bad_user_input() {
    let app = spawn_app().await;
    let message = fails_with(
        &app,
        r#"{ terms(office: "nope") { totalCount } }"#,
        json!({}),
        "BAD_USER_INPUT",
    )
    .await;
    assert!(message.contains("nope"), "{message}");
}

#[tokio::test]
async fn a_country_that_is_not_an_iso_code_is_bad_user_input() {
    let app = spawn_app().await;
    let message = fails_with(
        &app,
        r#"{ secretaries(country: "Saudi Arabia") { totalCount } }"#,
        json!({}),
        "BAD_USER_INPUT",
    )
    .await;
    assert!(message.contains("Saudi Arabia"), "{message}");
}

/// GraphQL spec, "Handling Field Errors": a field that fails is null, and the null of a
/// non-null field goes up to its nearest nullable parent (or to `data`). The response
/// must never leave a field out.
#[tokio::test]
async fn a_failed_nullable_field_is_null_beside_the_others() {
    let app = spawn_app().await;
    let response = app
        .post_graphql(r#"{ dataset { asOf } node(id: "!!!") { id } }"#, json!({}))
        .await;
    assert_eq!(code(&response["errors"][0]), "BAD_USER_INPUT");
    assert_eq!(
        response["data"],
        json!({ "dataset": { "asOf": "2026-11-27" }, "node": null })
    );
}

#[tokio::test]
async fn failed_fields_keep_the_order_the_query_asks_for_even_alone_or_aliased() {
    let app = spawn_app().await;
    let response = app
        .post_graphql(r#"{ node(id: "!!!") { id } }"#, json!({}))
        .await;
    assert_eq!(response["data"], json!({ "node": null }));

    let response = app
        .post_graphql(
            r#"{ bad: node(id: "!!!") { id } dataset { asOf } worse: node(id: "???") { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(response["errors"].as_array().map(Vec::len), Some(2));
    let keys: Vec<&String> = response["data"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["bad", "dataset", "worse"]);
    assert_eq!(response["data"]["bad"], Value::Null);

    // A failed non-null field inside a list item nulls the nearest nullable parent:
    // `terms` is non-null, `Office.terms` non-null, so the office becomes null.
    let response = app
        .post_graphql(
            r#"{ office(slug: "oic-secretary-general") { name t: terms(first: 500) { totalCount } } dataset { asOf } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        response["data"],
        json!({ "office": null, "dataset": { "asOf": "2026-11-27" } })
    );
}

#[tokio::test]
async fn a_failed_field_asked_through_fragments_is_null_in_the_order_asked() {
    let app = spawn_app().await;
    let query = r#"{ ...Q later: dataset { asOf } }
        fragment Q on Query { dataset { asOf } ... on Query { bad: node(id: "!!!") { id } } }"#;
    let response = app
        .post_raw(
            Some("application/json"),
            None,
            json!({ "query": query }).to_string(),
        )
        .await;
    assert_eq!(code(&response.json()["errors"][0]), "BAD_USER_INPUT");
    // The raw body, as the keys' order is what is tested.
    let at = |key: &str| response.body.find(key).unwrap_or(usize::MAX);
    assert!(
        at("\"dataset\"") < at("\"bad\":null") && at("\"bad\"") < at("\"later\""),
        "{}",
        response.body
    );
}

#[tokio::test]
async fn a_failed_non_null_field_nulls_its_nearest_nullable_parent() {
    let app = spawn_app().await;
    // `Office.holders` is non-null, so `office` (nullable) becomes null.
    let response = app
        .post_graphql(
            r#"{ dataset { asOf } office(slug: "oic-secretary-general") {
                   abbreviation holders(during: { from: "2016-12-31", to: "2014-01-01" }) { name } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(code(&response["errors"][0]), "BAD_USER_INPUT");
    assert_eq!(
        response["data"],
        json!({ "dataset": { "asOf": "2026-11-27" }, "office": null })
    );
    // `Query.terms` is non-null and has no parent field, so `data` becomes null.
    let response = app
        .post_graphql(
            "{ dataset { asOf } terms(first: 101) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(code(&response["errors"][0]), "BAD_USER_INPUT");
    assert_eq!(response["data"], Value::Null);
}

#[tokio::test]
async fn a_missing_required_variable_is_bad_user_input() {
    let app = spawn_app().await;
    let response = app
        .post_raw(
            Some("application/json"),
            None,
            json!({ "query": "query($day: Date!) { servingOn(date: $day) { ordinal } }" })
                .to_string(),
        )
        .await;
    let body = response.json();
    let error = &body["errors"][0];
    assert!(message(error).contains("day"), "{body}");
    assert_eq!(
        error["extensions"]["code"], "BAD_USER_INPUT",
        "every error has a code: {body}"
    );
}

/// A variable whose JSON value is not of its declared GraphQL type (a string for an
/// `Int`) is refused before execution with GRAPHQL_VALIDATION_FAILED; only a value of
/// the right type that makes no sense (a `Date` string that is no real day) is
/// BAD_USER_INPUT.
#[tokio::test]
async fn a_variable_of_the_wrong_graphql_type_fails_validation() {
    // The spec's CoerceVariableValues makes this a request error, like a document that
    // does not validate; a Date string that is no real day is BAD_USER_INPUT instead.
    let app = spawn_app().await;
    let response = app
        .post_raw(
            Some("application/json"),
            None,
            json!({
                "query": "query($n: Int) { terms(first: $n) { totalCount } }",
                "variables": { "n": "five" }
            })
            .to_string(),
        )
        .await;
    let body = response.json();
    assert_eq!(
        code(&body["errors"][0]),
        "GRAPHQL_VALIDATION_FAILED",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Int")),
        "{body}"
    );
}
