//! `POST /graphql` and `GET /graphql`: turn an HTTP request into GraphQL requests, run
//! them on the current catalog snapshot, and answer with the status and media type the
//! GraphQL over HTTP specification gives. Every transport problem is a 4xx with a
//! GraphQL-shaped body that says what is wrong and what is allowed.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, Request, Variables};
use serde_json::json;

use super::answers::AnswerKey;
use super::media::{is_json_body, negotiate, ResponseType};
use super::metrics::{is_limit_code, METRICS};
use super::{AppState, TransportLimits};
use crate::reload::Snapshot;
use futures_util::StreamExt;

/// The most operations one batched POST may hold.
pub const MAX_BATCH: usize = 10;

static REQUEST_IDS: AtomicU64 = AtomicU64::new(1);

/// A transport-level refusal: status, code and message.
struct Refusal {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl Refusal {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    fn respond(self, kind: ResponseType) -> HttpResponse {
        METRICS.request("-", "refused", None);
        if is_limit_code(self.code) {
            METRICS.refusal(self.code);
        }
        let mut response = HttpResponse::build(self.status);
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            response.insert_header((header::ALLOW, "GET, POST"));
        }
        response.content_type(kind.content_type()).body(
            json!({ "errors": [{ "message": self.message, "extensions": { "code": self.code } }] })
                .to_string(),
        )
    }
}

/// `POST /graphql` with a JSON body: one request or a batch (a JSON array).
pub async fn post(
    request: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> HttpResponse {
    let Some(kind) = negotiate(&request) else {
        return not_acceptable();
    };
    if !is_json_body(&request) {
        let given = request
            .headers()
            .get(header::CONTENT_TYPE)
            .map_or("none".to_owned(), |v| {
                format!("`{}`", v.to_str().unwrap_or("?"))
            });
        return Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            format!("a POST to /graphql must have Content-Type application/json, got {given}"),
        )
        .respond(kind);
    }
    let body = match read_body(payload, state.transport).await {
        Ok(body) => body,
        Err(refusal) => return refusal.respond(kind),
    };
    // The one snapshot this request reads, for the cache key and for execution.
    let snapshot = state.snapshots.current();
    let key = AnswerKey {
        version: snapshot.tag.clone(),
        kind,
        get: false,
        request: body,
    };
    if let Some(answer) = state.answers.get(&key) {
        return answer_response(kind, answer);
    }
    match parse_body(&key.request, state.transport.max_batch) {
        Ok(batch) => execute(batch, kind, &state, key, snapshot).await,
        Err(refusal) => refusal.respond(kind),
    }
}

/// The body, refused with 413 past the body limit (by default [`super::MAX_BODY_BYTES`])
/// without reading the rest, and with 408 when it takes longer than the body timeout
/// to arrive, so a client sending a byte a second does not hold the request open.
async fn read_body(payload: web::Payload, limits: TransportLimits) -> Result<Bytes, Refusal> {
    match tokio::time::timeout(limits.body_timeout, read_body_within(payload, limits)).await {
        Ok(body) => body,
        Err(_) => Err(Refusal::new(
            StatusCode::REQUEST_TIMEOUT,
            "REQUEST_TIMEOUT",
            format!(
                "the body did not arrive within the limit of {} ms (--request-timeout-ms)",
                limits.body_timeout.as_millis()
            ),
        )),
    }
}

