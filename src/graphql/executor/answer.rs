//! One operation's answer as JSON bytes, with what the transport needs to know about
//! it: whether it ran, which code refused it, whether it may be cached.
//!
//! The shape follows the GraphQL spec ("Response"): a request refused before it ran
//! has no `data` entry at all (the graphql-http audits D586 and 5E5B), where
//! async-graphql would write `"data": null`; every error carries `extensions.code`.

use async_graphql::{Name, Response, ServerError, Value};
use serde::ser::SerializeMap;
use serde::Serialize;

use super::documents::Prepared;
use super::null_repair::FieldTypes;
use crate::graphql::error::{ErrorCode, RequestError};

/// How an operation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It ran and every field resolved.
    Ok,
    /// It ran, and some fields failed: partial data with errors.
    FieldErrors,
    /// It was refused before it ran, with this code: no data, one or more errors.
    Refused(ErrorCode),
}

/// One operation's answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The GraphQL response as JSON.
    pub body: Vec<u8>,
    /// How it ended.
    pub outcome: Outcome,
    /// The name of the operation that ran (or was chosen to), for logs and metrics.
    pub operation: Option<Name>,
    /// Whether the same request against the same dataset version always gets these
    /// bytes: it ran without errors and read nothing that changes without the data
    /// changing (`Query.dataset.loadedAt` and `lastReload` do).
    pub cacheable: bool,
}

impl Answer {
    /// The answer to a request refused before it ran.
    pub fn refused(error: &RequestError, operation: Option<Name>) -> Self {
        Self::refused_with(error.code, vec![error.to_server_error()], operation)
    }

    fn refused_with(code: ErrorCode, errors: Vec<ServerError>, operation: Option<Name>) -> Self {
        Self {
            body: write(&Refused(&errors)),
            outcome: Outcome::Refused(code),
            operation,
            cacheable: false,
        }
    }

    /// The answer async-graphql gave, with every error coded and the nulls of failed
    /// fields put back.
    pub fn executed(
        mut response: Response,
        prepared: &Prepared,
        types: &FieldTypes,
        operation: Option<Name>,
    ) -> Self {
        // Parsing and choosing the operation happened before async-graphql saw the
        // request, so an answer with no data and no error at a field path can only be
        // async-graphql's validation (variables' types included) refusing it.
        let ran =
            response.data != Value::Null || response.errors.iter().any(|e| !e.path.is_empty());
        if !ran {
            let errors = response
                .errors
                .into_iter()
                .map(|e| ErrorCode::GraphqlValidationFailed.tag(e))
                .collect();
            return Self::refused_with(ErrorCode::GraphqlValidationFailed, errors, operation);
        }
        let outcome = if response.errors.is_empty() {
            Outcome::Ok
        } else {
            // Resolvers code their own errors; the rest come from coercing argument
            // values (a `Date` that is no real day).
            for error in &mut response.errors {
                *error = ErrorCode::BadUserInput.tag(std::mem::replace(
                    error,
                    ServerError::new(String::new(), None),
                ));
            }
            if let Some(selection) = prepared.selection() {
                types.repair(&mut response, &prepared.document, selection);
            }
            Outcome::FieldErrors
        };
        Self {
            body: write(&response),
            outcome,
            operation,
            cacheable: outcome == Outcome::Ok && response.cache_control.max_age >= 0,
        }
    }
}

/// `{"errors": [...]}`: a response without `data`.
struct Refused<'a>(&'a [ServerError]);

impl Serialize for Refused<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("errors", self.0)?;
        map.end()
    }
}

/// The JSON of a response. Writing a `Value` tree or a list of errors cannot fail; if
/// it ever did, the client would get an internal error rather than broken JSON.
fn write(response: &impl Serialize) -> Vec<u8> {
    serde_json::to_vec(response).unwrap_or_else(|e| {
        tracing::error!(error = %e, "cannot serialize a response");
        let error = RequestError::new(
            ErrorCode::InternalServerError,
            "the server could not write its answer; this is a bug, please report it",
        );
        serde_json::to_vec(&Refused(&[error.to_server_error()])).unwrap_or_default()
    })
}
