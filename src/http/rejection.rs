//! A request the transport refuses: a 4xx (or, for a bug, a 500) with a GraphQL-shaped
//! body that says what is wrong and what is allowed, and the error's code. As an
//! `actix_web::ResponseError`, a handler or an extractor returns it with `?`.

use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use super::media::ResponseType;
use super::observe::Observed;
use super::status;
use super::throttle::{with_cost, CostReport};
use crate::graphql::{Answer, ErrorCode, RequestError};

/// A refused request.
#[derive(Debug)]
pub struct Rejection {
    status: StatusCode,
    kind: ResponseType,
    error: RequestError,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// `extensions.cost`, for a metered client refused for its budget.
    cost: Option<Box<CostReport>>,
}

impl Rejection {
    /// A refusal with a code and a message, answered as `kind`, with the status the
    /// code has ([`status::of`]).
    pub fn new(kind: ResponseType, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status: status::of(code, kind),
            kind,
            error: RequestError::new(code, message),
            headers: Vec::new(),
            cost: None,
        }
    }

    /// The same refusal with headers, such as `Retry-After`.
    pub fn with_headers(mut self, headers: Vec<(HeaderName, HeaderValue)>) -> Self {
        self.headers.extend(headers);
        self
    }

    /// The same refusal telling a metered client its cost and budget.
    pub fn with_cost(mut self, cost: CostReport) -> Self {
        self.cost = Some(Box::new(cost));
        self
    }

    /// 400 BAD_REQUEST: the body or query string is not a GraphQL request.
    pub fn bad_request(kind: ResponseType, message: impl Into<String>) -> Self {
        Self::new(kind, ErrorCode::BadRequest, message)
    }

    /// 406: the client accepts no media type tenure answers with.
    pub fn not_acceptable() -> Self {
        Self::new(
            ResponseType::Json,
            ErrorCode::NotAcceptable,
            "the Accept header allows no type this server answers with: accept application/graphql-response+json or application/json",
        )
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status, self.error.code, self.error.message
        )
    }
}

impl ResponseError for Rejection {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if self.status == StatusCode::METHOD_NOT_ALLOWED {
            response.insert_header((header::ALLOW, "GET, POST"));
        }
        for (name, value) in &self.headers {
            response.insert_header((name.clone(), value.clone()));
        }
        let body = Answer::refused(&self.error, None).body;
        let body = match &self.cost {
            Some(cost) => with_cost(&body, cost),
            None => body,
        };
        let mut response = response.content_type(self.kind.content_type()).body(body);
        response
            .extensions_mut()
            .insert(Observed::refused(self.error.code));
        response
    }
}