async fn read_body_within(
    mut payload: web::Payload,
    limits: TransportLimits,
) -> Result<Bytes, Refusal> {
    let max = limits.max_body_bytes;
    let too_large = || {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!("the body is larger than the limit of {max} bytes (--max-body-bytes); send a smaller document"),
        )
    };
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| match e {
            actix_web::error::PayloadError::Overflow => too_large(),
            other => Refusal::new(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!("the body could not be read: {other}"),
            ),
        })?;
        if body.len() + chunk.len() > max {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// One GraphQL request as the GraphQL over HTTP specification writes it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRequest {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<serde_json::Map<String, serde_json::Value>>,
    #[allow(dead_code)]
    extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

impl WireRequest {
    fn into_request(self) -> Result<Request, Refusal> {
        // An empty document is the parser's to refuse (GRAPHQL_PARSE_FAILED); a
        // missing one means the body is not a GraphQL request at all.
        let query = self.query.ok_or_else(|| {
            bad_body("the request has no `query`: give the GraphQL document as a string")
        })?;
        let mut request = Request::new(query);
        if let Some(name) = self.operation_name {
            request = request.operation_name(name);
        }
        if let Some(variables) = self.variables {
            request = request.variables(Variables::from_json(serde_json::Value::Object(variables)));
        }
        Ok(request)
    }
}

fn bad_body(why: impl std::fmt::Display) -> Refusal {
    Refusal::new(
        StatusCode::BAD_REQUEST,
        "BAD_REQUEST",
        format!(
            "the body is not a GraphQL request: {why}; send a JSON object {{\"query\": \"...\", \"variables\": {{...}}, \"operationName\": \"...\"}} or an array of them"
        ),
    )
}

/// A single request (a JSON object) or a batch (an array of 1 to `max_batch` objects,
/// by default [`MAX_BATCH`]).
fn parse_body(body: &[u8], max_batch: usize) -> Result<BatchRequest, Refusal> {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => {
            let wire: WireRequest = serde_json::from_slice(body).map_err(bad_body)?;
            Ok(BatchRequest::Single(wire.into_request()?))
        }
        Some(b'[') => {
            let items: Vec<serde_json::Value> = serde_json::from_slice(body).map_err(bad_body)?;
            if items.is_empty() || items.len() > max_batch {
                return Err(Refusal::new(
                    StatusCode::BAD_REQUEST,
                    "BATCH_LIMIT",
                    format!(
                        "a batch must hold 1 to {max_batch} operations (--max-batch), got {}",
                        items.len()
                    ),
                ));
            }
            let requests = items
                .into_iter()
                .map(|item| {
                    if !item.is_object() {
                        return Err(bad_body("each element of a batch must be a JSON object"));
                    }
                    serde_json::from_value::<WireRequest>(item)
                        .map_err(bad_body)?
                        .into_request()
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(BatchRequest::Batch(requests))
        }
        _ => Err(bad_body("expected a JSON object or array")),
    }
}

/// The query parameters of `GET /graphql`.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    query: Option<String>,
    variables: Option<String>,
    operation_name: Option<String>,
}

/// How long a shared cache or a browser may reuse a GET answer without asking again.
/// A reload within that time is seen late by such a client; ask with POST (never
/// cached) or revalidate (`If-None-Match`) for the newest data.
pub const GET_MAX_AGE_SECS: u32 = 60;

/// `GET /graphql?query=…&variables=…&operationName=…`, for queries only.
///
/// A 200 answer carries a weak `ETag` (the dataset version, the number of reload
/// attempts, and a hash of the query string and response type: the same request
/// against the same snapshot always gets the same answer; weak because compression
/// changes the bytes) and `Cache-Control: public, max-age=60`. A request whose
/// `If-None-Match` holds the current tag gets 304 with no body, without running.
pub async fn get(request: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let Some(kind) = negotiate(&request) else {
        return not_acceptable();
    };
    // The one snapshot this request reads, for the tag, the cache key and execution.
    let snapshot = state.snapshots.current();
    let etag = entity_tag(&snapshot, kind, request.query_string());
    if if_none_match(&request, &etag) {
        METRICS.request("-", "not_modified", None);
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache_control()))
            .finish();
    }
    let response = get_answer(&request, kind, &state, snapshot).await;
    with_validators(response, etag)
}

fn cache_control() -> String {
    format!("public, max-age={GET_MAX_AGE_SECS}")
}

/// `W/"<version>.<attempts>-<hash>"`.
fn entity_tag(snapshot: &Snapshot, kind: ResponseType, query_string: &str) -> String {
    let mut hasher = rustc_hash::FxHasher::default();
    kind.hash(&mut hasher);
    query_string.hash(&mut hasher);
    format!("W/\"{}-{:016x}\"", snapshot.tag, hasher.finish())
}

/// Whether `If-None-Match` names `etag` (weak comparison) or is `*`.
fn if_none_match(request: &HttpRequest, etag: &str) -> bool {
    let bare = etag.trim_start_matches("W/");
    request
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == bare)
}

