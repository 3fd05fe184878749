//! Prepared documents: each distinct (document text, operation name) is parsed, its
//! operation chosen and measured against the limits once, then kept in a bounded
//! cache. A quarter of a small query's time went to the parser before this cache. Its
//! cost depends on the served data too, so it is measured per dataset version, once.
//!
//! Only documents that pass every limit and validate are kept; the rest are refused
//! each time they come, which costs no more than the check that refuses them (and a
//! metered client pays for reading them each time). Entries are weighed by the heap
//! they hold ([`crate::memory`]), their plans included, so the cache's
//! bytes are real bytes.

use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use async_graphql::parser::parse_query;
use async_graphql::parser::types::{ExecutableDocument, OperationDefinition, SelectionSet};
use async_graphql::{Name, Positioned, ServerError};
use quick_cache::sync::Cache;
use quick_cache::{Equivalent, Weighter};

use super::operation;
use crate::graphql::error::{ErrorCode, RequestError};
use crate::graphql::field_types::FieldTypes;
use crate::graphql::limits::cost::{cost, Cost};
use crate::graphql::limits::introspection::IntrospectionModel;
use crate::graphql::limits::lists::ListSizes;
use crate::graphql::limits::{document, DocumentCounts, Limits};
use crate::graphql::plan::{NotPlannable, Plan};
use crate::memory;

/// The most bytes the cache may hold: texts, parsed documents and plans.
pub const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

/// A parsed document with its operation chosen and measured.
pub struct Prepared {
    /// The whole document: async-graphql needs its fragments too.
    pub document: ExecutableDocument,
    /// The name of the operation that runs, `None` for an anonymous one.
    pub operation_name: Option<Name>,
    /// Whether that operation is a query (only reads).
    pub is_query: bool,
    /// Its depth, fragments expanded.
    pub depth: usize,
    /// The exact cost of its introspection fields, which depends on the schema alone.
    introspection_cost: u64,
    /// Its cost on the data, for the dataset it was last measured on (its version
    /// and reload problems): a reload changes the lists, so the cost is measured again.
    data_cost: Mutex<Option<(Arc<str>, ListSizes, Cost)>>,
    /// Its plan, compiled once async-graphql has validated the document; `None` when
    /// the operation is one a plan cannot express.
    pub plan: OnceLock<Option<Plan>>,
    /// The heap it holds, plan included once compiled (0 where allocations are not
    /// counted).
    bytes: AtomicU64,
}

impl Prepared {
    /// The operation that runs (chosen when the document was prepared, so always
    /// there).
    pub fn operation(&self) -> Option<&Positioned<OperationDefinition>> {
        operation::select(&self.document, self.operation_name.as_deref())
            .ok()
            .map(|(_, operation)| operation)
    }

    /// The selection set of the operation that runs.
    pub fn selection(&self) -> Option<&SelectionSet> {
        self.operation().map(|o| &o.node.selection_set.node)
    }

    /// Compiles the operation's plan (not kept until async-graphql has validated the
    /// document: see [`Self::settle_plan`]).
    pub fn compile_plan(&self, types: &FieldTypes) -> Result<Plan, NotPlannable> {
        let operation = self
            .operation()
            .ok_or_else(|| NotPlannable("no operation".to_owned()))?;
        Plan::compile(&self.document, &operation.node, types).inspect_err(|why| {
            tracing::debug!(operation = ?self.operation_name, why = %why.0, "no plan: runs on async-graphql");
        })
    }

    /// Keeps the operation's plan, or that it has none, for good, with the heap
    /// bytes compiling it took.
    pub fn settle_plan(&self, plan: Option<Plan>, bytes: u64) {
        if self.plan.set(plan).is_ok() {
            self.bytes.fetch_add(bytes, Ordering::Relaxed);
        }
    }

    /// What the operation costs on the dataset `version` whose lists are `sizes`.
    pub fn cost(&self, types: &FieldTypes, version: &Arc<str>, sizes: &ListSizes) -> Cost {
        let mut memo = self.data_cost.lock().unwrap_or_else(|e| e.into_inner());
        let data = match &*memo {
            Some((v, s, cost)) if v == version && s == sizes => cost.clone(),
            _ => {
                let cost = match self.selection() {
                    Some(selection) => cost(&self.document, selection, types, sizes),
                    None => Cost::default(),
                };
                *memo = Some((version.clone(), *sizes, cost.clone()));
                cost
            }
        };
        Cost {
            total: data.total.saturating_add(self.introspection_cost),
            longest: data.longest,
        }
    }
}

