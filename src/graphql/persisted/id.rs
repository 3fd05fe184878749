//! The identifier of a persisted document: the SHA-256 of its UTF-8 text. GraphQL over
//! HTTP ("Persisted Documents" appendix) writes it `sha256:<64 lowercase hex>` in
//! `documentId`; Apollo's automatic persisted queries and GraphQL Code Generator's
//! manifests write the bare hex. Both name the same 32 bytes, so one type holds them.

use std::fmt;

use sha2::{Digest, Sha256};

/// The SHA-256 of a document's text.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentId([u8; 32]);

/// The prefix of a document identifier that is a SHA-256.
pub const PREFIX: &str = "sha256:";

impl DocumentId {
    /// The identifier of `text`.
    pub fn of(text: &str) -> Self {
        Self(Sha256::digest(text.as_bytes()).into())
    }

    /// Reads `sha256:<64 lowercase hex>`, the form of `documentId`.
    pub fn parse_prefixed(id: &str) -> Option<Self> {
        id.strip_prefix(PREFIX).and_then(Self::parse_hex)
    }

    /// Reads 64 lowercase hex digits, the form of an APQ `sha256Hash`.
    pub fn parse_hex(hex: &str) -> Option<Self> {
        // Uppercase is refused: the appendix and Apollo both write lowercase, and one
        // spelling per document keeps request bytes (cache keys, ETags) canonical.
        if hex.len() != 64 {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
            *byte = (digit(pair[0])? << 4) | digit(pair[1])?;
        }
        Some(Self(bytes))
    }

    /// Reads a manifest key: with or without the `sha256:` prefix.
    pub fn parse_key(key: &str) -> Option<Self> {
        Self::parse_prefixed(key).or_else(|| Self::parse_hex(key))
    }
}

fn digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    }
}

impl fmt::Display for DocumentId {
    /// `sha256:<64 lowercase hex>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(PREFIX)?;
        for byte in self.0 {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for DocumentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "a2d2a8ebd9e8a1c8a3e2cfd8c35da9d76dd4a5e41d7c26a64a2dc6e2f1c5f7c4";

    // `printf '{ __typename }' | sha256sum`
    #[test]
    fn an_id_is_the_sha256_of_the_text_written_with_its_prefix() {
        let id = DocumentId::of("{ __typename }");
        let text = id.to_string();
        assert_eq!(
            text,
            "sha256:7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b"
        );
        assert_eq!(DocumentId::parse_prefixed(&text), Some(id));
        assert_eq!(DocumentId::parse_hex(&text[PREFIX.len()..]), Some(id));
        assert_eq!(DocumentId::parse_key(&text), Some(id));
        assert_eq!(DocumentId::parse_key(&text[PREFIX.len()..]), Some(id));
    }

    #[test]
    fn other_spellings_are_refused() {
        assert_eq!(DocumentId::parse_prefixed(A), None, "no prefix");
        assert_eq!(DocumentId::parse_hex(&A.to_uppercase()), None, "uppercase");
        assert_eq!(DocumentId::parse_hex(&A[1..]), None, "63 digits");
        assert_eq!(DocumentId::parse_hex(&format!("{A}0")), None, "65 digits");
        assert_eq!(DocumentId::parse_prefixed(&format!("sha1:{A}")), None);
        assert_eq!(DocumentId::parse_hex(&A.replace('a', "g")), None);
        assert!(DocumentId::parse_hex(A).is_some());
    }
}
