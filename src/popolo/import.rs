//! A Popolo file turned into a dataset directory that `tenure check` accepts.
//!
//! - Each post becomes an office; so does each organization whose memberships name no
//!   post (a legislature in EveryPolitician's files). Its seats are the most of its
//!   terms that certainly cover one day ([`crate::domain::seats`]).
//! - Each membership becomes a term. One without dates takes its legislative
//!   period's (`legislative_period_id` → `events`); dates keep their precision;
//!   `on_behalf_of_id` and `area_id` stay on the term as its party and area; a role
//!   `Acting ...` marks an acting holder.
//! - Persons keep their name, other names, identifiers and, where an area of
//!   classification `country` names it, their country.
//! - Sources (Popolo links) become the dataset's sources; an object without any cites
//!   the file itself.
//!
//! What cannot be mapped (a membership whose person is missing, a date that is no
//! date) is a [`Problem`] naming the object and the field: the import fails, or with
//! `lenient` skips the object and says so. What tenure has no place for (a person's
//! gender, an email) is counted in the report by member name. Nothing is dropped
//! without a line in the report.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;

use super::model::{self, Document, Link, Other};
use crate::dataset::CountryRecord;
use crate::dataset::{
    is_language_tag, DatasetFile, GroupRecord, IdentifierRecord, LocalizedRecord, OfficeFile,
    OrganizationRecord, OtherNameRecord, PeopleFile, PersonRecord, SourceRecord, TermRecord,
};
use crate::domain::{is_slug, seats, slugify, PartialDate};

/// How to import.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Skip what cannot be mapped, with a warning, instead of failing.
    pub lenient: bool,
    /// The dataset's asOf; without it, the latest day the file mentions.
    pub as_of: Option<NaiveDate>,
}

/// Something in the file that cannot be mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The object, e.g. `memberships[3] (id "m-3")`.
    pub object: String,
    /// The member at fault, e.g. `start_date`.
    pub field: &'static str,
    /// What is wrong and what would do.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: `{}`: {}", self.object, self.field, self.message)
    }
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    /// What could not be mapped: errors, or with `lenient`, the warnings of what was
    /// skipped.
    pub problems: Vec<Problem>,
    /// Objects skipped, by kind (`memberships`, ...), with `lenient`.
    pub skipped: BTreeMap<&'static str, usize>,
    /// Objects left out on purpose, by what they are, e.g. `persons with no membership`.
    pub left_out: BTreeMap<String, usize>,
    /// Members tenure has no place for, by path (`persons.gender`), with how many
    /// objects had them.
    pub not_kept: BTreeMap<String, usize>,
}

impl Report {
    fn not_kept(&mut self, kind: &str, other: &Other) {
        for key in other.keys() {
            *self.not_kept.entry(format!("{kind}.{key}")).or_default() += 1;
        }
    }

    fn left_out(&mut self, what: &str) {
        *self.left_out.entry(what.to_owned()).or_default() += 1;
    }
}

/// The dataset's files, ready to write.
#[derive(Debug)]
pub struct Imported {
    /// `dataset.json`.
    pub dataset: DatasetFile,
    /// `people.json`.
    pub people: PeopleFile,
    /// `offices/<slug>.json`, by slug.
    pub offices: Vec<OfficeFile>,
    /// What was done.
    pub report: Report,
}