/// The cache's key: the document text and the operation name asked for.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Key {
    text: Box<str>,
    operation: Option<Box<str>>,
}

/// A key borrowed from a request, to look up without allocating. Hashes as [`Key`].
#[derive(Debug, Hash)]
struct KeyRef<'a> {
    text: &'a str,
    operation: Option<&'a str>,
}

impl Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        *self.text == *key.text && self.operation == key.operation.as_deref()
    }
}

#[derive(Clone)]
struct ByText;

/// A cache entry: the prepared document and the heap it held, its plan included, when
/// it was put in (a weight must not change while the entry is kept).
#[derive(Clone)]
struct Kept {
    prepared: Arc<Prepared>,
    bytes: u64,
}

impl Kept {
    fn of(prepared: &Arc<Prepared>) -> Self {
        Self {
            prepared: prepared.clone(),
            bytes: prepared.bytes.load(Ordering::Relaxed),
        }
    }
}

impl Weighter<Key, Kept> for ByText {
    fn weight(&self, key: &Key, kept: &Kept) -> u64 {
        let held = match kept.bytes {
            // Not counted (a library user's allocator): an estimate from the text.
            0 => key.text.len() as u64 * 16,
            held => held,
        };
        key.text.len() as u64 + held + 256
    }
}

/// The prepared documents, shared by every worker.
pub struct Documents {
    cache: Cache<Key, Kept, ByText>,
}

impl Documents {
    /// An empty cache.
    pub fn new() -> Self {
        Self {
            cache: Cache::with_weighter(4096, CAPACITY_BYTES, ByText),
        }
    }

    /// The prepared form of `text` for operation `name` if it is in the cache.
    pub fn get(&self, text: &str, name: Option<&str>) -> Option<Arc<Prepared>> {
        self.cache
            .get(&KeyRef {
                text,
                operation: name,
            })
            .map(|kept| kept.prepared)
    }

    /// The prepared form of `text` for operation `name`, from the cache or made now
    /// (and not kept: see [`Self::keep`]): the text limits, parsing, the operation's
    /// selection, then the document limits.
    pub fn prepare(
        &self,
        limits: &Limits,
        types: &FieldTypes,
        introspection: &IntrospectionModel,
        text: &str,
        name: Option<&str>,
    ) -> Result<Arc<Prepared>, RequestError> {
        // An oversized text is refused before it is even hashed for the lookup.
        if text.len() > limits.max_characters {
            limits.check_text(text)?;
        }
        if let Some(prepared) = self.get(text, name) {
            return Ok(prepared);
        }
        let (prepared, bytes) =
            memory::retained(|| prepare(limits, types, introspection, text, name).map(Arc::new));
        let prepared = prepared?;
        prepared.bytes.store(bytes, Ordering::Relaxed);
        Ok(prepared)
    }

    /// Keeps a document prepared by [`Self::prepare`], once the caller knows it is
    /// worth keeping (admitted and valid) and has compiled its plan.
    pub fn keep(&self, text: &str, name: Option<&str>, prepared: &Arc<Prepared>) {
        self.cache.insert(
            Key {
                text: text.into(),
                operation: name.map(Into::into),
            },
            Kept::of(prepared),
        );
    }
}

impl Default for Documents {
    fn default() -> Self {
        Self::new()
    }
}

fn prepare(
    limits: &Limits,
    types: &FieldTypes,
    introspection: &IntrospectionModel,
    text: &str,
    name: Option<&str>,
) -> Result<Prepared, RequestError> {
    limits.check_text(text)?;
    let document = parse_query(text).map_err(|e| {
        let error = ServerError::from(e);
        RequestError::new(ErrorCode::GraphqlParseFailed, error.message)
            .at(error.locations.first().copied())
    })?;
    limits.check_counts(DocumentCounts::of(&document))?;
    let (operation_name, operation) = operation::select(&document, name)?;
    let selection = &operation.node.selection_set.node;
    let depth = document::depth(&document, selection, types);
    limits.check_depth(depth)?;
    let introspection_cost = introspection.cost(&document, selection, types);
    let operation_name = operation_name.map(Name::new);
    let is_query = operation::is_query(&operation.node);
    Ok(Prepared {
        document,
        operation_name,
        is_query,
        depth,
        introspection_cost,
        data_cost: Mutex::new(None),
        plan: OnceLock::new(),
        bytes: AtomicU64::new(0),
    })
}
