//! What a request asks the executor for, and what the transport lets it do: the
//! operations (each a document, by text or by id, with its operation name and
//! variables), the policy of its method, and the gate of per-client budgets.

use async_graphql::Variables;

use super::answer::Answer;
use crate::graphql::error::RequestError;
use crate::graphql::persisted::Document;

/// One operation a client asks to run, as the GraphQL over HTTP spec names its parts.
#[derive(Debug, Clone, Default)]
pub struct OperationRequest {
    /// The document: its text, or the id or hash of a persisted one.
    pub document: Document,
    /// The operation to run, when the document has several.
    pub operation_name: Option<String>,
    /// The values of the operation's variables.
    pub variables: Variables,
}

impl OperationRequest {
    /// A request for `query` with no operation name and no variables.
    pub fn new(query: impl Into<String>) -> Self {
        Self {
            document: Document::Text(query.into()),
            ..Self::default()
        }
    }
}

/// What the transport allows a request to run, and what it wants to know.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    /// Only queries: set for GET, which must not change anything (GraphQL over HTTP).
    pub queries_only: bool,
    /// Count what each answer actually holds ([`Answer::actual_cost`]), for clients
    /// that are shown their costs.
    pub measure_answers: bool,
}

/// Lets a request run once its cost is known, or refuses it: per-client budgets.
pub trait CostGate {
    /// Admits a request whose operations together cost `requested`, or refuses it.
    fn admit(&self, requested: u64) -> Result<(), RequestError>;
}

/// No budget: every request is admitted.
pub struct Unmetered;

impl CostGate for Unmetered {
    fn admit(&self, _: u64) -> Result<(), RequestError> {
        Ok(())
    }
}

/// The answers to one request.
#[derive(Debug)]
pub struct Executed {
    /// One per operation, in order.
    pub answers: Vec<Answer>,
    /// What the admitted operations were estimated to cost, together.
    pub requested: u64,
}
