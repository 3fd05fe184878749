//! The executor: every GraphQL request, whatever transport brought it, runs through
//! [`Executor::execute`], which
//!
//! 0. **resolves** each operation's document to its text ([`PersistedDocuments`]: a
//!    `documentId`, an APQ hash, or the text itself, which `--trusted-only` refuses
//!    unless the manifest holds it);
//! 1. **admits** each operation: the text limits, the document cache (parse once),
//!    the operation's selection ([`operation::select`], written once), the document
//!    limits ([`documents`]), then its cost on the served data, from one cost budget
//!    for the whole request; then a [`CostGate`] (per-client budgets) is asked;
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
mod empty_selections;
mod null_repair;
pub mod operation;
mod request;
mod variables;

use std::sync::Arc;

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Request, Variables};

pub use answer::{Answer, Outcome, Path};
pub use documents::{Documents, Prepared};
pub use request::{
    read_fee, Charge, CostGate, Executed, OperationRequest, Policy, Unmetered,
    CHARACTERS_PER_READ_COST,
};

use super::budget::RequestBudget;
use super::error::{ErrorCode, RequestError};
use super::federation::EntityBatches;
use super::field_types::FieldTypes;
use super::limits::introspection::IntrospectionModel;
use super::limits::{representations, Cost, Limits, ListSizes};
use super::persisted::{Checker, Document, DocumentId, PersistedDocuments};
use super::schema::{SchemaKind, ServedSchema};
use super::Name;
use crate::domain::ServingStatus;
use crate::index::Catalog;
use crate::memory;

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

    /// What one operation would cost on a catalog, or why it would be refused before
    /// running: the admission step alone.
    pub fn measure(
        &self,
        operation: &OperationRequest,
        catalog: &Catalog,
        status: &ServingStatus,
    ) -> Result<Cost, RequestError> {
        let prices = Prices::of(catalog, status);
        // A text is measured as it is, whatever the mode: the manifest's documents are
        // measured this way before they are trusted.
        let resolved;
        let text = match &operation.document {
            Document::Text(text) => text.as_str(),
            other => {
                resolved = self.persisted.resolve(other.clone())?;
                resolved.text.as_str()
            }
        };
        let prepared = self.prepare(text, operation.operation_name.as_deref())?;
        let cost = prepared.cost(&self.types, &prices.version, &prices.sizes);
        self.limits.check_cost(&cost, 0)?;
        Ok(cost)
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
                self.keep_if_valid(text, name, prepared);
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

    /// The admission of one prepared operation: its cost and the variables it runs
    /// with (defaults filled in, so that the limits count what really runs), or its
    /// refusal with the name of the operation it chose.
    fn admit(
        &self,
        prepared: Arc<Prepared>,
        policy: Policy,
        variables: Variables,
        prices: &Prices,
        spent: &mut Spent,
    ) -> Result<(Arc<Prepared>, u64, Variables), Refused> {
        let name = || prepared.operation_name.clone();
        if policy.queries_only && !prepared.is_query {
            let refusal = RequestError::new(
                ErrorCode::MethodNotAllowed,
                "only queries may be sent with GET; send mutations and subscriptions with POST",
            );
            return Err((refusal, name()));
        }
        let cost = prepared.cost(&self.types, &prices.version, &prices.sizes);
        self.limits
            .check_cost(&cost, spent.cost)
            .map_err(|refusal| (refusal, name()))?;
        let variables = match prepared.operation() {
            Some(operation) => variables::with_defaults(&operation.node, variables),
            None => variables,
        };
        let asked = self.representations(&prepared, &variables);
        representations::check(asked, spent.representations)
            .map_err(|refusal| (refusal, name()))?;
        spent.cost = spent.cost.saturating_add(cost.total);
        spent.representations = spent.representations.saturating_add(asked);
        Ok((prepared, cost.total, variables))
    }

    /// How many representations an operation hands to `_entities` (none outside the
    /// subgraph schema).
    fn representations(&self, prepared: &Prepared, variables: &Variables) -> usize {
        match (self.schema.kind(), prepared.selection()) {
            (SchemaKind::Subgraph, Some(selection)) => {
                representations::count(&prepared.document, selection, variables)
            }
            _ => 0,
        }
    }

    async fn run(
        &self,
        prepared: &Arc<Prepared>,
        operation: Run,
        catalog: &Arc<Catalog>,
        status: &Arc<ServingStatus>,
        budget: &Arc<RequestBudget>,
        policy: Policy,
    ) -> Answer {
        let name = prepared.operation_name.clone();
        let Run {
            text,
            operation_name,
            variables,
            id,
            trusted,
            ..
        } = operation;
        // An operation of a batch after one that ran out is not started.
        if let Some(refusal) = budget.exhausted() {
            return Answer::refused(&refusal, name).by(id, trusted);
        }
        if self.plans && prepared.plan.get().is_none() {
            self.try_plan(prepared, &text, operation_name.as_deref(), &variables);
        }
        if let Some(Some(plan)) = prepared.plan.get().filter(|_| self.plans) {
            let spent = budget.items();
            if let Some(written) = plan.run(catalog, status, budget, &variables) {
                // The deadline bounds the whole request: an answer finished past it
                // is refused like one stopped mid-way.
                if let Err(refusal) = budget.check_time() {
                    return Answer::refused(&refusal, name).by(id, trusted);
                }
                return Answer::planned(written, name).by(id, trusted);
            }
            if let Some(refusal) = budget.exhausted() {
                return Answer::refused(&refusal, name).by(id, trusted);
            }
            // The plan handed the request over: async-graphql answers it afresh.
            budget.restore_items(spent);
        }
        // async-graphql takes the document by value (it strips the fields `@skip`
        // leaves out from it), so each run gets its own copy of the cached one, marked
        // where a selection set may collect nothing.
        let mut document = prepared.document.clone();
        let marked = empty_selections::mark(&mut document, &variables);
        let mut request = Request::new(text).variables(variables);
        if let Some(operation_name) = operation_name {
            request = request.operation_name(operation_name);
        }
        request.set_parsed_query(document);
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
        let mut response = self.schema.execute(request).await;
        if marked {
            empty_selections::strip(&mut response.data);
        }
        if let Some(refusal) = budget.exhausted().or_else(|| budget.check_time().err()) {
            return Answer::refused(&refusal, name).by(id, trusted);
        }
        Answer::executed(
            response,
            prepared,
            &self.types,
            name,
            policy.measure_answers,
        )
        .by(id, trusted)
    }
}

