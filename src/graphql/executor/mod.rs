//! The executor: every GraphQL request, whatever transport brought it, runs through
//! [`Executor::execute`], which
//!
//! 1. **admits** each operation: the text limits, the document cache (parse once),
//!    the operation's selection ([`operation::select`], written once), then the
//!    document limits ([`documents`]);
//! 2. **executes** it on async-graphql under one [`RequestBudget`] for the whole
//!    request (a batch shares one deadline);
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

use async_graphql::{EmptyMutation, EmptySubscription, Request, Schema, Variables};

pub use answer::{Answer, Outcome};
pub use documents::{Documents, Prepared};

use super::budget::RequestBudget;
use super::error::{ErrorCode, RequestError};
use super::limits::Limits;
use super::query::QueryRoot;
use super::{build_schema, AppSchema};
use crate::domain::ServingStatus;
use crate::index::Catalog;
use null_repair::FieldTypes;

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

/// What the transport allows a request to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Policy {
    /// Only queries: set for GET, which must not change anything (GraphQL over HTTP).
    pub queries_only: bool,
}

/// The schema with its document cache and its limits.
pub struct Executor {
    schema: AppSchema,
    limits: Limits,
    documents: Documents,
    types: FieldTypes,
}

impl Default for Executor {
    fn default() -> Self {
        Self::new(Limits::default())
    }
}

impl Executor {
    /// The executor of the served schema, refusing requests past `limits`.
    pub fn new(limits: Limits) -> Self {
        let schema = if limits.suggestions {
            build_schema()
        } else {
            Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
                .disable_suggestions()
                .finish()
        };
        let types = FieldTypes::of(&schema.sdl());
        Self {
            schema,
            limits,
            documents: Documents::new(),
            types,
        }
    }

    /// The schema, for its SDL.
    pub fn schema(&self) -> &AppSchema {
        &self.schema
    }

    /// The limits requests are checked against.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Runs the operations of one request, in order, on one catalog snapshot, under
    /// one budget: the answers, one per operation.
    pub async fn execute(
        &self,
        operations: Vec<OperationRequest>,
        catalog: &Arc<Catalog>,
        status: &Arc<ServingStatus>,
        policy: Policy,
    ) -> Vec<Answer> {
        let budget = RequestBudget::new(self.limits.timeout);
        let mut answers = Vec::with_capacity(operations.len());
        for operation in operations {
            answers.push(
                self.execute_one(operation, catalog, status, policy, &budget)
                    .await,
            );
        }
        answers
    }

    async fn execute_one(
        &self,
        operation: OperationRequest,
        catalog: &Arc<Catalog>,
        status: &Arc<ServingStatus>,
        policy: Policy,
        budget: &Arc<RequestBudget>,
    ) -> Answer {
        let prepared = match self.documents.prepare(
            &self.limits,
            &operation.query,
            operation.operation_name.as_deref(),
        ) {
            Ok(prepared) => prepared,
            Err(refusal) => return Answer::refused(&refusal, None),
        };
        let name = prepared.operation_name.clone();
        if policy.queries_only && !prepared.is_query {
            let refusal = RequestError::new(
                ErrorCode::MethodNotAllowed,
                "only queries may be sent with GET; send mutations and subscriptions with POST",
            );
            return Answer::refused(&refusal, name);
        }
        // An operation of a batch after one that ran out of time is not started.
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
        let request = request
            .data(catalog.clone())
            .data(status.clone())
            .data(budget.clone());
        let response = self.schema.execute(request).await;
        if let Some(refusal) = budget.exhausted() {
            return Answer::refused(&refusal, name);
        }
        Answer::executed(response, &prepared, &self.types, name)
    }
}
