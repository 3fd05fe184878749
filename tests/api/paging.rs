//! Relay cursor connections: walking forward and backward through every connection,
//! `totalCount` regardless of paging, and cursors that belong to one list only.

use serde_json::{json, Value};

use crate::helpers::{code, message, spawn_app, TestApp, SECRETARIES_IN_ORDER, TERMS_IN_ORDER};

/// A connection field, the path to it in `data`, and what its nodes are keyed by.
struct Connection {
    label: &'static str,
    query: &'static str,
    path: &'static [&'static str],
    expected: fn() -> Vec<String>,
}

impl Connection {
    /// How many nodes the whole connection holds: its `totalCount`.
    fn total(&self) -> usize {
        (self.expected)().len()
    }
}

const OFFICE_TERMS: Connection = Connection {
    label: "Office.terms",
    query: "query($first: Int, $after: String, $last: Int, $before: String) {
        office(slug: \"oic-secretary-general\") {
            conn: terms(first: $first, after: $after, last: $last, before: $before) {
                totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
                edges { cursor node { ordinal } } nodes { ordinal }
            }
        }
    }",
    path: &["office", "conn"],
    expected: oic_ordinals,
};

const QUERY_TERMS: Connection = Connection {
    label: "Query.terms",
    query: "query($first: Int, $after: String, $last: Int, $before: String) {
        conn: terms(first: $first, after: $after, last: $last, before: $before) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { ordinal office { slug } } } nodes { ordinal office { slug } }
        }
    }",
    path: &["conn"],
    expected: all_terms,
};

const SECRETARIES: Connection = Connection {
    label: "Query.secretaries",
    query: "query($first: Int, $after: String, $last: Int, $before: String) {
        conn: secretaries(first: $first, after: $after, last: $last, before: $before) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { name } } nodes { name }
        }
    }",
    path: &["conn"],
    expected: all_names,
};

/// The OIC's twelve terms, by ordinal.
fn oic_ordinals() -> Vec<String> {
    (1..=12).map(|n: u32| n.to_string()).collect()
}

/// The 54 terms of the four offices, as `Query.terms` orders them.
fn all_terms() -> Vec<String> {
    TERMS_IN_ORDER.map(str::to_owned).to_vec()
}

/// The 52 people, as `Query.secretaries` orders them.
fn all_names() -> Vec<String> {
    SECRETARIES_IN_ORDER.map(str::to_owned).to_vec()
}

/// A term's ordinal (`"9"`, or `"oic 9"` where the office is asked for) or a person's
/// name, as text.
fn key(node: &Value) -> String {
    match (&node["ordinal"], &node["office"]["slug"], &node["name"]) {
        (Value::Number(n), Value::String(slug), _) => {
            let organization = slug.strip_suffix("-secretary-general").unwrap_or(slug);
            format!("{organization} {n}")
        }
        (Value::Number(n), _, _) => n.to_string(),
        (_, _, Value::String(name)) => name.clone(),
        _ => panic!("a term or a person, got {node}"),
    }
}

/// One page as a client sees it.
struct Page {
    keys: Vec<String>,
    cursors: Vec<String>,
    total: u64,
    has_next: bool,
    has_previous: bool,
    start: Option<String>,
    end: Option<String>,
}

