//! The rules of the shared files' records: `dataset.json` (sources, countries,
//! organizations, parties, areas) and `people.json`. An office file's are in
//! [`super::offices`].

use super::values::is_language_tag;
use super::{Builder, FileRef};
use crate::dataset::error::JsonPath;
use crate::dataset::files::{DatasetFile, GroupRecord, PersonRecord};
use crate::domain::{
    Area, AreaId, Country, CountryId, DatePrecision, Identifier, Organization, OrganizationId,
    OtherName, PartialDate, Party, PartyId, Secretary, SecretaryId, Source, SourceId,
};

impl<'a> Builder<'a> {
    pub(super) fn dataset_file(&mut self, file: &'a DatasetFile) {
        let at = FileRef::Dataset;
        let root = JsonPath::root();
        self.as_of = match file.as_of.parse::<PartialDate>() {
            Ok(date) if date.precision() == DatePrecision::Day => Some(date.earliest()),
            Ok(_) => {
                self.report(at, root.key("asOf"), format!(
                    "asOf `{}` must be a whole day, YYYY-MM-DD: the day the facts were last known true",
                    file.as_of
                ));
                None
            }
            Err(e) => {
                self.report(at, root.key("asOf"), e.to_string());
                None
            }
        };

        for (index, record) in file.sources.iter().enumerate() {
            let path = root.key("sources").index(index);
            self.slug(at, path.key("id"), "source id", &record.id);
            let id = SourceId(self.sources.len() as u32);
            if self.keys.sources.insert(&record.id, id).is_some() {
                self.report(
                    at,
                    path.key("id"),
                    format!("duplicate source id `{}`: ids must be unique", record.id),
                );
            }
            self.sources.push(Source {
                key: record.id.clone(),
                title: record.title.clone(),
                publisher: record.publisher.clone(),
                url: record.url.clone(),
                note: record.note.clone(),
            });
        }

        for (index, record) in file.countries.iter().enumerate() {
            let path = root.key("countries").index(index);
            if isocountry::CountryCode::for_alpha2(&record.code).is_err() {
                self.report(at, path.key("code"), format!(
                    "`{}` is not an ISO 3166-1 alpha-2 country code: use two capital letters such as TD or SA",
                    record.code
                ));
            }
            let id = CountryId(self.countries.len() as u32);
            if self.keys.countries.insert(&record.code, id).is_some() {
                self.report(
                    at,
                    path.key("code"),
                    format!(
                        "duplicate country `{}`: list each country once",
                        record.code
                    ),
                );
            }
            let sources = self.sources(at, path.key("sources"), &record.sources, false);
            self.countries.push(Country {
                code: record.code.clone(),
                name: record.name.clone(),
                sources: sources.to_vec(),
            });
        }

        for (index, record) in file.organizations.iter().enumerate() {
            let path = root.key("organizations").index(index);
            self.slug(at, path.key("slug"), "organization slug", &record.slug);
            let id = OrganizationId(self.organizations.len() as u32);
            if self.keys.organizations.insert(&record.slug, id).is_some() {
                self.report(
                    at,
                    path.key("slug"),
                    format!(
                        "duplicate organization slug `{}`: slugs must be unique",
                        record.slug
                    ),
                );
            }
            let localized_names =
                self.localized(at, path.key("localizedNames"), &record.localized_names);
            let sources = self.sources(at, path.key("sources"), &record.sources, true);
            self.organizations.push(Organization {
                slug: record.slug.clone(),
                name: record.name.clone(),
                abbreviation: record.abbreviation.clone(),
                localized_names,
                member_state_count: record.member_state_count,
                sources: sources.to_vec(),
                offices: Vec::new(),
            });
        }
        self.groups(file);
    }

    /// The parties and areas of `dataset.json`, which terms cite by slug.
    fn groups(&mut self, file: &'a DatasetFile) {
        let at = FileRef::Dataset;
        let check =
            |builder: &mut Self, key: &'static str, what: &str, records: &'a [GroupRecord]| {
                let mut seen = rustc_hash::FxHashMap::default();
                for (index, record) in records.iter().enumerate() {
                    let path = JsonPath::root().key(key).index(index);
                    builder.slug(at, path.key("slug"), what, &record.slug);
                    if seen.insert(record.slug.as_str(), index).is_some() {
                        builder.report(
                            at,
                            path.key("slug"),
                            format!("duplicate {what} `{}`: slugs must be unique", record.slug),
                        );
                    }
                }
                seen
            };
        let parties = check(self, "parties", "party slug", &file.parties);
        let areas = check(self, "areas", "area slug", &file.areas);
        self.keys.parties = parties
            .into_iter()
            .map(|(slug, index)| (slug, PartyId(index as u32)))
            .collect();
        self.keys.areas = areas
            .into_iter()
            .map(|(slug, index)| (slug, AreaId(index as u32)))
            .collect();
        self.parties = file
            .parties
            .iter()
            .map(|r| Party {
                slug: r.slug.clone(),
                name: r.name.clone(),
            })
            .collect();
        self.areas = file
            .areas
            .iter()
            .map(|r| Area {
                slug: r.slug.clone(),
                name: r.name.clone(),
            })
            .collect();
    }

