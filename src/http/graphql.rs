//! `POST /graphql` and `GET /graphql`: turn an HTTP request into GraphQL requests, run
//! them on the current catalog snapshot, and answer with the status and media type the
//! GraphQL over HTTP specification gives. Every transport problem is a 4xx with a
//! GraphQL-shaped body that says what is wrong and what is allowed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, Request, Variables};
use serde_json::json;

use super::media::{is_json_body, negotiate, ResponseType};
use super::AppState;

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
    body: web::Bytes,
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
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(e) => {
            return Refusal::new(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!(
                    "the body is not a GraphQL request: {e}; send a JSON object {{\"query\": \"...\", \"variables\": {{...}}, \"operationName\": \"...\"}} or an array of up to {MAX_BATCH} of them"
                ),
            )
            .respond(kind)
        }
    };
    if let BatchRequest::Batch(requests) = &batch {
        if requests.is_empty() || requests.len() > MAX_BATCH {
            return Refusal::new(
                StatusCode::BAD_REQUEST,
                "BATCH_LIMIT",
                format!(
                    "a batch must hold 1 to {MAX_BATCH} operations, got {}",
                    requests.len()
                ),
            )
            .respond(kind);
        }
    }
    execute(batch, kind, &state).await
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
    execute(BatchRequest::Single(graphql), kind, &state).await
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

async fn execute(batch: BatchRequest, kind: ResponseType, state: &AppState) -> HttpResponse {
    let started = Instant::now();
    let id = REQUEST_IDS.fetch_add(1, Ordering::Relaxed);
    let operations: Vec<String> = batch
        .iter()
        .map(|r| r.operation_name.clone().unwrap_or_else(|| "-".to_owned()))
        .collect();
    let response = state
        .schema
        .execute_batch(batch.data(state.catalog.clone()))
        .await;

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
        Ok(body) => HttpResponse::build(status)
            .content_type(kind.content_type())
            .body(body),
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
