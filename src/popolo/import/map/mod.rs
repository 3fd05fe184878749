//! Maps a file's objects to a dataset's records: first everything but the
//! memberships ([`Mapper::new`]), then each membership as the reader hands it over
//! ([`Mapper::membership`]), then the people who hold a term and each office's terms
//! in order ([`Mapper::finish`]). This file holds the mapper and the first step;
//! [`terms`] the second, [`finish`] the last.

mod finish;
mod terms;

use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::ids::Slugs;
use super::people::language_tag;
use super::read::Outline;
use super::sources::Sources;
use super::{Options, Problem, Report};
use crate::dataset::{
    is_language_tag, CountryRecord, GroupRecord, LocalizedRecord, OfficeFile, OrganizationRecord,
};
use crate::domain::PartialDate;
use crate::popolo::model::{self, Person};

/// One term on its way to an office file, small: a large file has a million.
struct PendingTerm {
    office: u32,
    person: u32,
    start: PartialDate,
    end: Option<PartialDate>,
    acting: bool,
    party: Option<u32>,
    area: Option<u32>,
    /// Its list of sources, numbered by [`Sources::list`].
    sources: u32,
    /// Its place in the file, the last tie-breaker of the order.
    index: u32,
}

/// The mapping under way.
pub struct Mapper {
    options: Options,
    report: Report,
    sources: Sources,
    persons: Vec<Person<'static>>,
    person_index: HashMap<String, u32>,
    holds_a_term: Vec<bool>,
    periods: HashMap<String, (Option<String>, Option<String>)>,
    countries: Vec<CountryRecord>,
    country_by_name: HashMap<String, String>,
    areas: Vec<GroupRecord>,
    area_slugs: Slugs,
    area_by_id: HashMap<String, u32>,
    parties: Vec<GroupRecord>,
    party_slugs: Slugs,
    party_by_id: HashMap<String, u32>,
    party_ids: HashSet<String>,
    organizations: Vec<OrganizationRecord>,
    organization_slugs: Slugs,
    organization_index: HashMap<String, usize>,
    /// A legislature's size as EveryPolitician declares it, by organization slug.
    declared_seats: HashMap<String, u32>,
    offices: Vec<OfficeFile>,
    office_slugs: Slugs,
    office_of_post: HashMap<String, u32>,
    office_of_organization: HashMap<String, u32>,
    pending: Vec<PendingTerm>,
    /// The latest day the memberships and events mention: the default asOf.
    latest: Option<NaiveDate>,
}

