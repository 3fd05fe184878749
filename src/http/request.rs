//! Decoding: an HTTP request to `/graphql` becomes one [`GraphqlRequest`], whatever
//! its method. The extractor checks the transport (the media type the client accepts,
//! a POST's `Content-Type`, its body's size and arrival time) and keeps the raw bytes,
//! which the answer cache keys on; [`GraphqlRequest::operations`] then reads the
//! operations from them (GraphQL over HTTP: a JSON object or a batch array in a POST
//! body, or the `query`, `variables` and `operationName` parameters of a GET). A
//! document comes as its text (`query`), as a persisted document's `documentId`, or as
//! an Apollo APQ hash (`extensions.persistedQuery`); which text that names is the
//! executor's business, not the transport's.

use std::future::Future;
use std::pin::Pin;

use crate::graphql::Variables;
use actix_web::dev::Payload;
use actix_web::http::{header, Method};
use actix_web::web::{Bytes, BytesMut};
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::StreamExt;

use super::media::{is_json_body, negotiate, ResponseType};
use super::rejection::Rejection;
use super::{AppState, TransportLimits};
use crate::graphql::{Document, DocumentId, ErrorCode, OperationRequest};

/// A request to `/graphql`, decoded as far as the transport goes.
#[derive(Debug)]
pub struct GraphqlRequest {
    /// The media type to answer with.
    pub accept: ResponseType,
    /// Whether it came by GET (which may only run queries, and whose answers carry
    /// cache validators).
    pub get: bool,
    /// The POST body, or the GET query string, as sent.
    pub payload: Bytes,
}

/// The operations of one request.
#[derive(Debug)]
pub struct Operations {
    /// In the order sent.
    pub list: Vec<OperationRequest>,
    /// Whether they came as a batch (a JSON array), answered as an array.
    pub batch: bool,
}

impl FromRequest for GraphqlRequest {
    type Error = Rejection;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Rejection>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let accept = negotiate(request);
        let limits = request
            .app_data::<web::Data<AppState>>()
            .map(|state| state.transport);
        let get = request.method() == Method::GET;
        let query_string = Bytes::copy_from_slice(request.query_string().as_bytes());
        let content_type = (!get && !is_json_body(request)).then(|| {
            request
                .headers()
                .get(header::CONTENT_TYPE)
                .map_or("none".to_owned(), |v| {
                    format!("`{}`", v.to_str().unwrap_or("?"))
                })
        });
        let payload = web::Payload::from_request(request, payload).into_inner();
        Box::pin(async move {
            let accept = accept.ok_or_else(Rejection::not_acceptable)?;
            let Some(limits) = limits else {
                return Err(Rejection::new(
accept,
                    ErrorCode::InternalServerError,
                    "the server is not set up to answer GraphQL requests; this is a bug, please report it",
                ));
            };
            if get {
                return Ok(Self {
                    accept,
                    get,
                    payload: query_string,
                });
            }
            if let Some(given) = content_type {
                return Err(Rejection::new(
                    accept,
                    ErrorCode::UnsupportedMediaType,
                    format!(
                        "a POST to /graphql must have Content-Type application/json, got {given}"
                    ),
                ));
            }
            let payload = payload.map_err(|e| Rejection::bad_request(accept, e.to_string()))?;
            let body = read_body(payload, limits, accept).await?;
            Ok(Self {
                accept,
                get,
                payload: body,
            })
        })
    }
}

/// The body, refused with 413 past the body limit without reading the rest, and with
/// 408 when it takes longer than the body timeout to arrive, so a client sending a
/// byte a second does not hold the request open.
async fn read_body(
    payload: web::Payload,
    limits: TransportLimits,
    kind: ResponseType,
) -> Result<Bytes, Rejection> {
    match tokio::time::timeout(limits.body_timeout, read_all(payload, limits, kind)).await {
        Ok(body) => body,
        Err(_) => Err(Rejection::new(
            kind,
            ErrorCode::RequestTimeout,
            format!(
                "the body did not arrive within the limit of {} ms (--request-timeout-ms)",
                limits.body_timeout.as_millis()
            ),
        )),
    }
}