    /// Checks and keeps the person at `index` of `people.json`, read one at a time so
    /// that the file's records are never all held: each becomes a [`Secretary`],
    /// its texts moved, not copied.
    pub fn person(&mut self, index: usize, record: PersonRecord) {
        let at = FileRef::People;
        let path = JsonPath::root().key("people").index(index);
        self.slug(at, path.key("slug"), "person slug", &record.slug);
        let id = SecretaryId(self.secretaries.len() as u32);
        if self.secretary_by_slug(&record.slug).is_some() {
            self.report(
                at,
                path.key("slug"),
                format!(
                    "duplicate person slug `{}`: slugs must be unique",
                    record.slug
                ),
            );
        } else {
            self.keys.people.insert(record.slug.as_str().into(), id);
        }
        let country = record.country.as_ref().and_then(|code| {
            let found = self.keys.countries.get(code.as_str()).copied();
            if found.is_none() && self.keys.dataset_parsed {
                let why = if isocountry::CountryCode::for_alpha2(code).is_ok() {
                    format!("country `{code}` is not listed in dataset.json's `countries`: add it there with its name and source")
                } else {
                    format!("`{code}` is not an ISO 3166-1 alpha-2 country code: use two capital letters such as TD or SA")
                };
                self.report(at, path.key("country"), why);
            }
            found
        });
        let country_sources = self.sources(
            at,
            path.key("countrySources"),
            &record.country_sources,
            false,
        );
        if record.country.is_some() && record.country_sources.is_empty() {
            self.report(
                at,
                path.key("countrySources"),
                "a country needs `countrySources`: the sources that give it",
            );
        }
        let other_names = record
            .other_names
            .into_iter()
            .enumerate()
            .map(|(index, other)| {
                let path = path.key("otherNames").index(index);
                if let Some(tag) = other.language.as_deref().filter(|t| !is_language_tag(t)) {
                    self.report(at, path.key("language"), format!(
                        "`{tag}` is not a BCP 47 language tag: use e.g. `ar`, `fr` or `pt-BR`, or leave `language` out"
                    ));
                }
                if other.name.trim().is_empty() {
                    self.report(at, path.key("name"), "an other name cannot be empty: give the name, or remove the entry");
                }
                OtherName {
                    name: other.name,
                    language: other.language,
                    note: other.note,
                }
            })
            .collect();
        let identifiers = record
            .identifiers
            .into_iter()
            .enumerate()
            .map(|(index, id)| {
                let path = path.key("identifiers").index(index);
                for (key, value) in [("scheme", &id.scheme), ("identifier", &id.identifier)] {
                    if value.trim().is_empty() {
                        self.report(at, path.key(key), format!(
                            "an identifier's `{key}` cannot be empty: give the system (e.g. `wikidata`) and the identifier in it (e.g. `Q57310`)"
                        ));
                    }
                }
                Identifier {
                    scheme: id.scheme,
                    identifier: id.identifier,
                }
            })
            .collect();
        self.secretaries.push(Secretary {
            slug: record.slug,
            name: record.name,
            country,
            country_sources: country_sources.to_vec(),
            other_names,
            identifiers,
            terms: Vec::new(),
        });
    }

    /// Makes room for about `count` people at once: grown as they come, the people
    /// and their slug table were copied and rehashed some twenty times.
    pub fn expect_people(&mut self, count: usize) {
        self.secretaries.reserve(count);
        self.keys.people.reserve(count);
    }

    /// The person with this slug among those read so far.
    pub(super) fn secretary_by_slug(&self, slug: &str) -> Option<SecretaryId> {
        self.keys.people.get(slug).copied()
    }

    /// Ends `people.json`: `parsed` says whether the whole file was read. A file that
    /// was not is forgotten (its problem is its syntax, reported already), and
    /// references to people are then not reported.
    pub fn people_read(&mut self, parsed: bool) {
        self.keys.people_parsed = parsed;
        if !parsed {
            self.secretaries.clear();
            self.keys.people.clear();
            self.findings
                .retain(|finding| finding.file != FileRef::People);
        }
    }
}
