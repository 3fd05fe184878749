//! `GET /popolo.json`: the served dataset as one Popolo document, written by
//! [`crate::popolo::export::write`] and streamed, never built whole: at a million terms
//! the document is about 400 MB.
//!
//! The exporter is synchronous, so it runs on a thread of its own and writes into a
//! [`Chunks`] writer that hands ~64 KiB chunks to the response body through a bounded
//! channel. The channel is the backpressure: a slow client stops the export while a
//! few chunks wait, and a client that goes away closes the channel, which fails the
//! exporter's next write and ends the thread. The thread is a plain `std::thread`,
//! not Tokio's blocking pool, for the reason `reload` gives: a runtime waits for its
//! blocking tasks when it shuts down.
//!
//! The thread holds the snapshot the request started with, so a reload mid-stream does
//! not change the document; the `ETag` names that snapshot's content version, and is
//! weak because compression changes the bytes (see [`super::conditional`]). At most
//! [`MAX_EXPORTS`] documents are sent at once, since each one holds a thread and
//! possibly a replaced dataset; past that the answer is 503 with `Retry-After`.
//!
//! With per-client budgets on (`--rate-limit-cost-per-minute`), a GET that would start
//! an export is charged what the document holds, as a GraphQL answer is charged its
//! items: one per object written ([`cost`]). The charge comes before the slot is
//! taken, so a client past its budget never holds a slot another client could use
//! (and a client charged but refused a slot has paid for a 503: it was asking for
//! the work all the same). Past the budget the answer is 429 with the RateLimit
//! headers of [`super::throttle`], and `Retry-After` when the document can ever be
//! paid for. `HEAD` and a 304 are not charged: they cost no export.

use std::io::{self, Write};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};
use serde_json::json;
use tokio::sync::{mpsc, OwnedSemaphorePermit, Semaphore};

use super::client::client_address;
use super::conditional::{cache_control, if_none_match};
use super::{throttle, AppState};
use crate::domain::Dataset;
use crate::graphql::Charge;
use crate::ratelimit::{Client, Throttle, Throttled};
use crate::reload::Snapshot;

/// How many documents may be streaming at once. Each holds a thread that serializes
/// as fast as its client reads, and the snapshot it started on, which after a reload
/// is a whole dataset kept alive for it.
///
/// One: at a million terms an export keeps a core busy for seconds while a fast
/// client reads, so on a 2-core machine two exports at once (two clients asking
/// again and again) could take both cores from the GraphQL API; with one, a core
/// always stays for it. Waiting clients lose little: a client that already has the
/// current version asks with `If-None-Match`, and its 304 costs no export and no slot.
const MAX_EXPORTS: usize = 1;

/// The size of the chunks sent to the response body: large enough that the channel and
/// the compressor see few of them, small enough that a stalled client holds little.
const CHUNK_BYTES: usize = 64 * 1024;

/// How many chunks may wait for the client before the export pauses.
const CHUNKS_IN_FLIGHT: usize = 4;

/// What a refused client is told to wait: an export of the bundled data takes
/// milliseconds, one of a million terms a few seconds.
const RETRY_AFTER_SECS: u32 = 5;

/// The export slots [`AppState`] holds, one per document that may stream at once.
pub fn slots() -> Arc<Semaphore> {
    Arc::new(Semaphore::new(MAX_EXPORTS))
}

