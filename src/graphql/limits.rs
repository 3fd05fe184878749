//! Limits on what one GraphQL request may ask for, checked before execution.
//!
//! async-graphql 7 has no alias, token, character, document-wide directive or cost
//! limit, so they are computed here. The defaults follow graphql-armor's (aliases 15,
//! directives 50, tokens 1000, characters 15 000) plus a depth limit of 10, a cost
//! limit of 5000 and a time limit of 10 s. Every query in `bench/queries/` and
//! the introspection query GraphiQL sends pass them (see the tests below).
//!
//! - **Characters** are counted on the raw text before anything else, so the parser
//!   never sees an oversized document.
//! - **Tokens** are counted by a cheap lexer pass before parsing: names, numbers,
//!   strings and punctuators (`...` is one token); whitespace, commas and comments are
//!   not tokens. The count stops as soon as it passes the limit.
//! - **Aliases** and **directives** are counted across the whole document: every
//!   operation and fragment, used or not.
//! - **Depth** and **cost** are computed on the operation that runs, with fragment
//!   spreads expanded. A spread of a fragment already being expanded (a cycle, which
//!   validation refuses later) counts nothing, so the walk never loops; each
//!   fragment's depth and cost are computed once, so fragments that spread other
//!   fragments many times cost linear time, not exponential.
//! - **Depth** is the longest chain of nested fields; `ofType` adds no depth (it walks
//!   the schema's type wrappers, a chain bounded by the schema, which GraphiQL's
//!   introspection query asks seven deep).
//! - **Cost**: every field costs 1, times the list sizes of the fields around it. A
//!   field's list size is its `first` or `last` argument (a variable counts as 100,
//!   the most the server returns; 0 counts as 1), or 100 for a connection field
//!   (`terms`, `secretaries` whose selection asks for `edges`, `nodes`, `totalCount` or
//!   `pageInfo`) with neither; any other field, lists without paging arguments
//!   included, has size 1. So `{ offices { terms(first: 50) { nodes { name } } } }`
//!   costs 1 (offices) + 1 (terms) + 50 (nodes) + 50 (name) = 102. The bench queries
//!   cost 3406 (all-terms), 1407 (holders-during) and 10 (incumbent), and GraphiQL's
//!   introspection query 181, well under the default of 5000.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use async_graphql::parser::types::{
    ExecutableDocument, FragmentDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Value};

/// Refusal codes, in `extensions.code`.
pub const MAX_CHARACTERS_EXCEEDED: &str = "MAX_CHARACTERS_EXCEEDED";
/// The document has too many tokens.
pub const MAX_TOKENS_EXCEEDED: &str = "MAX_TOKENS_EXCEEDED";
/// The document has too many aliases.
pub const MAX_ALIASES_EXCEEDED: &str = "MAX_ALIASES_EXCEEDED";
/// The document has too many directives.
pub const MAX_DIRECTIVES_EXCEEDED: &str = "MAX_DIRECTIVES_EXCEEDED";
/// The operation nests fields too deep.
pub const MAX_DEPTH_EXCEEDED: &str = "MAX_DEPTH_EXCEEDED";
/// The operation would cost too much.
pub const MAX_COST_EXCEEDED: &str = "MAX_COST_EXCEEDED";
/// The operation ran past the time limit.
pub const TIMEOUT: &str = "TIMEOUT";

/// The list size of a connection field with neither `first` nor `last`.
pub const DEFAULT_LIST_SIZE: u64 = 100;

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
    /// The highest cost of the operation (5000).
    pub max_cost: usize,
    /// How long one operation may run (10 s). The limit ends an operation at its next
    /// await point: resolvers here only read memory and rarely yield, so for CPU-bound
    /// work the depth and cost limits are what bound an operation's time.
    pub timeout: Duration,
    /// Whether `__schema` and `__type` may be asked (true).
    pub introspection: bool,
    /// Whether errors suggest names ("did you mean …") (true).
    pub suggestions: bool,
}

