//! Per-client budgets, the shared budget of a batch, and a `/metrics` that clients
//! cannot flood, over HTTP.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::helpers::{spawn_app_with, test_settings, TestApp};

/// Costs 12: `office` 1, `name` 1, `powers` 1, and 9 powers of one field each: the OIC
/// lists 6 powers, but a plain list is counted as long as the longest such list of the
/// served data, NATO's 9 (README, `--max-cost`); its answer holds 9 fields. The first
/// time the server reads it, reading it costs 1 more (it is 68 characters).
const TWELVE: &str = "{ office(slug: \"oic-secretary-general\") { name powers { title } } }";

async fn as_client(app: &TestApp, forwarded_for: &str, query: &str) -> reqwest::Response {
    app.client
        .post(app.url("/graphql"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("the server answers")
}

fn header<'r>(response: &'r reqwest::Response, name: &str) -> &'r str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header: {:?}", response.headers()))
}

async fn metered_app(per_minute: u32) -> TestApp {
    let mut settings = test_settings();
    settings.rate_limit_cost_per_minute = std::num::NonZeroU32::new(per_minute);
    settings.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    spawn_app_with(settings).await
}

#[tokio::test]
async fn a_metered_answer_tells_its_cost_and_the_clients_budget() {
    let app = metered_app(100).await;
    let response = as_client(&app, "198.51.100.1", TWELVE).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, "ratelimit-policy"), "\"cost\";q=100;w=60");
    // 1 to read the new document, 12 to run it; 13 come back in 7.8 s.
    assert_eq!(header(&response, "ratelimit"), "\"cost\";r=87;t=8");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["extensions"]["cost"],
        json!({
            "requestedQueryCost": 12,
            // What the answer holds: the OIC's 6 powers, not the 9 estimated.
            "actualQueryCost": 9,
            "throttleStatus": {
                "maximumAvailable": 100,
                "currentlyAvailable": 87,
                "restoreRate": 100.0 / 60.0
            }
        })
    );
    assert_eq!(
        body["data"]["office"]["powers"].as_array().map(Vec::len),
        Some(6)
    );
}

#[tokio::test]
async fn a_flooding_client_gets_429s_while_another_client_is_served() {
    let app = metered_app(100).await;
    let mut statuses = Vec::new();
    let mut refused = None;
    for _ in 0..15 {
        let response = as_client(&app, "198.51.100.1", TWELVE).await;
        statuses.push(response.status().as_u16());
        if response.status() == StatusCode::TOO_MANY_REQUESTS && refused.is_none() {
            refused = Some(response);
        }
    }
    // 8 requests of 12 fit in a budget of 100 (the first pays 1 more to be read); the
    // answers from the cache cost the same.
    assert_eq!(&statuses[..8], &[200; 8]);
    assert!(statuses[8..].iter().all(|&s| s == 429), "{statuses:?}");
    let refused = refused.expect("a 429");
    let retry: u64 = header(&refused, "retry-after").parse().expect("seconds");
    assert!((1..=6).contains(&retry), "{retry}");
    assert_eq!(header(&refused, "ratelimit-policy"), "\"cost\";q=100;w=60");
    // `t` is the time until the bucket is full, as on every answer; `r` what is left,
    // too little for a request of 12.
    let (left, full_in) = remaining(header(&refused, "ratelimit"));
    assert!(left < 12, "{left}");
    assert!(
        full_in >= retry && full_in <= 60,
        "t={full_in}, Retry-After {retry}"
    );
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body["extensions"]["cost"]["requestedQueryCost"],
        json!(12),
        "a 429 tells the cost it refused: {body}"
    );
    assert_eq!(body["extensions"]["cost"]["actualQueryCost"], json!(0));
    assert_eq!(
        body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"],
        json!(left),
        "{body}"
    );
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "RATE_LIMITED",
        "{body}"
    );
    assert!(body.get("data").is_none(), "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--rate-limit-cost-per-minute"),
        "{body}"
    );

    for _ in 0..5 {
        let response = as_client(&app, "198.51.100.2", TWELVE).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    // Without a trusted proxy in front, the forwarded address is ignored: the
    // flooding client cannot pose as another.
    // (A budget of 25 pays for reading the document and two runs, and refills 12 in
    // 29 s, far longer than this takes.)
    let mut settings = test_settings();
    settings.rate_limit_cost_per_minute = std::num::NonZeroU32::new(25);
    let direct = spawn_app_with(settings).await;
    for forwarded in ["203.0.113.1", "203.0.113.2"] {
        let response = as_client(&direct, forwarded, TWELVE).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let response = as_client(&direct, "203.0.113.3", TWELVE).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// The `r` and `t` of a `RateLimit` header.
fn remaining(header: &str) -> (u64, u64) {
    let field = |name: &str| -> u64 {
        header
            .split(';')
            .find_map(|part| part.strip_prefix(name))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {header}"))
    };
    (field("r="), field("t="))
}

/// Spends a client's budget to nothing: requests costing 1 until one is refused.
/// With a budget of 20 a minute, one unit comes back every 3 s, far longer than the
/// requests that follow take.
async fn spend_everything(app: &TestApp, client: &str) {
    for _ in 0..40 {
        let response = as_client(app, client, "{ __typename }").await;
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            return;
        }
    }
    panic!("a budget of 20 survived 40 requests of 1");
}

/// A client whose budget is spent is refused before its document is read: a
/// document that does not even parse gets 429, not a parse error, and an APQ
/// registration registers nothing another client could then run.
#[tokio::test]
async fn a_client_whose_budget_is_spent_is_refused_before_its_document_is_read() {
    let app = metered_app(20).await;
    spend_everything(&app, "198.51.100.7").await;
    let broken = as_client(&app, "198.51.100.7", "{ office(slug: ").await;
    assert_eq!(broken.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = broken.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "RATE_LIMITED",
        "{body}"
    );
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("reading this request's new document costs 1"),
        "{body}"
    );

    let text = "query Registered { dataset { termCount } }";
    let hash = tenure::graphql::DocumentId::of(text).to_string();
    let hash = hash.trim_start_matches("sha256:").to_owned();
    let persisted = json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } });
    let register = app
        .client
        .post(app.url("/graphql"))
        .header("x-forwarded-for", "198.51.100.7")
        .json(&json!({ "query": text, "extensions": persisted }))
        .send()
        .await
        .unwrap();
    assert_eq!(register.status(), StatusCode::TOO_MANY_REQUESTS);
    let by_hash = app
        .client
        .post(app.url("/graphql"))
        .header("x-forwarded-for", "198.51.100.8")
        .json(&json!({ "extensions": persisted }))
        .send()
        .await
        .unwrap();
    let body: Value = by_hash.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "PERSISTED_QUERY_NOT_FOUND",
        "a refused registration must not register: {body}"
    );
}

