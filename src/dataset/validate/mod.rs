//! Turns the parsed files into a [`Dataset`], checking every rule of `data/README.md`
//! and collecting every problem rather than stopping at the first, so that one run of
//! `tenure check` lists everything an editor has to fix.
//!
//! This module holds the builder and its order (`dataset.json` and `people.json`,
//! then each office file, then the whole); [`records`] checks the records of the two
//! shared files, [`offices`] an office file's and its terms', [`values`] the single
//! values they hold (dates, slugs, sources, language tags).

mod offices;
mod records;
mod values;

pub use values::is_language_tag;

use std::sync::Arc;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::error::JsonPath;
use super::files::{DatasetFile, OfficeFile};
use crate::domain::{
    Area, AreaId, Country, CountryId, Dataset, Office, OfficeId, Organization, OrganizationId,
    PartialDate, Party, PartyId, Secretary, SecretaryId, Source, SourceId, Term, TermId,
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
    as_of: Option<NaiveDate>,
    sources: Vec<Source>,
    countries: Vec<Country>,
    organizations: Vec<Organization>,
    secretaries: Vec<Secretary>,
    offices: Vec<Office>,
    terms: Vec<Term>,
    parties: Vec<Party>,
    areas: Vec<Area>,
    office_slugs: FxHashMap<String, usize>,
    /// The slugs of every office file, by file name: what a related office may link to.
    office_files: Vec<String>,
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
    /// People by slug. A copy of each slug: found through the secretaries instead,
    /// each of a million lookups missed the cache twice, which cost more.
    people: FxHashMap<Box<str>, SecretaryId>,
    parties: FxHashMap<&'a str, PartyId>,
    areas: FxHashMap<&'a str, AreaId>,
    /// Whether dataset.json parsed: if not, references into it are not reported.
    dataset_parsed: bool,
    /// Whether people.json parsed (until it is read, it has not): if not,
    /// references to people are not reported.
    people_parsed: bool,
}

impl<'a> Builder<'a> {
    /// Starts from `dataset.json`; `None` if it did not parse (its problems are
    /// reported already, and references into it are not reported again). The people
    /// follow one by one ([`Builder::person`], then [`Builder::people_read`]).
    pub fn new(dataset: Option<&'a DatasetFile>) -> Self {
        let mut builder = Self {
            findings: Vec::new(),
            failed: false,
            keys: Keys {
                dataset_parsed: dataset.is_some(),
                ..Keys::default()
            },
            as_of: None,
            sources: Vec::new(),
            countries: Vec::new(),
            organizations: Vec::new(),
            secretaries: Vec::new(),
            offices: Vec::new(),
            terms: Vec::new(),
            parties: Vec::new(),
            areas: Vec::new(),
            office_slugs: FxHashMap::default(),
            office_files: Vec::new(),
            all_offices_parsed: true,
            dates: FxHashMap::default(),
            source_lists: FxHashMap::default(),
        };
        if let Some(file) = dataset {
            builder.dataset_file(file);
        }
        builder
    }

    /// The problems found since the last call, to locate in their files' texts.
    pub fn take_findings(&mut self) -> Vec<Finding> {
        std::mem::take(&mut self.findings)
    }

    /// Says which office files there are (their names without `.json`), before any is
    /// checked: a related office may link to any of them.
    pub fn office_files(&mut self, stems: &[String]) {
        self.office_files = stems.to_vec();
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

        // Organizations too are served in slug order.
        let mut organizations = std::mem::take(&mut self.organizations);
        let mut order: Vec<usize> = (0..organizations.len()).collect();
        order.sort_by(|&a, &b| organizations[a].slug.cmp(&organizations[b].slug));
        let mut new_id = vec![0u32; organizations.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = new as u32;
        }
        let mut offices = offices;
        for office in &mut offices {
            office.organization = OrganizationId(new_id[office.organization.index()]);
        }
        let mut slots: Vec<Option<Organization>> = organizations.drain(..).map(Some).collect();
        let mut organizations: Vec<Organization> =
            order.iter().filter_map(|&old| slots[old].take()).collect();
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
        if self.keys.people_parsed && self.all_offices_parsed {
            for (index, secretary) in secretaries.iter().enumerate() {
                if secretary.terms.is_empty() {
                    self.report(
                        FileRef::People,
                        JsonPath::root().key("people").index(index),
                        format!(
                            "`{}` holds no term of any office: add their term to an office file, or remove them",
                            secretary.slug
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
            parties: self.parties,
            areas: self.areas,
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
}
