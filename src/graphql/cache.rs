//! Parses each distinct document once. Profiles of a plain async-graphql server spend a
//! quarter of a small query's time in the parser (../shared/notes/performance.md), and
//! clients send the same few documents again and again, so a bounded cache keyed by the
//! query text hands back the parsed document.
//!
//! Validation is skipped too for a document already validated, but only when it
//! declares no variables: validation checks variable values, which change per request.

use std::sync::{Arc, Mutex, OnceLock};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};
use quick_cache::sync::Cache;

/// How many distinct documents are kept; the least recently used go first.
pub const DOCUMENTS: usize = 1024;

/// A parsed document and, once known, its validation result.
struct Parsed {
    document: ExecutableDocument,
    /// Set after the first successful validation, for documents without variables.
    validated: OnceLock<ValidationResult>,
}

/// The extension factory: one cache shared by every request.
#[derive(Clone)]
pub struct DocumentCache {
    documents: Arc<Cache<String, Arc<Parsed>>>,
}

impl DocumentCache {
    /// A cache of up to `capacity` documents.
    pub fn new(capacity: usize) -> Self {
        Self {
            documents: Arc::new(Cache::new(capacity)),
        }
    }
}

impl ExtensionFactory for DocumentCache {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(DocumentCacheExtension {
            documents: self.documents.clone(),
            current: Mutex::new(None),
        })
    }
}

/// One request's view of the cache: the entry its document came from.
struct DocumentCacheExtension {
    documents: Arc<Cache<String, Arc<Parsed>>>,
    current: Mutex<Option<Arc<Parsed>>>,
}

impl DocumentCacheExtension {
    fn remember(&self, parsed: Arc<Parsed>) {
        if let Ok(mut current) = self.current.lock() {
            *current = Some(parsed);
        }
    }
}

#[async_trait::async_trait]
impl Extension for DocumentCacheExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        if let Some(parsed) = self.documents.get(query) {
            let document = parsed.document.clone();
            self.remember(parsed);
            return Ok(document);
        }
        let document = next.run(ctx, query, variables).await?;
        let parsed = Arc::new(Parsed {
            document: document.clone(),
            validated: OnceLock::new(),
        });
        self.documents.insert(query.to_owned(), parsed.clone());
        self.remember(parsed);
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        let current = self.current.lock().ok().and_then(|c| c.clone());
        if let Some(result) = current.as_ref().and_then(|p| p.validated.get()) {
            return Ok(*result);
        }
        let result = next.run(ctx).await?;
        if let Some(parsed) = current {
            let has_variables = parsed
                .document
                .operations
                .iter()
                .any(|(_, op)| !op.node.variable_definitions.is_empty());
            if !has_variables {
                let _ = parsed.validated.set(result);
            }
        }
        Ok(result)
    }
}
