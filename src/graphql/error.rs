//! The errors a client can cause, each with the `extensions.code` SEMANTICS.md gives it.

use async_graphql::ErrorExtensions;

/// An argument that parses but makes no sense. The client sees the message and
/// `extensions.code` BAD_USER_INPUT.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct BadUserInput(pub String);

/// The code of arguments that parse but make no sense.
pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
/// The code of documents that do not parse.
pub const GRAPHQL_PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
/// The code of documents that do not validate against the schema.
pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";

impl ErrorExtensions for BadUserInput {
    fn extend(&self) -> async_graphql::Error {
        async_graphql::Error::new(self.0.clone()).extend_with(|_, e| e.set("code", BAD_USER_INPUT))
    }
}

impl BadUserInput {
    /// A bad-input error with this message, ready to return from a resolver.
    pub fn error(message: impl Into<String>) -> async_graphql::Error {
        Self(message.into()).extend()
    }
}
