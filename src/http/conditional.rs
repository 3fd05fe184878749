//! Conditional GET (RFC 9110, "Conditional Requests"): a cacheable GET answer carries a
//! weak `ETag` and `Cache-Control`, and a request whose `If-None-Match` holds the
//! current tag gets 304 with no body.
//!
//! The tag is `W/"<dataset version>-<hash>"`: the content version of the served files
//! and a SHA-256 of the response media type and the query string. The same request
//! against the same data gets the same tag in every replica and after every restart;
//! weak, because compression changes the bytes.

use actix_web::http::header::{self, HeaderMap};
use sha2::{Digest, Sha256};

use super::media::ResponseType;

/// How long a shared cache or a browser may reuse a GET answer without asking again.
/// A reload within that time is seen late by such a client; ask with POST (never
/// cached) or revalidate (`If-None-Match`) for the newest data.
pub const GET_MAX_AGE_SECS: u32 = 60;

/// The `Cache-Control` of a cacheable GET answer.
pub fn cache_control() -> String {
    format!("public, max-age={GET_MAX_AGE_SECS}")
}

/// The tag of the answer to a GET with `query_string`, on dataset `version`.
pub fn entity_tag(version: &str, kind: ResponseType, query_string: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update([kind as u8]);
    hasher.update(query_string);
    let digest = hasher.finalize();
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("W/\"{version}-{hash}\"")
}

/// Whether `If-None-Match` names `etag` (weak comparison) or is `*`.
pub fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    let bare = etag.trim_start_matches("W/");
    headers
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tag_depends_on_the_version_the_media_type_and_the_query_only() {
        let tag = entity_tag("abc", ResponseType::Json, b"query=%7Bx%7D");
        assert_eq!(tag, entity_tag("abc", ResponseType::Json, b"query=%7Bx%7D"));
        assert!(tag.starts_with("W/\"abc-") && tag.len() == "W/\"abc-\"".len() + 16);
        assert_ne!(tag, entity_tag("abd", ResponseType::Json, b"query=%7Bx%7D"));
        assert_ne!(
            tag,
            entity_tag("abc", ResponseType::GraphqlResponse, b"query=%7Bx%7D")
        );
        assert_ne!(tag, entity_tag("abc", ResponseType::Json, b"query=%7By%7D"));
    }
}
