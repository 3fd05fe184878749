//! Admission: whether an operation may run, and what it costs. Its limits and cost
//! on the served data, the representations it hands to `_entities` (counted with the
//! variables' defaults), from one budget for the whole request; and the same step
//! alone for a document that is only measured (a manifest's).

use std::sync::Arc;

use async_graphql::Variables;

use super::{variables, Executor, OperationRequest, Policy, Prepared};
use crate::domain::ServingStatus;
use crate::graphql::error::{ErrorCode, RequestError};
use crate::graphql::limits::{representations, Cost, ListSizes};
use crate::graphql::persisted::Document;
use crate::graphql::schema::SchemaKind;
use crate::graphql::Name;
use crate::index::Catalog;

impl Executor {
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

    /// The admission of one prepared operation: its cost and the variables it runs
    /// with (defaults filled in, so that the limits count what really runs), or its
    /// refusal with the name of the operation it chose.
    pub(super) fn admit(
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
                representations::count(&prepared.document, &self.types, selection, variables)
            }
            _ => 0,
        }
    }
}

/// What the admitted operations of a request took together.
#[derive(Debug, Default)]
pub(super) struct Spent {
    /// Their cost, against `--max-cost`.
    pub(super) cost: u64,
    /// The representations they hand to `_entities`, against
    /// [`representations::MAX_REPRESENTATIONS`].
    pub(super) representations: usize,
}

/// An operation refused at admission: why, and the name of the operation it chose.
pub(super) type Refused = (RequestError, Option<Name>);

/// What the cost of a request on one snapshot is computed from: its list sizes, and
/// the version a prepared document's memoised cost is keyed by.
pub(super) struct Prices {
    version: Arc<str>,
    sizes: ListSizes,
}

impl Prices {
    pub(super) fn of(catalog: &Catalog, status: &ServingStatus) -> Self {
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
