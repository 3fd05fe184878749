//! Encoding: every answer to `/graphql` leaves through [`GraphqlResponse`], one
//! `Responder` that sets the status and media type the GraphQL over HTTP spec gives,
//! the validators of a cacheable GET (or a 304), and what the request was for logs
//! and metrics.

use crate::graphql::Name;
use actix_web::body::BoxBody;
use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, Responder};

use super::answers::CachedAnswer;
use super::conditional::{cache_control, if_none_match};
use super::media::ResponseType;
use super::metrics::RequestOutcome;
use super::observe::Observed;
use crate::graphql::{Answer, ErrorCode, Outcome};

/// The answer to a request to `/graphql`.
pub struct GraphqlResponse {
    kind: ResponseType,
    status: StatusCode,
    body: Bytes,
    /// For a GET: its entity tag, given only when the answer may be cached.
    etag: Option<String>,
    /// Whether the answer cache may keep it.
    cacheable: bool,
    observed: Observed,
}

impl GraphqlResponse {
    /// The answers the executor gave to the operations of one request. `etag` is the
    /// tag a GET would carry; it is dropped unless the answer may be cached.
    pub fn answered(
        kind: ResponseType,
        answers: Vec<Answer>,
        batch: bool,
        etag: Option<String>,
    ) -> Self {
        let cacheable = answers.iter().all(|a| a.cacheable);
        let refusals: Vec<ErrorCode> = answers
            .iter()
            .filter_map(|a| match a.outcome {
                Outcome::Refused(code) => Some(code),
                _ => None,
            })
            .collect();
        let outcome = if answers.iter().any(|a| a.outcome == Outcome::FieldErrors)
            || (batch && !refusals.is_empty())
        {
            RequestOutcome::Error
        } else if !refusals.is_empty() {
            RequestOutcome::Rejected
        } else {
            RequestOutcome::Ok
        };
        let status = match (&answers[..], batch) {
            ([answer], false) => status(kind, answer.outcome),
            _ => StatusCode::OK,
        };
        let operation = operation_label(&answers);
        let body = if batch {
            let mut body =
                Vec::with_capacity(answers.iter().map(|a| a.body.len() + 1).sum::<usize>() + 1);
            body.push(b'[');
            for (i, answer) in answers.into_iter().enumerate() {
                if i > 0 {
                    body.push(b',');
                }
                body.extend_from_slice(&answer.body);
            }
            body.push(b']');
            Bytes::from(body)
        } else {
            answers
                .into_iter()
                .next()
                .map_or_else(Bytes::new, |a| Bytes::from(a.body))
        };
        Self {
            kind,
            status,
            body,
            etag: etag.filter(|_| cacheable),
            cacheable,
            observed: Observed {
                operation,
                outcome,
                refusals,
                executed: true,
            },
        }
    }

    /// An answer from the answer cache.
    pub fn cached(kind: ResponseType, answer: CachedAnswer, etag: Option<String>) -> Self {
        Self {
            kind,
            status: StatusCode::OK,
            body: answer.body,
            etag,
            cacheable: false,
            observed: Observed {
                operation: answer.operation,
                outcome: RequestOutcome::Cached,
                refusals: Vec::new(),
                executed: false,
            },
        }
    }

    /// What the answer cache keeps of this answer, if it may be kept.
    pub fn to_cached(&self) -> Option<CachedAnswer> {
        self.cacheable.then(|| CachedAnswer {
            body: self.body.clone(),
            operation: self.observed.operation.clone(),
        })
    }
}

/// The status of a single answer (GraphQL over HTTP, "Status Codes"): with
/// `application/graphql-response+json`, a request refused before it ran is a 4xx;
/// legacy `application/json` answers 200 whenever there is a GraphQL response. A
/// mutation sent with GET is 405 either way.
fn status(kind: ResponseType, outcome: Outcome) -> StatusCode {
    match (outcome, kind) {
        (Outcome::Refused(ErrorCode::MethodNotAllowed), _) => StatusCode::METHOD_NOT_ALLOWED,
        (Outcome::Refused(_), ResponseType::GraphqlResponse) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    }
}

/// The operation names of a request, for logs and metrics: one, or a batch's joined
/// with commas.
fn operation_label(answers: &[Answer]) -> Option<Name> {
    match answers {
        [answer] => answer.operation.clone(),
        _ => {
            let names: Vec<&str> = answers
                .iter()
                .map(|a| a.operation.as_deref().unwrap_or("-"))
                .collect();
            Some(Name::new(names.join(",")))
        }
    }
}

impl Responder for GraphqlResponse {
    type Body = BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse {
        let mut observed = self.observed;
        let mut response = match &self.etag {
            Some(etag) if if_none_match(request.headers(), etag) => {
                observed.outcome = RequestOutcome::NotModified;
                HttpResponse::NotModified().finish()
            }
            _ => HttpResponse::build(self.status)
                .content_type(self.kind.content_type())
                .body(self.body),
        };
        if let Some(etag) = self.etag {
            let headers = response.headers_mut();
            if let Ok(value) = header::HeaderValue::from_str(&etag) {
                headers.insert(header::ETAG, value);
            }
            if let Ok(value) = header::HeaderValue::from_str(&cache_control()) {
                headers.insert(header::CACHE_CONTROL, value);
            }
            headers.append(header::VARY, header::HeaderValue::from_static("accept"));
        }
        response.extensions_mut().insert(observed);
        response
    }
}
