//! `/popolo.json`: the served dataset as one Popolo document, the same bytes the
//! exporter writes; conditional GET, compression and HEAD; and, on a generated dataset
//! whose document is far larger than the socket buffers, the limit of exports at once
//! and the snapshot an export keeps through a reload; and, with per-client budgets,
//! the document's cost.

use std::path::Path;
use std::time::{Duration, Instant};

use actix_web::dev::Decompress;
use actix_web::error::PayloadError;
use actix_web::http::header::ContentEncoding;
use futures_util::StreamExt;
use reqwest::header::{
    ACCEPT_ENCODING, ALLOW, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
    RETRY_AFTER,
};
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

use crate::helpers::{client, spawn_app, spawn_app_on, spawn_app_with, test_settings, TestApp};

/// How many exports the server streams at once.
const MAX_EXPORTS: usize = 1;

/// What the bundled document costs a metered client, one per object: 52 persons,
/// 4 organizations (no parties), 35 areas (countries; no constituencies), 4 posts and
/// 54 memberships.
const BUNDLED_COST: u64 = 149;

/// Offices and terms per office of the generated dataset: 50,000 terms, a document of
/// about 19 MB, several times what loopback socket buffers hold for a client that
/// reads nothing, so an export held open is still running on the server.
const LARGE_OFFICES: usize = 50;
const LARGE_TERMS_PER_OFFICE: usize = 1000;

/// The bundled data, loaded as the server loads it.
fn bundled() -> tenure::dataset::Loaded {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    tenure::dataset::load(&data).expect("the bundled data loads")
}

/// A generated dataset in a fresh directory (with the bundled offices in it).
fn generated(seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let plan = tenure::generate::Plan {
        offices: LARGE_OFFICES,
        terms_per_office: LARGE_TERMS_PER_OFFICE,
        seed,
    };
    tenure::generate::write(plan, dir.path()).expect("the dataset is generated");
    dir
}

async fn get(app: &TestApp) -> Response {
    app.client
        .get(app.url("/popolo.json"))
        .send()
        .await
        .unwrap()
}

fn header(response: &Response, name: impl reqwest::header::AsHeaderName) -> &str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Decodes a body the server compressed, with the decoder actix-web uses for requests.
async fn decompress(encoding: ContentEncoding, body: actix_web::web::Bytes) -> Vec<u8> {
    let chunks = futures_util::stream::iter([Ok::<_, PayloadError>(body)]);
    let mut decoded = Decompress::new(chunks, encoding);
    let mut out = Vec::new();
    while let Some(chunk) = decoded.next().await {
        out.extend_from_slice(&chunk.expect("the body decodes"));
    }
    out
}

/// Asks until an export is admitted (slots come back a moment after a client goes
/// away) and returns it unread; fails after ten seconds.
async fn admitted(app: &TestApp) -> Response {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let response = get(app).await;
        match response.status() {
            StatusCode::OK => return response,
            StatusCode::SERVICE_UNAVAILABLE if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            status => panic!("an export is admitted within 10 s, got {status}"),
        }
    }
}

#[tokio::test]
async fn the_dataset_is_served_as_the_exporters_popolo_document() {
    let app = spawn_app().await;
    let response = get(&app).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(header(&response, CONTENT_TYPE), "application/json");
    assert_eq!(
        header(&response, CACHE_CONTROL),
        format!("public, max-age={}", tenure::http::GET_MAX_AGE_SECS)
    );
    let loaded = bundled();
    assert_eq!(
        header(&response, ETAG),
        format!("W/\"popolo-{}\"", loaded.version)
    );
    // Without budgets nothing is charged, and nothing says so.
    assert!(response.headers().get("ratelimit").is_none());
    assert!(response.headers().get("ratelimit-policy").is_none());
    let body = response.bytes().await.unwrap();

    let document: Value = serde_json::from_slice(&body).expect("the body is JSON");
    // data/people.json holds 52 people, data/offices/ 4 offices with 54 terms.
    assert_eq!(document["persons"].as_array().unwrap().len(), 52);
    assert_eq!(document["memberships"].as_array().unwrap().len(), 54);
    assert_eq!(document["posts"].as_array().unwrap().len(), 4);

    let mut exported = Vec::new();
    tenure::popolo::export::write(&loaded.dataset, &mut exported).unwrap();
    // More than one 64 KiB chunk, so the stream is put together from several.
    assert!(exported.len() > 64 * 1024, "{} bytes", exported.len());
    assert!(
        body[..] == exported[..],
        "the body is the exporter's document"
    );
}