async fn fetch(app: &TestApp, connection: &Connection, variables: Value) -> Page {
    let data = app.query_data(connection.query, variables.clone()).await;
    let conn = connection.path.iter().fold(&data, |value, key| &value[key]);
    let edges = conn["edges"].as_array().expect("edges");
    let keys: Vec<String> = edges.iter().map(|e| key(&e["node"])).collect();
    let node_keys: Vec<String> = conn["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(key)
        .collect();
    assert_eq!(
        keys, node_keys,
        "{}: edges and nodes agree ({variables})",
        connection.label
    );
    let cursors: Vec<String> = edges
        .iter()
        .map(|e| e["cursor"].as_str().expect("a cursor").to_owned())
        .collect();
    let info = &conn["pageInfo"];
    let page = Page {
        keys,
        total: conn["totalCount"].as_u64().expect("totalCount"),
        has_next: info["hasNextPage"].as_bool().expect("hasNextPage"),
        has_previous: info["hasPreviousPage"].as_bool().expect("hasPreviousPage"),
        start: info["startCursor"].as_str().map(str::to_owned),
        end: info["endCursor"].as_str().map(str::to_owned),
        cursors,
    };
    assert_eq!(
        page.start.as_ref(),
        page.cursors.first(),
        "{}: startCursor is the first edge's cursor",
        connection.label
    );
    assert_eq!(
        page.end.as_ref(),
        page.cursors.last(),
        "{}: endCursor is the last edge's cursor",
        connection.label
    );
    page
}

async fn walks_forward_in_pages_of_five(connection: &Connection) {
    let app = spawn_app().await;
    let expected = (connection.expected)();
    let total = connection.total();
    let mut seen: Vec<String> = Vec::new();
    let mut after: Option<String> = None;
    // (size, hasPreviousPage, hasNextPage) of each page: full pages of five, then the
    // rest (12 = 5 + 5 + 2, 52 = 10 * 5 + 2, 54 = 10 * 5 + 4).
    let pages: Vec<(usize, bool, bool)> = (0..total)
        .step_by(5)
        .map(|from| (5.min(total - from), from > 0, from + 5 < total))
        .collect();
    assert_eq!(pages.len(), total.div_ceil(5));
    for (size, has_previous, has_next) in pages {
        let page = fetch(&app, connection, json!({ "first": 5, "after": after })).await;
        assert_eq!(page.total, total as u64, "{}: totalCount", connection.label);
        assert_eq!(page.keys.len(), size, "{}: page size", connection.label);
        assert_eq!(page.keys, expected[seen.len()..seen.len() + size]);
        assert_eq!(
            (page.has_previous, page.has_next),
            (has_previous, has_next),
            "{}: pageInfo after {:?}",
            connection.label,
            seen
        );
        seen.extend(page.keys);
        after = page.end;
    }
    assert_eq!(seen, expected);

    // Past the end: an empty page that still knows what lies before it.
    let page = fetch(&app, connection, json!({ "first": 5, "after": after })).await;
    assert!(page.keys.is_empty());
    assert_eq!(page.total, total as u64);
    assert!(!page.has_next && page.has_previous);
    assert_eq!((page.start, page.end), (None, None));
}

async fn walks_backward_in_pages_of_five(connection: &Connection) {
    let app = spawn_app().await;
    let expected = (connection.expected)();
    let total = connection.total();
    let mut seen: Vec<String> = Vec::new();
    let mut before: Option<String> = None;
    // (size, hasPreviousPage, hasNextPage) of each page, from the end: full pages of
    // five, then the rest.
    let pages: Vec<(usize, bool, bool)> = (0..total)
        .step_by(5)
        .map(|from_end| (5.min(total - from_end), from_end + 5 < total, from_end > 0))
        .collect();
    assert_eq!(pages.len(), total.div_ceil(5));
    for (size, has_previous, has_next) in pages {
        let page = fetch(&app, connection, json!({ "last": 5, "before": before })).await;
        assert_eq!(page.total, total as u64, "{}: totalCount", connection.label);
        let end = total - seen.len();
        assert_eq!(page.keys, expected[end - size..end], "{}", connection.label);
        assert_eq!(
            (page.has_previous, page.has_next),
            (has_previous, has_next),
            "{}: pageInfo before {:?}",
            connection.label,
            seen
        );
        let mut keys = page.keys;
        keys.extend(seen);
        seen = keys;
        before = page.start;
    }
    assert_eq!(seen, expected);
    let page = fetch(&app, connection, json!({ "last": 5, "before": before })).await;
    assert!(page.keys.is_empty());
    assert!(page.has_next && !page.has_previous);
}

async fn first_zero_gives_no_edges_but_the_total(connection: &Connection) {
    let app = spawn_app().await;
    let total = connection.total() as u64;
    let page = fetch(&app, connection, json!({ "first": 0 })).await;
    assert!(page.keys.is_empty(), "{}", connection.label);
    assert_eq!(page.total, total, "{}", connection.label);
    assert!(page.has_next && !page.has_previous);
    assert_eq!((page.start, page.end), (None, None));
    let page = fetch(&app, connection, json!({ "last": 0 })).await;
    assert!(page.keys.is_empty(), "{}", connection.label);
    assert_eq!(page.total, total, "{}", connection.label);
}

async fn no_first_or_last_gives_everything(connection: &Connection) {
    let app = spawn_app().await;
    let page = fetch(&app, connection, json!({})).await;
    assert_eq!(page.keys, (connection.expected)(), "{}", connection.label);
    assert_eq!(
        page.total,
        connection.total() as u64,
        "{}",
        connection.label
    );
    assert!(!page.has_next && !page.has_previous);
}

async fn after_and_before_together_give_what_lies_between(connection: &Connection) {
    let app = spawn_app().await;
    let expected = (connection.expected)();
    let all = fetch(&app, connection, json!({})).await;
    let page = fetch(
        &app,
        connection,
        json!({ "after": all.cursors[2], "before": all.cursors[8] }),
    )
    .await;
    assert_eq!(page.keys, expected[3..8], "{}", connection.label);
    assert_eq!(
        page.total,
        connection.total() as u64,
        "{}",
        connection.label
    );
    let page = fetch(
        &app,
        connection,
        json!({ "first": 2, "after": all.cursors[2], "before": all.cursors[8] }),
    )
    .await;
    assert_eq!(page.keys, expected[3..5], "{}", connection.label);
    let page = fetch(
        &app,
        connection,
        json!({ "last": 2, "after": all.cursors[2], "before": all.cursors[8] }),
    )
    .await;
    assert_eq!(page.keys, expected[6..8], "{}", connection.label);
}

#[tokio::test]
async fn office_terms_walk_forward_in_pages_of_five() {
    walks_forward_in_pages_of_five(&OFFICE_TERMS).await;
}

#[tokio::test]
async fn query_terms_walk_forward_in_pages_of_five() {
    walks_forward_in_pages_of_five(&QUERY_TERMS).await;
}

#[tokio::test]
async fn secretaries_walk_forward_in_pages_of_five() {
    walks_forward_in_pages_of_five(&SECRETARIES).await;
}

#[tokio::test]
async fn office_terms_walk_backward_in_pages_of_five() {
    walks_backward_in_pages_of_five(&OFFICE_TERMS).await;
}

#[tokio::test]
async fn query_terms_walk_backward_in_pages_of_five() {
    walks_backward_in_pages_of_five(&QUERY_TERMS).await;
}

#[tokio::test]
async fn secretaries_walk_backward_in_pages_of_five() {
    walks_backward_in_pages_of_five(&SECRETARIES).await;
}

#[tokio::test]
async fn first_zero_gives_no_edges_but_the_total_count() {
    for connection in [&OFFICE_TERMS, &QUERY_TERMS, &SECRETARIES] {
        first_zero_gives_no_edges_but_the_total(connection).await;
    }
}

#[tokio::test]
async fn without_first_or_last_every_match_comes_back() {
    for connection in [&OFFICE_TERMS, &QUERY_TERMS, &SECRETARIES] {
        no_first_or_last_gives_everything(connection).await;
    }
}

#[tokio::test]
async fn after_and_before_together_narrow_to_what_lies_between() {
    for connection in [&OFFICE_TERMS, &QUERY_TERMS, &SECRETARIES] {
        after_and_before_together_give_what_lies_between(connection).await;
    }
}

#[tokio::test]
async fn total_count_counts_every_match_of_a_range_on_every_page() {
    let app = spawn_app().await;
    let query = "query($first: Int, $after: String) {
        office(slug: \"oic-secretary-general\") {
            terms(during: { from: \"1975-01-01\", to: \"1990-12-31\" }, first: $first, after: $after) {
                totalCount pageInfo { hasNextPage endCursor } nodes { ordinal }
            }
        }
    }";
    let data = app.query_data(query, json!({ "first": 3 })).await;
    let terms = &data["office"]["terms"];
    assert_eq!(terms["totalCount"], 5);
    assert_eq!(
        terms["nodes"],
        json!([{ "ordinal": 2 }, { "ordinal": 3 }, { "ordinal": 4 }])
    );
    assert_eq!(terms["pageInfo"]["hasNextPage"], true);
    let after = terms["pageInfo"]["endCursor"].clone();
    let data = app
        .query_data(query, json!({ "first": 3, "after": after }))
        .await;
    let terms = &data["office"]["terms"];
    assert_eq!(terms["totalCount"], 5);
    assert_eq!(terms["nodes"], json!([{ "ordinal": 5 }, { "ordinal": 6 }]));
    assert_eq!(terms["pageInfo"]["hasNextPage"], false);
}

#[tokio::test]
async fn total_count_of_a_search_counts_its_matches() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ secretaries(country: "MA", first: 1) {
                   totalCount pageInfo { hasNextPage } nodes { name } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["secretaries"],
        json!({
            "totalCount": 2,
            "pageInfo": { "hasNextPage": true },
            "nodes": [{ "name": "Azzeddine Laraki" }]
        })
    );
}

