//! tenure as an Apollo Federation v2 subgraph (`--federation`), over HTTP: the SDL it
//! hands a gateway, `_entities` by every key, the limits `_entities` runs under, and
//! the public schema left as it was without the flag.

use serde_json::{json, Value};

use super::helpers::{code, global_id, message, spawn_app, spawn_app_with, test_settings, TestApp};

const ENTITIES: &str = "query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Office { name }
    ... on Secretary { name }
    ... on Organization { abbreviation }
    ... on Country { name }
    ... on Term { ordinal secretary { slug } }
  }
}";

async fn subgraph() -> TestApp {
    subgraph_with(|_| {}).await
}

async fn subgraph_with(change: impl FnOnce(&mut tenure::config::ServeSettings)) -> TestApp {
    let mut settings = test_settings();
    settings.federation = true;
    change(&mut settings);
    spawn_app_with(settings).await
}

fn office(slug: &str) -> Value {
    json!({ "__typename": "Office", "slug": slug })
}

/// `count` representations of the one office.
fn offices(count: usize) -> Value {
    Value::Array(vec![office("oic-secretary-general"); count])
}

async fn entities(app: &TestApp, representations: Value) -> Value {
    app.post_graphql(ENTITIES, json!({ "representations": representations }))
        .await
}

#[tokio::test]
async fn the_service_sdl_is_the_committed_subgraph_schema() {
    let app = subgraph().await;
    let data = app.query_data("{ _service { sdl } }", json!({})).await;
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema.subgraph.graphql"),
    )
    .expect("schema.subgraph.graphql");
    assert_eq!(data["_service"]["sdl"].as_str(), Some(committed.as_str()));
}

#[tokio::test]
async fn entities_of_every_key_resolve_in_the_order_asked() {
    let app = subgraph().await;
    let term = global_id("Term:oic-secretary-general:10");
    let answer = entities(
        &app,
        json!([
            { "__typename": "Term", "id": term },
            { "__typename": "Country", "code": "TR" },
            { "__typename": "Secretary", "slug": "yousef-al-othaimeen" },
            { "__typename": "Organization", "slug": "oic" },
            office("oic-secretary-general"),
        ]),
    )
    .await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    assert_eq!(
        answer["data"]["_entities"],
        json!([
            { "__typename": "Term", "ordinal": 10, "secretary": { "slug": "iyad-bin-amin-madani" } },
            { "__typename": "Country", "name": "Türkiye" },
            { "__typename": "Secretary", "name": "Yousef Al-Othaimeen" },
            { "__typename": "Organization", "abbreviation": "OIC" },
            { "__typename": "Office", "name": "Secretary-General of the Organisation of Islamic Cooperation" },
        ])
    );
}

#[tokio::test]
async fn an_unknown_key_answers_null_at_its_place_with_a_coded_error() {
    let app = subgraph().await;
    let answer = entities(
        &app,
        json!([
            { "__typename": "Secretary", "slug": "ekmeleddin-ihsanoglu" },
            { "__typename": "Secretary", "slug": "nobody-at-all" },
            { "__typename": "Country", "code": "ZZ" },
            { "__typename": "Term", "id": global_id("Term:oic-secretary-general:99") },
            { "__typename": "Secretary", "slug": "ekmeleddin-ihsanoglu" },
        ]),
    )
    .await;
    let ihsanoglu = json!({ "__typename": "Secretary", "name": "Ekmeleddin İhsanoğlu" });
    assert_eq!(
        answer["data"]["_entities"],
        json!([ihsanoglu, null, null, null, ihsanoglu])
    );
    let errors = answer["errors"].as_array().expect("errors");
    let found: Vec<(&str, Value)> = errors
        .iter()
        .map(|error| (code(error), error["path"].clone()))
        .collect();
    assert_eq!(
        found,
        vec![
            ("ENTITY_NOT_FOUND", json!(["_entities", 1])),
            ("ENTITY_NOT_FOUND", json!(["_entities", 2])),
            ("ENTITY_NOT_FOUND", json!(["_entities", 3])),
        ]
    );
    assert_eq!(
        message(&errors[0]),
        "this dataset has no Secretary with slug `nobody-at-all`"
    );
}

#[tokio::test]
async fn each_entities_field_of_an_operation_resolves_its_own_batch() {
    let app = subgraph().await;
    let data = app
        .query_data(
            "query ($a: [_Any!]!, $b: [_Any!]!) {
               a: _entities(representations: $a) { ... on Office { slug } }
               b: _entities(representations: $b) { ... on Secretary { slug } }
             }",
            json!({
                "a": [office("oic-secretary-general")],
                "b": [{ "__typename": "Secretary", "slug": "habib-chatty" }],
            }),
        )
        .await;
    assert_eq!(
        data,
        json!({
            "a": [{ "slug": "oic-secretary-general" }],
            "b": [{ "slug": "habib-chatty" }],
        })
    );
}

