//! Turns the parsed files into a [`Dataset`], checking every rule of `data/README.md`
//! and collecting every problem rather than stopping at the first, so that one run of
//! `tenure check` lists everything an editor has to fix.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::error::JsonPath;
use super::files::{DatasetFile, LocalizedRecord, OfficeFile, PeopleFile, TermRecord};
use crate::domain::{
    is_slug, Country, CountryId, Dataset, DatePrecision, Flag, LocalizedText, Office, OfficeId,
    Organization, OrganizationId, PartialDate, Power, Secretary, SecretaryId, Source, SourceId,
    Term, TermId, TermLength,
};

/// Which parsed file a problem is in: `Dataset`, `People` or the n-th office file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRef {
    /// `dataset.json`.
    Dataset,
    /// `people.json`.
    People,
    /// The office file at this index of the list given to [`build`].
    Office(usize),
}

/// A problem before it is located in its file's text.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The file.
    pub file: FileRef,
    /// The value at fault.
    pub path: JsonPath,
    /// What is wrong and what would be valid.
    pub message: String,
}

/// The parsed files; a file that did not parse is `None` and its problems are reported
/// already, but the others are still checked.
pub struct Parsed<'a> {
    /// `dataset.json`.
    pub dataset: Option<&'a DatasetFile>,
    /// `people.json`.
    pub people: Option<&'a PeopleFile>,
    /// Each office file, with the stem of its file name.
    pub offices: Vec<(String, Option<&'a OfficeFile>)>,
}

/// Checks the files and builds the dataset, or returns every finding.
pub fn build(parsed: &Parsed<'_>) -> Result<Dataset, Vec<Finding>> {
    let mut checker = Checker::default();
    let dataset = checker.build(parsed);
    match dataset {
        Some(dataset) if checker.findings.is_empty() => Ok(dataset),
        _ => Err(checker.findings),
    }
}

#[derive(Default)]
struct Checker {
    findings: Vec<Finding>,
}

/// Keys by which files refer to things, resolved to ids.
#[derive(Default)]
struct Keys {
    sources: HashMap<String, SourceId>,
    countries: HashMap<String, CountryId>,
    organizations: HashMap<String, OrganizationId>,
    people: HashMap<String, SecretaryId>,
    /// Whether dataset.json parsed: if not, references into it are not reported.
    dataset_parsed: bool,
    /// Whether people.json parsed: if not, references to people are not reported.
    people_parsed: bool,
}

impl Checker {
    fn report(&mut self, file: FileRef, path: JsonPath, message: impl Into<String>) {
        self.findings.push(Finding {
            file,
            path,
            message: message.into(),
        });
    }

