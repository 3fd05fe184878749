//! Persisted documents: the pipeline step, run by the executor before admission, that
//! turns what a client sent for a document (its text, a `documentId`, or an Apollo
//! APQ hash with or without its text) into the text to admit, or refuses it.
//!
//! - The trusted documents of a manifest ([`manifest`]) are known by their id.
//! - Apollo's automatic persisted queries (APQ) register documents at run time in a
//!   bounded store: a client sends the hash alone, and on `PersistedQueryNotFound`
//!   sends it again with the text, which is then remembered.
//! - `--trusted-only` runs the manifest's documents alone: any other text is refused
//!   (`TRUSTED_DOCUMENT_REQUIRED`), and APQ registers nothing.

pub mod id;
pub mod manifest;

use std::sync::Arc;

use arc_swap::ArcSwap;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

pub use id::DocumentId;
pub use manifest::{Checker, Manifest, ManifestProblem, ManifestSource};

use crate::graphql::error::{ErrorCode, RequestError};

/// The most bytes of document text the APQ store keeps.
pub const APQ_CAPACITY_BYTES: u64 = 16 * 1024 * 1024;

/// The message Apollo clients look for to send the document's text again.
pub const PERSISTED_QUERY_NOT_FOUND: &str = "PersistedQueryNotFound";

/// What a client sent for one operation's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// The text, in `query`.
    Text(String),
    /// A persisted document's id, in `documentId`.
    Id(DocumentId),
    /// An APQ hash (`extensions.persistedQuery.sha256Hash`), with the text in `query`
    /// when the client registers it.
    Apq {
        /// The hash the client names the document by.
        hash: DocumentId,
        /// The document's text, when sent.
        text: Option<String>,
    },
}

impl Default for Document {
    fn default() -> Self {
        Self::Text(String::new())
    }
}

/// A document's text, as sent or as stored.
#[derive(Debug, Clone)]
pub enum Text {
    /// The text the request carried.
    Sent(String),
    /// The text of a stored document (a manifest's, or one APQ remembered).
    Stored(Arc<str>),
}

impl Text {
    /// The text.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Sent(text) => text,
            Self::Stored(text) => text,
        }
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        match self {
            Self::Sent(text) => text,
            Self::Stored(text) => text.to_string(),
        }
    }
}

/// A document resolved to its text.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The text to admit.
    pub text: Text,
    /// The id it was asked for by (a `documentId` or an APQ hash), for the log.
    pub id: Option<DocumentId>,
    /// Whether it is a document of the manifest.
    pub trusted: bool,
    /// An APQ registration: remember the text under its hash once it is admitted.
    pub register: Option<DocumentId>,
}

#[derive(Clone)]
struct ByText;

impl Weighter<DocumentId, Arc<str>> for ByText {
    /// The heap an entry holds: its text with the `Arc`'s counts, and the key, the
    /// pointer and the cache's slot and index beside it.
    fn weight(&self, _: &DocumentId, text: &Arc<str>) -> u64 {
        (text.len() + 16 + std::mem::size_of::<(DocumentId, Arc<str>)>() + 64) as u64
    }
}

/// A manifest as served, with the scope answers cached under it are kept in.
struct Installed {
    manifest: Manifest,
    scope: Arc<str>,
}

/// The trusted documents and the APQ store, shared by every worker.
pub struct PersistedDocuments {
    installed: ArcSwap<Installed>,
    /// `None` in trusted-only mode: nothing is registered.
    apq: Option<Cache<DocumentId, Arc<str>, ByText>>,
    trusted_only: bool,
}

impl Default for PersistedDocuments {
    fn default() -> Self {
        Self::new(false)
    }
}

impl PersistedDocuments {
    /// No trusted documents yet; `trusted_only` refuses every other document.
    pub fn new(trusted_only: bool) -> Self {
        let apq = (!trusted_only).then(|| Cache::with_weighter(4096, APQ_CAPACITY_BYTES, ByText));
        Self {
            installed: ArcSwap::from_pointee(Self::installed(Manifest::empty(), trusted_only)),
            apq,
            trusted_only,
        }
    }

    fn installed(manifest: Manifest, trusted_only: bool) -> Installed {
        let mode = if trusted_only { "trusted-only" } else { "open" };
        let scope = Arc::from(format!("{mode}:{}", manifest.version()));
        Installed { manifest, scope }
    }

