//! Limits on the raw text of a document, checked before it is parsed: its characters,
//! its tokens, and how deep its brackets nest (the parser recurses on nesting, so a
//! document of 450 nested list brackets would overflow its stack).

use super::{refuse, Limits, MIN_NESTING};
use crate::graphql::error::{ErrorCode, RequestError};

impl Limits {
    /// How deep `{`, `[` and `(` may nest in a document: twice the depth limit, at
    /// least [`MIN_NESTING`].
    pub fn max_nesting(&self) -> usize {
        self.max_depth.saturating_mul(2).max(MIN_NESTING)
    }

    /// Checks the raw text: characters, then bracket nesting and tokens.
    pub fn check_text(&self, query: &str) -> Result<(), RequestError> {
        if query.len() > self.max_characters {
            let characters = query.chars().count();
            if characters > self.max_characters {
                return Err(refuse(
                    ErrorCode::MaxCharactersExceeded,
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
            return Err(RequestError::new(
                ErrorCode::MaxDepthExceeded,
                format!(
                    "the document nests brackets more than {max_nesting} deep; the limit is {max_nesting} (twice --max-depth, at least {MIN_NESTING})"
                ),
            ));
        }
        if tokens > self.max_tokens {
            return Err(refuse(
                ErrorCode::MaxTokensExceeded,
                "tokens",
                format_args!("more than {}", self.max_tokens),
                self.max_tokens,
                "--max-tokens",
            ));
        }
        Ok(())
    }
}

/// Counts the tokens of a GraphQL text, stopping once past `max`.
pub fn count_tokens(text: &str, max: usize) -> usize {
    scan(text, max, usize::MAX).0
}

/// The tokens of a GraphQL text and the deepest nesting of `{`, `[` and `(`, stopping
/// once either is past its maximum. Tokens are names, numbers, strings and
/// punctuators (`...` is one); whitespace, commas and comments are not tokens.
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
