//! One operation's answer as JSON bytes, with what the transport needs to know about
//! it: whether it ran, which code refused it, whether it may be cached.
//!
//! The shape follows the GraphQL spec ("Response"): a request refused before it ran
//! has no `data` entry at all (the graphql-http audits D586 and 5E5B), where
//! async-graphql would write `"data": null`; every error carries `extensions.code`.

use async_graphql::{Name, PathSegment, Response, ServerError, Value};
use serde::ser::SerializeMap;
use serde::Serialize;

use super::documents::Prepared;
use crate::graphql::error::{ErrorCode, RequestError};
use crate::graphql::field_types::FieldTypes;
use crate::graphql::persisted::DocumentId;
use crate::graphql::plan::Written;

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

/// Which executor wrote an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Path {
    /// None: the request was refused before it ran.
    Refused,
    /// The operation's prepared plan.
    Plan,
    /// async-graphql, the reference executor.
    Reference,
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
    /// What it was estimated to cost when it was admitted (0 if it was refused).
    pub requested_cost: u64,
    /// The id its document was asked for by (`documentId` or an APQ hash), for the log.
    pub document: Option<DocumentId>,
    /// Whether its document is one of the manifest's: its operation's name is then
    /// one of a bounded set, which `/metrics` always keeps.
    pub trusted: bool,
    /// The fields its data holds, counted as the cost estimate counts them (each
    /// field 1, each list item at least 1), when the policy asked for it.
    pub actual_cost: u64,
    /// Which executor wrote it.
    pub path: Path,
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
            requested_cost: 0,
            document: None,
            trusted: false,
            actual_cost: 0,
            path: Path::Refused,
        }
    }

    /// The same answer, for a document asked for by `id`, trusted or not.
    pub fn by(mut self, id: Option<DocumentId>, trusted: bool) -> Self {
        self.document = id;
        self.trusted = trusted;
        self
    }

    /// The answer async-graphql gave, with every error coded and the nulls of failed
    /// fields put back.
    pub fn executed(
        mut response: Response,
        prepared: &Prepared,
        types: &FieldTypes,
        operation: Option<Name>,
        measure: bool,
    ) -> Self {
        // async-graphql's validation reports some errors in a hash map's order, which
        // changes from run to run; a body (and its ETag) must be a function of the
        // request.
        response.errors.sort_by(in_order);
        // Parsing and choosing the operation happened before async-graphql saw the
        // request, so an answer with no data and no error at a field path can only be
        // async-graphql's validation (variables' types included) refusing it; with no
        // error at all, every root field was skipped, and the data is empty.
        if response.data == Value::Null && response.errors.is_empty() {
            response.data = Value::Object(Default::default());
        }
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
            requested_cost: 0,
            document: None,
            trusted: false,
            actual_cost: if measure {
                fields_in(&response.data)
            } else {
                0
            },
            path: Path::Reference,
        }
    }

    /// The answer a plan wrote.
    pub fn planned(written: Written, operation: Option<Name>) -> Self {
        Self {
            body: written.body,
            outcome: Outcome::Ok,
            operation,
            cacheable: written.cacheable,
            requested_cost: 0,
            actual_cost: written.fields,
            path: Path::Plan,
            document: None,
            trusted: false,
        }
    }
}

/// The order errors are given in: by their first location in the document (errors
/// without one first), then by path, then by message.
fn in_order(a: &ServerError, b: &ServerError) -> std::cmp::Ordering {
    fn place(e: &ServerError) -> Option<(usize, usize)> {
        e.locations.first().map(|p| (p.line, p.column))
    }
    fn path(e: &ServerError) -> Vec<(usize, &str)> {
        e.path
            .iter()
            .map(|segment| match segment {
                PathSegment::Index(index) => (*index, ""),
                PathSegment::Field(name) => (usize::MAX, name.as_str()),
            })
            .collect()
    }
    place(a)
        .cmp(&place(b))
        .then_with(|| path(a).cmp(&path(b)))
        .then_with(|| a.message.cmp(&b.message))
}

/// The fields a value holds: each key 1 plus what its value holds, each list item at
/// least 1; the unit of the cost estimate.
pub fn fields_in(value: &Value) -> u64 {
    match value {
        Value::Object(map) => map.values().map(|v| 1 + fields_in(v)).sum(),
        Value::List(items) => items.iter().map(|v| fields_in(v).max(1)).sum(),
        _ => 0,
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
