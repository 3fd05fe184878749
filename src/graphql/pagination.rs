//! Relay connection arguments and cursors. A cursor is a position in one list's order
//! tagged with that list (`terms:oic-secretary-general:4`), so a cursor from another
//! list is refused instead of silently meaning something else.

use crate::graphql::budget::Counted;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use tenure_macros::fields;

use super::opaque::{Cursor, Opaque};

use super::error::bad_user_input;
use super::objects::{Secretary, Term};
use crate::index::{Catalog, Matches, Page, PageRequest, SecretaryFilter, TermFilter};

/// The most items one page may hold (SEMANTICS.md, "Pagination").
pub const MAX_PAGE: i32 = 100;

/// The page size when a client gives neither `first` nor `last`: a whole page, so a
/// small list comes back entire and a large one says `hasNextPage`.
pub const DEFAULT_PAGE: usize = MAX_PAGE as usize;

/// The raw paging arguments of a connection field.
pub struct PageArgs {
    /// `first`.
    pub first: Option<i32>,
    /// `after`.
    pub after: Option<String>,
    /// `last`.
    pub last: Option<i32>,
    /// `before`.
    pub before: Option<String>,
}

impl PageArgs {
    /// Checks the arguments and turns cursors of list `scope`, which has `len`
    /// positions, into positions.
    pub fn request(&self, scope: Scope<'_>, len: usize) -> async_graphql::Result<PageRequest> {
        let size = |name: &str, value: Option<i32>| {
            match value {
            Some(n) if !(0..=MAX_PAGE).contains(&n) => Err(bad_user_input(format!(
                "`{name}` must be between 0 and {MAX_PAGE}, got {n}: ask for at most {MAX_PAGE} items a page and follow `pageInfo` for more"
            ))),
            other => Ok(other.map(|n| n as usize)),
        }
        };
        let (first, last) = (size("first", self.first)?, size("last", self.last)?);
        let cursor = |name: &str, value: &Option<String>| {
            value
                .as_deref()
                .map(|c| decode_cursor(scope, len, name, c))
                .transpose()
        };
        Ok(PageRequest {
            after: cursor("after", &self.after)?,
            before: cursor("before", &self.before)?,
            first: if first.is_none() && last.is_none() {
                Some(DEFAULT_PAGE)
            } else {
                first
            },
            last,
        })
    }
}

/// Which list a cursor belongs to: `kind`, or `kind:key` (`terms`,
/// `office-terms:oic-secretary-general`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    kind: &'static str,
    key: Option<&'a str>,
}

impl<'a> Scope<'a> {
    /// The list `kind`, or `kind:key` with a key.
    pub fn new(kind: &'static str, key: Option<&'a str>) -> Self {
        Self { kind, key }
    }

    /// The cursor of `position` in this list.
    pub fn cursor(self, position: usize) -> Cursor<'a> {
        Cursor::new(self.text(position))
    }

    /// The text of that cursor.
    fn text(self, position: usize) -> Opaque<'a> {
        Opaque::new(self.kind, self.key, Some(position))
    }

    /// Whether `tag` is this list's text.
    fn is(self, tag: &str) -> bool {
        match self.key {
            None => tag == self.kind,
            Some(key) => {
                tag.strip_prefix(self.kind)
                    .and_then(|rest| rest.strip_prefix(':'))
                    == Some(key)
            }
        }
    }
}

/// The cursor of a position in list `scope`, as text.
pub fn encode_cursor(scope: Scope<'_>, position: usize) -> String {
    scope.text(position).encode()
}

/// The position a cursor names in list `scope` of `len` positions. Only a cursor
/// exactly as [`encode_cursor`] writes it is read (`+5`, `05` or padding name no
/// cursor the server wrote), and only for a position the list has.
fn decode_cursor(
    scope: Scope<'_>,
    len: usize,
    name: &str,
    cursor: &str,
) -> async_graphql::Result<usize> {
    let unreadable = |why: &str| {
        bad_user_input(format!(
            "`{name}` cursor `{cursor}` {why}: pass a `cursor` or `pageInfo` cursor this same field returned, unchanged"
        ))
    };
    let text = URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| unreadable("is unreadable"))?;
    let (tag, digits) = text
        .rsplit_once(':')
        .ok_or_else(|| unreadable("is unreadable"))?;
    if !scope.is(tag) {
        return Err(unreadable("belongs to another list"));
    }
    let position: usize = digits.parse().map_err(|_| unreadable("is unreadable"))?;
    if encode_cursor(scope, position) != cursor {
        return Err(unreadable("is not one this API wrote"));
    }
    if position >= len {
        return Err(unreadable("points past the end of the list"));
    }
    Ok(position)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(cursor: &str) -> Result<usize, String> {
        decode_cursor(Scope::new("terms", None), 12, "after", cursor).map_err(|e| e.message)
    }

    fn raw(text: &str) -> String {
        URL_SAFE_NO_PAD.encode(text)
    }

    #[test]
    fn a_cursor_the_server_wrote_reads_back() {
        for position in [0, 1, 11] {
            assert_eq!(
                decoded(&encode_cursor(Scope::new("terms", None), position)),
                Ok(position)
            );
        }
    }

    #[test]
    fn cursors_the_server_never_wrote_are_refused() {
        for text in [
            "terms:12",
            "terms:4294967295",
            "terms:18446744073709551615",
            "terms:99999999999999999999999",
            "terms:+5",
            "terms:05",
            "terms:-1",
            "terms: 5",
            "terms:",
            "other:5",
        ] {
            let refused = decoded(&raw(text));
            assert!(refused.is_err(), "{text} was read as {refused:?}");
        }
        // The same cursor with base64 padding is not what the server writes.
        let padded = base64::engine::general_purpose::URL_SAFE.encode("terms:5");
        assert_ne!(padded, encode_cursor(Scope::new("terms", None), 5));
        assert!(decoded(&padded).is_err());
        let past = decoded(&raw("terms:12")).unwrap_err();
        assert!(past.contains("points past the end of the list"), "{past}");
    }
}