/// `GET` and `HEAD /popolo.json`. A `HEAD` (and a 304) answers from the snapshot's
/// version alone, takes no slot and is not charged: only a body costs an export.
pub async fn document(request: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    // The one snapshot this request reads, for the tag and the document.
    let snapshot = state.snapshots.current();
    let etag = format!("W/\"popolo-{}\"", snapshot.version());
    // The client's budget after this request was charged, when it was.
    let mut budget = None;
    let mut response = if if_none_match(request.headers(), &etag) {
        HttpResponse::NotModified().finish()
    } else if request.method() == Method::HEAD {
        // A stream, as the GET's is, so the headers are the same (chunked, no length).
        HttpResponse::Ok()
            .content_type("application/json")
            .streaming(futures_util::stream::empty::<io::Result<Bytes>>())
    } else {
        // Charged before the slot is taken: a client past its budget takes none.
        budget = match charge(&request, &state, snapshot.catalog.dataset()) {
            Ok(budget) => budget,
            Err(throttled) => return rate_limited(&throttled),
        };
        let Ok(slot) = state.popolo_exports.clone().try_acquire_owned() else {
            let refusal = unavailable(
                "TOO_MANY_EXPORTS",
                format!(
                    "as many Popolo documents as this server sends at once ({MAX_EXPORTS}) are being sent: retry in {RETRY_AFTER_SECS} seconds"
                ),
            );
            return with_budget(refusal, budget.as_ref());
        };
        match start(snapshot, slot) {
            Ok(body) => HttpResponse::Ok()
                .content_type("application/json")
                .body(body),
            Err(error) => {
                tracing::error!(%error, "cannot start a thread for a Popolo export");
                let refusal = unavailable(
                    "EXPORT_UNAVAILABLE",
                    format!("the export cannot start now: retry in {RETRY_AFTER_SECS} seconds"),
                );
                return with_budget(refusal, budget.as_ref());
            }
        }
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if let Ok(value) = HeaderValue::from_str(&cache_control()) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    with_budget(response, budget.as_ref())
}

/// What the document costs a metered client: one per object it writes (persons,
/// organizations and parties, countries and constituencies, posts, memberships), as
/// a GraphQL answer costs one per item it holds.
fn cost(dataset: &Dataset) -> u64 {
    [
        dataset.secretaries.len(),
        dataset.organizations.len(),
        dataset.parties.len(),
        dataset.countries.len(),
        dataset.areas.len(),
        dataset.offices.len(),
        dataset.terms.len(),
    ]
    .into_iter()
    .map(|n| n as u64)
    .sum()
}

/// Charges the request's client for the document of `dataset`, when budgets are on:
/// the client's budget after the charge (`None` when unmetered), or why it cannot pay.
fn charge(
    request: &HttpRequest,
    state: &AppState,
    dataset: &Dataset,
) -> Result<Option<Throttle>, Throttled> {
    let Some(limiter) = state.rate_limiter.as_deref() else {
        return Ok(None);
    };
    let client = Client::new(client_address(request, &state.trusted_proxies));
    limiter.charge(client, Charge::Run(cost(dataset))).map(Some)
}

/// The 429 of a client whose budget cannot pay for the document: as `/graphql`'s
/// ([`throttle::refused`]), `Retry-After` when it can ever pay, and the RateLimit
/// headers with its budget as it stands (only the policy when the document costs
/// more than the whole budget, which is refused without reading the bucket).
fn rate_limited(throttled: &Throttled) -> HttpResponse {
    let cost = throttled.charge.cost();
    let what = format!("the Popolo document costs {cost} (one per object it holds)");
    let message = match throttled.retry_after_secs {
        Some(secs) => format!(
            "this client spent its budget of {} cost a minute (--rate-limit-cost-per-minute); {what}: retry in {secs} s",
            throttled.maximum
        ),
        None => format!(
            "{what}, more than the whole budget of {} cost a minute (--rate-limit-cost-per-minute), so it can never be paid for: ask /graphql for the parts needed instead",
            throttled.maximum
        ),
    };
    let headers = match &throttled.budget {
        Some(budget) => throttle::charged(budget),
        None => throttle::headers(throttled.maximum, 0, 0)
            .into_iter()
            .filter(|(name, _)| name.as_str() == "ratelimit-policy")
            .collect(),
    };
    let mut response = HttpResponse::TooManyRequests();
    for (name, value) in headers {
        response.insert_header((name, value));
    }
    if let Some(secs) = throttled.retry_after_secs {
        response.insert_header((header::RETRY_AFTER, secs));
    }
    response
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(error_body("RATE_LIMITED", message))
}

/// `response` with the RateLimit headers of a charged client's `budget`, if any.
fn with_budget(mut response: HttpResponse, budget: Option<&Throttle>) -> HttpResponse {
    if let Some(budget) = budget {
        let headers = response.headers_mut();
        for (name, value) in throttle::charged(budget) {
            headers.insert(name, value);
        }
    }
    response
}

/// Any other method on `/popolo.json`.
pub async fn method_not_allowed(request: HttpRequest) -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, "GET, HEAD"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(error_body(
            "METHOD_NOT_ALLOWED",
            format!(
                "{} is not allowed on /popolo.json: use GET or HEAD",
                request.method()
            ),
        ))
}