    fn build(&mut self, parsed: &Parsed<'_>) -> Option<Dataset> {
        let mut keys = Keys {
            dataset_parsed: parsed.dataset.is_some(),
            people_parsed: parsed.people.is_some(),
            ..Keys::default()
        };
        let (as_of, sources, countries, mut organizations) = match parsed.dataset {
            Some(file) => self.dataset_file(file, &mut keys),
            None => (None, Vec::new(), Vec::new(), Vec::new()),
        };
        let mut secretaries = match parsed.people {
            Some(file) => self.people_file(file, &mut keys),
            None => Vec::new(),
        };

        let mut offices = Vec::new();
        let mut terms = Vec::new();
        let mut office_slugs: HashMap<&str, usize> = HashMap::new();
        for (index, (stem, file)) in parsed.offices.iter().enumerate() {
            let Some(file) = file else { continue };
            let at = FileRef::Office(index);
            if let Some(first) = office_slugs.insert(&file.slug, index) {
                self.report(
                    at,
                    JsonPath::root().key("slug"),
                    format!(
                        "duplicate office slug `{}`: office file #{} uses it too; slugs must be unique",
                        file.slug,
                        first + 1
                    ),
                );
            }
            if file.slug != *stem {
                self.report(
                    at,
                    JsonPath::root().key("slug"),
                    format!(
                        "the office's slug `{}` differs from its file name `{stem}.json`: name the file `{}.json`",
                        file.slug, file.slug
                    ),
                );
            }
            if let Some(office) =
                self.office_file(at, file, as_of, &keys, &mut terms, offices.len())
            {
                offices.push(office);
            }
        }

        let as_of = as_of?;
        if !self.findings.is_empty() {
            return None;
        }
        self.finish(
            as_of,
            sources,
            countries,
            &mut organizations,
            &mut secretaries,
            offices,
            terms,
            parsed,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        &mut self,
        as_of: NaiveDate,
        sources: Vec<Source>,
        countries: Vec<Country>,
        organizations: &mut [Organization],
        secretaries: &mut [Secretary],
        mut offices: Vec<Office>,
        mut terms: Vec<Term>,
        parsed: &Parsed<'_>,
    ) -> Option<Dataset> {
        // Offices are served in slug order; renumber them and their terms' references.
        let mut order: Vec<usize> = (0..offices.len()).collect();
        order.sort_by(|&a, &b| offices[a].slug.cmp(&offices[b].slug));
        let mut new_id = vec![0u32; offices.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = new as u32;
        }
        for term in &mut terms {
            term.office = OfficeId(new_id[term.office.index()]);
        }
        let mut slots: Vec<Option<Office>> = offices.drain(..).map(Some).collect();
        let offices: Vec<Office> = order.iter().filter_map(|&old| slots[old].take()).collect();

        for (index, office) in offices.iter().enumerate() {
            organizations[office.organization.index()]
                .offices
                .push(OfficeId(index as u32));
        }
        for (index, term) in terms.iter().enumerate() {
            secretaries[term.secretary.index()]
                .terms
                .push(TermId(index as u32));
        }
        for secretary in secretaries.iter_mut() {
            secretary.terms.sort_by(|&a, &b| {
                let (a, b) = (&terms[a.index()], &terms[b.index()]);
                (
                    a.start.earliest(),
                    &offices[a.office.index()].slug,
                    a.ordinal,
                )
                    .cmp(&(
                        b.start.earliest(),
                        &offices[b.office.index()].slug,
                        b.ordinal,
                    ))
            });
        }
        // A person's terms may be in an office file that did not parse; say nothing then.
        let all_offices_parsed = parsed.offices.iter().all(|(_, file)| file.is_some());
        if let Some(people) = parsed.people.filter(|_| all_offices_parsed) {
            for (index, secretary) in secretaries.iter().enumerate() {
                if secretary.terms.is_empty() {
                    self.report(
                        FileRef::People,
                        JsonPath::root().key("people").index(index),
                        format!(
                            "`{}` holds no term of any office: add their term to an office file, or remove them",
                            people.people[index].slug
                        ),
                    );
                }
            }
        }
        if !self.findings.is_empty() {
            return None;
        }
        Some(Dataset {
            as_of,
            sources,
            countries,
            organizations: organizations.to_vec(),
            offices,
            secretaries: secretaries.to_vec(),
            terms,
        })
    }

    #[allow(clippy::type_complexity)]
    fn dataset_file(
        &mut self,
        file: &DatasetFile,
        keys: &mut Keys,
    ) -> (
        Option<NaiveDate>,
        Vec<Source>,
        Vec<Country>,
        Vec<Organization>,
    ) {
        let at = FileRef::Dataset;
        let root = JsonPath::root();
        let as_of = match file.as_of.parse::<PartialDate>() {
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

        let mut sources = Vec::new();
        for (index, record) in file.sources.iter().enumerate() {
            let path = root.key("sources").index(index);
            self.slug(at, path.key("id"), "source id", &record.id);
            let id = SourceId(sources.len() as u32);
            if keys.sources.insert(record.id.clone(), id).is_some() {
                self.report(
                    at,
                    path.key("id"),
                    format!("duplicate source id `{}`: ids must be unique", record.id),
                );
            }
            sources.push(Source {
                key: record.id.clone(),
                title: record.title.clone(),
                publisher: record.publisher.clone(),
                url: record.url.clone(),
                note: record.note.clone(),
            });
        }

        let mut countries = Vec::new();
        for (index, record) in file.countries.iter().enumerate() {
            let path = root.key("countries").index(index);
            if isocountry::CountryCode::for_alpha2(&record.code).is_err() {
                self.report(at, path.key("code"), format!(
                    "`{}` is not an ISO 3166-1 alpha-2 country code: use two capital letters such as TD or SA",
                    record.code
                ));
            }
            let id = CountryId(countries.len() as u32);
            if keys.countries.insert(record.code.clone(), id).is_some() {
                self.report(
                    at,
                    path.key("code"),
                    format!(
                        "duplicate country `{}`: list each country once",
                        record.code
                    ),
                );
            }
            let sources = self.sources(at, path.key("sources"), &record.sources, keys, false);
            countries.push(Country {
                code: record.code.clone(),
                name: record.name.clone(),
                sources,
            });
        }

        let mut organizations = Vec::new();
        for (index, record) in file.organizations.iter().enumerate() {
            let path = root.key("organizations").index(index);
            self.slug(at, path.key("slug"), "organization slug", &record.slug);
            let id = OrganizationId(organizations.len() as u32);
            if keys.organizations.insert(record.slug.clone(), id).is_some() {
                self.report(
                    at,
                    path.key("slug"),
                    format!(
                        "duplicate organization slug `{}`: slugs must be unique",
                        record.slug
                    ),
                );
            }
            organizations.push(Organization {
                slug: record.slug.clone(),
                name: record.name.clone(),
                abbreviation: record.abbreviation.clone(),
                localized_names: self.localized(
                    at,
                    path.key("localizedNames"),
                    &record.localized_names,
                ),
                member_state_count: record.member_state_count,
                sources: self.sources(at, path.key("sources"), &record.sources, keys, true),
                offices: Vec::new(),
            });
        }
        (as_of, sources, countries, organizations)
    }

    fn people_file(&mut self, file: &PeopleFile, keys: &mut Keys) -> Vec<Secretary> {
        let at = FileRef::People;
        let mut people = Vec::with_capacity(file.people.len());
        for (index, record) in file.people.iter().enumerate() {
            let path = JsonPath::root().key("people").index(index);
            self.slug(at, path.key("slug"), "person slug", &record.slug);
            let id = SecretaryId(people.len() as u32);
            if keys.people.insert(record.slug.clone(), id).is_some() {
                self.report(
                    at,
                    path.key("slug"),
                    format!(
                        "duplicate person slug `{}`: slugs must be unique",
                        record.slug
                    ),
                );
            }
            let country = record.country.as_ref().and_then(|code| {
                let found = keys.countries.get(code).copied();
                if found.is_none() && keys.dataset_parsed {
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
                keys,
                false,
            );
            if record.country.is_some() && record.country_sources.is_empty() {
                self.report(
                    at,
                    path.key("countrySources"),
                    "a country needs `countrySources`: the sources that give it",
                );
            }
            people.push(Secretary {
                slug: record.slug.clone(),
                name: record.name.clone(),
                country,
                country_sources,
                terms: Vec::new(),
            });
        }
        people
    }

    fn office_file(
        &mut self,
        at: FileRef,
        file: &OfficeFile,
        as_of: Option<NaiveDate>,
        keys: &Keys,
        terms: &mut Vec<Term>,
        office_index: usize,
    ) -> Option<Office> {
        let root = JsonPath::root();
        self.slug(at, root.key("slug"), "office slug", &file.slug);
        let organization = keys.organizations.get(&file.organization).copied();
        if organization.is_none() && keys.dataset_parsed {
            self.report(
                at,
                root.key("organization"),
                format!(
                    "no organization has slug `{}`: use one of dataset.json's organizations ({})",
                    file.organization,
                    listing(keys.organizations.keys())
                ),
            );
        }
        if let Some(length) = &file.term_length {
            if length.years == 0 {
                self.report(
                    at,
                    root.key("termLength").key("years"),
                    "a term lasts at least 1 year: give a whole number of years from 1",
                );
            }
        }
        let sources = self.sources(at, root.key("sources"), &file.sources, keys, true);
        let localized_names = self.localized(at, root.key("localizedNames"), &file.localized_names);
        let office_id = OfficeId(office_index as u32);

        let mut ids = Vec::with_capacity(file.terms.len());
        let mut previous: Option<(u32, Option<PartialDate>)> = None;
        let last = file.terms.len();
        for (index, record) in file.terms.iter().enumerate() {
            let path = root.key("terms").index(index);
            let term = self.term(
                at,
                &path,
                record,
                index as u32 + 1,
                index + 1 == last,
                as_of,
                keys,
                office_id,
            );
            let Some(term) = term else {
                previous = None;
                continue;
            };
            if let Some((ordinal, Some(end))) = &previous {
                // Consecutive terms may meet on one day (a handover), but not certainly
                // share two: the earlier must possibly end by the day the later surely began.
                if end.earliest() > term.start.latest() {
                    self.report(at, path.key("start"), format!(
                        "term {} starts `{}` but term {ordinal} ends `{}`: they certainly overlap; a term may start on the day the previous one ends, not before",
                        term.ordinal, term.start, end
                    ));
                }
            }
            previous = Some((term.ordinal, term.end.clone()));
            ids.push(TermId(terms.len() as u32));
            terms.push(term);
        }

        Some(Office {
            slug: file.slug.clone(),
            organization: organization?,
            name: file.name.clone(),
            post_title: file.post_title.clone(),
            localized_names,
            abbreviation: file.abbreviation.clone(),
            style: file.style.clone(),
            department: file.department.clone(),
            member_of: file.member_of.clone(),
            nominator: file.nominator.clone(),
            appointer: file.appointer.clone(),
            term_length: file.term_length.as_ref().map(|t| TermLength {
                years: t.years,
                renewable: t.renewable,
                text: t.text.clone(),
            }),
            precursor: file.precursor.clone(),
            deputy: file.deputy.clone(),
            flag: file.flag.as_ref().map(|f| Flag {
                file: f.file.clone(),
                caption: f.caption.clone(),
            }),
            description: file.description.clone(),
            powers: file
                .powers
                .iter()
                .map(|p| Power {
                    title: p.title.clone(),
                    description: p.description.clone(),
                })
                .collect(),
            related_offices: file
                .related_offices
                .iter()
                .map(|r| r.name.clone())
                .collect(),
            sources,
            notes: file.notes.clone(),
            terms: ids,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn term(
        &mut self,
        at: FileRef,
        path: &JsonPath,
        record: &TermRecord,
        position: u32,
        is_last: bool,
        as_of: Option<NaiveDate>,
        keys: &Keys,
        office: OfficeId,
    ) -> Option<Term> {
        if record.ordinal != position {
            self.report(at, path.key("ordinal"), format!(
                "ordinal {} is out of place: terms are listed by ordinal from 1 with no gap or repeat, so this one must be {position}",
                record.ordinal
            ));
        }
        let secretary = keys.people.get(&record.holder).copied();
        if secretary.is_none() && keys.people_parsed {
            self.report(
                at,
                path.key("holder"),
                format!(
                    "no person has slug `{}`: add them to people.json, or use an existing slug",
                    record.holder
                ),
            );
        }
        let start = self.date(at, path.key("start"), &record.start);
        let end = match &record.end {
            Some(text) => self.date(at, path.key("end"), text).map(Some),
            None => Some(None),
        };
        let sources = self.sources(at, path.key("sources"), &record.sources, keys, true);
        let (start, end) = (start?, end?);

        match &end {
            Some(end) if end.latest() < start.earliest() => {
                self.report(at, path.key("end"), format!(
                    "the term ends `{end}` before it starts `{start}`: the end must be on or after the start"
                ));
            }
            None if !is_last => {
                self.report(at, path.clone(), format!(
                    "term {} has no `end`, so it is ongoing, but it is not the office's last term: only the last term may be ongoing; give its end date",
                    record.ordinal
                ));
            }
            None => {
                if let Some(as_of) = as_of {
                    if start.earliest() > as_of {
                        self.report(at, path.key("start"), format!(
                            "the ongoing term starts `{start}`, after the dataset's asOf {as_of}: an ongoing term must have begun by asOf"
                        ));
                    }
                }
            }
            _ => {}
        }
        Some(Term {
            office,
            secretary: secretary?,
            ordinal: record.ordinal,
            start,
            end,
            sources,
        })
    }

    fn date(&mut self, at: FileRef, path: JsonPath, text: &str) -> Option<PartialDate> {
        match text.parse::<PartialDate>() {
            Ok(date) => Some(date),
            Err(e) => {
                self.report(at, path, e.to_string());
                None
            }
        }
    }

    fn slug(&mut self, at: FileRef, path: JsonPath, what: &str, text: &str) {
        if !is_slug(text) {
            self.report(at, path, format!(
                "{what} `{text}` is not a slug: use lowercase ASCII letters and digits in words joined by single `-`, e.g. `ekmeleddin-ihsanoglu`"
            ));
        }
    }

    fn sources(
        &mut self,
        at: FileRef,
        path: JsonPath,
        cited: &[String],
        keys: &Keys,
        required: bool,
    ) -> Vec<SourceId> {
        if required && cited.is_empty() {
            self.report(
                at,
                path.clone(),
                "cite at least one source: a key of dataset.json's `sources`",
            );
        }
        let mut ids = Vec::with_capacity(cited.len());
        for (index, key) in cited.iter().enumerate() {
            match keys.sources.get(key) {
                Some(&id) => ids.push(id),
                None if !keys.dataset_parsed => {}
                None => self.report(
                    at,
                    path.index(index),
                    format!(
                        "no source has id `{key}`: use one of dataset.json's sources ({})",
                        listing(keys.sources.keys())
                    ),
                ),
            }
        }
        ids
    }

    fn localized(
        &mut self,
        at: FileRef,
        path: JsonPath,
        records: &[LocalizedRecord],
    ) -> Vec<LocalizedText> {
        records
            .iter()
            .enumerate()
            .map(|(index, record)| {
                if !is_language_tag(&record.language) {
                    self.report(
                        at,
                        path.index(index).key("language"),
                        format!(
                            "`{}` is not a BCP 47 language tag: use e.g. `ar`, `fr` or `pt-BR`",
                            record.language
                        ),
                    );
                }
                LocalizedText {
                    language: record.language.clone(),
                    text: record.text.clone(),
                }
            })
            .collect()
    }
}

/// A BCP 47 tag in the simple form the dataset uses: a 2-3 letter language, then
/// subtags of 2-8 letters or digits.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_lowercase()));
    language_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The keys that would be valid, sorted, for an error message.
fn listing<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    let mut keys: Vec<&str> = keys.map(String::as_str).collect();
    keys.sort_unstable();
    if keys.is_empty() {
        return "there are none".to_owned();
    }
    let shown: Vec<String> = keys.iter().take(10).map(|k| format!("`{k}`")).collect();
    let more = keys.len().saturating_sub(10);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
