//! The executor: every GraphQL request, whatever transport brought it, runs through
//! [`Executor::execute`], which
//!
//! 1. **admits** each operation: the text limits, the document cache (parse once),
//!    the operation's selection ([`operation::select`], written once), the document
//!    limits ([`documents`]), then its cost on the served data, from one cost budget
//!    for the whole request (and, on the subgraph schema, its `_entities`
//!    representations, from one bound for the request); then a [`CostGate`]
//!    (per-client budgets) is asked;
//! 2. **executes** it on async-graphql under one [`RequestBudget`] for the whole
//!    request (a batch shares one deadline and one count of answer items);
//! 3. **answers** it: every error coded, the nulls of failed fields put back
//!    ([`null_repair`]), written as JSON ([`Answer`]).
//!
//! No async-graphql extension is registered: with any, async-graphql builds a
//! `ResolveInfo` and walks an extension chain for every field of every answer; what
//! extensions would do is done around execution here instead.

mod answer;
pub mod documents;
mod null_repair;
pub mod operation;

use std::sync::Arc;

use async_graphql::{Request, Variables};

pub use answer::{with_cost, Answer, CostReport, Outcome, ThrottleStatus};
pub use documents::{Documents, Prepared};

use super::budget::RequestBudget;
use super::error::{ErrorCode, RequestError};
use super::federation::EntityBatches;
use super::field_types::FieldTypes;
use super::limits::introspection::IntrospectionModel;
use super::limits::{representations, Cost, Limits, ListSizes};
use super::schema::{SchemaKind, ServedSchema};
use super::Name;
use crate::domain::ServingStatus;
use crate::index::Catalog;

/// One operation a client asks to run, as the GraphQL over HTTP spec names its parts.
#[derive(Debug, Clone, Default)]
pub struct OperationRequest {
    /// The document's text.
    pub query: String,
    /// The operation to run, when the document has several.
    pub operation_name: Option<String>,
    /// The values of the operation's variables.
    pub variables: Variables,
}

