//! Makes errors what SEMANTICS.md and the GraphQL spec promise. async-graphql sets no
//! `extensions.code` on the errors it raises itself (parse, validation, input values
//! that fail to parse such as a `Date` that is no real day), and it drops a failed
//! field from its object instead of answering null.

use std::sync::Arc;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextRequest,
    NextResolve, NextValidation, ResolveInfo,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{
    PathSegment, QueryPathNode, QueryPathSegment, Response, ServerError, ServerResult,
    ValidationResult, Value, Variables,
};

use super::error::{BAD_USER_INPUT, GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED};

/// The extension factory to register on the schema.
pub struct ErrorCodes;

impl ExtensionFactory for ErrorCodes {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(ErrorCodesExtension::default())
    }
}

/// One request's bookkeeping of failed fields.
#[derive(Default)]
struct ErrorCodesExtension {
    /// Whether `failures` may be non-empty: lets the common path skip the lock.
    failed: AtomicBool,
    state: Mutex<Failures>,
}

#[derive(Default)]
struct Failures {
    /// Paths of non-null fields that failed and whose parent must become null.
    non_null: Vec<Vec<PathSegment>>,
    /// Errors of nullable fields that were answered with null instead.
    nulled: Vec<ServerError>,
}

/// Sets `code` on an error that has none.
pub fn with_code(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", code);
    }
    error
}

fn has_code(error: &ServerError) -> bool {
    error
        .extensions
        .as_ref()
        .is_some_and(|e| e.get("code").is_some())
}

fn path_of(node: &QueryPathNode<'_>) -> Vec<PathSegment> {
    let mut path = Vec::new();
    let mut at = Some(node);
    while let Some(node) = at {
        path.push(match node.segment {
            QueryPathSegment::Index(i) => PathSegment::Index(i),
            QueryPathSegment::Name(name) => PathSegment::Field(name.to_owned()),
        });
        at = node.parent;
    }
    path.reverse();
    path
}

/// Whether `failed` is a field of the value at `parent`, possibly inside its lists.
fn is_field_of(failed: &[PathSegment], parent: &[PathSegment]) -> bool {
    failed.len() > parent.len()
        && failed.starts_with(parent)
        && matches!(failed.last(), Some(PathSegment::Field(_)))
        && failed[parent.len()..failed.len() - 1]
            .iter()
            .all(|s| matches!(s, PathSegment::Index(_)))
}

impl ErrorCodesExtension {
    fn failures(&self) -> std::sync::MutexGuard<'_, Failures> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait::async_trait]
impl Extension for ErrorCodesExtension {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            if !has_code(error) && error.path.is_empty() {
                let code = if error.message.starts_with("Unknown operation")
                    || error.message.starts_with("Operation name required")
                {
                    "OPERATION_RESOLUTION_FAILURE"
                } else {
                    "BAD_REQUEST"
                };
                *error = with_code(error.clone(), code);
            }
        }
        response
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables)
            .await
            .map_err(|e| with_code(e, GRAPHQL_PARSE_FAILED))
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        // This includes a variable whose value has the wrong GraphQL type (a string
        // for `first`), which the spec's CoerceVariableValues makes a request error. A
        // `Date` string that is no real day passes validation and is BAD_USER_INPUT.
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|e| with_code(e, GRAPHQL_VALIDATION_FAILED))
                .collect()
        })
    }

    /// async-graphql drops a failed field from its object instead of answering null
    /// (GraphQL spec, "Handling Execution Errors"): a failed nullable field becomes
    /// null here, and a failed non-null field makes its nearest nullable parent null.
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        let nullable = !info.return_type.ends_with('!');
        let path_node = info.path_node;
        match next.run(ctx, info).await {
            Err(mut error) => {
                let path = path_of(path_node);
                if error.path.is_empty() {
                    error.path = path.clone();
                }
                self.failed.store(true, Ordering::Relaxed);
                let mut failures = self.failures();
                if nullable {
                    failures.nulled.push(error);
                    Ok(Some(Value::Null))
                } else {
                    failures.non_null.push(path);
                    Err(error)
                }
            }
            Ok(value) if !self.failed.load(Ordering::Relaxed) => Ok(value),
            Ok(value) => {
                let path = path_of(path_node);
                let mut failures = self.failures();
                let before = failures.non_null.len();
                failures
                    .non_null
                    .retain(|failed| !is_field_of(failed, &path));
                if failures.non_null.len() == before {
                    Ok(value)
                } else if nullable {
                    Ok(Some(Value::Null))
                } else {
                    failures.non_null.push(path);
                    Ok(value)
                }
            }
        }
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let mut response = next.run(ctx, operation_name).await;
        let mut failures = std::mem::take(&mut *self.failures());
        response.errors.append(&mut failures.nulled);
        if failures.non_null.iter().any(|path| path.len() == 1) {
            // A non-null root field failed: the whole data is null.
            response.data = Value::Null;
        }
        for error in &mut response.errors {
            // Errors raised in execution without a code come from coercing input
            // values (a `Date` that is no real day, an undefined variable).
            if !has_code(error) {
                *error = with_code(error.clone(), BAD_USER_INPUT);
            }
        }
        response
    }
}
