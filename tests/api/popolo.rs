//! `/popolo.json`: the served dataset as one Popolo document, the same bytes the
//! exporter writes; conditional GET, compression and HEAD; and, on a generated dataset
//! whose document is far larger than the socket buffers, the limit of exports at once
//! and the snapshot an export keeps through a reload.

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

use crate::helpers::{client, spawn_app, spawn_app_on, TestApp};

/// How many exports the server streams at once.
const MAX_EXPORTS: usize = 2;

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
    let etag = header(&get(&app).await, ETAG).to_owned();
    assert!(etag.starts_with("W/\"popolo-"), "{etag}");

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

/// Two exports held open by clients that read slowly or not at all take both slots:
/// a third gets 503 (while HEAD and 304 still answer), a client that goes away gives
/// its slot back, and the held exports still end whole.
#[tokio::test]
async fn a_third_export_at_once_gets_503_until_a_slot_comes_back() {
    let data = generated(3);
    let app = spawn_app_on(data.path(), false).await;

    // Each on its own client, so each is its own connection.
    let mut slow = client().get(app.url("/popolo.json")).send().await.unwrap();
    assert_eq!(slow.status(), StatusCode::OK);
    let first = slow.chunk().await.unwrap().expect("a first chunk");
    assert!(first.starts_with(b"{\"persons\":["));
    let unread = client().get(app.url("/popolo.json")).send().await.unwrap();
    assert_eq!(unread.status(), StatusCode::OK, "the limit is above one");

    let refused = get(&app).await;
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE);
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

    // The client that read nothing goes away: its export stops and its slot comes
    // back, while the slow one still holds the other.
    drop(unread);
    let replacement = admitted(&app).await;

    // The slow client reads on to the end and gets the whole document.
    let mut body = first.to_vec();
    while let Some(chunk) = slow.chunk().await.unwrap() {
        body.extend_from_slice(&chunk);
    }
    let document: Value = serde_json::from_slice(&body).expect("the whole document");
    let terms = LARGE_OFFICES * LARGE_TERMS_PER_OFFICE + 54;
    assert_eq!(document["memberships"].as_array().unwrap().len(), terms);

    // Once every export has ended or been left, both slots are free again.
    drop(replacement);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (a, b) = (get(&app).await, get(&app).await);
        if a.status() == StatusCode::OK && b.status() == StatusCode::OK {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "both slots come back within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
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

    let held = client().get(app.url("/popolo.json")).send().await.unwrap();
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

    let after = get(&app).await;
    assert_eq!(after.status(), StatusCode::OK);
    assert_ne!(header(&after, ETAG), old_tag);
    let new = after.bytes().await.unwrap();
    assert!(new.len() < old.len(), "the new document lost a source");

    let sent = held.bytes().await.unwrap();
    assert!(
        sent == old,
        "the held export is the document of its snapshot"
    );
}