impl OperationRequest {
    /// A request for `query` with no operation name and no variables.
    pub fn new(query: impl Into<String>) -> Self {
        Self {
            query: query.into(),
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

/// The schema with its document cache and its limits.
pub struct Executor {
    schema: ServedSchema,
    limits: Limits,
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

    /// The executor of the schema of `kind`, refusing requests past `limits`. The
    /// field types and the introspection model are read from that schema, so its
    /// requests are costed on what it serves.
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
            documents: Documents::new(),
            types,
            introspection,
        }
    }

    /// The schema it serves.
    pub fn schema(&self) -> &ServedSchema {
        &self.schema
    }

    /// The limits requests are checked against.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// What one operation would cost on a catalog, or why it would be refused before
    /// running: the admission step alone.
    pub fn measure(
        &self,
        operation: &OperationRequest,
        catalog: &Catalog,
        status: &ServingStatus,
    ) -> Result<Cost, RequestError> {
        let sizes = list_sizes(catalog, status);
        let prepared = self.documents.prepare(
            &self.limits,
            &self.introspection,
            &operation.query,
            operation.operation_name.as_deref(),
        )?;
        let cost = prepared.cost(&self.types, &catalog.version_shared(), &sizes);
        self.limits.check_cost(&cost, 0)?;
        representations::check(self.representations(&prepared, operation), 0)?;
        Ok(cost)
    }

    /// Runs the operations of one request, in order, on one catalog snapshot, under
    /// one budget: the operations are admitted first (limits, cost shared by the
    /// batch), the gate is asked about their total cost, then they run.
    pub async fn execute(
        &self,
        operations: Vec<OperationRequest>,
        catalog: &Arc<Catalog>,
        status: &Arc<ServingStatus>,
        policy: Policy,
        gate: &dyn CostGate,
    ) -> Result<Executed, RequestError> {
        let sizes = list_sizes(catalog, status);
        let version = catalog.version_shared();
        let mut spent = Spent::default();
        let admitted: Vec<Result<Admitted, Answer>> = operations
            .into_iter()
            .map(|operation| {
                let (prepared, cost) = self
                    .admit(&operation, policy, &version, &sizes, &mut spent)
                    .map_err(|(refusal, name)| Answer::refused(&refusal, name))?;
                Ok((prepared, cost, operation))
            })
            .collect();
        let requested = spent.cost;
        gate.admit(requested)?;
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
        Ok(Executed { answers, requested })
    }

    /// The admission of one operation: its prepared document and its cost, added to
    /// what the request has `spent`, or its refusal with the name of the operation it
    /// chose, if it got that far.
    fn admit(
        &self,
        operation: &OperationRequest,
        policy: Policy,
        version: &Arc<str>,
        sizes: &ListSizes,
        spent: &mut Spent,
    ) -> Result<(Arc<Prepared>, u64), (RequestError, Option<Name>)> {
        let prepared = self
            .documents
            .prepare(
                &self.limits,
                &self.introspection,
                &operation.query,
                operation.operation_name.as_deref(),
            )
            .map_err(|refusal| (refusal, None))?;
        let name = || prepared.operation_name.clone();
        if policy.queries_only && !prepared.is_query {
            let refusal = RequestError::new(
                ErrorCode::MethodNotAllowed,
                "only queries may be sent with GET; send mutations and subscriptions with POST",
            );
            return Err((refusal, name()));
        }
        let cost = prepared.cost(&self.types, version, sizes);
        self.limits
            .check_cost(&cost, spent.cost)
            .map_err(|refusal| (refusal, name()))?;
        let asked = self.representations(&prepared, operation);
        representations::check(asked, spent.representations)
            .map_err(|refusal| (refusal, name()))?;
        spent.cost = spent.cost.saturating_add(cost.total);
        spent.representations = spent.representations.saturating_add(asked);
        Ok((prepared.clone(), cost.total))
    }

    /// The representations an operation hands to `_entities`: none where the schema
    /// has no such field (validation refuses the operation then).
    fn representations(&self, prepared: &Prepared, operation: &OperationRequest) -> usize {
        match (self.schema.kind(), prepared.selection()) {
            (SchemaKind::Subgraph, Some(selection)) => {
                representations::count(&prepared.document, selection, &operation.variables)
            }
            _ => 0,
        }
    }

    async fn run(
        &self,
        prepared: &Prepared,
        operation: OperationRequest,
        catalog: &Arc<Catalog>,
        status: &Arc<ServingStatus>,
        budget: &Arc<RequestBudget>,
        policy: Policy,
    ) -> Answer {
        let name = prepared.operation_name.clone();
        // An operation of a batch after one that ran out is not started.
        if let Some(refusal) = budget.exhausted() {
            return Answer::refused(&refusal, name);
        }
        let OperationRequest {
            query,
            operation_name,
            variables,
        } = operation;
        let mut request = Request::new(query).variables(variables);
        if let Some(operation_name) = operation_name {
            request = request.operation_name(operation_name);
        }
        // async-graphql takes the document by value (it strips the fields `@skip`
        // leaves out from it), so each run gets its own copy of the cached one.
        request.set_parsed_query(prepared.document.clone());
        if !self.limits.introspection {
            request = request.disable_introspection();
        }
        let mut request = request
            .data(catalog.clone())
            .data(status.clone())
            .data(budget.clone());
        if self.schema.kind() == SchemaKind::Subgraph {
            request = request.data(Arc::new(EntityBatches::default()));
        }
        let response = self.schema.execute(request).await;
        if let Some(refusal) = budget.exhausted() {
            return Answer::refused(&refusal, name);
        }
        Answer::executed(
            response,
            prepared,
            &self.types,
            name,
            policy.measure_answers,
        )
    }
}

/// An operation let in: its prepared document, its cost, the request for it.
type Admitted = (Arc<Prepared>, u64, OperationRequest);

/// What the operations of a request admitted so far spend of its limits.
#[derive(Debug, Default)]
struct Spent {
    /// Their cost, against `--max-cost`.
    cost: u64,
    /// The representations they hand to `_entities`, against
    /// [`representations::MAX_REPRESENTATIONS`].
    representations: usize,
}

/// The figures the cost of a request on this snapshot is computed from.
fn list_sizes(catalog: &Catalog, status: &ServingStatus) -> ListSizes {
    ListSizes {
        largest: *catalog.largest_lists(),
        problems: status
            .last_reload
            .as_ref()
            .map_or(0, |reload| reload.problems.len()),
    }
}
