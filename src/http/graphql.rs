//! `POST /graphql` and `GET /graphql`: turn an HTTP request into GraphQL requests, run
//! them on the current catalog snapshot, and answer with the status and media type the
//! GraphQL over HTTP specification gives. Every transport problem is a 4xx with a
//! GraphQL-shaped body that says what is wrong and what is allowed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, Request, Variables};
use serde_json::json;

use super::answers::AnswerKey;
use super::media::{is_json_body, negotiate, ResponseType};
use super::{AppState, MAX_BODY_BYTES};
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
    let body = match read_body(payload).await {
        Ok(body) => body,
        Err(refusal) => return refusal.respond(kind),
    };
    let key = AnswerKey {
        version: state.catalog.version().to_owned(),
        kind,
        get: false,
        request: body,
    };
    if let Some(answer) = state.answers.get(&key) {
        return answer_response(kind, answer);
    }
    match parse_body(&key.request) {
        Ok(batch) => execute(batch, kind, &state, key).await,
        Err(refusal) => refusal.respond(kind),
    }
}

/// The body, refused with 413 past [`MAX_BODY_BYTES`] without reading the rest.
async fn read_body(mut payload: web::Payload) -> Result<Bytes, Refusal> {
    let too_large = || {
        Refusal::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!("the body is larger than the limit of {MAX_BODY_BYTES} bytes; send a smaller document"),
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
        if body.len() + chunk.len() > MAX_BODY_BYTES {
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
            "the body is not a GraphQL request: {why}; send a JSON object {{\"query\": \"...\", \"variables\": {{...}}, \"operationName\": \"...\"}} or an array of 1 to {MAX_BATCH} of them"
        ),
    )
}

/// A single request (a JSON object) or a batch (an array of 1 to [`MAX_BATCH`] objects).
fn parse_body(body: &[u8]) -> Result<BatchRequest, Refusal> {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => {
            let wire: WireRequest = serde_json::from_slice(body).map_err(bad_body)?;
            Ok(BatchRequest::Single(wire.into_request()?))
        }
        Some(b'[') => {
            let items: Vec<serde_json::Value> = serde_json::from_slice(body).map_err(bad_body)?;
            if items.is_empty() || items.len() > MAX_BATCH {
                return Err(Refusal::new(
                    StatusCode::BAD_REQUEST,
                    "BATCH_LIMIT",
                    format!(
                        "a batch must hold 1 to {MAX_BATCH} operations, got {}",
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

/// `GET /graphql?query=…&variables=…&operationName=…`, for queries only.
pub async fn get(request: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let Some(kind) = negotiate(&request) else {
        return not_acceptable();
    };
    let bad = |message: String| {
        Refusal::new(StatusCode::BAD_REQUEST, "BAD_REQUEST", message).respond(kind)
    };
    let key = AnswerKey {
        version: state.catalog.version().to_owned(),
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
    // GET must not change anything (GraphQL over HTTP): only queries run over it.
    let wanted = graphql.operation_name.clone();
    if let Ok(document) = graphql.parsed_query() {
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
    execute(BatchRequest::Single(graphql), kind, &state, key).await
}

/// A cached answer, logged like any other request.
fn answer_response(kind: ResponseType, answer: Bytes) -> HttpResponse {
    let id = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
    tracing::info!(request_id = id, outcome = "cached", "graphql request");
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
) -> HttpResponse {
    let started = Instant::now();
    let id = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
    let operations: Vec<String> = batch
        .iter()
        .map(|r| r.operation_name.clone().unwrap_or_else(|| "-".to_owned()))
        .collect();
    let catalog = state.catalog.clone();
    let response = match batch {
        BatchRequest::Single(request) => {
            BatchResponse::Single(state.executor.execute(request, catalog).await)
        }
        BatchRequest::Batch(requests) => {
            let mut responses = Vec::with_capacity(requests.len());
            for request in requests {
                responses.push(state.executor.execute(request, catalog.clone()).await);
            }
            BatchResponse::Batch(responses)
        }
    };

    // A request that failed before execution has no data and no error with a path.
    let failed_early = |r: &async_graphql::Response| {
        !r.errors.is_empty()
            && r.data == async_graphql::Value::Null
            && r.errors.iter().all(|e| e.path.is_empty())
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
    tracing::info!(
        request_id = id,
        operation = %operations.join(","),
        duration_us = started.elapsed().as_micros() as u64,
        outcome,
        "graphql request"
    );
    match serde_json::to_vec(&response) {
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
