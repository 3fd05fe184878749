//! The one map from what went wrong to the HTTP status that says it. Every refusal,
//! of the transport or of the GraphQL layer, and every answer's status is read here.
//!
//! GraphQL over HTTP ("Status Codes"): with `application/graphql-response+json`, a
//! request refused before it ran is a 4xx; legacy `application/json` answers 200
//! whenever there is a GraphQL response. What is wrong with the HTTP request itself
//! (its method, media types, size, arrival time) and a spent budget have a status of
//! their own whatever the media type.

use actix_web::http::StatusCode;

use super::media::ResponseType;
use crate::graphql::ErrorCode;

/// The status of a response refused with `code`, answered as `kind`.
pub fn of(code: ErrorCode, kind: ResponseType) -> StatusCode {
    match code {
        ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ErrorCode::NotAcceptable => StatusCode::NOT_ACCEPTABLE,
        ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::InternalServerError => StatusCode::INTERNAL_SERVER_ERROR,
        // Not a GraphQL request at all, or a broken one: as Apollo's servers answer a
        // hash that does not match its text, whatever the media type.
        ErrorCode::BadRequest | ErrorCode::BatchLimit | ErrorCode::PersistedQueryHashMismatch => {
            StatusCode::BAD_REQUEST
        }
        _ => match kind {
            ResponseType::GraphqlResponse => StatusCode::BAD_REQUEST,
            ResponseType::Json => StatusCode::OK,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphql_refusals_depend_on_the_media_type_and_transport_ones_do_not() {
        for code in [
            ErrorCode::GraphqlValidationFailed,
            ErrorCode::MaxCostExceeded,
            ErrorCode::Timeout,
            ErrorCode::PersistedQueryNotFound,
        ] {
            assert_eq!(
                of(code, ResponseType::GraphqlResponse),
                StatusCode::BAD_REQUEST
            );
            assert_eq!(of(code, ResponseType::Json), StatusCode::OK);
        }
        for (code, status) in [
            (ErrorCode::RateLimited, 429),
            (ErrorCode::MethodNotAllowed, 405),
            (ErrorCode::PersistedQueryHashMismatch, 400),
            (ErrorCode::BatchLimit, 400),
            (ErrorCode::PayloadTooLarge, 413),
        ] {
            for kind in [ResponseType::GraphqlResponse, ResponseType::Json] {
                assert_eq!(of(code, kind).as_u16(), status, "{code:?}");
            }
        }
    }
}