#[tokio::test]
async fn a_request_may_hand_at_most_100_representations_to_entities() {
    let app = subgraph().await;
    let full = entities(&app, offices(100)).await;
    assert_eq!(
        full["data"]["_entities"].as_array().map(Vec::len),
        Some(100)
    );

    let over = entities(&app, offices(101)).await;
    assert!(
        over.get("data").is_none(),
        "refused before it ran: {over:#}"
    );
    let error = &over["errors"][0];
    assert_eq!(code(error), "MAX_REPRESENTATIONS_EXCEEDED");
    assert!(message(error).contains("101"), "{error}");

    // The operations of a batch share the bound.
    let operation = json!({ "query": ENTITIES, "variables": { "representations": offices(60) } });
    let batch = app
        .post_raw(
            Some("application/json"),
            Some("application/json"),
            json!([operation, operation]).to_string(),
        )
        .await
        .json();
    assert_eq!(
        batch[0]["data"]["_entities"].as_array().map(Vec::len),
        Some(60)
    );
    assert_eq!(code(&batch[1]["errors"][0]), "MAX_REPRESENTATIONS_EXCEEDED");
}

/// A variable that is not sent runs with its default, so its default's
/// representations count against the bound like sent ones.
#[tokio::test]
async fn a_variables_default_counts_against_the_representations_bound() {
    // A default of 120 representations is longer than the default text limits allow.
    let app = subgraph_with(|settings| {
        settings.max_tokens = 5000;
        settings.max_characters = 50_000;
    })
    .await;
    let literal = |count: usize| {
        vec![r#"{__typename: "Office", slug: "oic-secretary-general"}"#; count].join(", ")
    };
    let query = |count: usize| {
        format!(
            "query ($r: [_Any!]! = [{}]) {{ _entities(representations: $r) {{ ... on Office {{ slug }} }} }}",
            literal(count)
        )
    };
    let over = app.post_graphql(&query(120), json!({})).await;
    assert!(
        over.get("data").is_none(),
        "refused before it ran: {over:#}"
    );
    assert_eq!(code(&over["errors"][0]), "MAX_REPRESENTATIONS_EXCEEDED");
    assert!(message(&over["errors"][0]).contains("120"), "{over}");

    let within = app.post_graphql(&query(3), json!({})).await;
    assert_eq!(
        within["data"]["_entities"],
        Value::Array(vec![json!({ "slug": "oic-secretary-general" }); 3]),
        "{within}"
    );
    // A value sent replaces the default.
    let sent = app
        .post_graphql(&query(120), json!({ "r": offices(2) }))
        .await;
    assert_eq!(sent["data"]["_entities"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn entities_cost_their_bound_whatever_the_request_hands_them() {
    // Each representation may be any of the selected types: 100 items of
    // `__typename` + `slug` + `name`, plus the field itself.
    let app = subgraph_with(|settings| settings.max_cost = 300).await;
    let error = app
        .query_error(
            "query ($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Office { slug name } } }",
            json!({ "r": offices(1) }),
        )
        .await;
    assert_eq!(code(&error), "MAX_COST_EXCEEDED");
    assert!(
        message(&error).contains("the operation costs 301")
            && message(&error).contains("`Query._entities`, which may hold 100 items"),
        "{error}"
    );
}

#[tokio::test]
async fn entities_spend_answer_items_like_any_list() {
    let app = subgraph_with(|settings| settings.max_answer_items = 5).await;
    assert!(entities(&app, offices(5)).await.get("errors").is_none());
    let over = entities(&app, offices(6)).await;
    assert!(over.get("data").is_none(), "{over:#}");
    assert_eq!(code(&over["errors"][0]), "MAX_ANSWER_ITEMS_EXCEEDED");
}

#[tokio::test]
async fn the_headline_query_answers_the_same_on_the_subgraph() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let query = std::fs::read_to_string(root.join("bench/queries/holders-during.graphql"))
        .expect("the headline query");
    let variables: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("bench/queries/holders-during.variables.json"))
            .expect("its variables"),
    )
    .expect("JSON variables");
    let public = spawn_app()
        .await
        .query_data(&query, variables.clone())
        .await;
    let federated = subgraph().await.query_data(&query, variables).await;
    assert_eq!(public, federated);
}

#[tokio::test]
async fn without_the_flag_the_federation_fields_do_not_exist() {
    let app = spawn_app().await;
    for query in [
        "{ _service { sdl } }",
        "{ _entities(representations: []) { __typename } }",
    ] {
        let error = app.query_error(query, json!({})).await;
        assert_eq!(
            code(&error),
            "GRAPHQL_VALIDATION_FAILED",
            "{query}: {error}"
        );
    }
}