#[tokio::test]
async fn a_request_naming_the_current_etag_gets_304_with_no_body() {
    let app = spawn_app().await;
    let first = get(&app).await;
    let etag = header(&first, ETAG).to_owned();
    assert!(etag.starts_with("W/\"popolo-"), "{etag}");
    // Read to the end, so its export has ended and the last GET below gets the slot.
    first.bytes().await.unwrap();

    let url = app.url("/popolo.json");
    let response = app
        .client
        .get(&url)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(header(&response, ETAG), etag);
    assert!(response.bytes().await.unwrap().is_empty());

    // The strong form of the same tag matches too (weak comparison), another does not.
    let strong = etag.trim_start_matches("W/");
    let response = app.client.get(&url).header(IF_NONE_MATCH, strong);
    assert_eq!(
        response.send().await.unwrap().status(),
        StatusCode::NOT_MODIFIED
    );
    let response = app
        .client
        .get(&url)
        .header(IF_NONE_MATCH, "\"popolo-other\"");
    assert_eq!(response.send().await.unwrap().status(), StatusCode::OK);
}

#[tokio::test]
async fn a_client_asking_for_gzip_or_brotli_gets_the_document_compressed() {
    let app = spawn_app().await;
    let plain = get(&app).await.bytes().await.unwrap();
    for (asked, encoding) in [
        ("gzip", ContentEncoding::Gzip),
        ("br", ContentEncoding::Brotli),
    ] {
        let response = app
            .client
            .get(app.url("/popolo.json"))
            .header(ACCEPT_ENCODING, asked)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{asked}");
        assert_eq!(header(&response, CONTENT_ENCODING), asked);
        // Weak, as the bytes differ by encoding.
        assert!(header(&response, ETAG).starts_with("W/"), "{asked}");
        let body = response.bytes().await.unwrap();
        assert!(
            body.len() < plain.len() / 4,
            "{asked}: {} bytes of {}",
            body.len(),
            plain.len()
        );
        assert!(
            decompress(encoding, body).await == plain[..],
            "{asked} decodes to the document"
        );
    }
}

#[tokio::test]
async fn head_answers_with_the_headers_of_get_and_no_body() {
    let app = spawn_app().await;
    let got = get(&app).await;
    let response = app
        .client
        .head(app.url("/popolo.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    for name in [CONTENT_TYPE, ETAG, CACHE_CONTROL] {
        assert_eq!(header(&response, &name), header(&got, &name), "{name}");
    }
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn other_methods_get_405_naming_get_and_head() {
    let app = spawn_app().await;
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let response = app
            .client
            .request(method.clone(), app.url("/popolo.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method}"
        );
        assert_eq!(header(&response, ALLOW), "GET, HEAD");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "METHOD_NOT_ALLOWED", "{body}");
    }
}

/// One export held open by a client that reads slowly takes the one slot: a second
/// gets 503 (while HEAD and 304 still answer); once the held export has ended a new
/// one is admitted, and a client that goes away gives the slot back too.
#[tokio::test]
async fn a_second_export_at_once_gets_503_until_the_slot_comes_back() {
    let data = generated(3);
    let app = spawn_app_on(data.path(), false).await;

    // On a client of its own, so it is a connection of its own. The document is far
    // larger than the socket buffers: unread, its export is still running.
    let mut slow = client().get(app.url("/popolo.json")).send().await.unwrap();
    assert_eq!(slow.status(), StatusCode::OK);
    let first = slow.chunk().await.unwrap().expect("a first chunk");
    assert!(first.starts_with(b"{\"persons\":["));

    let refused = get(&app).await;
    assert_eq!(
        refused.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "one export at once"
    );
    let retry_after: u64 = header(&refused, RETRY_AFTER).parse().expect("Retry-After");
    assert!(retry_after >= 1);
    assert_eq!(header(&refused, CONTENT_TYPE), "application/json");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "TOO_MANY_EXPORTS", "{body}");
    assert_eq!(body["error"]["limit"], MAX_EXPORTS, "{body}");

    // Neither costs an export, so neither is refused.
    let etag = header(&slow, ETAG).to_owned();
    let head = app.client.head(app.url("/popolo.json")).send().await;
    assert_eq!(head.unwrap().status(), StatusCode::OK);
    let revalidated = app
        .client
        .get(app.url("/popolo.json"))
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);

    // The slow client reads on to the end and gets the whole document.
    let mut body = first.to_vec();
    while let Some(chunk) = slow.chunk().await.unwrap() {
        body.extend_from_slice(&chunk);
    }
    let document: Value = serde_json::from_slice(&body).expect("the whole document");
    let terms = LARGE_OFFICES * LARGE_TERMS_PER_OFFICE + 54;
    assert_eq!(document["memberships"].as_array().unwrap().len(), terms);
    drop(slow);

    // The export has ended: its slot comes back, and the next one holds it.
    let unread = admitted(&app).await;
    let refused = get(&app).await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);

    // The client that read nothing goes away: its export stops and the slot comes
    // back, for an export that ends whole.
    drop(unread);
    let last = admitted(&app).await.bytes().await.unwrap();
    let document: Value = serde_json::from_slice(&last).expect("the whole document");
    assert_eq!(document["memberships"].as_array().unwrap().len(), terms);
}