/// 503 with `Retry-After`; the body names the limit.
fn unavailable(code: &str, message: String) -> HttpResponse {
    let mut body = error_body(code, message);
    body["error"]["limit"] = json!(MAX_EXPORTS);
    HttpResponse::ServiceUnavailable()
        .insert_header((header::RETRY_AFTER, RETRY_AFTER_SECS))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

fn error_body(code: &str, message: String) -> serde_json::Value {
    json!({ "error": { "code": code, "message": message } })
}

/// Starts the export of `snapshot` on its own thread; the body streams what it writes.
fn start(snapshot: Arc<Snapshot>, slot: OwnedSemaphorePermit) -> io::Result<Document> {
    let (sender, chunks) = mpsc::channel(CHUNKS_IN_FLIGHT);
    // The slot is free once both the export has stopped and the response is gone.
    let slot = Arc::new(slot);
    let body = Document {
        chunks,
        _slot: slot.clone(),
    };
    std::thread::Builder::new()
        .name("popolo-export".to_owned())
        .spawn(move || export(&snapshot, Chunks::new(sender), slot))?;
    Ok(body)
}

/// Writes the document into `out`, then says how it went.
fn export(snapshot: &Snapshot, mut out: Chunks, slot: Arc<OwnedSemaphorePermit>) {
    let started = Instant::now();
    let written = crate::popolo::export::write(snapshot.catalog.dataset(), &mut out)
        .map_err(io::Error::from)
        .and_then(|()| out.flush());
    let (version, bytes) = (snapshot.version(), out.sent);
    let millis = started.elapsed().as_millis() as u64;
    // The thread's share of the slot goes before the channel closes (when `out` is
    // dropped), so a client that has read the whole document finds the slot free.
    drop(slot);
    match written {
        Ok(()) => tracing::info!(version, bytes, millis, "Popolo export sent"),
        Err(_) if out.client_gone => {
            tracing::info!(
                version,
                bytes,
                millis,
                "Popolo export stopped: the client went away"
            );
        }
        Err(error) => {
            tracing::error!(%error, version, bytes, "Popolo export failed");
            // An error ends the response without its last chunk, so the client sees a
            // broken transfer rather than a document that merely looks short.
            let _ = out.sender.blocking_send(Err(error));
        }
    }
}

/// A writer that sends what it is given in chunks of about [`CHUNK_BYTES`], waiting
/// while [`CHUNKS_IN_FLIGHT`] chunks are unread. A closed channel (the client went
/// away) is an error, which stops the exporter.
struct Chunks {
    buffer: Vec<u8>,
    sender: mpsc::Sender<io::Result<Bytes>>,
    /// Bytes handed to the response so far.
    sent: u64,
    /// Whether a send failed because the response is gone.
    client_gone: bool,
}

impl Chunks {
    fn new(sender: mpsc::Sender<io::Result<Bytes>>) -> Self {
        Self {
            buffer: Vec::with_capacity(CHUNK_BYTES),
            sender,
            sent: 0,
            client_gone: false,
        }
    }

    fn send(&mut self) -> io::Result<()> {
        let chunk = std::mem::replace(&mut self.buffer, Vec::with_capacity(CHUNK_BYTES));
        let length = chunk.len() as u64;
        if self.sender.blocking_send(Ok(Bytes::from(chunk))).is_err() {
            self.client_gone = true;
            return Err(io::Error::new(
                io::ErrorKind::BrokenPipe,
                "the client went away",
            ));
        }
        self.sent += length;
        Ok(())
    }
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        self.send()
    }
}

/// The response body: the chunks as the export thread sends them.
struct Document {
    chunks: mpsc::Receiver<io::Result<Bytes>>,
    /// Held until the response is dropped (sent, or the client went away).
    _slot: Arc<OwnedSemaphorePermit>,
}

impl MessageBody for Document {
    type Error = io::Error;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        self.get_mut().chunks.poll_recv(cx)
    }
}
