//! Caches whole answers: a query is read-only and the dataset only changes by being
//! replaced, so the same request bytes against the same dataset version always get
//! the same answer. Keyed by the raw request (POST body or GET query string), the
//! response media type and the dataset version; bounded by bytes, least recently used
//! first out. Only answers without errors are kept, and only from a request's second
//! sighting on: a stream of one-off requests (every range different) would otherwise
//! fill the cache with answers nobody asks for again, paying for each insertion and
//! eviction.

use actix_web::web::Bytes;
use quick_cache::sync::Cache;
use quick_cache::Weighter;

use ahash::RandomState;

use super::media::ResponseType;

/// How many requests answered once are remembered.
const SEEN: usize = 16 * 1024;

/// The most bytes of keys and answers kept.
pub const CAPACITY_BYTES: u64 = 64 * 1024 * 1024;

/// What identifies an answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AnswerKey {
    /// The dataset version the answer was computed from.
    pub version: String,
    /// The media type it is written in.
    pub kind: ResponseType,
    /// Whether the request came by GET (its query string) or POST (its body).
    pub get: bool,
    /// The request's bytes.
    pub request: Bytes,
}

#[derive(Clone)]
struct ByteWeighter;

impl Weighter<AnswerKey, Bytes> for ByteWeighter {
    fn weight(&self, key: &AnswerKey, answer: &Bytes) -> u64 {
        (key.request.len() + key.version.len() + answer.len() + 64) as u64
    }
}

/// The cache of answers, shared by every worker.
pub struct AnswerCache {
    answers: Cache<AnswerKey, Bytes, ByteWeighter>,
    /// Hashes of requests answered once, to admit an answer when it is asked again.
    seen: Cache<u64, ()>,
}

impl AnswerCache {
    /// An empty cache of at most `bytes` bytes.
    pub fn new(bytes: u64) -> Self {
        Self {
            answers: Cache::with_weighter(4096, bytes, ByteWeighter),
            seen: Cache::new(SEEN),
        }
    }

    /// The answer to this request, if it is known.
    pub fn get(&self, key: &AnswerKey) -> Option<Bytes> {
        self.answers.get(key)
    }

    /// Keeps an answer if its request was answered before.
    pub fn insert(&self, key: AnswerKey, answer: Bytes) {
        let hash = RandomState::with_seeds(1, 2, 3, 4).hash_one(&key);
        if self.seen.get(&hash).is_some() {
            self.answers.insert(key, answer);
        } else {
            self.seen.insert(hash, ());
        }
    }
}
