//! The Popolo objects tenure reads and writes (<https://www.popoloproject.com>), one
//! model for both directions: the exporter fills them from a dataset, the importer
//! reads them from a file. Strings borrow where they can (export) and own where they
//! must (import). Members tenure has no place for are kept in `other` on import, so
//! that the import report can count what was not carried over; export never writes
//! `other`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Members of a Popolo object that tenure does not map, by name.
pub type Other = BTreeMap<String, serde_json::Value>;

/// A person.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Person<'a> {
    /// The person's id within the file.
    pub id: Cow<'a, str>,
    /// Their name.
    #[serde(default)]
    pub name: Cow<'a, str>,
    /// Their other names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<OtherName<'a>>,
    /// Their identifiers in other systems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier<'a>>,
    /// Their nationality: tenure writes its country's name, which an area of
    /// classification `country` in the same file carries with its ISO code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_identity: Option<Cow<'a, str>>,
    /// Where their facts come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Link<'a>>,
    /// What tenure does not map.
    #[serde(flatten, skip_serializing)]
    pub other: Other,
}

/// Another name of a person or organization.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OtherName<'a> {
    /// The name.
    pub name: Cow<'a, str>,
    /// Its language (EveryPolitician writes `lang`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Cow<'a, str>>,
    /// What kind of name it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Cow<'a, str>>,
    /// What tenure does not map.
    #[serde(flatten, skip_serializing)]
    pub other: Other,
}

/// An identifier in another system.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Identifier<'a> {
    /// The identifier.
    pub identifier: Cow<'a, str>,
    /// The system.
    #[serde(default)]
    pub scheme: Cow<'a, str>,
}

/// A link to a source.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Link<'a> {
    /// Where it is.
    pub url: Cow<'a, str>,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Cow<'a, str>>,
}

/// An organization: one with offices, or a party.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Organization<'a> {
    /// Its id within the file.
    pub id: Cow<'a, str>,
    /// Its name.
    #[serde(default)]
    pub name: Cow<'a, str>,
    /// What kind: tenure writes `party` for a party and nothing for the others;
    /// EveryPolitician writes `legislature` and `party`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Cow<'a, str>>,
    /// Its names in other languages, and its abbreviation (note `abbreviation`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<OtherName<'a>>,
    /// How many members it has: EveryPolitician's extension for a legislature, which
    /// the importer takes for its office's seats.
    #[serde(default, skip_serializing)]
    pub seats: Option<u32>,
    /// Where its facts come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Link<'a>>,
    /// What tenure does not map.
    #[serde(flatten, skip_serializing)]
    pub other: Other,
}

/// An area: a constituency, or a country that persons' `national_identity` names.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Area<'a> {
    /// Its id within the file.
    pub id: Cow<'a, str>,
    /// Its name.
    #[serde(default)]
    pub name: Cow<'a, str>,
    /// What kind: `country` for a country, anything else for a constituency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Cow<'a, str>>,
    /// A country's ISO 3166-1 alpha-2 code (scheme `iso_3166_1_alpha_2`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier<'a>>,
    /// What tenure does not map.
    #[serde(flatten, skip_serializing)]
    pub other: Other,
}

/// An event: tenure reads legislative periods, whose dates a membership without its
/// own takes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Event<'a> {
    /// Its id within the file.
    pub id: Cow<'a, str>,
    /// Its name.
    #[serde(default)]
    pub name: Cow<'a, str>,
    /// What kind, e.g. `legislative period`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Cow<'a, str>>,
    /// When it began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Cow<'a, str>>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Cow<'a, str>>,
    /// What tenure does not map.
    #[serde(flatten, skip_serializing)]
    pub other: Other,
}

/// A post: one office.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Post<'a> {
    /// Its id within the file.
    pub id: Cow<'a, str>,
    /// The office's name.
    #[serde(default)]
    pub label: Cow<'a, str>,
    /// What its holder is called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Cow<'a, str>>,
    /// The organization it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Cow<'a, str>>,
    /// Where its facts come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Link<'a>>,
    /// What tenure does not map.
    #[serde(flatten, skip_serializing)]
    pub other: Other,
}

/// A membership: one term.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Membership<'a> {
    /// Its id within the file; tenure writes `<office>/<ordinal>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Cow<'a, str>>,
    /// The member.
    #[serde(default)]
    pub person_id: Cow<'a, str>,
    /// The organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Cow<'a, str>>,
    /// The post held, for an office of posts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_id: Option<Cow<'a, str>>,
    /// The role: the post's title, `Acting ...` for an acting holder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Cow<'a, str>>,
    /// The party the member sat for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_id: Option<Cow<'a, str>>,
    /// The area the member represented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_id: Option<Cow<'a, str>>,
    /// The legislative period whose dates a membership without its own takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legislative_period_id: Option<Cow<'a, str>>,
    /// When it began, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Cow<'a, str>>,
    /// When it ended; absent while ongoing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Cow<'a, str>>,
    /// Where its facts come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Link<'a>>,
    /// What tenure does not map.
    #[serde(flatten, skip_serializing)]
    pub other: Other,
}

/// What a file says about itself: EveryPolitician lists the URLs its data came from.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Meta {
    /// Where the file's data came from.
    #[serde(default)]
    pub sources: Vec<String>,
    /// What tenure does not map.
    #[serde(flatten)]
    pub other: Other,
}

/// `classification` of a country area.
pub const COUNTRY: &str = "country";
/// The identifier scheme of a country's ISO 3166-1 alpha-2 code.
pub const ISO_COUNTRY_SCHEME: &str = "iso_3166_1_alpha_2";
/// `classification` of a party.
pub const PARTY: &str = "party";
/// The note of the other name that is an organization's abbreviation.
pub const ABBREVIATION: &str = "abbreviation";
/// The prefix of an acting holder's role.
pub const ACTING: &str = "Acting ";
/// The URL scheme of a source that has no address: `urn:tenure:source:<key>`.
pub const SOURCE_URN: &str = "urn:tenure:source:";
