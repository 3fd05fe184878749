//! Caches whole answers: a query only reads, and the dataset only changes by being
//! replaced, so the same request bytes against the same dataset version always get
//! the same answer. Keyed by the raw request (POST body or GET query string), the
//! response media type, the dataset's content version and the trusted documents'
//! manifest; bounded by bytes. Only
//! answers the executor marks cacheable are kept (no errors, nothing that changes
//! without the data changing). An answer is kept the second time its request is
//! answered ([`Doorkeeper`]), so a stream of one-off requests (every range different)
//! costs no copy and no insert; and quick_cache admits new entries to a small
//! probation queue first, so those that do come churn that queue and leave the answers
//! asked for again alone.

use std::hash::{BuildHasher, Hash};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::graphql::Name;
use actix_web::web::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use super::media::ResponseType;

/// The most bytes of keys and answers kept.
pub const CAPACITY_BYTES: u64 = crate::defaults::ANSWER_CACHE_BYTES;

/// What identifies an answer. Every part is shared, not copied, per request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnswerKey {
    /// The dataset version the answer was computed from.
    pub version: Arc<str>,
    /// The trusted documents it was admitted under (their manifest and the mode): an
    /// answer is never served under another manifest, nor to a trusted-only server
    /// that would refuse its request.
    pub documents: Arc<str>,
    /// The media type it is written in.
    pub kind: ResponseType,
    /// Whether the request came by GET (its query string) or POST (its body).
    pub get: bool,
    /// The request's bytes.
    pub request: Bytes,
}

/// A kept answer: its bytes, the operation it answered (for logs and metrics) and its
/// costs (to charge a metered client as if it had run).
#[derive(Debug, Clone)]
pub struct CachedAnswer {
    /// The response body, without `extensions.cost`.
    pub body: Bytes,
    /// The operation's name, when it has one.
    pub operation: Option<Name>,
    /// The id its document was asked for by, for the log.
    pub document: Option<String>,
    /// Whether its document is one of the manifest's (for the metrics).
    pub trusted: bool,
    /// What it was estimated to cost.
    pub requested_cost: u64,
    /// The fields it holds (0 when nobody asked for the count).
    pub actual_cost: u64,
}

#[derive(Clone)]
struct ByteWeighter;

impl Weighter<AnswerKey, CachedAnswer> for ByteWeighter {
    /// The heap an entry holds: its two byte buffers (exact, see [`AnswerCache::insert`]),
    /// its strings, and a fixed share for the entry itself, its `Bytes` headers and the
    /// cache's own slot.
    fn weight(&self, key: &AnswerKey, answer: &CachedAnswer) -> u64 {
        let strings = answer.operation.as_ref().map_or(0, |name| name.len())
            + answer.document.as_ref().map_or(0, String::capacity);
        (key.request.len() + answer.body.len() + strings + ENTRY_BYTES) as u64
    }
}

/// What an entry holds beside its buffers and strings: the key and the answer
/// themselves, two `Bytes` headers, a `Name`'s header and the cache's slot and index.
const ENTRY_BYTES: usize =
    std::mem::size_of::<AnswerKey>() + std::mem::size_of::<CachedAnswer>() + 160;

/// The cache of answers, shared by every worker; none when it holds no bytes.
pub struct AnswerCache {
    answers: Option<Cache<AnswerKey, CachedAnswer, ByteWeighter>>,
    doorkeeper: Doorkeeper,
}

impl AnswerCache {
    /// An empty cache of at most `bytes` bytes; 0 turns caching off.
    pub fn new(bytes: u64) -> Self {
        Self {
            answers: (bytes > 0).then(|| Cache::with_weighter(4096, bytes, ByteWeighter)),
            doorkeeper: Doorkeeper::new(),
        }
    }

    /// The answer to this request, if it is known.
    pub fn get(&self, key: &AnswerKey) -> Option<CachedAnswer> {
        self.answers.as_ref()?.get(key)
    }

    /// Keeps an answer. The request and the answer are copied into buffers of their
    /// exact size: the ones they come in were grown while they were written and may
    /// hold up to twice their length, which the cache's weight would not see.
    pub fn insert(&self, mut key: AnswerKey, mut answer: CachedAnswer) {
        if let Some(answers) = &self.answers {
            if !self.doorkeeper.seen_before(&key) {
                return;
            }
            key.request = Bytes::copy_from_slice(&key.request);
            answer.body = Bytes::copy_from_slice(&answer.body);
            answers.insert(key, answer);
        }
    }
}

/// How many requests seen once the doorkeeper remembers: 512 KiB of fingerprints.
const DOORKEEPER_SLOTS: usize = 1 << 16;

/// Admission by frequency: remembers a fingerprint of each request answered once, in a
/// fixed table (one per slot, the newest wins), and admits an answer to the cache when
/// its request's fingerprint is found there. A request asked for again soon is kept
/// from its second answer on; one asked once never costs a copy or an insert, and no
/// traffic can make the table grow.
struct Doorkeeper {
    seen: Box<[AtomicU64]>,
    hasher: rustc_hash::FxBuildHasher,
}

impl Doorkeeper {
    fn new() -> Self {
        Self {
            seen: (0..DOORKEEPER_SLOTS).map(|_| AtomicU64::new(0)).collect(),
            hasher: rustc_hash::FxBuildHasher,
        }
    }

    /// Whether `key` was answered before, as far as the table remembers; remembers it.
    fn seen_before(&self, key: &AnswerKey) -> bool {
        let mut hasher = self.hasher.build_hasher();
        key.hash(&mut hasher);
        // Never 0, the empty slot.
        let fingerprint = std::hash::Hasher::finish(&hasher) | 1;
        let slot = &self.seen[(fingerprint >> 1) as usize % DOORKEEPER_SLOTS];
        slot.swap(fingerprint, Ordering::Relaxed) == fingerprint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(request: &'static str) -> AnswerKey {
        AnswerKey {
            version: Arc::from("v1"),
            documents: Arc::from("none"),
            kind: ResponseType::Json,
            get: false,
            request: Bytes::from_static(request.as_bytes()),
        }
    }

    fn answer() -> CachedAnswer {
        CachedAnswer {
            body: Bytes::from_static(b"{}"),
            operation: None,
            document: None,
            trusted: false,
            requested_cost: 1,
            actual_cost: 0,
        }
    }

    #[test]
    fn an_answer_is_kept_the_second_time_its_request_is_answered() {
        let cache = AnswerCache::new(1 << 20);
        cache.insert(key("a"), answer());
        assert!(
            cache.get(&key("a")).is_none(),
            "a request seen once is not kept"
        );
        cache.insert(key("a"), answer());
        assert!(cache.get(&key("a")).is_some(), "seen twice, it is");
        // Another version of the data is another request.
        let mut other = key("a");
        other.version = Arc::from("v2");
        cache.insert(other.clone(), answer());
        assert!(cache.get(&other).is_none());
    }

    #[test]
    fn one_off_requests_leave_the_cache_empty() {
        let cache = AnswerCache::new(1 << 20);
        for n in 0..10_000 {
            let request: &'static str = Box::leak(format!("range {n}").into_boxed_str());
            cache.insert(key(request), answer());
        }
        let answers = cache.answers.as_ref().unwrap();
        assert_eq!(answers.len(), 0);
    }
}