impl Limits {
    /// The defaults, modelled on graphql-armor's; the command line's defaults are these.
    pub const DEFAULT: Self = Self {
        max_characters: 15_000,
        max_tokens: 1000,
        max_aliases: 15,
        max_directives: 50,
        max_depth: 10,
        max_cost: 5000,
        timeout: Duration::from_secs(10),
        introspection: true,
        suggestions: true,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A request refused by a limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitError {
    /// The stable `extensions.code`.
    pub code: &'static str,
    /// What was exceeded, by how much, and the flag that sets the limit.
    pub message: String,
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LimitError {}

fn refuse(
    code: &'static str,
    what: &str,
    value: impl fmt::Display,
    limit: usize,
    flag: &str,
) -> LimitError {
    LimitError {
        code,
        message: format!("the document has {value} {what}; the limit is {limit} ({flag})"),
    }
}

/// What the limits look at in a parsed document, computed once per document.
#[derive(Debug, Clone, Default)]
pub struct DocumentStats {
    /// Aliases in the whole document.
    pub aliases: usize,
    /// Directives in the whole document.
    pub directives: usize,
    /// Depth and cost of each operation, by name (`None`: the anonymous one).
    pub operations: Vec<(Option<Name>, usize, u64)>,
}

/// The least bracket nesting allowed, whatever `--max-depth` says.
pub const MIN_NESTING: usize = 32;

impl Limits {
    /// How deep `{`, `[` and `(` may nest in a document: twice the depth limit, at
    /// least [`MIN_NESTING`]. The parser recurses on nesting, so a document of 450
    /// nested list brackets would overflow its stack; this bounds it before parsing.
    pub fn max_nesting(&self) -> usize {
        self.max_depth.saturating_mul(2).max(MIN_NESTING)
    }

    /// Checks the raw text: characters, then tokens. Run before parsing.
    pub fn check_text(&self, query: &str) -> Result<(), LimitError> {
        if query.len() > self.max_characters {
            let characters = query.chars().count();
            if characters > self.max_characters {
                return Err(refuse(
                    MAX_CHARACTERS_EXCEEDED,
                    "characters",
                    characters,
                    self.max_characters,
                    "--max-characters",
                ));
            }
        }
        let max_nesting = self.max_nesting();
        let (tokens, nesting) = scan(query, self.max_tokens, max_nesting);
        if nesting > max_nesting {
            return Err(LimitError {
                code: MAX_DEPTH_EXCEEDED,
                message: format!(
                    "the document nests brackets more than {max_nesting} deep; the limit is {max_nesting} (twice --max-depth, at least {MIN_NESTING})"
                ),
            });
        }
        if tokens > self.max_tokens {
            return Err(refuse(
                MAX_TOKENS_EXCEEDED,
                "tokens",
                format_args!("more than {}", self.max_tokens),
                self.max_tokens,
                "--max-tokens",
            ));
        }
        Ok(())
    }

    /// Checks the statistics of a parsed document for the operation that runs; an
    /// operation name that names nothing is left to execution to refuse.
    pub fn check_stats(
        &self,
        stats: &DocumentStats,
        operation_name: Option<&str>,
    ) -> Result<(), LimitError> {
        if stats.aliases > self.max_aliases {
            return Err(refuse(
                MAX_ALIASES_EXCEEDED,
                "aliases",
                stats.aliases,
                self.max_aliases,
                "--max-aliases",
            ));
        }
        if stats.directives > self.max_directives {
            return Err(refuse(
                MAX_DIRECTIVES_EXCEEDED,
                "directives",
                stats.directives,
                self.max_directives,
                "--max-directives",
            ));
        }
        let operation = match operation_name {
            Some(name) => stats
                .operations
                .iter()
                .find(|(n, _, _)| n.as_ref().is_some_and(|n| n.as_str() == name)),
            None if stats.operations.len() == 1 => stats.operations.first(),
            None => None,
        };
        let Some((_, depth, cost)) = operation else {
            return Ok(());
        };
        if *depth > self.max_depth {
            return Err(LimitError {
                code: MAX_DEPTH_EXCEEDED,
                message: format!(
                    "the operation nests fields {depth} deep; the limit is {} (--max-depth)",
                    self.max_depth
                ),
            });
        }
        if *cost > self.max_cost as u64 {
            return Err(LimitError {
                code: MAX_COST_EXCEEDED,
                message: format!(
                    "the operation costs {cost}; the limit is {} (--max-cost); ask for fewer items with `first`/`last` or fewer fields",
                    self.max_cost
                ),
            });
        }
        Ok(())
    }

    /// Every check on one request: the text, then the parsed document.
    pub fn check(
        &self,
        query: &str,
        document: &ExecutableDocument,
        operation_name: Option<&str>,
    ) -> Result<(), LimitError> {
        self.check_text(query)?;
        self.check_stats(&DocumentStats::of(document), operation_name)
    }
}

/// Counts the tokens of a GraphQL text, stopping once past `max`.
pub fn count_tokens(text: &str, max: usize) -> usize {
    scan(text, max, usize::MAX).0
}

/// The tokens of a GraphQL text and the deepest nesting of `{`, `[` and `(`, stopping
/// once either is past its maximum.
pub fn scan(text: &str, max_tokens: usize, max_nesting: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut tokens = 0;
    let mut nesting = 0usize;
    let mut deepest = 0;
    while i < bytes.len() {
        if tokens > max_tokens || deepest > max_nesting {
            return (tokens, deepest);
        }
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            0xEF if bytes[i..].starts_with("\u{feff}".as_bytes()) => i += 3,
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            b'"' => {
                tokens += 1;
                if bytes[i..].starts_with(b"\"\"\"") {
                    i += 3;
                    while i < bytes.len() && !bytes[i..].starts_with(b"\"\"\"") {
                        i += if bytes[i..].starts_with(b"\\\"\"\"") {
                            4
                        } else {
                            1
                        };
                    }
                    i += 3;
                } else {
                    i += 1;
                    while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
            }
            b'.' if bytes[i..].starts_with(b"...") => {
                tokens += 1;
                i += 3;
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                tokens += 1;
                while i < bytes.len() && (bytes[i] == b'_' || bytes[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
            }
            b'-' | b'0'..=b'9' => {
                tokens += 1;
                i += 1;
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'.' | b'+' | b'-'))
                {
                    i += 1;
                }
            }
            b'{' | b'[' | b'(' => {
                tokens += 1;
                nesting += 1;
                deepest = deepest.max(nesting);
                i += 1;
            }
            b'}' | b']' | b')' => {
                tokens += 1;
                nesting = nesting.saturating_sub(1);
                i += 1;
            }
            _ => {
                // A punctuator, or a character the parser will refuse: one token.
                tokens += 1;
                i += text[i..].chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    (tokens, deepest)
}

impl DocumentStats {
    /// The statistics of a parsed document.
    pub fn of(document: &ExecutableDocument) -> Self {
        let mut stats = Self::default();
        let mut walker = Walker {
            document,
            depths: HashMap::new(),
            costs: HashMap::new(),
            stack: Vec::new(),
        };
        for (_, fragment) in document.fragments.iter() {
            stats.directives += fragment.node.directives.len();
            count_selection(&fragment.node.selection_set.node, &mut stats);
        }
        for (name, operation) in document.operations.iter() {
            let operation = &operation.node;
            stats.directives += operation.directives.len();
            stats.directives += operation
                .variable_definitions
                .iter()
                .map(|v| v.node.directives.len())
                .sum::<usize>();
            let selection = &operation.selection_set.node;
            count_selection(selection, &mut stats);
            let depth = walker.depth(selection);
            let cost = walker.cost(selection);
            stats.operations.push((name.cloned(), depth, cost));
        }
        stats
    }
}

fn count_selection(selection: &SelectionSet, stats: &mut DocumentStats) {
    for item in &selection.items {
        match &item.node {
            Selection::Field(field) => {
                stats.aliases += usize::from(field.node.alias.is_some());
                stats.directives += field.node.directives.len();
                count_selection(&field.node.selection_set.node, stats);
            }
            Selection::FragmentSpread(spread) => {
                stats.directives += spread.node.directives.len();
            }
            Selection::InlineFragment(fragment) => {
                stats.directives += fragment.node.directives.len();
                count_selection(&fragment.node.selection_set.node, stats);
            }
        }
    }
}

/// Depth and cost with fragments expanded, each fragment computed once.
struct Walker<'d> {
    document: &'d ExecutableDocument,
    depths: HashMap<&'d str, usize>,
    costs: HashMap<&'d str, u64>,
    stack: Vec<&'d str>,
}

impl<'d> Walker<'d> {
    fn fragment(&self, name: &Name) -> Option<(&'d str, &'d Positioned<FragmentDefinition>)> {
        self.document
            .fragments
            .get_key_value(name)
            .map(|(k, v)| (k.as_str(), v))
    }

    fn depth(&mut self, selection: &'d SelectionSet) -> usize {
        let mut deepest = 0;
        for item in &selection.items {
            let depth = match &item.node {
                Selection::Field(field) => {
                    let inner = self.depth(&field.node.selection_set.node);
                    if field.node.name.node == "ofType" {
                        inner
                    } else {
                        1 + inner
                    }
                }
                Selection::InlineFragment(fragment) => {
                    self.depth(&fragment.node.selection_set.node)
                }
                Selection::FragmentSpread(spread) => {
                    let Some((name, fragment)) = self.fragment(&spread.node.fragment_name.node)
                    else {
                        continue;
                    };
                    if let Some(&depth) = self.depths.get(name) {
                        depth
                    } else if self.stack.contains(&name) {
                        0
                    } else {
                        self.stack.push(name);
                        let depth = self.depth(&fragment.node.selection_set.node);
                        self.stack.pop();
                        self.depths.insert(name, depth);
                        depth
                    }
                }
            };
            deepest = deepest.max(depth);
        }
        deepest
    }

    fn cost(&mut self, selection: &'d SelectionSet) -> u64 {
        let mut total: u64 = 0;
        for item in &selection.items {
            let cost = match &item.node {
                Selection::Field(field) => {
                    let size = list_size(&field.node);
                    1u64.saturating_add(
                        size.saturating_mul(self.cost(&field.node.selection_set.node)),
                    )
                }
                Selection::InlineFragment(fragment) => self.cost(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    let Some((name, fragment)) = self.fragment(&spread.node.fragment_name.node)
                    else {
                        continue;
                    };
                    if let Some(&cost) = self.costs.get(name) {
                        cost
                    } else if self.stack.contains(&name) {
                        0
                    } else {
                        self.stack.push(name);
                        let cost = self.cost(&fragment.node.selection_set.node);
                        self.stack.pop();
                        self.costs.insert(name, cost);
                        cost
                    }
                }
            };
            total = total.saturating_add(cost);
        }
        total
    }
}

/// How many items a field's selection is asked for, per the rule in the module docs.
fn list_size(field: &async_graphql::parser::types::Field) -> u64 {
    for (name, value) in &field.arguments {
        if name.node == "first" || name.node == "last" {
            return match value.node.clone().into_const() {
                Some(Value::Number(n)) => n.as_u64().unwrap_or(DEFAULT_LIST_SIZE).max(1),
                _ => DEFAULT_LIST_SIZE,
            };
        }
    }
    let connection = matches!(field.name.node.as_str(), "terms" | "secretaries")
        && field.selection_set.node.items.iter().any(|item| {
            matches!(&item.node, Selection::Field(f)
                if matches!(f.node.name.node.as_str(), "edges" | "nodes" | "totalCount" | "pageInfo"))
        });
    if connection {
        DEFAULT_LIST_SIZE
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn stats(query: &str) -> DocumentStats {
        DocumentStats::of(&parse_query(query).expect("a valid document"))
    }

    #[test]
    fn measures_bracket_nesting() {
        assert_eq!(scan("{ a(x: [[1]]) { b } }", 100, 100), (15, 4));
        // Stops early once past the maximum.
        assert!(scan(&"[".repeat(10_000), usize::MAX, 40).1 <= 41);
    }

    #[test]
    fn counts_tokens_like_the_lexer() {
        assert_eq!(count_tokens("{ a }", 100), 3);
        assert_eq!(
            count_tokens(
                "query Q($a: Int = 1) { b(x: \"s\", y: [1, 2]) @skip(if: true) }",
                100
            ),
            31
        );
        assert_eq!(count_tokens("{ ...F } # comment { { {", 100), 4);
        assert_eq!(count_tokens("\"\"\"block \\\"\"\" \"\"\" x", 100), 2);
    }

    #[test]
    fn counts_aliases_and_directives_everywhere() {
        let s = stats("query @a { x: f @b y: g { ...F @c } } fragment F on T @d { z: h @e }");
        assert_eq!(s.aliases, 3);
        assert_eq!(s.directives, 5);
    }

    #[test]
    fn depth_and_cost_expand_fragments_and_survive_cycles() {
        let s = stats("{ offices { terms(first: 50) { nodes { ordinal } } } }");
        assert_eq!(s.operations[0].1, 4);
        assert_eq!(s.operations[0].2, 1 + 1 + 50 + 50);
        let s = stats("fragment A on Query { ...B } fragment B on Query { ...A } { ...A }");
        assert_eq!((s.operations[0].1, s.operations[0].2), (0, 0));
        let s = stats("{ secretaries { nodes { name } } }");
        assert_eq!(s.operations[0].2, 1 + 100 + 100);
    }

    #[test]
    fn fragment_fan_out_is_computed_quickly() {
        let mut query = String::from("{ ...F0 }\n");
        for i in 0..40 {
            query.push_str(&format!(
                "fragment F{i} on Query {{ offices {{ name }} ...F{n} ...F{n} ...F{n} }}\n",
                n = i + 1
            ));
        }
        query.push_str("fragment F40 on Query { offices { name } }\n");
        let s = stats(&query);
        assert!(s.operations[0].2 > 5000);
    }

    fn bench_query(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("bench/queries")
            .join(name);
        std::fs::read_to_string(path).expect("the bench query is there")
    }

    #[test]
    fn bench_queries_and_introspection_pass_the_defaults() {
        let limits = Limits::default();
        let mut seen = Vec::new();
        for name in [
            "all-terms.graphql",
            "holders-during.graphql",
            "incumbent.graphql",
            "introspection.graphql",
        ] {
            let query = bench_query(name);
            let document = parse_query(&query).expect("a valid document");
            let s = DocumentStats::of(&document);
            seen.push((
                name,
                count_tokens(&query, usize::MAX),
                s.operations[0].1,
                s.operations[0].2,
            ));
            limits
                .check(&query, &document, None)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        // Tokens, depth and cost of each, as documented in README.md.
        assert_eq!(
            seen,
            vec![
                ("all-terms.graphql", 79, 7, 3406),
                ("holders-during.graphql", 72, 6, 1407),
                ("incumbent.graphql", 29, 5, 10),
                ("introspection.graphql", 150, 6, 181),
            ]
        );
    }
}

/// When the operation must be done by: put in each request's data by the executor.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(pub std::time::Instant);

/// Where a running operation checks its time limit. Resolvers only read memory and never
/// wait, so a timer around execution could never interrupt them; the resolvers whose
/// work grows with the data (lists and connections) call this first, and past the
/// deadline answer `TIMEOUT` instead of doing the work.
pub fn checkpoint(ctx: &async_graphql::Context<'_>) -> async_graphql::Result<()> {
    use async_graphql::ErrorExtensions;
    match ctx.data_opt::<Deadline>() {
        Some(deadline) if std::time::Instant::now() >= deadline.0 => {
            Err(async_graphql::Error::new(
                "the operation ran past its time limit (--request-timeout-ms)",
            )
            .extend_with(|_, e| e.set("code", TIMEOUT)))
        }
        _ => Ok(()),
    }
}