async fn read_all(
    mut payload: web::Payload,
    limits: TransportLimits,
    kind: ResponseType,
) -> Result<Bytes, Rejection> {
    let max = limits.max_body_bytes;
    let too_large = || {
        Rejection::new(
kind,
            ErrorCode::PayloadTooLarge,
            format!("the body is larger than the limit of {max} bytes (--max-body-bytes); send a smaller document"),
        )
    };
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| match e {
            actix_web::error::PayloadError::Overflow => too_large(),
            other => Rejection::bad_request(kind, format!("the body could not be read: {other}")),
        })?;
        if body.len() + chunk.len() > max {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// One GraphQL request in a POST body, as the GraphQL over HTTP spec writes it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireRequest {
    query: Option<String>,
    /// A persisted document's id (GraphQL over HTTP, "Persisted Documents").
    document_id: Option<String>,
    operation_name: Option<String>,
    variables: Option<Variables>,
    /// Read for `persistedQuery` (Apollo APQ); a body whose `extensions` is not a map
    /// is refused (GraphQL over HTTP allows a 400 there; the graphql-http audits 58B0
    /// to 58B3 check it).
    extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

/// The query parameters of a GET.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    query: Option<String>,
    document_id: Option<String>,
    variables: Option<String>,
    operation_name: Option<String>,
    /// JSON, as Apollo clients send APQ hashes by GET.
    extensions: Option<String>,
}

/// `extensions.persistedQuery` of Apollo's automatic persisted queries.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct PersistedQuery {
    version: serde_json::Value,
    sha256_hash: Option<String>,
}

impl GraphqlRequest {
    /// The operations the request asks to run: a single request (a JSON object) or a
    /// batch (an array of 1 to `max_batch` objects); a GET holds one.
    pub fn operations(&self, max_batch: usize) -> Result<Operations, Rejection> {
        if self.get {
            return self.get_operation().map(|operation| Operations {
                list: vec![operation],
                batch: false,
            });
        }
        let kind = self.accept;
        let body = &self.payload[..];
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => {
                let wire: WireRequest =
                    serde_json::from_slice(body).map_err(|e| bad_body(kind, e))?;
                Ok(Operations {
                    list: vec![operation(kind, wire)?],
                    batch: false,
                })
            }
            Some(b'[') => {
                let items: Vec<serde_json::Value> =
                    serde_json::from_slice(body).map_err(|e| bad_body(kind, e))?;
                if items.is_empty() || items.len() > max_batch {
                    return Err(Rejection::new(
                        kind,
                        ErrorCode::BatchLimit,
                        format!(
                            "a batch must hold 1 to {max_batch} operations (--max-batch), got {}",
                            items.len()
                        ),
                    ));
                }
                let list = items
                    .into_iter()
                    .map(|item| {
                        if !item.is_object() {
                            return Err(bad_body(
                                kind,
                                "each element of a batch must be a JSON object",
                            ));
                        }
                        let wire: WireRequest =
                            serde_json::from_value(item).map_err(|e| bad_body(kind, e))?;
                        operation(kind, wire)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Operations { list, batch: true })
            }
            _ => Err(bad_body(kind, "expected a JSON object or array")),
        }
    }

    fn get_operation(&self) -> Result<OperationRequest, Rejection> {
        let kind = self.accept;
        let params: GetParams = serde_urlencoded::from_bytes(&self.payload).map_err(|e| {
            Rejection::bad_request(kind, format!("the query string is not valid: {e}"))
        })?;
        let extensions = match params.extensions.filter(|e| !e.is_empty()) {
            None => None,
            Some(text) => match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(serde_json::Value::Object(map)) => Some(map),
                Ok(_) | Err(_) => {
                    return Err(Rejection::bad_request(
                        kind,
                        format!("`extensions` must be a JSON object, got `{text}`"),
                    ))
                }
            },
        };
        let document = document(kind, params.query, params.document_id, extensions.as_ref())?
            .ok_or_else(|| {
                Rejection::bad_request(
                    kind,
                    "GET /graphql needs a `query` parameter holding a GraphQL document, or the `documentId` of a persisted one",
                )
            })?;
        let variables = match params.variables.filter(|v| !v.is_empty()) {
            None => Variables::default(),
            Some(text) => match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(value @ serde_json::Value::Object(_)) => Variables::from_json(value),
                Ok(_) | Err(_) => {
                    return Err(Rejection::bad_request(
                        kind,
                        format!("`variables` must be a JSON object such as {{\"from\": \"2014-01-01\"}}, got `{text}`"),
                    ))
                }
            },
        };
        Ok(OperationRequest {
            document,
            operation_name: params.operation_name,
            variables,
        })
    }
}