#[tokio::test]
async fn a_request_costing_more_than_the_whole_budget_says_so() {
    let app = metered_app(5).await;
    let response = as_client(&app, "198.51.100.1", TWELVE).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["message"],
        "this request costs 12, more than the whole budget of 5 cost a minute (--rate-limit-cost-per-minute); ask for fewer items or fields"
    );
}

#[tokio::test]
async fn the_operations_of_a_batch_share_one_cost_budget() {
    let mut settings = test_settings();
    settings.max_cost = 15;
    let app = spawn_app_with(settings).await;
    let batch = json!([{ "query": TWELVE }, { "query": TWELVE }]);
    let response = app
        .post_raw(Some("application/json"), None, batch.to_string())
        .await;
    assert_eq!(response.status, StatusCode::OK);
    let body = response.json();
    assert_eq!(
        body[0]["data"]["office"]["name"],
        "Secretary-General of the Organisation of Islamic Cooperation"
    );
    assert_eq!(
        body[1],
        json!({ "errors": [{
            "message": "the operation costs 12 after the request's earlier operations cost 12; the limit is 15 (--max-cost); its longest list is `Office.powers`, which may hold 9 items on this dataset; ask for fewer items with `first`/`last`, or fewer fields",
            "extensions": { "code": "MAX_COST_EXCEEDED" }
        }] })
    );
}

fn series(metrics: &str) -> Vec<&str> {
    metrics
        .lines()
        .filter(|l| l.starts_with("tenure_requests_total{"))
        .collect()
}

async fn metrics_text(url: &str) -> String {
    let response = super::helpers::client()
        .get(format!("{url}/metrics"))
        .send()
        .await
        .expect("the metrics server answers");
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

/// Sends one request for each invented operation name, 8 at a time.
async fn invent_names(app: &TestApp, from: usize, to: usize) {
    let client = app.client.clone();
    let url = app.url("/graphql");
    let mut tasks = Vec::new();
    for part in 0..8 {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            for i in (from..to).filter(|i| i % 8 == part) {
                let response = client
                    .post(&url)
                    .json(&json!({ "query": format!("query Invented{i} {{ __typename }}") }))
                    .send()
                    .await
                    .expect("the server answers");
                assert_eq!(response.status(), StatusCode::OK);
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}

#[tokio::test]
async fn invented_operation_names_neither_grow_metrics_nor_push_out_real_ones() {
    let mut settings = test_settings();
    settings.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
    let app = spawn_app_with(settings).await;
    let metrics_url = app.metrics_address.clone().expect("a metrics address");
    invent_names(&app, 0, 10_000).await;
    for _ in 0..20 {
        app.query_data("query RealOperation { __typename }", json!({}))
            .await;
    }
    let after_real = metrics_text(&metrics_url).await;
    assert!(
        after_real
            .contains("tenure_requests_total{operation=\"RealOperation\",outcome=\"ok\"} 2\n")
            || after_real.contains(
                "tenure_requests_total{operation=\"RealOperation\",outcome=\"cached\"} 18\n"
            ),
        "{after_real}"
    );
    invent_names(&app, 10_000, 15_000).await;
    let text = metrics_text(&metrics_url).await;
    let lines = series(&text);
    assert!(
        lines.len() <= tenure::http::metrics::MAX_OPERATIONS + 1,
        "{} series",
        lines.len()
    );
    assert!(
        text.contains("tenure_requests_total{operation=\"RealOperation\",outcome=\"cached\"} 18\n"),
        "the real operation kept its series: {}",
        lines.join("\n")
    );
    // `/metrics` has its own address, so the API does not serve it.
    let api = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
}
