//! Runs requests on the schema, doing around async-graphql what it does not do itself,
//! without extensions: any registered extension makes async-graphql build a
//! `ResolveInfo` and walk an extension chain for every field of every answer.
//!
//! - The [`Limits`] are checked: characters and tokens on the raw text before the
//!   cache or the parser sees it, aliases, directives, depth and cost on the parsed
//!   document (computed once per document and cached with it); execution runs under
//!   the time limit. A refusal is a request error with the limit's code.
//! - Each distinct document is parsed once: a bounded cache keyed by the query text
//!   (a quarter of a small query's time went to the parser).
//! - Every error gets the `extensions.code` SEMANTICS.md promises: async-graphql sets
//!   none on parse, validation or input-coercion errors.
//! - A failed field is answered with null, and null propagates to the nearest nullable
//!   parent (GraphQL spec, "Handling Execution Errors"): async-graphql instead drops a
//!   failed field from its object. This only runs for answers with errors.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::parser::types::{
    BaseType, ExecutableDocument, Selection, SelectionSet, Type, TypeKind, TypeSystemDefinition,
};
use async_graphql::parser::{parse_query, parse_schema};
use async_graphql::{
    EmptyMutation, EmptySubscription, Name, PathSegment, Request, Response, Schema, ServerError,
    Value,
};
use quick_cache::sync::Cache;

use super::error::{BAD_USER_INPUT, GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED};
use super::limits::{DocumentStats, LimitError, Limits, TIMEOUT};
use super::query::QueryRoot;
use super::{build_schema, AppSchema};
use crate::index::Catalog;

/// How many distinct documents are kept parsed; the least recently used go first.
pub const DOCUMENTS: usize = 1024;

/// The schema with its document cache, its limits and the types needed to place nulls.
pub struct Executor {
    schema: AppSchema,
    limits: Limits,
    /// Parsed documents with what the limits look at in them.
    documents: Cache<String, Arc<(ExecutableDocument, DocumentStats)>>,
    /// The declared type of each field, by parent type and field name.
    fields: HashMap<(String, String), Type>,
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
        let mut fields = HashMap::new();
        if let Ok(document) = parse_schema(schema.sdl()) {
            for definition in document.definitions {
                let TypeSystemDefinition::Type(t) = definition else {
                    continue;
                };
                let parent = t.node.name.node.to_string();
                let defined = match t.node.kind {
                    TypeKind::Object(o) => o.fields,
                    TypeKind::Interface(i) => i.fields,
                    _ => continue,
                };
                for field in defined {
                    let field = field.node;
                    fields.insert((parent.clone(), field.name.node.to_string()), field.ty.node);
                }
            }
        }
        Self {
            schema,
            limits,
            documents: Cache::new(DOCUMENTS),
            fields,
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

    /// Runs one request against a catalog snapshot.
    pub async fn execute(&self, mut request: Request, catalog: Arc<Catalog>) -> Response {
        // Characters first, on the raw text: an oversized document is never parsed or
        // even hashed for the cache.
        if request.query.len() > self.limits.max_characters {
            if let Err(e) = self.limits.check_text(&request.query) {
                return refused(e);
            }
        }
        let parsed = match self.documents.get(request.query.as_str()) {
            Some(parsed) => parsed,
            None => {
                // Only documents within the text limits are cached.
                if let Err(e) = self.limits.check_text(&request.query) {
                    return refused(e);
                }
                match parse_query(&request.query) {
                    Ok(document) => {
                        let stats = DocumentStats::of(&document);
                        let parsed = Arc::new((document, stats));
                        self.documents.insert(request.query.clone(), parsed.clone());
                        parsed
                    }
                    Err(e) => {
                        let error: ServerError = e.into();
                        return Response::from_errors(vec![with_code(error, GRAPHQL_PARSE_FAILED)]);
                    }
                }
            }
        };
        let (document, stats) = &*parsed;
        if let Err(e) = self
            .limits
            .check_stats(stats, request.operation_name.as_deref())
        {
            return refused(e);
        }
        request.set_parsed_query(document.clone());
        if !self.limits.introspection {
            request = request.disable_introspection();
        }
        let operation_name = request.operation_name.clone();
        let deadline = super::limits::Deadline(std::time::Instant::now() + self.limits.timeout);
        let execution = self.schema.execute(request.data(catalog).data(deadline));
        let Ok(mut response) = tokio::time::timeout(self.limits.timeout, execution).await else {
            return refused(LimitError {
                code: TIMEOUT,
                message: format!(
                    "the operation ran longer than {} ms; the limit is {} ms (--request-timeout-ms)",
                    self.limits.timeout.as_millis(),
                    self.limits.timeout.as_millis()
                ),
            });
        };
        if !response.errors.is_empty() {
            self.repair(&mut response, document, operation_name.as_deref());
        }
        response
    }

    fn repair(
        &self,
        response: &mut Response,
        document: &ExecutableDocument,
        operation: Option<&str>,
    ) {
        // Execution ran if data is there or any error belongs to a field; async-graphql
        // answers null data when every root field failed, even nullable ones.
        let executed =
            response.data != Value::Null || response.errors.iter().any(|e| !e.path.is_empty());
        if executed && response.data == Value::Null {
            response.data = Value::Object(Default::default());
        }
        for error in &mut response.errors {
            let code = if !error.path.is_empty() {
                // Resolver errors carry their code; others come from coercing input
                // values (a `Date` that is no real day, an undefined variable).
                BAD_USER_INPUT
            } else if error.message.starts_with("Unknown operation")
                || error.message.starts_with("Operation name required")
            {
                "OPERATION_RESOLUTION_FAILURE"
            } else {
                GRAPHQL_VALIDATION_FAILED
            };
            *error = with_code(error.clone(), code);
        }
        if !executed {
            return;
        }
        let selection = match operation {
            Some(name) => document
                .operations
                .iter()
                .find(|(n, _)| n.is_some_and(|n| n.as_str() == name)),
            None => document.operations.iter().next(),
        }
        .map(|(_, op)| &op.node.selection_set.node);
        let Some(selection) = selection else { return };
        let paths: Vec<Vec<PathSegment>> = response.errors.iter().map(|e| e.path.clone()).collect();
        for path in paths.iter().filter(|p| !p.is_empty()) {
            self.null_at(&mut response.data, document, selection, path);
        }
    }

    /// Puts the null that a failed field at `path` calls for: at the field itself if it
    /// is nullable, else at its nearest nullable ancestor, else the whole data.
    fn null_at(
        &self,
        data: &mut Value,
        document: &ExecutableDocument,
        root: &SelectionSet,
        path: &[PathSegment],
    ) {
        // For each prefix of the path: whether the value there may be null, and the
        // response keys its object has, in the order the query selects them.
        let mut steps: Vec<(bool, Vec<Name>)> = Vec::with_capacity(path.len());
        let mut parent_type = "Query".to_owned();
        let mut selection = root;
        let mut current: Option<&Type> = None;
        for segment in path {
            match segment {
                PathSegment::Field(key) => {
                    let Some((field, on)) = find_field(document, selection, key) else {
                        return;
                    };
                    let parent = on.unwrap_or(&parent_type).to_owned();
                    let Some(ty) = self.fields.get(&(parent, field.name.node.to_string())) else {
                        return;
                    };
                    steps.push((ty.nullable, response_keys(document, selection)));
                    selection = &field.selection_set.node;
                    current = Some(ty);
                    parent_type = named(ty).to_owned();
                }
                PathSegment::Index(_) => {
                    let Some(BaseType::List(item)) = current.map(|t| &t.base) else {
                        return;
                    };
                    steps.push((item.nullable, Vec::new()));
                    current = Some(item);
                }
            }
        }
        // The nearest position, from the failed field up, that may be null.
        let Some(at) = (0..steps.len()).rev().find(|&i| steps[i].0) else {
            *data = Value::Null;
            return;
        };
        let (parent_path, last) = path.split_at(at);
        let Some(parent) = value_at(data, parent_path) else {
            return;
        };
        match (&last[0], parent) {
            (PathSegment::Field(key), Value::Object(object)) => {
                object.insert(Name::new(key), Value::Null);
                let order = &steps[at].1;
                object.sort_by(|a, _, b, _| {
                    let rank = |k: &Name| order.iter().position(|o| o == k).unwrap_or(usize::MAX);
                    rank(a).cmp(&rank(b))
                });
            }
            (PathSegment::Index(i), Value::List(items)) => {
                if let Some(item) = items.get_mut(*i) {
                    *item = Value::Null;
                }
            }
            _ => {}
        }
    }
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(item) => named(item),
    }
}

