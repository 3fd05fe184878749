//! The trusted documents' manifest (`--trusted-documents FILE`): a JSON object from a
//! document's hash to its text, as GraphQL Code Generator's client preset writes it with
//! `persistedDocuments` (keys with or without the `sha256:` prefix).
//!
//! A manifest is served whole or not at all. Every document is checked when it loads
//! (at startup, and again on every reload, against the dataset being swapped in): its
//! key is the SHA-256 of its text, it parses and validates against the served schema,
//! and each of its operations passes the limits on that dataset. A document that would
//! be refused at run time is a deployment mistake, and it is cheaper to learn it from a
//! server that will not start than from a client in production.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use apollo_compiler::{ExecutableDocument, Schema};
use chrono::Utc;
use sha2::{Digest, Sha256};

use super::id::DocumentId;
use crate::domain::ServingStatus;
use crate::graphql::error::RequestError;
use crate::graphql::Name;
use crate::index::Catalog;

/// Where a manifest is read from.
#[derive(Debug, Clone)]
pub enum ManifestSource {
    /// A file, read again on every reload.
    File(PathBuf),
    /// Bytes built into the binary: the timeline's documents, known when no
    /// `--trusted-documents` is given, so the `/timeline` it serves works as shipped.
    BuiltIn {
        /// How messages name it.
        name: &'static str,
        /// The manifest's JSON.
        bytes: &'static [u8],
    },
}

impl ManifestSource {
    /// Its name as a client may read it, in a failed reload's problems: a file by its
    /// name alone, since clients must not learn where the server keeps its files.
    pub fn public_name(&self) -> String {
        match self {
            Self::File(path) => path.file_name().map_or_else(
                || "the manifest".to_owned(),
                |n| n.to_string_lossy().into_owned(),
            ),
            Self::BuiltIn { name, .. } => (*name).to_owned(),
        }
    }
}

impl fmt::Display for ManifestSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::BuiltIn { name, .. } => f.write_str(name),
        }
    }
}

/// One document of the manifest.
#[derive(Debug, Clone)]
pub struct TrustedDocument {
    /// Its text, exactly as the manifest holds it (its hash is the key).
    pub text: Arc<str>,
}

/// A checked manifest.
#[derive(Debug, Default)]
pub struct Manifest {
    documents: HashMap<DocumentId, TrustedDocument>,
    /// The names of the manifest's operations: the bounded set of names that trusted
    /// requests are counted under in `/metrics`.
    names: HashSet<Name>,
    /// How many operations its documents hold, and how many of them were compiled
    /// into prepared plans when it loaded.
    operations: usize,
    planned: usize,
    /// A hash of the manifest's bytes: answers cached under one manifest are not
    /// served under another.
    version: Arc<str>,
}

impl Manifest {
    /// The manifest of no documents.
    pub fn empty() -> Self {
        Self {
            version: Arc::from("none"),
            ..Self::default()
        }
    }

    /// The document with this id, if the manifest holds it.
    pub fn get(&self, id: &DocumentId) -> Option<&TrustedDocument> {
        self.documents.get(id)
    }