impl Mapper {
    /// Maps everything of the file but its memberships; `file` names it.
    pub fn new(file: &str, options: Options, outline: Outline) -> Self {
        let mut mapper = Self {
            options,
            report: Report::default(),
            sources: Sources::new(file),
            persons: Vec::new(),
            person_index: HashMap::default(),
            holds_a_term: Vec::new(),
            periods: HashMap::default(),
            countries: Vec::new(),
            country_by_name: HashMap::default(),
            areas: Vec::new(),
            area_slugs: Slugs::default(),
            area_by_id: HashMap::default(),
            parties: Vec::new(),
            party_slugs: Slugs::default(),
            party_by_id: HashMap::default(),
            party_ids: HashSet::default(),
            organizations: Vec::new(),
            organization_slugs: Slugs::default(),
            organization_index: HashMap::default(),
            declared_seats: HashMap::default(),
            offices: Vec::new(),
            office_slugs: Slugs::default(),
            office_of_post: HashMap::default(),
            office_of_organization: HashMap::default(),
            pending: Vec::with_capacity(outline.memberships),
            latest: None,
        };
        for key in &outline.other {
            mapper.report.not_kept_once(key);
        }
        mapper.meta(outline.meta.as_ref());
        mapper.areas(&outline);
        mapper.periods(&outline);
        mapper.organizations(&outline);
        mapper.posts(&outline);
        mapper.person_index = outline
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.to_string(), i as u32))
            .collect();
        mapper.holds_a_term = vec![false; outline.persons.len()];
        mapper.persons = outline.persons;
        mapper
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

    /// The file's own source points where the file says its data came from.
    fn meta(&mut self, meta: Option<&model::Meta>) {
        let Some(meta) = meta else {
            return;
        };
        self.report.not_kept("meta", &meta.other);
        self.sources.file_came_from(&meta.sources);
    }

    /// Countries (areas of classification `country` with an ISO code), and the
    /// constituencies.
    fn areas(&mut self, outline: &Outline) {
        for (i, area) in outline.areas.iter().enumerate() {
            self.report.not_kept("areas", &area.other);
            let code = area
                .identifiers
                .iter()
                .find(|id| id.scheme == model::ISO_COUNTRY_SCHEME)
                .map(|id| id.identifier.to_string());
            let code = code.filter(|_| area.classification.as_deref() == Some(model::COUNTRY));
            if let Some(code) = code {
                if isocountry::CountryCode::for_alpha2(&code).is_err() {
                    self.problem("areas", describe("areas", i, &area.id), "identifiers", format!(
                        "`{code}` is not an ISO 3166-1 alpha-2 code: a country area's `{}` identifier is two capital letters such as TD",
                        model::ISO_COUNTRY_SCHEME
                    ));
                    continue;
                }
                self.country_by_name
                    .insert(area.name.to_string(), code.clone());
                self.countries.push(CountryRecord {
                    code,
                    name: area.name.to_string(),
                    sources: Vec::new(),
                });
                continue;
            }
            if area.name.trim().is_empty() {
                let object = describe("areas", i, &area.id);
                self.problem("areas", object, "name", "an area needs a name".to_owned());
                continue;
            }
            let slug = self.area_slugs.give(&area.id, &area.name);
            self.area_by_id
                .insert(area.id.to_string(), self.areas.len() as u32);
            self.areas.push(GroupRecord {
                slug,
                name: area.name.to_string(),
            });
        }
    }

    /// Legislative periods, whose dates memberships without their own take.
    fn periods(&mut self, outline: &Outline) {
        for event in &outline.events {
            self.report.not_kept("events", &event.other);
            for date in [&event.start_date, &event.end_date].into_iter().flatten() {
                self.saw(date);
            }
            self.periods.insert(
                event.id.to_string(),
                (
                    event.start_date.as_deref().map(str::to_owned),
                    event.end_date.as_deref().map(str::to_owned),
                ),
            );
        }
    }

    fn saw(&mut self, text: &str) {
        if let Ok(date) = parse_date(text) {
            self.latest = self.latest.max(Some(date.earliest()));
        }
    }

    /// Parties (so classified, or sat for), and the organizations that hold offices.
    fn organizations(&mut self, outline: &Outline) {
        let held: HashSet<&str> = outline
            .held
            .iter()
            .map(String::as_str)
            .chain(
                outline
                    .posts
                    .iter()
                    .filter_map(|p| p.organization_id.as_deref()),
            )
            .collect();
        for (i, org) in outline.organizations.iter().enumerate() {
            self.report.not_kept("organizations", &org.other);
            if org.name.trim().is_empty() {
                let object = describe("organizations", i, &org.id);
                let message = "an organization needs a name".to_owned();
                self.problem("organizations", object, "name", message);
                continue;
            }
            if org.classification.as_deref() == Some(model::PARTY)
                || outline.sat_for.contains(org.id.as_ref())
            {
                self.party_ids.insert(org.id.to_string());
                let slug = self.party_slugs.give(&org.id, &org.name);
                self.party_by_id
                    .insert(org.id.to_string(), self.parties.len() as u32);
                self.parties.push(GroupRecord {
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
                let language = other.lang.as_deref().map(language_tag);
                match (other.note.as_deref(), language) {
                    (Some(model::ABBREVIATION), _) if abbreviation.is_none() => {
                        abbreviation = Some(other.name.to_string());
                    }
                    (_, Some(language)) if is_language_tag(&language) => {
                        localized_names.push(LocalizedRecord {
                            language,
                            text: other.name.to_string(),
                        });
                    }
                    _ => self.report.not_kept_once(
                        "organizations.other_names (no language, not an abbreviation)",
                    ),
                }
            }
            let slug = self.organization_slugs.give(&org.id, &org.name);
            if let Some(seats) = org.seats.filter(|&n| n > 0) {
                self.declared_seats.insert(slug.clone(), seats);
            }
            self.organization_index
                .insert(org.id.to_string(), self.organizations.len());
            let sources = self.sources.cite(&org.sources);
            self.organizations.push(OrganizationRecord {
                slug,
                name: org.name.to_string(),
                abbreviation,
                localized_names,
                member_state_count: None,
                sources,
            });
        }
    }

    /// One office per post.
    fn posts(&mut self, outline: &Outline) {
        for (i, post) in outline.posts.iter().enumerate() {
            self.report.not_kept("posts", &post.other);
            let object = || describe("posts", i, &post.id);
            let Some(&o) = post
                .organization_id
                .as_deref()
                .and_then(|id| self.organization_index.get(id))
            else {
                let message = match post.organization_id.as_deref() {
                    None => "a post needs the organization it belongs to: tenure's offices each belong to one".to_owned(),
                    Some(id) => format!("`{id}` names no organization of the file (parties cannot have posts)"),
                };
                self.problem("posts", object(), "organization_id", message);
                continue;
            };
            let name = match (post.label.trim().is_empty(), post.role.as_deref()) {
                (false, _) => post.label.to_string(),
                (true, Some(role)) => format!("{role} of {}", self.organizations[o].name),
                (true, None) => {
                    let message = "a post needs a label or a role to name its office".to_owned();
                    self.problem("posts", object(), "label", message);
                    continue;
                }
            };
            let slug = self.office_slugs.give(&post.id, &name);
            let sources = self.sources.cite(&post.sources);
            self.office_of_post
                .insert(post.id.to_string(), self.offices.len() as u32);
            let office = office(
                slug,
                &self.organizations[o],
                name,
                post.role.as_deref(),
                sources,
            );
            self.offices.push(office);
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
        post_title: role.map(str::to_owned),
        ..OfficeFile::new(slug, organization.slug.clone(), name, sources)
    }
}

fn describe(kind: &str, index: usize, id: &str) -> String {
    if id.is_empty() {
        format!("{kind}[{index}]")
    } else {
        format!("{kind}[{index}] (id `{id}`)")
    }
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
