//! Global IDs and the `Node` interface. An ID is the type name and the thing's human
//! keys (`Office:oic-secretary-general`, `Term:oic-secretary-general:9`), base64url
//! encoded so clients treat it as opaque; it is the same across restarts for the same
//! dataset, as SEMANTICS.md asks.

use async_graphql::{Interface, ID};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::error::bad_user_input;
use super::objects::{Office, Organization, Secretary, Term};
use super::opaque::{GlobalId, Opaque};
use crate::domain::{OfficeId, OrganizationId, SecretaryId, TermId};
use crate::index::Catalog;

/// An object with a stable global ID that `Query.node` can fetch back.
#[derive(Interface)]
#[graphql(field(
    name = "id",
    ty = "ID",
    method = "resolve_id",
    desc = "Global ID: pass it to `Query.node` to fetch this object again."
))]
pub enum Node<'a> {
    /// An organization.
    Organization(Organization<'a>),
    /// An office.
    Office(Office<'a>),
    /// A person who held an office.
    Secretary(Secretary<'a>),
    /// A term of an office.
    Term(Term<'a>),
}

/// The text an ID encodes, `None` for text that is no ID of ours.
fn decode(id: &str) -> Option<String> {
    String::from_utf8(URL_SAFE_NO_PAD.decode(id).ok()?).ok()
}

/// The global ID of an organization.
pub fn organization_id(catalog: &Catalog, id: OrganizationId) -> GlobalId<'_> {
    let slug = &catalog.dataset().organization(id).slug;
    GlobalId::new(Opaque::new("Organization", Some(slug), None))
}

/// The global ID of an office.
pub fn office_id(catalog: &Catalog, id: OfficeId) -> GlobalId<'_> {
    GlobalId::new(Opaque::new(
        "Office",
        Some(&catalog.dataset().office(id).slug),
        None,
    ))
}

/// The global ID of a person.
pub fn secretary_id(catalog: &Catalog, id: SecretaryId) -> GlobalId<'_> {
    GlobalId::new(Opaque::new(
        "Secretary",
        Some(&catalog.dataset().secretary(id).slug),
        None,
    ))
}

/// The global ID of a term.
pub fn term_id(catalog: &Catalog, id: TermId) -> GlobalId<'_> {
    let term = catalog.dataset().term(id);
    let office = &catalog.dataset().office(term.office).slug;
    GlobalId::new(Opaque::new(
        "Term",
        Some(office),
        Some(term.ordinal as usize),
    ))
}

/// The object a global ID names: `Ok(None)` for a well-formed ID of nothing in this
/// dataset, an error for text that is no ID of ours.
pub fn resolve<'a>(catalog: &'a Catalog, id: &str) -> async_graphql::Result<Option<Node<'a>>> {
    let unreadable = || {
        bad_user_input(format!(
            "`{id}` is not an ID this API hands out: pass the `id` of an Organization, Office, Secretary or Term unchanged"
        ))
    };
    let text = decode(id).ok_or_else(unreadable)?;
    let node = match text.split(':').collect::<Vec<_>>().as_slice() {
        ["Organization", slug] => catalog
            .organization_by_slug(slug)
            .map(|id| Node::Organization(Organization { catalog, id })),
        ["Office", slug] => catalog
            .office_by_slug(slug)
            .map(|id| Node::Office(Office { catalog, id })),
        ["Secretary", slug] => catalog
            .secretary_by_slug(slug)
            .map(|id| Node::Secretary(Secretary { catalog, id })),
        ["Term", office, ordinal] => {
            let ordinal: u32 = ordinal.parse().map_err(|_| unreadable())?;
            term_of(catalog, office, ordinal).map(|id| Node::Term(Term { catalog, id }))
        }
        _ => return Err(unreadable()),
    };
    Ok(node)
}

/// The term a global ID names, `None` when the ID names no term of this dataset (or
/// is no ID at all): the key by which a federation gateway fetches a `Term`.
pub fn term(catalog: &Catalog, id: &str) -> Option<TermId> {
    let text = decode(id)?;
    let ["Term", office, ordinal] = text.split(':').collect::<Vec<_>>()[..] else {
        return None;
    };
    term_of(catalog, office, ordinal.parse().ok()?)
}

fn term_of(catalog: &Catalog, office: &str, ordinal: u32) -> Option<TermId> {
    catalog
        .office_by_slug(office)
        .and_then(|office| catalog.term_by_ordinal(office, ordinal))
}