/// The field with response key `key` in a selection set, looking through fragments;
/// with the type condition of the fragment it was found in, if any.
fn find_field<'d>(
    document: &'d ExecutableDocument,
    selection: &'d SelectionSet,
    key: &str,
) -> Option<(&'d async_graphql::parser::types::Field, Option<&'d str>)> {
    for item in &selection.items {
        match &item.node {
            Selection::Field(field) => {
                if field.node.response_key().node.as_str() == key {
                    return Some((&field.node, None));
                }
            }
            Selection::InlineFragment(fragment) => {
                let on = fragment
                    .node
                    .type_condition
                    .as_ref()
                    .map(|c| c.node.on.node.as_str());
                if let Some((field, inner)) =
                    find_field(document, &fragment.node.selection_set.node, key)
                {
                    return Some((field, inner.or(on)));
                }
            }
            Selection::FragmentSpread(spread) => {
                let fragment = document.fragments.get(&spread.node.fragment_name.node)?;
                let on = fragment.node.type_condition.node.on.node.as_str();
                if let Some((field, inner)) =
                    find_field(document, &fragment.node.selection_set.node, key)
                {
                    return Some((field, inner.or(Some(on))));
                }
            }
        }
    }
    None
}

/// The response keys a selection set asks for, in order, through fragments.
fn response_keys(document: &ExecutableDocument, selection: &SelectionSet) -> Vec<Name> {
    let mut keys = Vec::new();
    for item in &selection.items {
        match &item.node {
            Selection::Field(field) => keys.push(field.node.response_key().node.clone()),
            Selection::InlineFragment(fragment) => {
                keys.extend(response_keys(document, &fragment.node.selection_set.node));
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    keys.extend(response_keys(document, &fragment.node.selection_set.node));
                }
            }
        }
    }
    keys
}

fn value_at<'v>(data: &'v mut Value, path: &[PathSegment]) -> Option<&'v mut Value> {
    let mut at = data;
    for segment in path {
        at = match (segment, at) {
            (PathSegment::Field(key), Value::Object(object)) => object.get_mut(key.as_str())?,
            (PathSegment::Index(i), Value::List(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(at)
}

/// A request error for a refused limit, with its code.
fn refused(error: LimitError) -> Response {
    Response::from_errors(vec![with_code(
        ServerError::new(error.message, None),
        error.code,
    )])
}

/// Sets `code` on an error that has none.
pub fn with_code(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}