/// `tenure import popolo FILE --out DIR`: reads, maps, writes the directory (whole, or
/// not at all), checks it with the loader and prints the report on standard error.
pub fn run(file: &Path, out: &Path, options: Options) -> anyhow::Result<()> {
    if out.exists()
        && std::fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .next()
            .is_some()
    {
        anyhow::bail!(
            "{} is not empty: give a new or empty directory to write the dataset into",
            out.display()
        );
    }
    let reader = BufReader::with_capacity(
        1 << 16,
        File::open(file).with_context(|| format!("cannot read {}", file.display()))?,
    );
    let document: Document = serde_json::from_reader(reader)
        .with_context(|| format!("{} is not a Popolo JSON document", file.display()))?;
    let name = file
        .file_name()
        .map_or("popolo.json".into(), |n| n.to_string_lossy());
    let imported = import(document, &name, options);
    let report = &imported.report;
    if !report.problems.is_empty() && !options.lenient {
        for problem in report.problems.iter().take(200) {
            eprintln!("error: {problem}");
        }
        if report.problems.len() > 200 {
            eprintln!("error: ... and {} more", report.problems.len() - 200);
        }
        anyhow::bail!(
            "{}: {} objects cannot be mapped; fix them, or pass --lenient to skip each",
            file.display(),
            report.problems.len()
        );
    }
    write_dir(&imported, out)?;
    let loaded = crate::dataset::load(out)
        .map_err(|e| anyhow::anyhow!("the imported dataset fails its checks: {e}"))?;
    let d = &loaded.dataset;
    eprintln!(
        "{} -> {}: {} organizations, {} offices, {} people, {} terms, {} parties, {} areas (asOf {}, version {})",
        file.display(),
        out.display(),
        d.organizations.len(),
        d.offices.len(),
        d.secretaries.len(),
        d.terms.len(),
        d.parties.len(),
        d.areas.len(),
        d.as_of,
        loaded.version
    );
    print_report(report);
    Ok(())
}

fn print_report(report: &Report) {
    for problem in report.problems.iter().take(200) {
        eprintln!("warning: skipped: {problem}");
    }
    for (kind, count) in &report.skipped {
        eprintln!("skipped {count} {kind} that cannot be mapped");
    }
    for (what, count) in &report.left_out {
        eprintln!("left out {count} {what}");
    }
    if !report.not_kept.is_empty() {
        let members: Vec<String> = report
            .not_kept
            .iter()
            .map(|(path, count)| format!("{path} ({count})"))
            .collect();
        eprintln!(
            "not kept (tenure has no place for them): {}",
            members.join(", ")
        );
    }
}

/// Writes the files into a new directory beside `out`, then renames it into place.
fn write_dir(imported: &Imported, out: &Path) -> anyhow::Result<()> {
    let parent = match out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".tenure-import-")
        .tempdir_in(parent)
        .with_context(|| format!("cannot write into {}", parent.display()))?;
    let write = |path: &Path, value: &dyn erased::Json| -> anyhow::Result<()> {
        let file =
            File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
        let mut writer = std::io::BufWriter::with_capacity(1 << 16, file);
        value.write_pretty(&mut writer)?;
        writer.write_all(b"\n")?;
        writer.flush()?;
        Ok(())
    };
    write(&staging.path().join("dataset.json"), &imported.dataset)?;
    write(&staging.path().join("people.json"), &imported.people)?;
    let offices = staging.path().join("offices");
    std::fs::create_dir(&offices)?;
    for office in &imported.offices {
        write(&offices.join(format!("{}.json", office.slug)), office)?;
    }
    if out.exists() {
        std::fs::remove_dir(out).with_context(|| format!("cannot replace {}", out.display()))?;
    }
    let staged = staging.keep();
    std::fs::rename(&staged, out)
        .with_context(|| format!("cannot move the dataset to {}", out.display()))?;
    Ok(())
}

mod erased {
    /// A file's value, written with 2-space indentation.
    pub trait Json {
        fn write_pretty(&self, out: &mut dyn std::io::Write) -> serde_json::Result<()>;
    }

    impl<T: serde::Serialize> Json for T {
        fn write_pretty(&self, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
            serde_json::to_writer_pretty(out, self)
        }
    }
}

/// Maps a parsed Popolo document to a dataset's files; `file` names the source.
pub fn import(document: Document, file: &str, options: Options) -> Imported {
    let mut importer = Importer::new(file, options);
    importer.run(document)
}

/// Gives each Popolo id a slug unique among its kind.
#[derive(Default)]
struct Slugs {
    by_id: HashMap<String, String>,
    taken: HashSet<String>,
}