fn operation(kind: ResponseType, wire: WireRequest) -> Result<OperationRequest, Rejection> {
    // An empty document is the parser's to refuse (GRAPHQL_PARSE_FAILED); a missing
    // one means the body is not a GraphQL request at all.
    let document = document(kind, wire.query, wire.document_id, wire.extensions.as_ref())?
        .ok_or_else(|| {
            bad_body(
                kind,
                "the request has no `query`: give the GraphQL document as a string, or the `documentId` of a persisted one",
            )
        })?;
    Ok(OperationRequest {
        document,
        operation_name: wire.operation_name,
        variables: wire.variables.unwrap_or_default(),
    })
}

/// The document a request names, if it names one: its text, a `documentId`, or an APQ
/// hash (with the text when the client registers it). Naming it twice over is
/// refused, so no request means two documents.
fn document(
    kind: ResponseType,
    query: Option<String>,
    document_id: Option<String>,
    extensions: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Result<Option<Document>, Rejection> {
    let apq = persisted_query(kind, extensions)?;
    match (query, document_id, apq) {
        (Some(_), Some(_), _) => Err(Rejection::bad_request(
            kind,
            "the request has both `documentId` and `query`: send one, the id of a persisted document or a document's text",
        )),
        (None, Some(_), Some(_)) => Err(Rejection::bad_request(
            kind,
            "the request has both `documentId` and `extensions.persistedQuery`: send one",
        )),
        (None, Some(id), None) => DocumentId::parse_prefixed(&id)
            .map(|id| Some(Document::Id(id)))
            .ok_or_else(|| {
                Rejection::bad_request(
                    kind,
                    format!("`documentId` must be `sha256:` followed by the 64 lowercase hex digits of the SHA-256 of the document's text, got `{id}`"),
                )
            }),
        (text, None, Some(hash)) => Ok(Some(Document::Apq { hash, text })),
        (Some(text), None, None) => Ok(Some(Document::Text(text))),
        (None, None, None) => Ok(None),
    }
}

/// The hash of `extensions.persistedQuery` (Apollo APQ), when the request has one.
fn persisted_query(
    kind: ResponseType,
    extensions: Option<&serde_json::Map<String, serde_json::Value>>,
) -> Result<Option<DocumentId>, Rejection> {
    let Some(value) = extensions.and_then(|e| e.get("persistedQuery")) else {
        return Ok(None);
    };
    let refuse = |why: &str| {
        Rejection::bad_request(
            kind,
            format!("`extensions.persistedQuery` must be {{\"version\": 1, \"sha256Hash\": \"<64 lowercase hex digits>\"}}: {why}"),
        )
    };
    let apq: PersistedQuery =
        serde_json::from_value(value.clone()).map_err(|e| refuse(&format!("{e}")))?;
    if apq.version != serde_json::json!(1) {
        return Err(refuse(&format!("version {} is not supported", apq.version)));
    }
    let hash = apq
        .sha256_hash
        .ok_or_else(|| refuse("`sha256Hash` is missing"))?;
    DocumentId::parse_hex(&hash)
        .map(Some)
        .ok_or_else(|| refuse(&format!("`{hash}` is not 64 lowercase hex digits")))
}

fn bad_body(kind: ResponseType, why: impl std::fmt::Display) -> Rejection {
    Rejection::bad_request(
        kind,
        format!(
            "the body is not a GraphQL request: {why}; send a JSON object {{\"query\": \"...\", \"variables\": {{...}}, \"operationName\": \"...\"}} or an array of them"
        ),
    )
}
