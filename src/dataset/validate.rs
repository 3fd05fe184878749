//! Turns the parsed files into a [`Dataset`], checking every rule of `data/README.md`
//! and collecting every problem rather than stopping at the first, so that one run of
//! `tenure check` lists everything an editor has to fix.
//!
//! Longer than most files here, and kept whole on purpose: it is the one list of the
//! dataset's rules, read top to bottom in the order of the files' fields, and its
//! parts share one builder (interned dates and source lists, the problems found).

use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

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
    /// The office file with this index among the office files.
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

/// Builds a dataset file by file, so that a large directory is never held in memory
/// whole: `dataset.json` and `people.json` first, then each office file, whose text
/// can be dropped as soon as [`Builder::office`] returns.
pub struct Builder<'a> {
    findings: Vec<Finding>,
    /// Whether any problem was found, including those already taken.
    failed: bool,
    keys: Keys<'a>,
    people: Option<&'a PeopleFile>,
    as_of: Option<NaiveDate>,
    sources: Vec<Source>,
    countries: Vec<Country>,
    organizations: Vec<Organization>,
    secretaries: Vec<Secretary>,
    offices: Vec<Office>,
    terms: Vec<Term>,
    office_slugs: FxHashMap<String, usize>,
    all_offices_parsed: bool,
    /// Each distinct date text parsed once and shared: a large dataset repeats days.
    dates: FxHashMap<String, Arc<PartialDate>>,
    /// Each distinct list of sources stored once: most terms cite the same ones.
    source_lists: FxHashMap<Vec<SourceId>, Arc<[SourceId]>>,
}

/// Keys by which files refer to things, resolved to ids.
#[derive(Default)]
struct Keys<'a> {
    sources: FxHashMap<&'a str, SourceId>,
    countries: FxHashMap<&'a str, CountryId>,
    organizations: FxHashMap<&'a str, OrganizationId>,
    people: FxHashMap<&'a str, SecretaryId>,
    /// Whether dataset.json parsed: if not, references into it are not reported.
    dataset_parsed: bool,
    /// Whether people.json parsed: if not, references to people are not reported.
    people_parsed: bool,
}

impl<'a> Builder<'a> {
    /// Starts from the two shared files; `None` for one that did not parse (its
    /// problems are reported already, and references into it are not reported again).
    pub fn new(dataset: Option<&'a DatasetFile>, people: Option<&'a PeopleFile>) -> Self {
        let mut builder = Self {
            findings: Vec::new(),
            failed: false,
            keys: Keys {
                dataset_parsed: dataset.is_some(),
                people_parsed: people.is_some(),
                ..Keys::default()
            },
            people,
            as_of: None,
            sources: Vec::new(),
            countries: Vec::new(),
            organizations: Vec::new(),
            secretaries: Vec::new(),
            offices: Vec::new(),
            terms: Vec::new(),
            office_slugs: FxHashMap::default(),
            all_offices_parsed: true,
            dates: FxHashMap::default(),
            source_lists: FxHashMap::default(),
        };
        if let Some(file) = dataset {
            builder.dataset_file(file);
        }
        if let Some(file) = people {
            builder.people_file(file);
        }
        builder
    }