impl Slugs {
    /// The slug for `id`: its last segment when that is a slug already (and not a bare
    /// UUID, which says nothing), else the name's, made unique with `-2`, `-3`, ...
    fn give(&mut self, id: &str, name: &str) -> String {
        if let Some(slug) = self.by_id.get(id) {
            return slug.clone();
        }
        let last = id.rsplit(['/', ':']).next().unwrap_or(id);
        let says_something = !looks_like_uuid(last) && !last.bytes().all(|b| b.is_ascii_digit());
        let base = if is_slug(last) && says_something {
            last.to_owned()
        } else {
            let from_name = slugify(name);
            if from_name.is_empty() {
                let from_id = slugify(id);
                if from_id.is_empty() {
                    "unnamed".to_owned()
                } else {
                    from_id
                }
            } else {
                from_name
            }
        };
        let mut slug = base.clone();
        let mut n = 2;
        while !self.taken.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        self.by_id.insert(id.to_owned(), slug.clone());
        slug
    }

    fn get(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(String::as_str)
    }
}

fn looks_like_uuid(text: &str) -> bool {
    text.len() == 36 && text.split('-').map(str::len).eq([8, 4, 4, 4, 12])
}

/// One term on its way to an office file.
struct PendingTerm {
    office: usize,
    holder: String,
    sort_name: String,
    start: PartialDate,
    end: Option<PartialDate>,
    acting: bool,
    party: Option<String>,
    area: Option<String>,
    sources: Vec<String>,
    /// Its place in the file, the last tie-breaker of the order.
    index: usize,
}

struct Importer {
    options: Options,
    report: Report,
    /// Sources by URL, in the order met.
    sources: Vec<SourceRecord>,
    source_by_url: HashMap<String, String>,
    source_keys: HashSet<String>,
    /// The source every object without its own cites: the file.
    file_source: String,
}

impl Importer {
    fn new(file: &str, options: Options) -> Self {
        let stem = file.strip_suffix(".json").unwrap_or(file);
        let key = match slugify(stem) {
            s if s.is_empty() => "popolo-file".to_owned(),
            s => s,
        };
        let mut importer = Self {
            options,
            report: Report::default(),
            sources: Vec::new(),
            source_by_url: HashMap::new(),
            source_keys: HashSet::new(),
            file_source: key.clone(),
        };
        importer.source_keys.insert(key.clone());
        importer.sources.push(SourceRecord {
            id: key,
            title: file.to_owned(),
            publisher: None,
            url: None,
            note: Some(format!(
                "The Popolo file this dataset was imported from with `tenure import popolo {file}`."
            )),
        });
        importer
    }

    fn problem(
        &mut self,
        kind: &'static str,
        object: String,
        field: &'static str,
        message: String,
    ) {
        self.report.problems.push(Problem {
            object,
            field,
            message,
        });
        *self.report.skipped.entry(kind).or_default() += 1;
    }

