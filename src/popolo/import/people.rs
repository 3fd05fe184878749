//! A Popolo person as a person record of `people.json`.

use rustc_hash::FxHashMap as HashMap;

use super::sources::Sources;
use super::Report;
use crate::dataset::{is_language_tag, IdentifierRecord, OtherNameRecord, PersonRecord};
use crate::popolo::model::Person;

/// A person's record: their name, other names (languages as BCP 47 tags),
/// identifiers, and their country where an area of classification `country` names it
/// (`countries`, by name); what cannot be kept is counted in `report`.
pub fn person_record(
    slug: String,
    person: &Person<'static>,
    countries: &HashMap<String, String>,
    sources: &mut Sources,
    report: &mut Report,
) -> PersonRecord {
    let country = person.national_identity.as_deref().and_then(|name| {
        let code = countries.get(name).cloned();
        if code.is_none() {
            report.not_kept_once("persons.national_identity (no country area of that name)");
        }
        code
    });
    // Without a country, a person's sources are cited by their memberships instead.
    let country_sources = match country {
        Some(_) => sources.cite(&person.sources),
        None => Vec::new(),
    };
    let mut other_names = Vec::new();
    for other in &person.other_names {
        report.not_kept("persons.other_names", &other.other);
        if other.name.trim().is_empty() {
            report.not_kept_once("persons.other_names (empty)");
            continue;
        }
        let language = other.lang.as_deref().map(language_tag);
        let language = match language {
            Some(tag) if !is_language_tag(&tag) => {
                report.not_kept_once("persons.other_names.lang (not a BCP 47 tag)");
                None
            }
            tag => tag,
        };
        other_names.push(OtherNameRecord {
            name: other.name.to_string(),
            language,
            note: other.note.as_deref().map(str::to_owned),
        });
    }
    let mut identifiers = Vec::new();
    for id in &person.identifiers {
        if id.scheme.trim().is_empty() || id.identifier.trim().is_empty() {
            report.not_kept_once("persons.identifiers (without scheme or identifier)");
            continue;
        }
        identifiers.push(IdentifierRecord {
            scheme: id.scheme.to_string(),
            identifier: id.identifier.to_string(),
        });
    }
    PersonRecord {
        slug,
        name: person.name.to_string(),
        country,
        country_sources,
        other_names,
        identifiers,
    }
}

/// `en_US` → `en-US`: Popolo files write locales as often as language tags.
pub fn language_tag(lang: &str) -> String {
    lang.replace('_', "-")
}
