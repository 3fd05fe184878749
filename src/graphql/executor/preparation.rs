//! Preparing documents: parsing and measuring them once ([`super::Documents`]), keeping the
//! ones that are admitted and valid with their plans compiled, at their first request
//! or, for a manifest's documents, when the manifest loads ([`Checker`]).

use std::sync::Arc;

use async_graphql::parser::types::ExecutableDocument;
use async_graphql::Request;

use super::{Executor, OperationRequest, Prepared};
use crate::domain::ServingStatus;
use crate::graphql::error::RequestError;
use crate::graphql::persisted::Checker;
use crate::index::Catalog;
use crate::memory;

impl Executor {
    /// Whether async-graphql validates `document` on its own. It runs async-graphql
    /// in its introspection-only mode, which checks the document against the schema
    /// and resolves none of the schema's own fields. Without variables: a variable left
    /// out is not a validation error but one of the field that reads it, so a document
    /// that validates does so whatever a request sends with it.
    async fn validates(&self, document: &ExecutableDocument, operation_name: Option<&str>) -> bool {
        let mut request = Request::new("");
        if let Some(name) = operation_name {
            request = request.operation_name(name);
        }
        request.set_parsed_query(document.clone());
        let checked = self.schema.execute(request.only_introspection()).await;
        checked.errors.is_empty()
    }

    /// The prepared form of `text` for operation `name` ([`Documents::prepare`]).
    pub(super) fn prepare(
        &self,
        text: &str,
        name: Option<&str>,
    ) -> Result<Arc<Prepared>, RequestError> {
        self.documents
            .prepare(&self.limits, &self.types, &self.introspection, text, name)
    }

    /// Keeps an admitted document in the cache if it validates on its own, with its
    /// plan compiled (weighed with it), so that documents that fail validation are not
    /// kept beside valid ones (they are read, and paid for, each time). Validated only
    /// once admitted: the limits bound what validation costs (a fragment fan-out is
    /// exponential to validate). Each request's values are coerced by the plan, which
    /// hands a value that does not coerce to async-graphql, so its errors stay
    /// async-graphql's. A plan a document cannot have is settled as none, for good.
    pub(super) async fn keep_if_valid(
        &self,
        text: &str,
        name: Option<&str>,
        prepared: &Arc<Prepared>,
    ) {
        if !self.validates(&prepared.document, name).await {
            return;
        }
        if self.plans && prepared.plan.get().is_none() {
            let (plan, bytes) = memory::retained(|| prepared.compile_plan(&self.types).ok());
            prepared.settle_plan(plan, bytes);
        }
        self.documents.keep(text, name, prepared);
    }

    /// Prepares an operation and its plan before any request asks for it: what a
    /// trusted document gets when its manifest loads. Whether it will run as a plan.
    pub fn plan_ahead(&self, text: &str, operation_name: Option<&str>) -> bool {
        if !self.plans {
            return false;
        }
        let Ok(prepared) = self.prepare(text, operation_name) else {
            return false;
        };
        // Outside any runtime (a manifest loading): validation waits on nothing.
        futures_executor::block_on(self.keep_if_valid(text, operation_name, &prepared));
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
