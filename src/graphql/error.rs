//! The codes every error carries in `extensions.code`, in one enum: resolvers, the
//! executor's refusals, the HTTP layer's refusals and the metrics' labels all take
//! their code from here, so a code is spelled once and a client can rely on the list.

use async_graphql::{ErrorExtensions, Pos, ServerError};

/// Why a request or a field failed, as a client reads it in `extensions.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorCode {
    /// An argument or variable that parses but makes no sense: an inverted range, a
    /// page size past 100, a cursor or ID this API never handed out, a `Date` that is
    /// not a real day (SEMANTICS.md, "Errors").
    BadUserInput,
    /// The document is not GraphQL.
    GraphqlParseFailed,
    /// The document does not validate against the schema, or a variable does not
    /// have its declared type.
    GraphqlValidationFailed,
    /// `operationName` names no operation of the document, or the document has
    /// several and names none.
    OperationResolutionFailure,
    /// The document has more characters than `--max-characters`.
    MaxCharactersExceeded,
    /// The document has more tokens than `--max-tokens`.
    MaxTokensExceeded,
    /// The document has more aliases than `--max-aliases`.
    MaxAliasesExceeded,
    /// The document has more directives than `--max-directives`.
    MaxDirectivesExceeded,
    /// The operation nests deeper than `--max-depth`.
    MaxDepthExceeded,
    /// The request would cost more than `--max-cost`.
    MaxCostExceeded,
    /// The request's `_entities` fields (`--federation`) ask for more representations
    /// than a request may (`MAX_REPRESENTATIONS`, 100).
    MaxRepresentationsExceeded,
    /// The answer would hold more list items than `--max-answer-items`.
    MaxAnswerItemsExceeded,
    /// The client spent its budget (`--rate-limit-cost-per-minute`); retry later.
    RateLimited,
    /// The request ran past `--request-timeout-ms`.
    Timeout,
    /// The body is not a GraphQL request.
    BadRequest,
    /// A batch holds more operations than `--max-batch`, or none.
    BatchLimit,
    /// The body is larger than `--max-body-bytes`.
    PayloadTooLarge,
    /// The body took longer than `--request-timeout-ms` to arrive.
    RequestTimeout,
    /// A POST without a JSON `Content-Type`.
    UnsupportedMediaType,
    /// A method other than GET and POST, or a mutation sent with GET.
    MethodNotAllowed,
    /// The `Accept` header allows no media type tenure answers with.
    NotAcceptable,
    /// A representation given to `_entities` (`--federation`) names an object this
    /// dataset does not hold: its item of the list answers null.
    EntityNotFound,
    /// A bug: the client gets this code and a fixed message, the log gets the rest.
    InternalServerError,
    /// A `documentId` or an APQ hash that names no document the server knows. The
    /// message of an APQ hash is `PersistedQueryNotFound`, which Apollo clients answer
    /// by sending the document's text with the hash.
    PersistedQueryNotFound,
    /// An APQ hash sent with a text it is not the SHA-256 of (always 400).
    PersistedQueryHashMismatch,
    /// A document that is not in the manifest, sent to a `--trusted-only` server.
    TrustedDocumentRequired,
}

impl ErrorCode {
    /// Every code, for tests and documentation.
    pub const ALL: [Self; 26] = [
        Self::BadUserInput,
        Self::GraphqlParseFailed,
        Self::GraphqlValidationFailed,
        Self::OperationResolutionFailure,
        Self::MaxCharactersExceeded,
        Self::MaxTokensExceeded,
        Self::MaxAliasesExceeded,
        Self::MaxDirectivesExceeded,
        Self::MaxDepthExceeded,
        Self::MaxCostExceeded,
        Self::MaxRepresentationsExceeded,
        Self::MaxAnswerItemsExceeded,
        Self::RateLimited,
        Self::Timeout,
        Self::BadRequest,
        Self::BatchLimit,
        Self::PayloadTooLarge,
        Self::RequestTimeout,
        Self::UnsupportedMediaType,
        Self::MethodNotAllowed,
        Self::NotAcceptable,
        Self::EntityNotFound,
        Self::InternalServerError,
        Self::PersistedQueryNotFound,
        Self::PersistedQueryHashMismatch,
        Self::TrustedDocumentRequired,
    ];