/// Adds `ETag` and `Cache-Control` to a 200 GET answer.
fn with_validators(mut response: HttpResponse, etag: String) -> HttpResponse {
    if response.status() == StatusCode::OK {
        let headers = response.headers_mut();
        if let Ok(value) = header::HeaderValue::from_str(&etag) {
            headers.insert(header::ETAG, value);
        }
        if let Ok(value) = header::HeaderValue::from_str(&cache_control()) {
            headers.insert(header::CACHE_CONTROL, value);
        }
        headers.append(header::VARY, header::HeaderValue::from_static("accept"));
    }
    response
}

async fn get_answer(
    request: &HttpRequest,
    kind: ResponseType,
    state: &AppState,
    snapshot: Arc<Snapshot>,
) -> HttpResponse {
    let bad = |message: String| {
        Refusal::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message).respond(kind)
    };
    let key = AnswerKey {
        version: snapshot.tag.clone(),
        kind,
        get: true,
        request: Bytes::copy_from_slice(request.query_string().as_bytes()),
    };
    if let Some(answer) = state.answers.get(&key) {
        return answer_response(kind, answer);
    }
    let params: GetParams = match serde_urlencoded::from_str(request.query_string()) {
        Ok(params) => params,
        Err(e) => return bad(format!("the query string is not valid: {e}")),
    };
    let Some(query) = params.query else {
        return bad("GET /graphql needs a `query` parameter holding a GraphQL document".to_owned());
    };
    let mut graphql = Request::new(query);
    if let Some(name) = params.operation_name {
        graphql = graphql.operation_name(name);
    }
    if let Some(text) = params.variables.filter(|v| !v.is_empty()) {
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(value @ serde_json::Value::Object(_)) => {
                graphql = graphql.variables(Variables::from_json(value));
            }
            Ok(_) | Err(_) => {
                return bad(format!(
                    "`variables` must be a JSON object such as {{\"from\": \"2014-01-01\"}}, got `{text}`"
                ))
            }
        }
    }
    // GET must not change anything (GraphQL over HTTP): only queries run over it. A
    // document past the text limits is not parsed here: the executor refuses it.
    let wanted = graphql.operation_name.clone();
    let within_limits = state.executor.limits().check_text(&graphql.query).is_ok();
    if let Some(document) = within_limits.then(|| graphql.parsed_query().ok()).flatten() {
        let operation = match &wanted {
            Some(name) => document
                .operations
                .iter()
                .find(|(n, _)| n.map(|n| n.as_str()) == Some(name.as_str()))
                .map(|(_, op)| op.node.ty),
            None => document.operations.iter().next().map(|(_, op)| op.node.ty),
        };
        if matches!(
            operation,
            Some(OperationType::Mutation | OperationType::Subscription)
        ) {
            return Refusal::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "METHOD_NOT_ALLOWED",
                "only queries may be sent with GET; send mutations and subscriptions with POST",
            )
            .respond(kind);
        }
    }
    execute(BatchRequest::Single(graphql), kind, state, key, snapshot).await
}

/// A cached answer, logged like any other request.
fn answer_response(kind: ResponseType, answer: Bytes) -> HttpResponse {
    let id = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
    tracing::info!(request_id = id, outcome = "cached", "graphql request");
    METRICS.request("-", "cached", None);
    HttpResponse::Ok()
        .content_type(kind.content_type())
        .body(answer)
}

/// Any other method on `/graphql`.
pub async fn method_not_allowed(request: HttpRequest) -> HttpResponse {
    Refusal::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "METHOD_NOT_ALLOWED",
        format!(
            "{} is not allowed on /graphql: use GET for queries or POST",
            request.method()
        ),
    )
    .respond(negotiate(&request).unwrap_or(ResponseType::Json))
}

fn not_acceptable() -> HttpResponse {
    Refusal::new(
        StatusCode::NOT_ACCEPTABLE,
        "NOT_ACCEPTABLE",
        "the Accept header allows no type this server answers with: accept application/graphql-response+json or application/json",
    )
    .respond(ResponseType::Json)
}

