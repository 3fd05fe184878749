//! The files of a dataset directory as they are written, before any checking beyond
//! their shape. Each struct mirrors one JSON object of `data/schema.json`; unknown
//! members are refused so that a misspelt field is never silently ignored.

use serde::{Deserialize, Serialize};

/// `dataset.json`: what the dataset is as a whole.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DatasetFile {
    /// The editor's JSON Schema reference; ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The day the facts were last known true, `YYYY-MM-DD`.
    pub as_of: String,
    /// The works facts are cited from.
    pub sources: Vec<SourceRecord>,
    /// The countries people come from.
    #[serde(default)]
    pub countries: Vec<CountryRecord>,
    /// The organizations.
    pub organizations: Vec<OrganizationRecord>,
    /// The parties and groups members of many-seat offices sat for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<GroupRecord>,
    /// The constituencies and areas members of many-seat offices represented.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<GroupRecord>,
}

/// One party or area, which terms cite by slug.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GroupRecord {
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
}

/// One source.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SourceRecord {
    /// The key facts cite it by.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Who published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Where to read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// What it gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One country.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CountryRecord {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// English short name.
    pub name: String,
    /// Sources of the name.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A text in another language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LocalizedRecord {
    /// BCP 47 tag.
    pub language: String,
    /// The text.
    pub text: String,
}

/// One organization.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OrganizationRecord {
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Its abbreviation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
    /// Its names in other languages.
    #[serde(default)]
    pub localized_names: Vec<LocalizedRecord>,
    /// How many member states it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_state_count: Option<u32>,
    /// Sources of its facts.
    pub sources: Vec<String>,
}

/// `people.json`: everyone who held an office.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PeopleFile {
    /// The editor's JSON Schema reference; ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The people.
    pub people: Vec<PersonRecord>,
}

/// One person.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PersonRecord {
    /// Their slug.
    pub slug: String,
    /// Their name.
    pub name: String,
    /// Country of origin, ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Sources of the country.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub country_sources: Vec<String>,
    /// Other names they are known by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_names: Vec<OtherNameRecord>,
    /// Identifiers in other systems.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<IdentifierRecord>,
}

/// Another name of a person.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OtherNameRecord {
    /// The name.
    pub name: String,
    /// BCP 47 tag of its language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// What kind of name it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An identifier of a person in another system.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IdentifierRecord {
    /// The system, e.g. `wikidata`.
    pub scheme: String,
    /// The identifier.
    pub identifier: String,
}

/// `offices/<slug>.json`: one office and its terms.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct OfficeFile {
    /// The editor's JSON Schema reference; ignored.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Its slug.
    pub slug: String,
    /// The slug of its organization.
    pub organization: String,
    /// Its name.
    pub name: String,
    /// The post's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_title: Option<String>,
    /// Its names in other languages.
    #[serde(default)]
    pub localized_names: Vec<LocalizedRecord>,
    /// Its abbreviation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abbreviation: Option<String>,
    /// How a holder is addressed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    /// Its department.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    /// What it is a member of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_of: Option<String>,
    /// Who nominates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nominator: Option<String>,
    /// Who appoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appointer: Option<String>,
    /// Term length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_length: Option<TermLengthRecord>,
    /// Its precursor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precursor: Option<String>,
    /// Its deputy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deputy: Option<String>,
    /// Its flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<FlagRecord>,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its powers and duties.
    #[serde(default)]
    pub powers: Vec<PowerRecord>,
    /// Related offices by name.
    #[serde(default)]
    pub related_offices: Vec<RelatedOfficeRecord>,
    /// Sources of its facts.
    pub sources: Vec<String>,
    /// How many hold it at once; absent means 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<u32>,
    /// How problems in the sources were settled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Its terms.
    pub terms: Vec<TermRecord>,
}

impl OfficeFile {
    /// An office with only what every office file must have, no terms yet, and every
    /// optional fact left out.
    pub fn new(slug: String, organization: String, name: String, sources: Vec<String>) -> Self {
        Self {
            schema: None,
            slug,
            organization,
            name,
            post_title: None,
            localized_names: Vec::new(),
            abbreviation: None,
            style: None,
            department: None,
            member_of: None,
            nominator: None,
            appointer: None,
            term_length: None,
            precursor: None,
            deputy: None,
            flag: None,
            description: None,
            powers: Vec::new(),
            related_offices: Vec::new(),
            sources,
            seats: None,
            notes: Vec::new(),
            terms: Vec::new(),
        }
    }
}

/// Term length.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TermLengthRecord {
    /// Years per term.
    pub years: u32,
    /// Whether renewable.
    pub renewable: bool,
    /// As worded.
    pub text: String,
}

/// Flag image.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FlagRecord {
    /// File name.
    pub file: String,
    /// Caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
}

/// One power.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PowerRecord {
    /// Short name.
    pub title: String,
    /// Description.
    pub description: String,
}

/// A related office.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RelatedOfficeRecord {
    /// Its name.
    pub name: String,
    /// Its slug, when the dataset describes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

/// One term.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TermRecord {
    /// Position in the list, from 1.
    pub ordinal: u32,
    /// The office's own number for the holder; absent for acting terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Whether the holder only acted in the post.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub acting: bool,
    /// Slug of the person.
    pub holder: String,
    /// Partial date it began.
    pub start: String,
    /// Partial date it ended; absent while ongoing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Why it ended, e.g. `RESIGNED`; absent while ongoing or where no source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<String>,
    /// Sources of its facts.
    pub sources: Vec<String>,
    /// Slug of the party the holder sat for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// Slug of the area the holder represented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}