    /// How many documents it holds.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// How many of its documents' operations run as prepared plans from their first
    /// request, of how many (the others run on async-graphql).
    pub fn planned(&self) -> (usize, usize) {
        (self.planned, self.operations)
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// Whether one of its documents has an operation of this name.
    pub fn names(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// A hash of the manifest's bytes.
    pub fn version(&self) -> &Arc<str> {
        &self.version
    }
}

/// What is wrong with one entry of a manifest (or with the whole file, without a key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestProblem {
    /// The entry's key as the file writes it.
    pub key: Option<String>,
    /// What is wrong, and what would be accepted.
    pub message: String,
}

impl fmt::Display for ManifestProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.key {
            Some(key) => write!(f, "key `{key}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl ManifestProblem {
    fn whole(message: impl Into<String>) -> Self {
        Self {
            key: None,
            message: message.into(),
        }
    }

    fn at(key: &str, message: impl Into<String>) -> Self {
        Self {
            key: Some(key.to_owned()),
            message: message.into(),
        }
    }
}

/// What checking a manifest needs of the executor that will run its documents. The
/// executor implements it, so that this module, which the executor reads trusted
/// documents from, does not depend on it in turn.
pub trait Checker {
    /// The SDL the documents are validated against: the one the executor serves.
    fn sdl(&self) -> String;
    /// Why the executor would refuse operation `name` of `text` before running it on
    /// `catalog` (a limit, its cost), if it would.
    fn admits(
        &self,
        text: &str,
        name: Option<&str>,
        catalog: &Catalog,
        status: &ServingStatus,
    ) -> Result<(), RequestError>;
    /// Prepares the operation and its plan before its first request; whether it will
    /// run as a plan.
    fn plan_ahead(&self, text: &str, name: Option<&str>) -> bool;
}

/// Reads and checks a manifest against the served schema and the limits of `executor`
/// on `catalog`; every problem is listed, not just the first.
pub fn load(
    source: &ManifestSource,
    executor: &impl Checker,
    catalog: &Catalog,
) -> Result<Manifest, Vec<ManifestProblem>> {
    let bytes = match source {
        ManifestSource::File(path) => std::fs::read(path).map_err(|e| {
            vec![ManifestProblem::whole(format!(
                "cannot read the manifest: {e}"
            ))]
        })?,
        ManifestSource::BuiltIn { bytes, .. } => bytes.to_vec(),
    };
    let entries: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&bytes)
        .map_err(|e| {
            vec![ManifestProblem::whole(format!(
                "the manifest is not a JSON object from document hash to document text: {e}"
            ))]
        })?;
    // apollo-compiler validates executable documents against an SDL: async-graphql 7
    // keeps its own validator private (`check_rules`), and a manifest must be checked
    // before any of its documents is run. The SDL is the one the executor serves, so
    // both agree on what is valid (a test checks that apollo-compiler accepts it).
    let schema = Schema::parse_and_validate(executor.sdl(), "schema.graphql").map_err(|e| {
        vec![ManifestProblem::whole(format!(
            "the served schema cannot be read to check documents against: {}",
            e.errors
        ))]
    })?;
    let status = ServingStatus {
        loaded_at: Utc::now(),
        last_reload: None,
    };
    let mut problems = Vec::new();
    let mut manifest = Manifest {
        version: Arc::from(short_hash(&bytes)),
        ..Manifest::default()
    };
    for (key, value) in &entries {
        match check(key, value, &schema, executor, catalog, &status) {
            Ok((id, text, names, (planned, operations))) => {
                manifest.planned += planned;
                manifest.operations += operations;
                manifest.names.extend(names);
                manifest.documents.insert(id, TrustedDocument { text });
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(manifest)
    } else {
        Err(problems)
    }
}

/// A document let in: its id, its text, its operations' names, and how many of its
/// operations were planned, of how many.
type Checked = (DocumentId, Arc<str>, Vec<Name>, (usize, usize));

fn check(
    key: &str,
    value: &serde_json::Value,
    schema: &apollo_compiler::validation::Valid<Schema>,
    executor: &impl Checker,
    catalog: &Catalog,
    status: &ServingStatus,
) -> Result<Checked, ManifestProblem> {
    let Some(id) = DocumentId::parse_key(key) else {
        return Err(ManifestProblem::at(
            key,
            "a key must be the document's SHA-256: 64 lowercase hex digits, with or without `sha256:` before them",
        ));
    };
    let Some(text) = value.as_str() else {
        return Err(ManifestProblem::at(
            key,
            "the value must be the document's text, as a JSON string",
        ));
    };
    let actual = DocumentId::of(text);
    if actual != id {
        return Err(ManifestProblem::at(
            key,
            format!("the key is not the SHA-256 of its document, which hashes to {actual}"),
        ));
    }
    let document = ExecutableDocument::parse_and_validate(schema, text, key).map_err(|e| {
        let reasons: Vec<String> = e
            .errors
            .iter()
            .map(|diagnostic| {
                let message = diagnostic.to_json().message;
                match diagnostic.line_column_range() {
                    Some(range) => {
                        format!("{}:{}: {message}", range.start.line, range.start.column)
                    }
                    None => message,
                }
            })
            .collect();
        ManifestProblem::at(
            key,
            format!(
                "the document does not validate against the schema: {}",
                reasons.join("; ")
            ),
        )
    })?;
    let mut operations: Vec<Option<String>> = document
        .operations
        .named
        .keys()
        .map(|name| Some(name.to_string()))
        .collect();
    if document.operations.anonymous.is_some() {
        operations.push(None);
    }
    let mut names = Vec::new();
    let mut planned = 0;
    let count = operations.len();
    for name in operations {
        executor
            .admits(text, name.as_deref(), catalog, status)
            .map_err(|refusal| {
                let operation = name.as_deref().unwrap_or("the anonymous operation");
                ManifestProblem::at(
                    key,
                    format!(
                        "{operation} would be refused: {} ({})",
                        refusal.message, refusal.code
                    ),
                )
            })?;
        // Its plan is ready before its first request; one a plan cannot express
        // runs on async-graphql, as any document does.
        if executor.plan_ahead(text, name.as_deref()) {
            planned += 1;
        }
        names.extend(name.map(Name::new));
    }
    Ok((id, Arc::from(text), names, (planned, count)))
}

fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apollo_compiler_accepts_the_served_schema() {
        let schema = Schema::parse_and_validate(crate::graphql::sdl(), "schema.graphql");
        assert!(
            schema.is_ok(),
            "{:?}",
            schema.err().map(|e| e.errors.to_string())
        );
    }

    #[test]
    fn a_problem_names_its_key() {
        let problem = ManifestProblem::at("sha256:ab", "why");
        assert_eq!(problem.to_string(), "key `sha256:ab`: why");
        assert_eq!(ManifestProblem::whole("why").to_string(), "why");
    }
}