/// An export keeps the snapshot it started on: a reload while the document is being
/// sent changes the next document (and its tag), not this one.
#[tokio::test]
async fn a_reload_mid_stream_does_not_change_the_document_being_sent() {
    let data = generated(11);
    let app = spawn_app_on(data.path(), false).await;
    let before = get(&app).await;
    let old_tag = header(&before, ETAG).to_owned();
    let old = before.bytes().await.unwrap();

    // Unread, so far larger than the socket buffers that its export is still running.
    let held = admitted(&app).await;
    assert_eq!(header(&held, ETAG), old_tag);

    // The UN's last term is the document's last membership, far past what the
    // held export has sent: it loses a source.
    let path = data.path().join("offices/un-secretary-general.json");
    let mut office: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let sources = office["terms"]
        .as_array_mut()
        .and_then(|terms| terms.last_mut())
        .and_then(|term| term["sources"].as_array_mut())
        .expect("the last term's sources");
    assert!(sources.len() > 1);
    sources.pop();
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, serde_json::to_string_pretty(&office).unwrap()).unwrap();
    std::fs::rename(&temporary, &path).unwrap();
    app.snapshots
        .reload()
        .await
        .expect("the changed data reloads");

    // The held export takes the one slot, but HEAD takes none: the tag is new.
    let head = app.client.head(app.url("/popolo.json")).send().await;
    let new_tag = header(&head.unwrap(), ETAG).to_owned();
    assert!(!new_tag.is_empty() && new_tag != old_tag, "{new_tag}");

    let sent = held.bytes().await.unwrap();
    assert!(
        sent == old,
        "the held export is the document of its snapshot"
    );

    let after = admitted(&app).await;
    assert_eq!(header(&after, ETAG), new_tag);
    let new = after.bytes().await.unwrap();
    assert!(new.len() < old.len(), "the new document lost a source");
}

/// A server whose clients have a budget of `per_minute` cost a minute.
async fn metered(per_minute: u32) -> TestApp {
    let mut settings = test_settings();
    settings.rate_limit_cost_per_minute = std::num::NonZeroU32::new(per_minute);
    spawn_app_with(settings).await
}

/// The `r` and `t` of a `RateLimit` header.
fn remaining(value: &str) -> (u64, u64) {
    let field = |name: &str| -> u64 {
        value
            .split(';')
            .find_map(|part| part.strip_prefix(name))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {value:?}"))
    };
    (field("r="), field("t="))
}

