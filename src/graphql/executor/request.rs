//! What a request asks the executor for, and what the transport lets it do: the
//! operations (each a document, by text or by id, with its operation name and
//! variables), the policy of its method, and the gate of per-client budgets.

use async_graphql::Variables;

use super::answer::Answer;
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

/// What a request's client pays before the work it pays for: per-client budgets.
/// The executor charges it a document's reading before reading a document it has
/// not read yet ([`read_fee`]), then the request's estimated cost before running it,
/// and registers an APQ document only once both are paid; a refusal ends the request
/// there, with no further work done for it.
pub trait CostGate {
    /// What a paid charge tells: the budget left after it.
    type Receipt;
    /// What a refused charge tells: when the client may retry.
    type Refusal;
    /// Charges `charge`, or refuses it.
    fn charge(&self, charge: Charge) -> Result<Self::Receipt, Self::Refusal>;
}

/// What a client is charged for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    /// Reading a document the server has not read before ([`read_fee`]).
    Read(u64),
    /// Running a request: its estimated cost.
    Run(u64),
}

impl Charge {
    /// What it costs.
    pub fn cost(self) -> u64 {
        match self {
            Self::Read(cost) | Self::Run(cost) => cost,
        }
    }
}

/// No budget: every request is admitted.
pub struct Unmetered;

impl CostGate for Unmetered {
    type Receipt = ();
    type Refusal = std::convert::Infallible;

    fn charge(&self, _: Charge) -> Result<(), std::convert::Infallible> {
        Ok(())
    }
}

/// The characters of document text that cost 1 to read.
pub const CHARACTERS_PER_READ_COST: u64 = 100;

/// What reading a document the server has not read before costs its client: 1 per
/// [`CHARACTERS_PER_READ_COST`] characters, at least 1. A client that sends a new
/// document with every request pays for the parsing it causes, so an empty budget
/// stops it before its documents are read.
pub fn read_fee(text: &str) -> u64 {
    (text.len() as u64)
        .div_ceil(CHARACTERS_PER_READ_COST)
        .max(1)
}

/// The answers to one request.
#[derive(Debug)]
pub struct Executed<R> {
    /// One per operation, in order.
    pub answers: Vec<Answer>,
    /// What the admitted operations were estimated to cost, together.
    pub requested: u64,
    /// What the gate said after charging the request's cost.
    pub receipt: R,
}