async fn office_terms_cursor(app: &TestApp) -> String {
    let data = app
        .query_data(
            r#"{ office(slug: "oic-secretary-general") { terms(first: 3) { pageInfo { endCursor } } } }"#,
            json!({}),
        )
        .await;
    data["office"]["terms"]["pageInfo"]["endCursor"]
        .as_str()
        .expect("a cursor")
        .to_owned()
}

#[tokio::test]
async fn a_cursor_of_office_terms_is_refused_by_secretaries() {
    let app = spawn_app().await;
    let cursor = office_terms_cursor(&app).await;
    for argument in ["after", "before"] {
        let query = format!("query($c: String) {{ secretaries({argument}: $c) {{ totalCount }} }}");
        let error = app.query_error(&query, json!({ "c": cursor })).await;
        assert_eq!(code(&error), "BAD_USER_INPUT", "{error}");
        assert!(message(&error).contains(&cursor), "{error}");
        assert_eq!(error["path"], json!(["secretaries"]));
    }
}

#[tokio::test]
async fn a_cursor_of_office_terms_is_refused_by_query_terms() {
    let app = spawn_app().await;
    let cursor = office_terms_cursor(&app).await;
    let error = app
        .query_error(
            "query($c: String) { terms(after: $c) { totalCount } }",
            json!({ "c": cursor }),
        )
        .await;
    assert_eq!(code(&error), "BAD_USER_INPUT", "{error}");
}

#[tokio::test]
async fn cursors_stay_valid_on_a_restarted_server() {
    let first = spawn_app().await;
    let cursor = office_terms_cursor(&first).await;
    let second = spawn_app().await;
    let data = second
        .query_data(
            r#"query($c: String) { office(slug: "oic-secretary-general") {
                   terms(first: 2, after: $c) { nodes { ordinal } } } }"#,
            json!({ "c": cursor }),
        )
        .await;
    assert_eq!(
        data["office"]["terms"]["nodes"],
        json!([{ "ordinal": 4 }, { "ordinal": 5 }])
    );
}
