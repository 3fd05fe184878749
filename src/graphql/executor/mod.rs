//! The executor: every GraphQL request, whatever transport brought it, runs through
//! [`Executor::execute`], which
//!
//! 0. **resolves** each operation's document to its text ([`PersistedDocuments`]: a
//!    `documentId`, an APQ hash, or the text itself, which `--trusted-only` refuses
//!    unless the manifest holds it);
//! 1. **admits** each operation (`admission.rs`): the text limits, the document cache
//!    (parse once, keep what is admitted and valid: `preparation.rs`), the operation's
//!    selection ([`operation::select`], written once), the document limits
//!    ([`documents`]), then its cost on the served data, from one cost budget for the
//!    whole request; then a [`CostGate`] (per-client budgets) is asked;
//! 2. **executes** it (`running.rs`): its plan, or async-graphql, under one
//!    [`RequestBudget`] for the whole request (a batch shares one deadline and one
//!    count of answer items);
//! 3. **answers** it: every error coded, the nulls of failed fields put back
//!    ([`null_repair`]), written as JSON ([`Answer`]).
//!
//! No async-graphql extension is registered: with any, async-graphql builds a
//! `ResolveInfo` and walks an extension chain for every field of every answer; what
//! extensions would do is done around execution here instead.

mod admission;
mod answer;
pub mod documents;
mod empty_selections;
mod null_repair;
pub mod operation;
mod preparation;
mod request;
mod running;
mod variables;

use std::sync::Arc;

use async_graphql::Variables;

use admission::{Prices, Spent};
pub use answer::{Answer, Outcome, Path};
pub use documents::{Documents, Prepared};
pub use request::{
    read_fee, Charge, CostGate, Executed, OperationRequest, Policy, Unmetered,
    CHARACTERS_PER_READ_COST,
};

use super::budget::RequestBudget;
use super::field_types::FieldTypes;
use super::limits::introspection::IntrospectionModel;
use super::limits::Limits;
use super::persisted::{Document, DocumentId, PersistedDocuments};
use super::schema::{SchemaKind, ServedSchema};
use crate::domain::ServingStatus;
use crate::index::Catalog;

/// The schema with its document cache and its limits.
pub struct Executor {
    schema: ServedSchema,
    limits: Limits,
    persisted: Arc<PersistedDocuments>,
    /// Whether operations run as prepared plans when they can (`--no-plans` turns it
    /// off, to compare or should a plan ever misbehave).
    plans: bool,
    documents: Documents,
    types: FieldTypes,
    introspection: IntrospectionModel,
}

impl Default for Executor {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

impl Executor {
    /// The executor of the public schema, refusing requests past `limits`.
    pub fn new(limits: Limits) -> Self {
        Self::serving(SchemaKind::Public, limits)
    }

    /// The executor of the schema of `kind` (`--federation`: the subgraph).
    pub fn serving(kind: SchemaKind, limits: Limits) -> Self {
        let schema = ServedSchema::build(kind, limits.suggestions);
        let types = FieldTypes::of(&schema.sdl());
        let introspection = IntrospectionModel::of(&schema).unwrap_or_else(|why| {
            // Cannot happen with async-graphql 7 (a test checks it); if it did,
            // introspection would cost nothing beyond its depth and aliases.
            tracing::error!(%why, "cannot model the schema for introspection costs");
            IntrospectionModel::default()
        });
        Self {
            schema,
            limits,
            persisted: Arc::new(PersistedDocuments::default()),
            plans: true,
            documents: Documents::new(),
            types,
            introspection,
        }
    }

    /// The same executor running every operation on async-graphql, never as a plan.
    pub fn without_plans(mut self) -> Self {
        self.plans = false;
        self
    }

    /// The same executor with these persisted documents (trusted-only or not).
    pub fn with_persisted(mut self, persisted: PersistedDocuments) -> Self {
        self.persisted = Arc::new(persisted);
        self
    }

    /// The trusted documents and the APQ store.
    pub fn persisted(&self) -> &Arc<PersistedDocuments> {
        &self.persisted
    }