async fn execute(
    batch: BatchRequest,
    kind: ResponseType,
    state: &AppState,
    key: AnswerKey,
    snapshot: Arc<Snapshot>,
) -> HttpResponse {
    let started = Instant::now();
    let id = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
    let operations: Vec<String> = batch
        .iter()
        .map(|r| {
            r.operation_name
                .clone()
                .or_else(|| named_operation(&r.query).map(str::to_owned))
                .unwrap_or_else(|| "-".to_owned())
        })
        .collect();
    let catalog = snapshot.catalog.clone();
    // `Query.dataset` reads the reload status from the same snapshot as the data.
    let response = match batch {
        BatchRequest::Single(request) => BatchResponse::Single(
            state
                .executor
                .execute(request.data(snapshot), catalog)
                .await,
        ),
        BatchRequest::Batch(requests) => {
            let mut responses = Vec::with_capacity(requests.len());
            for request in requests {
                let request = request.data(snapshot.clone());
                responses.push(state.executor.execute(request, catalog.clone()).await);
            }
            BatchResponse::Batch(responses)
        }
    };

    let outcome = match &response {
        BatchResponse::Single(r) if failed_early(r) => "rejected",
        BatchResponse::Single(r) if !r.errors.is_empty() => "error",
        BatchResponse::Batch(rs) if rs.iter().any(|r| !r.errors.is_empty()) => "error",
        _ => "ok",
    };
    let status = match (&response, kind) {
        (BatchResponse::Single(r), ResponseType::GraphqlResponse) if failed_early(r) => {
            StatusCode::BAD_REQUEST
        }
        _ => StatusCode::OK,
    };
    let operation = operations.join(",");
    let duration = started.elapsed();
    tracing::info!(
        request_id = id,
        operation = %operation,
        duration_us = duration.as_micros() as u64,
        outcome,
        "graphql request"
    );
    METRICS.request(&operation, outcome, Some(duration));
    match &response {
        BatchResponse::Single(r) => METRICS.refusals_in(r),
        BatchResponse::Batch(rs) => rs.iter().for_each(|r| METRICS.refusals_in(r)),
    }
    let written = match &response {
        BatchResponse::Single(r) => serde_json::to_vec(&Wire(r)),
        BatchResponse::Batch(rs) => serde_json::to_vec(&rs.iter().map(Wire).collect::<Vec<_>>()),
    };
    match written {
        Ok(body) => {
            let body = Bytes::from(body);
            if outcome == "ok" {
                state.answers.insert(key, body.clone());
            }
            HttpResponse::build(status)
                .content_type(kind.content_type())
                .body(body)
        }
        Err(e) => {
            tracing::error!(request_id = id, error = %e, "cannot serialize a response");
            Refusal::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_SERVER_ERROR",
                "the server could not write its answer; this is a bug, please report it",
            )
            .respond(kind)
        }
    }
}

/// Whether a request failed before execution: no data and no error with a path.
fn failed_early(response: &async_graphql::Response) -> bool {
    !response.errors.is_empty()
        && response.data == async_graphql::Value::Null
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// A response as written: a request that failed before execution has no `data` entry
/// at all (GraphQL spec, "Response"; the graphql-http audits D586 and 5E5B), where
/// async-graphql would write `"data": null`.
struct Wire<'a>(&'a async_graphql::Response);

impl serde::Serialize for Wire<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if !failed_early(self.0) {
            return self.0.serialize(serializer);
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("errors", &self.0.errors)?;
        if !self.0.extensions.is_empty() {
            map.serialize_entry("extensions", &self.0.extensions)?;
        }
        map.end()
    }
}

/// The name of a document's first operation when the document starts with one
/// (`query Name …`), for logs and metrics when the request gives no `operationName`;
/// a look at the first words only, not a parse.
fn named_operation(document: &str) -> Option<&str> {
    let mut rest = document.trim_start();
    while let Some(comment) = rest.strip_prefix('#') {
        rest = comment.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    let rest = ["query", "mutation", "subscription"]
        .iter()
        .find_map(|kind| rest.strip_prefix(kind))?;
    if !rest.starts_with(|c: char| c.is_whitespace()) {
        return None;
    }
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let name = &rest[..end];
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::named_operation;

    #[test]
    fn operation_names_come_from_the_first_words() {
        assert_eq!(
            named_operation("query Holders($a: Int) { x }"),
            Some("Holders")
        );
        assert_eq!(named_operation("# c\n  query\nA{x}"), Some("A"));
        assert_eq!(named_operation("{ x }"), None);
        assert_eq!(named_operation("query { x }"), None);
        assert_eq!(named_operation("queryX { x }"), None);
    }
}