    /// Serves `manifest` from now on, in place of the one before.
    pub fn install(&self, manifest: Manifest) {
        self.installed
            .store(Arc::new(Self::installed(manifest, self.trusted_only)));
    }

    /// Whether only the manifest's documents run (`--trusted-only`).
    pub fn trusted_only(&self) -> bool {
        self.trusted_only
    }

    /// How many trusted documents are served.
    pub fn trusted_count(&self) -> usize {
        self.installed.load().manifest.len()
    }

    /// Whether `name` is the name of an operation of the manifest.
    pub fn is_trusted_operation(&self, name: &str) -> bool {
        self.installed.load().manifest.names(name)
    }

    /// What an answer cached now may be served under: the manifest's version and the
    /// mode. An answer admitted under one manifest is never served under another.
    pub fn scope(&self) -> Arc<str> {
        self.installed.load().scope.clone()
    }

    /// The text of the document a client sent, or why it is refused.
    pub fn resolve(&self, document: Document) -> Result<Resolved, RequestError> {
        let installed = self.installed.load();
        let manifest = &installed.manifest;
        let stored = |id: &DocumentId| -> Option<(Arc<str>, bool)> {
            match manifest.get(id) {
                Some(trusted) => Some((trusted.text.clone(), true)),
                None => self
                    .apq
                    .as_ref()
                    .and_then(|apq| apq.get(id))
                    .map(|t| (t, false)),
            }
        };
        match document {
            Document::Text(text) => {
                // In trusted-only mode the text of a manifest document is let in: it is
                // the same document, only not sent by its id.
                let trusted = self.trusted_only && manifest.get(&DocumentId::of(&text)).is_some();
                if self.trusted_only && !trusted {
                    return Err(trusted_document_required());
                }
                Ok(Resolved {
                    text: Text::Sent(text),
                    id: None,
                    trusted,
                    register: None,
                })
            }
            Document::Id(id) => match stored(&id) {
                Some((text, trusted)) => Ok(Resolved {
                    text: Text::Stored(text),
                    id: Some(id),
                    trusted,
                    register: None,
                }),
                None => Err(RequestError::new(
                    ErrorCode::PersistedQueryNotFound,
                    format!(
                        "no persisted document has the id {id}: this server knows the documents of its manifest (--trusted-documents){}",
                        if self.apq.is_some() { " and those registered with Apollo's automatic persisted queries" } else { "" }
                    ),
                )),
            },
            Document::Apq { hash, text: None } => match stored(&hash) {
                Some((text, trusted)) => Ok(Resolved {
                    text: Text::Stored(text),
                    id: Some(hash),
                    trusted,
                    register: None,
                }),
                None => Err(RequestError::new(
                    ErrorCode::PersistedQueryNotFound,
                    PERSISTED_QUERY_NOT_FOUND,
                )),
            },
            Document::Apq {
                hash,
                text: Some(text),
            } => {
                let actual = DocumentId::of(&text);
                if actual != hash {
                    return Err(RequestError::new(
                        ErrorCode::PersistedQueryHashMismatch,
                        format!(
                            "extensions.persistedQuery.sha256Hash is not the SHA-256 of `query`, which hashes to {actual}"
                        ),
                    ));
                }
                let trusted = manifest.get(&hash).is_some();
                if self.trusted_only && !trusted {
                    return Err(trusted_document_required());
                }
                Ok(Resolved {
                    text: Text::Sent(text),
                    id: Some(hash),
                    trusted,
                    register: (self.apq.is_some() && !trusted).then_some(hash),
                })
            }
        }
    }

    /// Remembers an APQ document once it was admitted (documents that are refused are
    /// not kept, so they cannot push out the ones that run).
    pub fn remember(&self, hash: DocumentId, text: &str) {
        if let Some(apq) = &self.apq {
            if apq.get(&hash).is_none() {
                apq.insert(hash, Arc::from(text));
            }
        }
    }
}

fn trusted_document_required() -> RequestError {
    RequestError::new(
        ErrorCode::TrustedDocumentRequired,
        "this server runs only trusted documents (--trusted-only): send the `documentId` of a document of its manifest, not a document's text",
    )
}