    /// The code as clients read it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::BadUserInput => "BAD_USER_INPUT",
            Self::GraphqlParseFailed => "GRAPHQL_PARSE_FAILED",
            Self::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            Self::OperationResolutionFailure => "OPERATION_RESOLUTION_FAILURE",
            Self::MaxCharactersExceeded => "MAX_CHARACTERS_EXCEEDED",
            Self::MaxTokensExceeded => "MAX_TOKENS_EXCEEDED",
            Self::MaxAliasesExceeded => "MAX_ALIASES_EXCEEDED",
            Self::MaxDirectivesExceeded => "MAX_DIRECTIVES_EXCEEDED",
            Self::MaxDepthExceeded => "MAX_DEPTH_EXCEEDED",
            Self::MaxCostExceeded => "MAX_COST_EXCEEDED",
            Self::MaxRepresentationsExceeded => "MAX_REPRESENTATIONS_EXCEEDED",
            Self::MaxAnswerItemsExceeded => "MAX_ANSWER_ITEMS_EXCEEDED",
            Self::RateLimited => "RATE_LIMITED",
            Self::Timeout => "TIMEOUT",
            Self::BadRequest => "BAD_REQUEST",
            Self::BatchLimit => "BATCH_LIMIT",
            Self::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            Self::RequestTimeout => "REQUEST_TIMEOUT",
            Self::UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
            Self::MethodNotAllowed => "METHOD_NOT_ALLOWED",
            Self::NotAcceptable => "NOT_ACCEPTABLE",
            Self::EntityNotFound => "ENTITY_NOT_FOUND",
            Self::InternalServerError => "INTERNAL_SERVER_ERROR",
            Self::PersistedQueryNotFound => "PERSISTED_QUERY_NOT_FOUND",
            Self::PersistedQueryHashMismatch => "PERSISTED_QUERY_HASH_MISMATCH",
            Self::TrustedDocumentRequired => "TRUSTED_DOCUMENT_REQUIRED",
        }
    }

    /// Whether the code is a refusal by one of the request limits, counted in
    /// `tenure_limit_refusals_total`.
    pub const fn is_limit(self) -> bool {
        matches!(
            self,
            Self::MaxCharactersExceeded
                | Self::MaxTokensExceeded
                | Self::MaxAliasesExceeded
                | Self::MaxDirectivesExceeded
                | Self::MaxDepthExceeded
                | Self::MaxCostExceeded
                | Self::MaxRepresentationsExceeded
                | Self::MaxAnswerItemsExceeded
                | Self::RateLimited
                | Self::Timeout
                | Self::BatchLimit
                | Self::PayloadTooLarge
                | Self::RequestTimeout
        )
    }

    /// A resolver error with this code and message.
    pub fn error(self, message: impl Into<String>) -> async_graphql::Error {
        async_graphql::Error::new(message).extend_with(|_, e| e.set("code", self.as_str()))
    }

    /// Sets this code on an error that has none; a code set by a resolver stays.
    pub fn tag(self, mut error: ServerError) -> ServerError {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", self.as_str());
        }
        error
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A request refused before it ran (by a limit, the parser, the validator or the
/// operation's selection): no data, one error with its code and a message that
/// names what is wrong and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RequestError {
    /// The code clients read.
    pub code: ErrorCode,
    /// What is wrong and what would be accepted.
    pub message: String,
    /// Where in the document, when the refusal is about a place in it.
    pub location: Option<Pos>,
}

impl RequestError {
    /// A refusal with this code and message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            location: None,
        }
    }

    /// The same refusal, at a place in the document.
    pub fn at(mut self, location: Option<Pos>) -> Self {
        self.location = location;
        self
    }

    /// As a GraphQL error, with its code and location.
    pub fn to_server_error(&self) -> ServerError {
        self.code
            .tag(ServerError::new(self.message.clone(), self.location))
    }
}

/// An argument that parses but makes no sense: `extensions.code` BAD_USER_INPUT.
pub fn bad_user_input(message: impl Into<String>) -> async_graphql::Error {
    ErrorCode::BadUserInput.error(message)
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_is_listed_once_in_screaming_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'),
                "{text}"
            );
            assert_eq!(code.to_string(), text);
        }
    }
}
