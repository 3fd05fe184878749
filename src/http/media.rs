//! Content negotiation for GraphQL responses (GraphQL over HTTP, "Accept" and
//! "Status Codes"): `application/graphql-response+json` lets a response say by its
//! status that a request failed before execution; legacy `application/json` always
//! answers 200.

use actix_web::http::header;
use actix_web::HttpRequest;

/// The media type of GraphQL responses that use status codes.
pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
/// The legacy media type.
pub const APPLICATION_JSON: &str = "application/json";

/// The response media type a client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResponseType {
    /// `application/graphql-response+json`.
    GraphqlResponse,
    /// `application/json`.
    Json,
}

impl ResponseType {
    /// The `Content-Type` value.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Self::Json => "application/json; charset=utf-8",
        }
    }
}

/// The media type to answer with, or `None` when the client accepts neither. No
/// `Accept` header is taken as `application/json`, as the specification advises.
pub fn negotiate(request: &HttpRequest) -> Option<ResponseType> {
    let Some(accept) = request.headers().get(header::ACCEPT) else {
        return Some(ResponseType::Json);
    };
    let accept = accept.to_str().ok()?;
    let mut best: Option<(f32, ResponseType)> = None;
    for item in accept.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let media = parts.next().unwrap_or_default().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.strip_prefix("q="))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let kind = match media.as_str() {
            GRAPHQL_RESPONSE_JSON => ResponseType::GraphqlResponse,
            APPLICATION_JSON | "application/*" | "*/*" => ResponseType::Json,
            _ => continue,
        };
        // graphql-response+json wins ties: it is the better-specified type.
        let better = match best {
            None => true,
            Some((q, k)) => {
                quality > q || (quality == q && kind == ResponseType::GraphqlResponse && k != kind)
            }
        };
        if quality > 0.0 && better {
            best = Some((quality, kind));
        }
    }
    best.map(|(_, kind)| kind)
}

/// Whether a request's `Content-Type` is JSON (`application/json`, any parameters).
pub fn is_json_body(request: &HttpRequest) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case(APPLICATION_JSON))
}
