//! Encoding: every answer to `/graphql` leaves through [`GraphqlResponse`], one
//! `Responder` that sets the status and media type the GraphQL over HTTP spec gives,
//! the validators of a cacheable GET (or a 304), the budget of a metered client
//! (`extensions.cost` and the RateLimit headers), and what the request was for logs
//! and metrics.

use actix_web::body::BoxBody;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, Responder};

use super::answers::CachedAnswer;
use super::conditional::{cache_control, if_none_match};
use super::media::ResponseType;
use super::metrics::RequestOutcome;
use super::observe::Observed;
use super::status;
use super::throttle;
use super::throttle::with_cost;
use crate::graphql::{Answer, ErrorCode, Name, Outcome, Path};
use crate::ratelimit::Throttle;

/// The answer to a request to `/graphql`.
pub struct GraphqlResponse {
    kind: ResponseType,
    status: StatusCode,
    body: Bytes,
    /// For a GET: its entity tag, given only when the answer may be cached.
    etag: Option<String>,
    /// What the answer cache may keep of it.
    cached: Option<CachedAnswer>,
    headers: Vec<(HeaderName, HeaderValue)>,
    observed: Observed,
}

impl GraphqlResponse {
    /// The answers the executor gave to the operations of one request. `etag` is the
    /// tag a GET would carry; it is dropped unless the answer may be cached, and for a
    /// metered client, whose answers tell its own budget.
    pub fn answered(
        kind: ResponseType,
        answers: Vec<Answer>,
        batch: bool,
        etag: Option<String>,
        meter: Option<&Throttle>,
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
        let count = |path| answers.iter().filter(|a| a.path == path).count() as u32;
        let paths = (count(Path::Plan), count(Path::Reference));
        let document = document_label(&answers);
        // A single operation of the manifest is counted under its name, one of the
        // manifest's bounded set; a batch's joined names are not in that set.
        let trusted = matches!(&answers[..], [answer] if answer.trusted);
        // The plain answers; what the cache keeps is the plain answer of a single
        // operation, shared with the response (a metered client's copy is told its
        // budget when it is sent, from the cache or not).
        let plain: Vec<(Bytes, u64, u64)> = answers
            .into_iter()
            .map(|a| (Bytes::from(a.body), a.requested_cost, a.actual_cost))
            .collect();
        let cached = match (&plain[..], batch, cacheable) {
            ([(body, requested, actual)], false, true) => Some(CachedAnswer {
                body: body.clone(),
                operation: operation.clone(),
                document: document.clone(),
                trusted,
                requested_cost: *requested,
                actual_cost: *actual,
            }),
            _ => None,
        };
        let bodies: Vec<Bytes> = plain
            .into_iter()
            .map(|(body, requested, actual)| match meter {
                Some(throttle) => Bytes::from(with_cost(
                    &body,
                    &throttle::report(throttle, requested, actual),
                )),
                None => body,
            })
            .collect();
        let body = if batch {
            let mut body =
                Vec::with_capacity(bodies.iter().map(|b| b.len() + 1).sum::<usize>() + 1);
            body.push(b'[');
            for (i, answer) in bodies.iter().enumerate() {
                if i > 0 {
                    body.push(b',');
                }
                body.extend_from_slice(answer);
            }
            body.push(b']');
            Bytes::from(body)
        } else {
            bodies.into_iter().next().unwrap_or_default()
        };
        Self {
            kind,
            status,
            body,
            etag: etag.filter(|_| cacheable && meter.is_none()),
            cached,
            headers: meter.map(throttle::charged).unwrap_or_default(),
            observed: Observed {
                operation,
                document,
                trusted,
                outcome,
                refusals,
                executed: true,
                paths,
            },
        }
    }

    /// An answer from the answer cache, told its budget when the client is metered.
    pub fn cached(
        kind: ResponseType,
        answer: CachedAnswer,
        etag: Option<String>,
        meter: Option<&Throttle>,
    ) -> Self {
        let body = match meter {
            Some(throttle) => Bytes::from(with_cost(
                &answer.body,
                &throttle::report(throttle, answer.requested_cost, answer.actual_cost),
            )),
            None => answer.body,
        };
        Self {
            kind,
            status: StatusCode::OK,
            body,
            etag: etag.filter(|_| meter.is_none()),
            cached: None,
            headers: meter.map(throttle::charged).unwrap_or_default(),
            observed: Observed {
                operation: answer.operation,
                document: answer.document,
                trusted: answer.trusted,
                outcome: RequestOutcome::Cached,
                refusals: Vec::new(),
                executed: false,
                paths: (0, 0),
            },
        }
    }

    /// What the answer cache may keep of this answer.
    pub fn to_cached(&self) -> Option<CachedAnswer> {
        self.cached.clone()
    }
}

/// The status of a single answer: 200 for one that ran, the code's status
/// ([`status::of`]) for one refused before it ran.
fn status(kind: ResponseType, outcome: Outcome) -> StatusCode {
    match outcome {
        Outcome::Refused(code) => status::of(code, kind),
        Outcome::Ok | Outcome::FieldErrors => StatusCode::OK,
    }
}

/// The ids the documents of a request were asked for by, for the log: one, or a
/// batch's joined with commas (`-` for a document sent as text); none when no
/// document was asked for by id.
fn document_label(answers: &[Answer]) -> Option<String> {
    if answers.iter().all(|a| a.document.is_none()) {
        return None;
    }
    let ids: Vec<String> = answers
        .iter()
        .map(|a| {
            a.document
                .map_or_else(|| "-".to_owned(), |id| id.to_string())
        })
        .collect();
    Some(ids.join(","))
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
        let headers = response.headers_mut();
        if let Some(etag) = self.etag {
            if let Ok(value) = HeaderValue::from_str(&etag) {
                headers.insert(header::ETAG, value);
            }
            if let Ok(value) = HeaderValue::from_str(&cache_control()) {
                headers.insert(header::CACHE_CONTROL, value);
            }
            headers.append(header::VARY, HeaderValue::from_static("accept"));
        }
        for (name, value) in self.headers {
            headers.insert(name, value);
        }
        response.extensions_mut().insert(observed);
        response
    }
}