#[tokio::test]
async fn the_bundled_document_costs_one_per_object_it_holds() {
    let d = bundled().dataset;
    let objects = [
        d.secretaries.len(),
        d.organizations.len(),
        d.parties.len(),
        d.countries.len(),
        d.areas.len(),
        d.offices.len(),
        d.terms.len(),
    ];
    assert_eq!(
        objects.iter().sum::<usize>() as u64,
        BUNDLED_COST,
        "{objects:?}"
    );
    let document: Value = get(&spawn_app().await).await.json().await.unwrap();
    let written: usize = ["persons", "organizations", "areas", "posts", "memberships"]
        .iter()
        .map(|list| document[list].as_array().unwrap().len())
        .sum();
    assert_eq!(written as u64, BUNDLED_COST);
}

/// A budget of 400 pays for two documents of 149, not a third (149 come back in 22 s,
/// far longer than this takes); HEAD and a 304 cost nothing, so they still answer.
#[tokio::test]
async fn a_metered_client_pays_for_each_document_and_is_refused_past_its_budget() {
    let app = metered(400).await;
    let first = get(&app).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(header(&first, "ratelimit-policy"), "\"cost\";q=400;w=60");
    // 149 of 400 spent; they come back in 149 × 60 / 400 = 22.35 s.
    assert_eq!(header(&first, "ratelimit"), "\"cost\";r=251;t=23");
    let etag = header(&first, ETAG).to_owned();
    first.bytes().await.unwrap();

    let second = get(&app).await;
    assert_eq!(second.status(), StatusCode::OK);
    assert_eq!(header(&second, "ratelimit-policy"), "\"cost\";q=400;w=60");
    let (left, _) = remaining(header(&second, "ratelimit"));
    assert!((102..BUNDLED_COST).contains(&left), "r={left}");
    second.bytes().await.unwrap();

    let refused = get(&app).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    // 47 more are needed, at 400 a minute: about 7 s.
    let retry: u64 = header(&refused, RETRY_AFTER).parse().expect("Retry-After");
    assert!((1..=8).contains(&retry), "Retry-After {retry}");
    assert_eq!(header(&refused, "ratelimit-policy"), "\"cost\";q=400;w=60");
    let (left, full_in) = remaining(header(&refused, "ratelimit"));
    assert!(left < BUNDLED_COST, "r={left}");
    assert!(full_in >= retry, "t={full_in}, Retry-After {retry}");
    assert_eq!(header(&refused, CACHE_CONTROL), "no-store");
    assert_eq!(header(&refused, CONTENT_TYPE), "application/json");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "RATE_LIMITED", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    for named in ["149", "400", "--rate-limit-cost-per-minute"] {
        assert!(message.contains(named), "{named}: {message}");
    }

    // Neither is charged: with less than a document left, both still answer.
    head_and_304_answer(&app, &etag).await;
    // And the budget is as it was: the next document is still refused.
    assert_eq!(get(&app).await.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// A document that costs more than the whole budget is refused without Retry-After:
/// no wait pays for it, and the message says so.
#[tokio::test]
async fn a_document_costing_more_than_the_whole_budget_is_never_sent() {
    let app = metered(100).await;
    let refused = get(&app).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.headers().get(RETRY_AFTER).is_none(),
        "{:?}",
        refused.headers()
    );
    assert_eq!(header(&refused, "ratelimit-policy"), "\"cost\";q=100;w=60");
    // Refused on its size alone, the bucket unread: there is no budget to show.
    assert!(refused.headers().get("ratelimit").is_none());
    assert_eq!(header(&refused, CACHE_CONTROL), "no-store");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"]["code"], "RATE_LIMITED", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    for named in ["149", "100", "never"] {
        assert!(message.contains(named), "{named}: {message}");
    }
    // HEAD and a 304 are not charged, so they answer.
    let etag = header(&get_head(&app).await, ETAG).to_owned();
    head_and_304_answer(&app, &etag).await;
}

async fn get_head(app: &TestApp) -> reqwest::Response {
    app.client
        .head(app.url("/popolo.json"))
        .send()
        .await
        .unwrap()
}

/// HEAD gets 200 and a GET naming `etag` gets 304: neither is an export.
async fn head_and_304_answer(app: &TestApp, etag: &str) {
    assert_eq!(get_head(app).await.status(), StatusCode::OK);
    let revalidated = app
        .client
        .get(app.url("/popolo.json"))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
}