    /// The source keys for `links`, the file's when there are none.
    fn cite(&mut self, links: &[Link<'_>]) -> Vec<String> {
        if links.is_empty() {
            return vec![self.file_source.clone()];
        }
        let mut keys: Vec<String> = Vec::with_capacity(links.len());
        for link in links {
            let key = match self.source_by_url.get(link.url.as_ref()) {
                Some(key) => key.clone(),
                None => self.new_source(link),
            };
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
    }

    fn new_source(&mut self, link: &Link<'_>) -> String {
        let url = link.url.as_ref();
        let (base, address) = match url.strip_prefix(model::SOURCE_URN) {
            Some(key) if is_slug(key) => (key.to_owned(), None),
            _ => {
                let readable = url
                    .split_once("://")
                    .map_or(url, |(_, rest)| rest)
                    .trim_start_matches("www.");
                let mut slug = slugify(readable);
                slug.truncate(60);
                let slug = slug.trim_end_matches('-').to_owned();
                let slug = if slug.is_empty() {
                    "source".to_owned()
                } else {
                    slug
                };
                (slug, Some(url.to_owned()))
            }
        };
        let mut key = base.clone();
        let mut n = 2;
        while !self.source_keys.insert(key.clone()) {
            key = format!("{base}-{n}");
            n += 1;
        }
        self.source_by_url.insert(url.to_owned(), key.clone());
        self.sources.push(SourceRecord {
            id: key.clone(),
            title: link
                .note
                .as_deref()
                .filter(|note| !note.trim().is_empty())
                .unwrap_or(url)
                .to_owned(),
            publisher: None,
            url: address,
            note: None,
        });
        key
    }

    fn run(&mut self, mut document: Document) -> Imported {
        for key in document.other.keys() {
            *self.report.not_kept.entry(key.clone()).or_default() += 1;
        }
        if let Some(meta) = &document.meta {
            self.report.not_kept("meta", &meta.other);
            // The file cites where its data came from: the file's source points there.
            let file_source = &mut self.sources[0];
            file_source.url = meta.sources.first().cloned();
            if meta.sources.len() > 1 {
                file_source.note = Some(format!(
                    "{} Its data came from {}.",
                    file_source.note.take().unwrap_or_default(),
                    meta.sources.join(", ")
                ));
            }
        }
        let as_of = self.options.as_of.or_else(|| latest_day(&document));

        // Countries: areas of classification `country` with an ISO code.
        let mut countries: Vec<CountryRecord> = Vec::new();
        let mut country_by_name: HashMap<String, String> = HashMap::new();
        let mut area_slugs = Slugs::default();
        let mut areas: Vec<GroupRecord> = Vec::new();
        for (i, area) in document.areas.iter().enumerate() {
            self.report.not_kept("areas", &area.other);
            let is_country = area.classification.as_deref() == Some(model::COUNTRY);
            let code = area
                .identifiers
                .iter()
                .find(|id| id.scheme == model::ISO_COUNTRY_SCHEME)
                .map(|id| id.identifier.to_string());
            match (is_country, code) {
                (true, Some(code)) => {
                    if isocountry::CountryCode::for_alpha2(&code).is_err() {
                        self.problem("areas", describe("areas", i, &area.id), "identifiers", format!(
                            "`{code}` is not an ISO 3166-1 alpha-2 code: a country area's `{}` identifier is two capital letters such as TD",
                            model::ISO_COUNTRY_SCHEME
                        ));
                        continue;
                    }
                    country_by_name.insert(area.name.to_string(), code.clone());
                    countries.push(CountryRecord {
                        code,
                        name: area.name.to_string(),
                        sources: Vec::new(),
                    });
                }
                _ => {
                    if area.name.trim().is_empty() {
                        self.problem(
                            "areas",
                            describe("areas", i, &area.id),
                            "name",
                            "an area needs a name".to_owned(),
                        );
                        continue;
                    }
                    let slug = area_slugs.give(&area.id, &area.name);
                    areas.push(GroupRecord {
                        slug,
                        name: area.name.to_string(),
                    });
                }
            }
        }

        // Legislative periods, whose dates memberships without their own take.
        let mut periods: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
        for event in &document.events {
            self.report.not_kept("events", &event.other);
            periods.insert(
                event.id.to_string(),
                (
                    event.start_date.as_deref().map(str::to_owned),
                    event.end_date.as_deref().map(str::to_owned),
                ),
            );
        }

        // Parties: organizations so classified, or that a membership sits for.
        let sat_for: HashSet<&str> = document
            .memberships
            .iter()
            .filter_map(|m| m.on_behalf_of_id.as_deref())
            .collect();
        let held: HashSet<&str> = document
            .memberships
            .iter()
            .filter_map(|m| m.organization_id.as_deref())
            .chain(
                document
                    .posts
                    .iter()
                    .filter_map(|p| p.organization_id.as_deref()),
            )
            .collect();
        let mut party_slugs = Slugs::default();
        let mut parties: Vec<GroupRecord> = Vec::new();
        let mut organization_slugs = Slugs::default();
        let mut organizations: Vec<OrganizationRecord> = Vec::new();
        let mut organization_index: HashMap<String, usize> = HashMap::new();
        let mut declared_seats: HashMap<String, u32> = HashMap::new();
        let mut party_ids: HashSet<String> = HashSet::new();
        for (i, org) in document.organizations.iter().enumerate() {
            self.report.not_kept("organizations", &org.other);
            let is_party = org.classification.as_deref() == Some(model::PARTY)
                || sat_for.contains(org.id.as_ref());
            if org.name.trim().is_empty() {
                self.problem(
                    "organizations",
                    describe("organizations", i, &org.id),
                    "name",
                    "an organization needs a name".to_owned(),
                );
                continue;
            }
            if is_party {
                party_ids.insert(org.id.to_string());
                let slug = party_slugs.give(&org.id, &org.name);
                parties.push(GroupRecord {
                    slug,
                    name: org.name.to_string(),
                });
                continue;
            }
            if !held.contains(org.id.as_ref()) {
                self.report
                    .left_out("organizations that no post or membership belongs to");
                continue;
            }
            let mut abbreviation = None;
            let mut localized_names = Vec::new();
            for other in &org.other_names {
                match (other.note.as_deref(), other.lang.as_deref()) {
                    (Some(model::ABBREVIATION), _) if abbreviation.is_none() => {
                        abbreviation = Some(other.name.to_string());
                    }
                    (_, Some(lang)) if is_language_tag(&language_tag(lang)) => {
                        localized_names.push(LocalizedRecord {
                            language: language_tag(lang),
                            text: other.name.to_string(),
                        });
                    }
                    _ => {
                        *self
                            .report
                            .not_kept
                            .entry(
                                "organizations.other_names (no language, not an abbreviation)"
                                    .to_owned(),
                            )
                            .or_default() += 1;
                    }
                }
            }
            let slug = organization_slugs.give(&org.id, &org.name);
            if let Some(seats) = org.seats.filter(|&n| n > 0) {
                declared_seats.insert(slug.clone(), seats);
            }
            organization_index.insert(org.id.to_string(), organizations.len());
            let sources = self.cite(&org.sources);
            organizations.push(OrganizationRecord {
                slug,
                name: org.name.to_string(),
                abbreviation,
                localized_names,
                member_state_count: None,
                sources,
            });
        }

        // Offices: one per post, and one per organization whose memberships name no post.
        let mut office_slugs = Slugs::default();
        let mut offices: Vec<OfficeFile> = Vec::new();
        let mut office_of_post: HashMap<String, usize> = HashMap::new();
        for (i, post) in document.posts.iter().enumerate() {
            self.report.not_kept("posts", &post.other);
            let organization = post
                .organization_id
                .as_deref()
                .and_then(|id| organization_index.get(id).map(|&o| (id, o)));
            let Some((_, o)) = organization else {
                let message = match post.organization_id.as_deref() {
                    None => "a post needs the organization it belongs to: tenure's offices each belong to one".to_owned(),
                    Some(id) => format!("`{id}` names no organization of the file (parties cannot have posts)"),
                };
                self.problem(
                    "posts",
                    describe("posts", i, &post.id),
                    "organization_id",
                    message,
                );
                continue;
            };
            let name = if post.label.trim().is_empty() {
                match post.role.as_deref() {
                    Some(role) => format!("{role} of {}", organizations[o].name),
                    None => {
                        self.problem(
                            "posts",
                            describe("posts", i, &post.id),
                            "label",
                            "a post needs a label or a role to name its office".to_owned(),
                        );
                        continue;
                    }
                }
            } else {
                post.label.to_string()
            };
            let slug = office_slugs.give(&post.id, &name);
            let sources = self.cite(&post.sources);
            office_of_post.insert(post.id.to_string(), offices.len());
            offices.push(office(
                slug,
                &organizations[o],
                name,
                post.role.as_deref(),
                sources,
            ));
        }
        let mut office_of_organization: HashMap<String, usize> = HashMap::new();
        let mut office_from_organization: HashSet<String> = HashSet::new();

        // Terms.
        let mut person_index: HashMap<&str, usize> = HashMap::new();
        for (i, person) in document.persons.iter().enumerate() {
            person_index.insert(person.id.as_ref(), i);
        }
        let mut pending: Vec<PendingTerm> = Vec::with_capacity(document.memberships.len());
        let mut holders: Vec<bool> = vec![false; document.persons.len()];
        let memberships = std::mem::take(&mut document.memberships);
        for (i, m) in memberships.iter().enumerate() {
            self.report.not_kept("memberships", &m.other);
            let object = || describe("memberships", i, m.id.as_deref().unwrap_or(""));
            let Some(&person) = person_index.get(m.person_id.as_ref()) else {
                let message = format!("`{}` names no person of the file", m.person_id);
                self.problem("memberships", object(), "person_id", message);
                continue;
            };
            if document.persons[person].name.trim().is_empty() {
                self.problem(
                    "memberships",
                    object(),
                    "person_id",
                    format!("person `{}` has no name", m.person_id),
                );
                continue;
            }
            let office = match (m.post_id.as_deref(), m.organization_id.as_deref()) {
                (Some(post), _) => match office_of_post.get(post) {
                    Some(&o) => o,
                    None => {
                        self.problem(
                            "memberships",
                            object(),
                            "post_id",
                            format!("`{post}` names no post of the file that became an office"),
                        );
                        continue;
                    }
                },
                (None, Some(org)) if party_ids.contains(org) => {
                    self.report.left_out(
                        "memberships of parties (a term names its party with on_behalf_of_id)",
                    );
                    continue;
                }
                (None, Some(org)) => match office_of_organization.get(org) {
                    Some(&o) => o,
                    None => {
                        let Some(&o) = organization_index.get(org) else {
                            self.problem(
                                "memberships",
                                object(),
                                "organization_id",
                                format!("`{org}` names no organization of the file"),
                            );
                            continue;
                        };
                        let organization = &organizations[o];
                        let role = m.role.as_deref().map(capitalized);
                        let name = match &role {
                            Some(role) => format!("{role} of {}", organization.name),
                            None => organization.name.clone(),
                        };
                        let slug =
                            office_slugs.give(&format!("organization {org}"), &organization.slug);
                        let sources = organization.sources.clone();
                        office_of_organization.insert(org.to_owned(), offices.len());
                        office_from_organization.insert(slug.clone());
                        offices.push(office(slug, organization, name, role.as_deref(), sources));
                        offices.len() - 1
                    }
                },
                (None, None) => {
                    self.problem("memberships", object(), "organization_id", "a membership needs a post_id or an organization_id: the office it is a term of".to_owned());
                    continue;
                }
            };
            let period = m
                .legislative_period_id
                .as_deref()
                .map(|id| (id, periods.get(id)));
            if let Some((id, None)) = period {
                self.problem(
                    "memberships",
                    object(),
                    "legislative_period_id",
                    format!("`{id}` names no event of the file"),
                );
                continue;
            }
            let period = period.and_then(|(_, p)| p);
            let start_text = m
                .start_date
                .as_deref()
                .map(str::to_owned)
                .or_else(|| period.and_then(|p| p.0.clone()));
            let Some(start_text) = start_text else {
                self.problem("memberships", object(), "start_date", "no start_date, and no legislative period with one: a term needs the day it began, at any precision (YYYY, YYYY-MM, YYYY-MM-DD)".to_owned());
                continue;
            };
            let start = match parse_date(&start_text) {
                Ok(date) => date,
                Err(message) => {
                    self.problem("memberships", object(), "start_date", message);
                    continue;
                }
            };
            let end_text = m
                .end_date
                .as_deref()
                .map(str::to_owned)
                .or_else(|| period.and_then(|p| p.1.clone()));
            let end = match end_text.as_deref().map(parse_date) {
                None => None,
                Some(Ok(date)) => Some(date),
                Some(Err(message)) => {
                    self.problem("memberships", object(), "end_date", message);
                    continue;
                }
            };
            if let Some(end) = &end {
                if end.latest() < start.earliest() {
                    self.problem(
                        "memberships",
                        object(),
                        "end_date",
                        format!("it ends `{end}` before it starts `{start}`"),
                    );
                    continue;
                }
            }
            if end.is_none() && as_of.is_some_and(|as_of| start.earliest() > as_of) {
                self.problem("memberships", object(), "start_date", format!(
                    "an ongoing membership starts `{start}`, after asOf {}: give --as-of a later day",
                    as_of.expect("checked")
                ));
                continue;
            }
            let party = match m.on_behalf_of_id.as_deref() {
                None => None,
                Some(id) => match party_slugs.get(id) {
                    Some(slug) => Some(slug.to_owned()),
                    None => {
                        self.problem(
                            "memberships",
                            object(),
                            "on_behalf_of_id",
                            format!("`{id}` names no organization of the file"),
                        );
                        continue;
                    }
                },
            };
            let area = match m.area_id.as_deref() {
                None => None,
                Some(id) => match area_slugs.get(id) {
                    Some(slug) => Some(slug.to_owned()),
                    None => {
                        self.problem(
                            "memberships",
                            object(),
                            "area_id",
                            format!("`{id}` names no area of the file"),
                        );
                        continue;
                    }
                },
            };
            let acting = m.role.as_deref().is_some_and(|role| {
                role.to_lowercase()
                    .starts_with(&model::ACTING.to_lowercase())
            });
            // A membership that cites nothing rests on its person's sources, if any.
            let sources = match (
                m.sources.is_empty(),
                document.persons[person].sources.as_slice(),
            ) {
                (true, person_sources) if !person_sources.is_empty() => self.cite(person_sources),
                _ => self.cite(&m.sources),
            };
            holders[person] = true;
            pending.push(PendingTerm {
                office,
                holder: document.persons[person].id.to_string(),
                sort_name: document.persons[person].name.to_string(),
                start,
                end,
                acting,
                party,
                area,
                sources,
                index: i,
            });
        }
        drop(memberships);

        // People who hold a term.
        let mut person_slugs = Slugs::default();
        let mut people: Vec<PersonRecord> = Vec::new();
        for (i, person) in document.persons.iter().enumerate() {
            self.report.not_kept("persons", &person.other);
            if !holders[i] {
                self.report
                    .left_out("persons with no membership of an office");
                continue;
            }
            let slug = person_slugs.give(&person.id, &person.name);
            let country = person.national_identity.as_deref().and_then(|name| {
                let code = country_by_name.get(name).cloned();
                if code.is_none() {
                    *self
                        .report
                        .not_kept
                        .entry(
                            "persons.national_identity (no country area of that name)".to_owned(),
                        )
                        .or_default() += 1;
                }
                code
            });
            let country_sources = match (&country, person.sources.is_empty()) {
                (Some(_), _) => self.cite(&person.sources),
                (None, true) => Vec::new(),
                // Cited by their memberships instead.
                (None, false) => Vec::new(),
            };
            let mut other_names = Vec::new();
            for other in &person.other_names {
                if other.name.trim().is_empty() {
                    *self
                        .report
                        .not_kept
                        .entry("persons.other_names (empty)".to_owned())
                        .or_default() += 1;
                    continue;
                }
                let language = other.lang.as_deref().map(language_tag);
                let language = match language {
                    Some(tag) if !is_language_tag(&tag) => {
                        *self
                            .report
                            .not_kept
                            .entry("persons.other_names.lang (not a BCP 47 tag)".to_owned())
                            .or_default() += 1;
                        None
                    }
                    tag => tag,
                };
                self.report.not_kept("persons.other_names", &other.other);
                other_names.push(OtherNameRecord {
                    name: other.name.to_string(),
                    language,
                    note: other.note.as_deref().map(str::to_owned),
                });
            }
            let identifiers = person
                .identifiers
                .iter()
                .filter(|id| {
                    let whole = !id.scheme.trim().is_empty() && !id.identifier.trim().is_empty();
                    if !whole {
                        *self
                            .report
                            .not_kept
                            .entry("persons.identifiers (without scheme or identifier)".to_owned())
                            .or_default() += 1;
                    }
                    whole
                })
                .map(|id| IdentifierRecord {
                    scheme: id.scheme.to_string(),
                    identifier: id.identifier.to_string(),
                })
                .collect();
            people.push(PersonRecord {
                slug,
                name: person.name.to_string(),
                country,
                country_sources,
                other_names,
                identifiers,
            });
        }

        // Each office's terms in order of start, then end, then name.
        pending.sort_by(|a, b| {
            (a.office, a.start.earliest(), a.start.latest())
                .cmp(&(b.office, b.start.earliest(), b.start.latest()))
                .then_with(|| {
                    let end = |t: &PendingTerm| t.end.as_ref().map(|e| (e.earliest(), e.latest()));
                    // Ongoing last.
                    match (end(a), end(b)) {
                        (Some(x), Some(y)) => x.cmp(&y),
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (None, None) => std::cmp::Ordering::Equal,
                    }
                })
                .then_with(|| a.sort_name.cmp(&b.sort_name))
                .then(a.index.cmp(&b.index))
        });
        let as_of_day = as_of.unwrap_or(NaiveDate::MIN);
        let mut spans: Vec<Vec<(NaiveDate, NaiveDate)>> = vec![Vec::new(); offices.len()];
        for term in &pending {
            let office = &mut offices[term.office];
            if let Some(span) = seats::certain_span(&term.start, term.end.as_ref(), as_of_day) {
                spans[term.office].push(span);
            }
            office.terms.push(TermRecord {
                ordinal: office.terms.len() as u32 + 1,
                number: None,
                acting: term.acting,
                holder: person_slugs
                    .get(&term.holder)
                    .expect("every holder has a slug")
                    .to_owned(),
                start: term.start.to_string(),
                end: term.end.as_ref().map(ToString::to_string),
                end_reason: None,
                sources: term.sources.clone(),
                party: term.party.clone(),
                area: term.area.clone(),
            });
        }
        drop(pending);
        let mut kept_offices = Vec::with_capacity(offices.len());
        for (office, spans) in offices.into_iter().zip(spans) {
            if office.terms.is_empty() {
                self.report.left_out("posts with no membership");
                continue;
            }
            let seats = seats::most_at_once(&spans).max(1) as u32;
            // A single seat whose ongoing term is not the last is a second seat.
            let ongoing_early = office.terms[..office.terms.len() - 1]
                .iter()
                .any(|t| t.end.is_none());
            let needed = if seats == 1 && ongoing_early {
                2
            } else {
                seats
            };
            // A legislature's declared size stands unless its memberships need more.
            let declared = declared_seats
                .get(&office.organization)
                .copied()
                .filter(|_| office_from_organization.contains(&office.slug));
            let seats = match declared {
                Some(declared) if declared >= needed => declared,
                Some(declared) => {
                    self.report.left_out.insert(format!(
                        "of the {declared} seats `{}` declares: its memberships certainly hold {needed} at once, which the office takes",
                        office.organization
                    ), 1);
                    needed
                }
                None => needed,
            };
            kept_offices.push(OfficeFile {
                seats: (seats > 1).then_some(seats),
                ..office
            });
        }
        kept_offices.sort_by(|a, b| a.slug.cmp(&b.slug));
        let used_organizations: HashSet<&str> = kept_offices
            .iter()
            .map(|o| o.organization.as_str())
            .collect();
        organizations.retain(|o| used_organizations.contains(o.slug.as_str()));

        let report = std::mem::take(&mut self.report);
        Imported {
            dataset: DatasetFile {
                schema: None,
                as_of: as_of
                    .unwrap_or(NaiveDate::MIN)
                    .format("%Y-%m-%d")
                    .to_string(),
                sources: std::mem::take(&mut self.sources),
                countries,
                organizations,
                parties,
                areas,
            },
            people: PeopleFile {
                schema: None,
                people,
            },
            offices: kept_offices,
            report,
        }
    }
}

fn office(
    slug: String,
    organization: &OrganizationRecord,
    name: String,
    role: Option<&str>,
    sources: Vec<String>,
) -> OfficeFile {
    OfficeFile {
        schema: None,
        slug,
        organization: organization.slug.clone(),
        name,
        post_title: role.map(str::to_owned),
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

fn describe(kind: &str, index: usize, id: &str) -> String {
    if id.is_empty() {
        format!("{kind}[{index}]")
    } else {
        format!("{kind}[{index}] (id `{id}`)")
    }
}

/// `en_US` → `en-US`: Popolo files write locales as often as language tags.
fn language_tag(lang: &str) -> String {
    lang.replace('_', "-")
}

fn capitalized(role: &str) -> String {
    let mut chars = role.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A Popolo date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date-time, whose day is kept)
/// as a partial date.
fn parse_date(text: &str) -> Result<PartialDate, String> {
    let day = text.split_once('T').map_or(text, |(day, _)| day);
    day.parse::<PartialDate>().map_err(|e| e.to_string())
}

/// The latest day the file's memberships and events mention: the default asOf.
fn latest_day(document: &Document) -> Option<NaiveDate> {
    let memberships = document
        .memberships
        .iter()
        .flat_map(|m| [m.start_date.as_deref(), m.end_date.as_deref()]);
    let events = document
        .events
        .iter()
        .flat_map(|e| [e.start_date.as_deref(), e.end_date.as_deref()]);
    memberships
        .chain(events)
        .flatten()
        .filter_map(|text| parse_date(text).ok())
        .map(|date| date.earliest())
        .max()
}
