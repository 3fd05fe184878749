//! Prepared operations: an operation async-graphql has parsed and validated once is
//! compiled into a plan over the catalog ([`compile`]), and each later request for it
//! runs the plan, writing the answer's JSON straight from the resolvers' values
//! ([`write`]) instead of building an `async_graphql::Value` tree and walking the
//! executor's machinery for every field. Each field is answered by the same resolver
//! as under async-graphql ([`fields`] only binds names to calls), so a field's logic is
//! written once.
//!
//! A plan answers the requests that succeed. Anything else (variables that do not
//! coerce, a field that fails) is handed to async-graphql, the reference executor,
//! whose answer, errors and nulls included, is the one the client gets: the two can
//! never disagree on an error's wording. Documents a plan cannot express
//! (introspection) always run on async-graphql. The property test
//! `tests/plans.rs` requires both executors to give byte-identical answers.

mod compile;
pub(crate) mod fields;
mod variables;
mod write;

use std::sync::atomic::{AtomicUsize, Ordering};

use async_graphql::parser::types::{ExecutableDocument, OperationDefinition};
use async_graphql::Variables;

pub use compile::NotPlannable;

use compile::{compile, Selection};
use variables::{Declared, Env};
use write::{write_object_fields, Abort, Out};

use super::budget::RequestBudget;
use super::field_types::FieldTypes;
use super::root::Root;
use crate::domain::ServingStatus;
use crate::index::Catalog;

/// A compiled operation.
#[derive(Debug)]
pub struct Plan {
    root: Box<[Selection]>,
    variables: Declared,
    volatile: bool,
    /// The size of the last answer, to allocate the next one at once.
    last_size: AtomicUsize,
}

/// A plan's answer: the response's JSON and the fields its data holds.
#[derive(Debug)]
pub struct Written {
    /// `{"data":{...}}`.
    pub body: Vec<u8>,
    /// The fields of the data, each list item at least 1.
    pub fields: u64,
    /// Whether the answer may be cached (it reads nothing that changes without the
    /// data changing).
    pub cacheable: bool,
}

impl Plan {
    /// Compiles `operation` of `document`, which async-graphql has validated.
    pub fn compile(
        document: &ExecutableDocument,
        operation: &OperationDefinition,
        types: &FieldTypes,
    ) -> Result<Self, NotPlannable> {
        let compiled = compile(document, &operation.selection_set.node, types)?;
        Ok(Self {
            root: compiled.root,
            variables: Declared::of(&operation.variable_definitions),
            volatile: compiled.volatile,
            last_size: AtomicUsize::new(256),
        })
    }

    /// Runs the plan for one request; `None` hands the request to async-graphql.
    pub fn run(
        &self,
        catalog: &Catalog,
        status: &ServingStatus,
        budget: &RequestBudget,
        variables: &Variables,
    ) -> Option<Written> {
        let variables = self.variables.coerce(variables).ok()?;
        let root = Root {
            catalog,
            status: Some(status),
            budget: Some(budget),
        };
        let env = Env::new(root, budget, variables);
        let mut out = Out {
            bytes: Vec::with_capacity(self.last_size.load(Ordering::Relaxed) + 64),
            fields: 0,
        };
        out.bytes.extend_from_slice(b"{\"data\":");
        let written: Result<(), Abort> = write_object_fields(&env.root, &self.root, &env, &mut out);
        written.ok()?;
        out.bytes.push(b'}');
        self.last_size.store(out.bytes.len(), Ordering::Relaxed);
        Some(Written {
            body: out.bytes,
            fields: out.fields,
            cacheable: !self.volatile,
        })
    }
}