impl Executor {
    /// Compiles a document's plan the first time it is seen, once async-graphql has
    /// validated it. The validation runs async-graphql in its introspection-only
    /// mode, which checks the document and this request's variables against the schema
    /// and resolves none of the schema's own fields. A document that fails validation
    /// is tried again with the next request (its variables may be right next time);
    /// one a plan cannot express never is.
    fn try_plan(
        &self,
        prepared: &Arc<Prepared>,
        text: &str,
        operation_name: Option<&str>,
        variables: &Variables,
    ) {
        if self.validates(&prepared.document, operation_name, variables) {
            let (plan, bytes) = memory::retained(|| prepared.compile_plan(&self.types).ok());
            prepared.settle_plan(plan, bytes);
            self.documents.reweigh(text, operation_name, prepared);
        }
    }

    /// Whether async-graphql validates `document` with `variables`. It runs
    /// async-graphql in its introspection-only mode, which checks the document and the
    /// variables against the schema and resolves none of the schema's own fields.
    fn validates(
        &self,
        document: &ExecutableDocument,
        operation_name: Option<&str>,
        variables: &Variables,
    ) -> bool {
        let mut request = Request::new("").variables(variables.clone());
        if let Some(name) = operation_name {
            request = request.operation_name(name);
        }
        request.set_parsed_query(document.clone());
        let checked = self.schema.execute_now(request.only_introspection());
        checked.is_some_and(|checked| checked.errors.is_empty())
    }

    /// The prepared form of `text` for operation `name` ([`Documents::prepare`]).
    fn prepare(&self, text: &str, name: Option<&str>) -> Result<Arc<Prepared>, RequestError> {
        self.documents
            .prepare(&self.limits, &self.introspection, text, name)
    }

    /// Keeps an admitted document in the cache if it validates on its own, so that
    /// documents that fail validation are not kept beside valid ones (they are read,
    /// and paid for, each time). Validated only once admitted: the limits bound what
    /// validation costs (a fragment fan-out is exponential to validate). Without
    /// variables: a variable left out is not a validation error but one of the field
    /// that reads it, so a document kept is valid whatever a request sends with it.
    fn keep_if_valid(&self, text: &str, name: Option<&str>, prepared: &Arc<Prepared>) {
        if self.validates(&prepared.document, name, &Variables::default()) {
            self.documents.keep(text, name, prepared);
        }
    }

    /// Prepares an operation and its plan before any request asks for it: what a
    /// trusted document gets when its manifest loads, so that its first request runs
    /// as a plan too. async-graphql validates the document without variables (a
    /// variable left out is not a validation error but one of the field that reads
    /// it); each request's values are coerced by the plan, which hands a value that
    /// does not coerce to async-graphql, so its errors stay async-graphql's. Whether
    /// it will run as a plan.
    pub fn plan_ahead(&self, text: &str, operation_name: Option<&str>) -> bool {
        if !self.plans {
            return false;
        }
        let Ok(prepared) = self.prepare(text, operation_name) else {
            return false;
        };
        self.keep_if_valid(text, operation_name, &prepared);
        if prepared.plan.get().is_none() {
            self.try_plan(&prepared, text, operation_name, &Variables::default());
        }
        matches!(prepared.plan.get(), Some(Some(_)))
    }
}

impl Checker for Executor {
    fn sdl(&self) -> String {
        self.schema.sdl()
    }

    fn admits(
        &self,
        text: &str,
        name: Option<&str>,
        catalog: &Catalog,
        status: &ServingStatus,
    ) -> Result<(), RequestError> {
        let mut operation = OperationRequest::new(text);
        operation.operation_name = name.map(str::to_owned);
        self.measure(&operation, catalog, status).map(|_| ())
    }

    fn plan_ahead(&self, text: &str, name: Option<&str>) -> bool {
        Executor::plan_ahead(self, text, name)
    }
}

/// What the admitted operations of a request took together.
#[derive(Debug, Default)]
struct Spent {
    /// Their cost, against `--max-cost`.
    cost: u64,
    /// The representations they hand to `_entities`, against
    /// [`representations::MAX_REPRESENTATIONS`].
    representations: usize,
}

/// An operation refused at admission: why, and the name of the operation it chose.
type Refused = (RequestError, Option<Name>);

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

/// What the cost of a request on one snapshot is computed from: its list sizes, and
/// the version a prepared document's memoised cost is keyed by.
struct Prices {
    version: Arc<str>,
    sizes: ListSizes,
}

impl Prices {
    fn of(catalog: &Catalog, status: &ServingStatus) -> Self {
        let sizes = ListSizes {
            largest: *catalog.largest_lists(),
            problems: status
                .last_reload
                .as_ref()
                .map_or(0, |reload| reload.problems.len()),
        };
        Self {
            version: catalog.version_shared(),
            sizes,
        }
    }
}