/// Information about pagination in a connection.
pub struct PageInfo {
    has_next_page: bool,
    has_previous_page: bool,
    start_cursor: Option<String>,
    end_cursor: Option<String>,
}

/// Information about pagination in a connection.
#[fields(serial)]
impl PageInfo {
    /// Whether more items follow this page.
    pub(crate) fn has_next_page(&self) -> bool {
        self.has_next_page
    }

    /// Whether more items come before this page.
    pub(crate) fn has_previous_page(&self) -> bool {
        self.has_previous_page
    }

    /// The cursor of the first item of the page; null when the page is empty.
    pub(crate) fn start_cursor(&self) -> Option<&str> {
        self.start_cursor.as_deref()
    }

    /// The cursor of the last item of the page; null when the page is empty.
    pub(crate) fn end_cursor(&self) -> Option<&str> {
        self.end_cursor.as_deref()
    }
}

fn page_info(scope: Scope<'_>, page: &Page) -> PageInfo {
    PageInfo {
        has_next_page: page.has_next,
        has_previous_page: page.has_previous,
        start_cursor: page.positions.first().map(|&p| encode_cursor(scope, p)),
        end_cursor: page.positions.last().map(|&p| encode_cursor(scope, p)),
    }
}

/// One page of terms.
pub struct TermConnection<'a> {
    /// The catalog the terms belong to.
    pub catalog: &'a Catalog,
    /// Every match, for `totalCount`.
    pub filter: TermFilter<'a>,
    /// The list its cursors belong to.
    pub scope: Scope<'a>,
    /// The page asked for.
    pub page: Page,
}

/// A page of terms, with the total number of matches.
#[fields(serial)]
impl<'a> TermConnection<'a> {
    /// How many terms match, on every page together.
    pub(crate) fn total_count(&self) -> usize {
        self.filter.count()
    }

    /// Where this page lies among all matches.
    pub(crate) fn page_info(&self) -> PageInfo {
        page_info(self.scope, &self.page)
    }

    /// The terms of this page, each with its cursor.
    #[list(page)]
    pub(crate) fn edges(&self) -> Counted<TermEdge<'a>> {
        self.page
            .positions
            .iter()
            .map(|&p| TermEdge {
                cursor: self.scope.cursor(p),
                node: Term {
                    catalog: self.catalog,
                    id: self.filter.term(p),
                },
            })
            .collect()
    }

    /// The terms of this page.
    #[list(page)]
    pub(crate) fn nodes(&self) -> Counted<Term<'a>> {
        self.page
            .positions
            .iter()
            .map(|&p| Term {
                catalog: self.catalog,
                id: self.filter.term(p),
            })
            .collect()
    }
}

/// A term and its cursor.
pub struct TermEdge<'a> {
    cursor: Cursor<'a>,
    node: Term<'a>,
}

/// A term and its cursor.
#[fields(serial)]
impl<'a> TermEdge<'a> {
    /// Pass it as `after` or `before` to page from this term.
    pub(crate) fn cursor(&self) -> Cursor<'a> {
        self.cursor
    }

    /// The term.
    pub(crate) fn node(&self) -> Term<'a> {
        self.node
    }
}

/// One page of people.
pub struct SecretaryConnection<'a> {
    /// The catalog the people belong to.
    pub catalog: &'a Catalog,
    /// Every match, for `totalCount`.
    pub filter: SecretaryFilter<'a>,
    /// The page asked for.
    pub page: Page,
}

/// The cursor tag of `Query.secretaries`.
pub const SECRETARIES_SCOPE: Scope<'static> = Scope {
    kind: "secretaries",
    key: None,
};

/// A page of people, with the total number of matches.
#[fields(serial)]
impl<'a> SecretaryConnection<'a> {
    /// How many people match, on every page together.
    pub(crate) fn total_count(&self) -> usize {
        self.filter.count()
    }

    /// Where this page lies among all matches.
    pub(crate) fn page_info(&self) -> PageInfo {
        page_info(SECRETARIES_SCOPE, &self.page)
    }

    /// The people of this page, each with its cursor.
    #[list(page)]
    pub(crate) fn edges(&self) -> Counted<SecretaryEdge<'a>> {
        self.page
            .positions
            .iter()
            .map(|&p| SecretaryEdge {
                cursor: SECRETARIES_SCOPE.cursor(p),
                node: Secretary {
                    catalog: self.catalog,
                    id: self.filter.secretary(p),
                },
            })
            .collect()
    }

    /// The people of this page.
    #[list(page)]
    pub(crate) fn nodes(&self) -> Counted<Secretary<'a>> {
        self.page
            .positions
            .iter()
            .map(|&p| Secretary {
                catalog: self.catalog,
                id: self.filter.secretary(p),
            })
            .collect()
    }
}

/// A person and their cursor.
pub struct SecretaryEdge<'a> {
    cursor: Cursor<'a>,
    node: Secretary<'a>,
}

/// A person and their cursor.
#[fields(serial)]
impl<'a> SecretaryEdge<'a> {
    /// Pass it as `after` or `before` to page from this person.
    pub(crate) fn cursor(&self) -> Cursor<'a> {
        self.cursor
    }

    /// The person.
    pub(crate) fn node(&self) -> Secretary<'a> {
        self.node
    }
}
