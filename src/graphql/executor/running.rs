//! Running one admitted operation: as its prepared plan when it has one, else on
//! async-graphql, the reference executor, with its departures from the spec corrected
//! ([`empty_selections`]); and its answer checked against the request's deadline.

use std::sync::Arc;

use async_graphql::Request;

use super::{empty_selections, Answer, Executor, Policy, Prepared, Run};
use crate::domain::ServingStatus;
use crate::graphql::budget::RequestBudget;
use crate::graphql::federation::EntityBatches;
use crate::graphql::schema::SchemaKind;
use crate::index::Catalog;

impl Executor {
    /// Runs `operation`, admitted and paid for, under the request's `budget`.
    pub(super) async fn run(
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