    /// The problems found since the last call, to locate in their files' texts.
    pub fn take_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }

    /// Checks one office file (`index` among the office files, `stem` its file name
    /// without `.json`); `None` for a file that did not parse.
    pub fn office(&mut self, index: usize, stem: &str, file: Option<&OfficeFile>) {
        let Some(file) = file else {
            self.all_offices_parsed = false;
            return;
        };
        let at = FileRef::Office(index);
        if let Some(first) = self.office_slugs.insert(file.slug.clone(), index) {
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
        if file.slug != stem {
            self.report(
                at,
                JsonPath::root().key("slug"),
                format!(
                    "the office's slug `{}` differs from its file name `{stem}.json`: name the file `{}.json`",
                    file.slug, file.slug
                ),
            );
        }
        if let Some(office) = self.office_file(at, file) {
            self.offices.push(office);
        }
    }

    /// The dataset, or the last findings (those about people with no term).
    pub fn finish(mut self) -> Result<Dataset, Vec<Finding>> {
        let Some(as_of) = self.as_of.filter(|_| !self.failed) else {
            return Err(self.findings);
        };
        let mut offices = std::mem::take(&mut self.offices);
        let mut terms = std::mem::take(&mut self.terms);

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

        let mut organizations = std::mem::take(&mut self.organizations);
        for (index, office) in offices.iter().enumerate() {
            organizations[office.organization.index()]
                .offices
                .push(OfficeId(index as u32));
        }
        let mut secretaries = std::mem::take(&mut self.secretaries);
        for (index, term) in terms.iter().enumerate() {
            secretaries[term.secretary.index()]
                .terms
                .push(TermId(index as u32));
        }
        for secretary in secretaries.iter_mut() {
            secretary.terms.sort_by(|&a, &b| {
                let key = |t: &Term| (t.start.earliest(), t.office, t.ordinal);
                key(&terms[a.index()]).cmp(&key(&terms[b.index()]))
            });
        }
        // A person's terms may be in an office file that did not parse; say nothing then.
        if let Some(people) = self.people.filter(|_| self.all_offices_parsed) {
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
            return Err(self.findings);
        }
        Ok(Dataset {
            as_of,
            sources: self.sources,
            countries: self.countries,
            organizations,
            offices,
            secretaries,
            terms,
        })
    }

    fn report(&mut self, file: FileRef, path: JsonPath, message: impl Into<String>) {
        self.failed = true;
        self.findings.push(Finding {
            file,
            path,
            message: message.into(),
        });
    }

    fn dataset_file(&mut self, file: &'a DatasetFile) {
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
    }

    fn people_file(&mut self, file: &'a PeopleFile) {
        let at = FileRef::People;
        self.secretaries.reserve(file.people.len());
        for (index, record) in file.people.iter().enumerate() {
            let path = JsonPath::root().key("people").index(index);
            self.slug(at, path.key("slug"), "person slug", &record.slug);
            let id = SecretaryId(self.secretaries.len() as u32);
            if self.keys.people.insert(&record.slug, id).is_some() {
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
            self.secretaries.push(Secretary {
                slug: record.slug.clone(),
                name: record.name.clone(),
                country,
                country_sources: country_sources.to_vec(),
                terms: Vec::new(),
            });
        }
    }

    fn office_file(&mut self, at: FileRef, file: &OfficeFile) -> Option<Office> {
        let root = JsonPath::root();
        self.slug(at, root.key("slug"), "office slug", &file.slug);
        let organization = self
            .keys
            .organizations
            .get(file.organization.as_str())
            .copied();
        if organization.is_none() && self.keys.dataset_parsed {
            let valid = listing(self.keys.organizations.keys().copied());
            self.report(
                at,
                root.key("organization"),
                format!(
                "no organization has slug `{}`: use one of dataset.json's organizations ({valid})",
                file.organization
            ),
            );
        }
        if file
            .term_length
            .as_ref()
            .is_some_and(|length| length.years == 0)
        {
            self.report(
                at,
                root.key("termLength").key("years"),
                "a term lasts at least 1 year: give a whole number of years from 1",
            );
        }
        let sources = self.sources(at, root.key("sources"), &file.sources, true);
        let localized_names = self.localized(at, root.key("localizedNames"), &file.localized_names);
        let office_id = OfficeId(self.offices.len() as u32);

        let mut ids = Vec::with_capacity(file.terms.len());
        let mut previous: Option<(u32, Option<Arc<PartialDate>>)> = None;
        let last = file.terms.len();
        for (index, record) in file.terms.iter().enumerate() {
            let path = root.key("terms").index(index);
            let position = index as u32 + 1;
            let Some(term) = self.term(
                at,
                &path,
                record,
                position,
                position as usize == last,
                office_id,
            ) else {
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
            ids.push(TermId(self.terms.len() as u32));
            self.terms.push(term);
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
            sources: sources.to_vec(),
            notes: file.notes.clone(),
            terms: ids,
        })
    }

    fn term(
        &mut self,
        at: FileRef,
        path: &JsonPath,
        record: &TermRecord,
        position: u32,
        is_last: bool,
        office: OfficeId,
    ) -> Option<Term> {
        if record.ordinal != position {
            self.report(at, path.key("ordinal"), format!(
                "ordinal {} is out of place: terms are listed by ordinal from 1 with no gap or repeat, so this one must be {position}",
                record.ordinal
            ));
        }
        let secretary = self.keys.people.get(record.holder.as_str()).copied();
        if secretary.is_none() && self.keys.people_parsed {
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
        let sources = self.sources(at, path.key("sources"), &record.sources, true);
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
                if let Some(as_of) = self.as_of.filter(|as_of| start.earliest() > *as_of) {
                    self.report(at, path.key("start"), format!(
                        "the ongoing term starts `{start}`, after the dataset's asOf {as_of}: an ongoing term must have begun by asOf"
                    ));
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

    fn date(&mut self, at: FileRef, path: JsonPath, text: &str) -> Option<Arc<PartialDate>> {
        if let Some(date) = self.dates.get(text) {
            return Some(date.clone());
        }
        match text.parse::<PartialDate>() {
            Ok(date) => {
                let date = Arc::new(date);
                self.dates.insert(text.to_owned(), date.clone());
                Some(date)
            }
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

    /// The ids of the cited sources, as one shared list per distinct citation.
    fn sources(
        &mut self,
        at: FileRef,
        path: JsonPath,
        cited: &[String],
        required: bool,
    ) -> Arc<[SourceId]> {
        if required && cited.is_empty() {
            self.report(
                at,
                path.clone(),
                "cite at least one source: a key of dataset.json's `sources`",
            );
        }
        let mut ids = Vec::with_capacity(cited.len());
        for (index, key) in cited.iter().enumerate() {
            match self.keys.sources.get(key.as_str()) {
                Some(&id) => ids.push(id),
                None if !self.keys.dataset_parsed => {}
                None => {
                    let valid = listing(self.keys.sources.keys().copied());
                    self.report(
                        at,
                        path.index(index),
                        format!(
                            "no source has id `{key}`: use one of dataset.json's sources ({valid})"
                        ),
                    );
                }
            }
        }
        if let Some(shared) = self.source_lists.get(&ids) {
            return shared.clone();
        }
        let shared: Arc<[SourceId]> = ids.clone().into();
        self.source_lists.insert(ids, shared.clone());
        shared
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
fn listing<'k>(keys: impl Iterator<Item = &'k str>) -> String {
    let mut keys: Vec<&str> = keys.collect();
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
