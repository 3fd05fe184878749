//! Limits on what one GraphQL request may ask for, checked before execution.
//!
//! async-graphql 7 has no alias, token, character, document-wide directive or cost
//! limit, so they are computed here. The defaults follow graphql-armor's (aliases 15,
//! directives 50, tokens 1000, characters 15 000) plus a depth limit of 10, a cost
//! limit of 5000 and a time limit of 10 s. Every query in `bench/queries/` and the
//! introspection query GraphiQL sends pass them (see the tests below).
//!
//! - [`text`]: characters, tokens and bracket nesting, on the raw text before parsing.
//! - [`document`]: aliases and directives in the whole document; the depth of the
//!   operation that runs.
//! - [`cost`]: the cost of the operation that runs on the served data, with list sizes
//!   from [`lists`]; [`introspection`]: the exact cost of introspection.
//! - [`representations`]: how many objects a request asks `_entities` for
//!   (`--federation`), which depends on its variables.

pub mod cost;
pub mod document;
pub mod introspection;
pub mod lists;
pub mod representations;
pub mod text;

use crate::defaults;
use std::fmt;
use std::time::Duration;

use super::error::{ErrorCode, RequestError};

pub use cost::Cost;
pub use document::DocumentCounts;
pub use lists::{ListSizes, DEFAULT_PAGE};
pub use representations::MAX_REPRESENTATIONS;
pub use text::{count_tokens, scan};

/// The least bracket nesting allowed, whatever `--max-depth` says.
pub const MIN_NESTING: usize = 32;

/// What one request may ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The most characters in a document (15 000).
    pub max_characters: usize,
    /// The most tokens in a document (1000).
    pub max_tokens: usize,
    /// The most aliases in a document (15).
    pub max_aliases: usize,
    /// The most directives in a document (50).
    pub max_directives: usize,
    /// The deepest nesting of fields in the operation (10).
    pub max_depth: usize,
    /// The highest cost of a request, its operations together (5000).
    pub max_cost: usize,
    /// The most list items a request's answers may hold, counted as they are
    /// resolved (10 000): the backstop that does not trust the cost estimate.
    pub max_answer_items: usize,
    /// How long one request may run (10 s), shared by the operations of a batch.
    pub timeout: Duration,
    /// Whether `__schema` and `__type` may be asked (true).
    pub introspection: bool,
    /// Whether errors suggest names ("did you mean …") (true).
    pub suggestions: bool,
}

impl Limits {
    /// The defaults, modelled on graphql-armor's; the command line's defaults are these.
    pub const DEFAULT: Self = Self {
        max_characters: defaults::MAX_CHARACTERS,
        max_tokens: defaults::MAX_TOKENS,
        max_aliases: defaults::MAX_ALIASES,
        max_directives: defaults::MAX_DIRECTIVES,
        max_depth: defaults::MAX_DEPTH,
        max_cost: defaults::MAX_COST,
        max_answer_items: defaults::MAX_ANSWER_ITEMS,
        timeout: Duration::from_millis(defaults::REQUEST_TIMEOUT_MS),
        introspection: true,
        suggestions: true,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A refusal that names the limit, its value, the request's value and the flag.
fn refuse(
    code: ErrorCode,
    what: &str,
    value: impl fmt::Display,
    limit: usize,
    flag: &str,
) -> RequestError {
    RequestError::new(
        code,
        format!("the document has {value} {what}; the limit is {limit} ({flag})"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_documented_numbers() {
        let limits = Limits::default();
        assert_eq!(limits.max_characters, 15_000);
        assert_eq!(limits.max_tokens, 1000);
        assert_eq!(limits.max_aliases, 15);
        assert_eq!(limits.max_directives, 50);
        assert_eq!(limits.max_depth, 10);
        assert_eq!(limits.max_cost, 5000);
        assert_eq!(limits.max_answer_items, 10_000);
        assert_eq!(limits.timeout, Duration::from_secs(10));
        assert!(limits.introspection && limits.suggestions);
        assert_eq!(limits.max_nesting(), 32);
    }
}