    /// The schema it serves.
    pub fn schema(&self) -> &ServedSchema {
        &self.schema
    }

    /// The limits requests are checked against.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Runs the operations of one request, in order, on one catalog snapshot, under
    /// one budget. Each operation is resolved to its text and admitted (limits, cost
    /// shared by the batch); a document not read before is paid for by the client
    /// first ([`read_fee`]); then the request's estimated cost is charged, APQ
    /// documents are registered, and the operations run. A refused charge ends the
    /// request at once with the gate's refusal.
    pub async fn execute<G: CostGate>(
        &self,
        operations: Vec<OperationRequest>,
        catalog: &Arc<Catalog>,
        status: &Arc<ServingStatus>,
        policy: Policy,
        gate: &G,
    ) -> Result<Executed<G::Receipt>, G::Refusal> {
        let prices = Prices::of(catalog, status);
        let mut spent = Spent::default();
        let mut admitted: Vec<Result<Admitted, Answer>> = Vec::with_capacity(operations.len());
        for operation in operations {
            let OperationRequest {
                document,
                operation_name,
                variables,
            } = operation;
            let id = document_id(&document);
            let resolved = match self.persisted.resolve(document) {
                Ok(resolved) => resolved,
                Err(refusal) => {
                    admitted.push(Err(Answer::refused(&refusal, None).by(id, false)));
                    continue;
                }
            };
            let (text, name) = (resolved.text.as_str(), operation_name.as_deref());
            let cached = self.documents.get(text, name);
            let fresh = cached.is_none();
            let prepared = match cached {
                Some(prepared) => Ok(prepared),
                None => {
                    gate.charge(Charge::Read(read_fee(text)))?;
                    self.prepare(text, name)
                }
            };
            let (id, trusted) = (resolved.id, resolved.trusted);
            let cost = prepared
                .map_err(|refusal| (refusal, None))
                .and_then(|prepared| self.admit(prepared, policy, variables, &prices, &mut spent));
            if let (Ok((prepared, ..)), true) = (&cost, fresh) {
                self.keep_if_valid(text, name, prepared).await;
            }
            admitted.push(match cost {
                Ok((prepared, cost, variables)) => Ok((
                    prepared,
                    cost,
                    Run {
                        register: resolved.register,
                        text: resolved.text.into_string(),
                        operation_name,
                        variables,
                        id,
                        trusted,
                    },
                )),
                Err((refusal, name)) => Err(Answer::refused(&refusal, name).by(id, trusted)),
            });
        }
        let requested = spent.cost;
        let receipt = gate.charge(Charge::Run(requested))?;
        // Paid for: only now may a client's document take a place in the APQ store.
        for (_, _, run) in admitted.iter().flatten() {
            if let Some(hash) = run.register {
                self.persisted.remember(hash, &run.text);
            }
        }
        let budget = RequestBudget::new(self.limits.timeout, self.limits.max_answer_items);
        let mut answers = Vec::with_capacity(admitted.len());
        for operation in admitted {
            answers.push(match operation {
                Ok((prepared, cost, operation)) => {
                    let mut answer = self
                        .run(&prepared, operation, catalog, status, &budget, policy)
                        .await;
                    answer.requested_cost = cost;
                    answer
                }
                Err(refused) => refused,
            });
        }
        Ok(Executed {
            answers,
            requested,
            receipt,
        })
    }
}

/// An operation let in: its prepared document, its cost, what runs.
type Admitted = (Arc<Prepared>, u64, Run);

/// What runs of an admitted operation.
struct Run {
    /// The APQ hash to remember its text under once the request is paid for.
    register: Option<DocumentId>,
    text: String,
    operation_name: Option<String>,
    variables: Variables,
    /// The id it was asked for by, for the log.
    id: Option<DocumentId>,
    /// Whether it is a document of the manifest, for the metrics.
    trusted: bool,
}

/// The id a document was asked for by, if any.
fn document_id(document: &Document) -> Option<DocumentId> {
    match document {
        Document::Text(_) => None,
        Document::Id(id) | Document::Apq { hash: id, .. } => Some(*id),
    }
}
