//! The server's default limits and sizes, plain numbers in one place: the command line
//! shows them as its defaults (`config`), and the layers that enforce them start from
//! them (`graphql::Limits::DEFAULT`, the HTTP transport limits and answer cache). This
//! module imports nothing, so every layer may read it.

/// The longest document, in characters (`--max-characters`).
pub const MAX_CHARACTERS: usize = 15_000;
/// The most tokens in a document (`--max-tokens`).
pub const MAX_TOKENS: usize = 1000;
/// The most aliases in a document (`--max-aliases`).
pub const MAX_ALIASES: usize = 15;
/// The most directives in a document (`--max-directives`).
pub const MAX_DIRECTIVES: usize = 50;
/// The deepest selection, fragments expanded (`--max-depth`).
pub const MAX_DEPTH: usize = 10;
/// The highest estimated cost of a request (`--max-cost`).
pub const MAX_COST: usize = 5000;
/// The most list items an answer may hold (`--max-answer-items`).
pub const MAX_ANSWER_ITEMS: usize = 10_000;
/// The longest a request may take to arrive and to run, in milliseconds
/// (`--request-timeout-ms`).
pub const REQUEST_TIMEOUT_MS: u64 = 10_000;
/// The largest request body, in bytes (`--max-body-bytes`); a GraphQL document for
/// this API is far smaller.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The most operations one batched POST may hold (`--max-batch`).
pub const MAX_BATCH: usize = 10;
/// The bytes of answers kept for repeated requests (`--answer-cache-bytes`).
pub const ANSWER_CACHE_BYTES: u64 = 64 * 1024 * 1024;
