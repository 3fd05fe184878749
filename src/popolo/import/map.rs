//! Maps a file's objects to a dataset's records: first everything but the
//! memberships ([`Mapper::new`]), then each membership as the reader hands it over
//! ([`Mapper::membership`]), then the people who hold a term and each office's terms
//! in order ([`Mapper::finish`]).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;

use super::ids::Slugs;
use super::read::Outline;
use super::{Imported, Options, Problem, Report};
use crate::dataset::{
    is_language_tag, CountryRecord, DatasetFile, GroupRecord, IdentifierRecord, LocalizedRecord,
    OfficeFile, OrganizationRecord, OtherNameRecord, PeopleFile, PersonRecord, SourceRecord,
    TermRecord,
};
use crate::domain::{is_slug, seats, slugify, PartialDate};
use crate::popolo::model::{self, Link, Membership, Person};

/// One term on its way to an office file, small: a large file has a million.
struct PendingTerm {
    office: u32,
    person: u32,
    start: PartialDate,
    end: Option<PartialDate>,
    acting: bool,
    party: Option<u32>,
    area: Option<u32>,
    /// Its list of sources, among [`Mapper::source_lists`].
    sources: u32,
    /// Its place in the file, the last tie-breaker of the order.
    index: u32,
}

/// The mapping under way.
pub struct Mapper {
    options: Options,
    report: Report,
    /// The dataset's sources, the file's first.
    sources: Vec<SourceRecord>,
    source_by_url: HashMap<String, String>,
    source_keys: HashSet<String>,
    /// Each distinct list of source keys a term cites, once.
    source_lists: Vec<Vec<String>>,
    source_list_index: HashMap<Vec<String>, u32>,
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
        let stem = file.strip_suffix(".json").unwrap_or(file);
        let key = Some(slugify(stem))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "popolo-file".to_owned());
        let mut mapper = Self {
            options,
            report: Report::default(),
            sources: vec![SourceRecord {
                id: key.clone(),
                title: file.to_owned(),
                publisher: None,
                url: None,
                note: Some(format!(
                    "The Popolo file this dataset was imported from with `tenure import popolo {file}`."
                )),
            }],
            source_by_url: HashMap::default(),
            source_keys: HashSet::from_iter([key]),
            source_lists: Vec::new(),
            source_list_index: HashMap::default(),
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
            let sources = self.cite(&org.sources);
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
            let sources = self.cite(&post.sources);
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

    /// The office a membership of the organization `org` with no post is a term of,
    /// made at its first membership: `<Role> of <organization>`, e.g. Member of
    /// Parliament.
    fn office_of_organization(&mut self, org: &str, role: Option<&str>) -> Option<u32> {
        if let Some(&office) = self.office_of_organization.get(org) {
            return Some(office);
        }
        let organization = &self.organizations[*self.organization_index.get(org)?];
        let role = role.map(capitalized);
        let name = match &role {
            Some(role) => format!("{role} of {}", organization.name),
            None => organization.name.clone(),
        };
        let slug = self
            .office_slugs
            .give(&format!("organization {org}"), &organization.slug);
        let mut office = office(
            slug,
            organization,
            name,
            role.as_deref(),
            organization.sources.clone(),
        );
        // A legislature's declared size stands unless its memberships need more.
        office.seats = self.declared_seats.get(&organization.slug).copied();
        let index = self.offices.len() as u32;
        self.offices.push(office);
        self.office_of_organization.insert(org.to_owned(), index);
        Some(index)
    }

    /// Maps one membership to a term, or reports why it cannot be.
    pub fn membership(&mut self, i: usize, m: Membership<'static>) {
        self.report.not_kept("memberships", &m.other);
        for date in [&m.start_date, &m.end_date].into_iter().flatten() {
            self.saw(date);
        }
        match self.term(i, &m) {
            Ok(Some(term)) => self.pending.push(term),
            Ok(None) => {}
            Err((field, message)) => {
                let object = describe("memberships", i, m.id.as_deref().unwrap_or(""));
                self.problem("memberships", object, field, message);
            }
        }
    }

    fn term(
        &mut self,
        i: usize,
        m: &Membership<'static>,
    ) -> Result<Option<PendingTerm>, (&'static str, String)> {
        let person = *self.person_index.get(m.person_id.as_ref()).ok_or_else(|| {
            (
                "person_id",
                format!("`{}` names no person of the file", m.person_id),
            )
        })?;
        if self.persons[person as usize].name.trim().is_empty() {
            return Err(("person_id", format!("person `{}` has no name", m.person_id)));
        }
        let office = match (m.post_id.as_deref(), m.organization_id.as_deref()) {
            (Some(post), _) => *self.office_of_post.get(post).ok_or_else(|| {
                (
                    "post_id",
                    format!("`{post}` names no post of the file that became an office"),
                )
            })?,
            (None, Some(org)) if self.party_ids.contains(org) => {
                self.report.left_out(
                    "memberships of parties (a term names its party with on_behalf_of_id)",
                );
                return Ok(None);
            }
            (None, Some(org)) => self
                .office_of_organization(org, m.role.as_deref())
                .ok_or_else(|| {
                    (
                        "organization_id",
                        format!("`{org}` names no organization of the file"),
                    )
                })?,
            (None, None) => {
                return Err(("organization_id", "a membership needs a post_id or an organization_id: the office it is a term of".to_owned()));
            }
        };
        let period = match m.legislative_period_id.as_deref() {
            None => None,
            Some(id) => Some(self.periods.get(id).ok_or_else(|| {
                (
                    "legislative_period_id",
                    format!("`{id}` names no event of the file"),
                )
            })?),
        };
        let start = m
            .start_date
            .as_deref()
            .or_else(|| period.and_then(|p| p.0.as_deref()))
            .ok_or(("start_date", "no start_date, and no legislative period with one: a term needs the day it began, at any precision (YYYY, YYYY-MM, YYYY-MM-DD)".to_owned()))?;
        let start = parse_date(start).map_err(|e| ("start_date", e))?;
        let end = match m
            .end_date
            .as_deref()
            .or_else(|| period.and_then(|p| p.1.as_deref()))
        {
            None => None,
            Some(text) => Some(parse_date(text).map_err(|e| ("end_date", e))?),
        };
        if let Some(end) = end.as_ref().filter(|end| end.latest() < start.earliest()) {
            return Err((
                "end_date",
                format!("it ends `{end}` before it starts `{start}`"),
            ));
        }
        let party = match m.on_behalf_of_id.as_deref() {
            None => None,
            Some(id) => Some(self.party_by_id.get(id).copied().ok_or_else(|| {
                (
                    "on_behalf_of_id",
                    format!("`{id}` names no organization of the file"),
                )
            })?),
        };
        let area = match m.area_id.as_deref() {
            None => None,
            Some(id) => Some(
                self.area_by_id
                    .get(id)
                    .copied()
                    .ok_or_else(|| ("area_id", format!("`{id}` names no area of the file")))?,
            ),
        };
        let acting = m.role.as_deref().is_some_and(|role| {
            role.to_lowercase()
                .starts_with(&model::ACTING.to_lowercase())
        });
        // A membership that cites nothing rests on its person's sources, if any.
        let links = match m.sources.as_slice() {
            [] => self.persons[person as usize].sources.clone(),
            links => links.to_vec(),
        };
        let sources = self.cite(&links);
        let sources = self.source_list(sources);
        Ok(Some(PendingTerm {
            office,
            person,
            start,
            end,
            acting,
            party,
            area,
            sources,
            index: i as u32,
        }))
    }

    fn source_list(&mut self, keys: Vec<String>) -> u32 {
        if let Some(&index) = self.source_list_index.get(&keys) {
            return index;
        }
        let index = self.source_lists.len() as u32;
        self.source_lists.push(keys.clone());
        self.source_list_index.insert(keys, index);
        index
    }

    /// The source keys for `links`, the file's when there are none.
    fn cite(&mut self, links: &[Link<'_>]) -> Vec<String> {
        if links.is_empty() {
            return vec![self.sources[0].id.clone()];
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

    /// A source for a link: tenure's own key back from `urn:tenure:source:<key>`, else
    /// a key made of the address.
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
                let slug = slug.trim_end_matches('-');
                let slug = if slug.is_empty() { "source" } else { slug };
                (slug.to_owned(), Some(url.to_owned()))
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

    /// The people who hold a term and each office's terms in order of start, then end,
    /// then name; asOf; each office's seats.
    pub fn finish(mut self) -> Imported {
        let as_of = self.options.as_of.or(self.latest);
        let as_of_day = as_of.unwrap_or(NaiveDate::MIN);
        // An ongoing term must have begun by asOf.
        let mut pending = std::mem::take(&mut self.pending);
        pending.retain(|term| {
            if term.end.is_some() || term.start.earliest() <= as_of_day {
                return true;
            }
            self.report.problems.push(Problem {
                object: describe("memberships", term.index as usize, ""),
                field: "start_date",
                message: format!(
                    "an ongoing membership starts `{}`, after asOf {as_of_day}: give --as-of a later day",
                    term.start
                ),
            });
            *self.report.skipped.entry("memberships").or_default() += 1;
            false
        });
        for term in &pending {
            self.holds_a_term[term.person as usize] = true;
        }
        pending.sort_by(|a, b| {
            let end = |t: &PendingTerm| t.end.as_ref().map(|e| (e.earliest(), e.latest()));
            let name = |t: &PendingTerm| self.persons[t.person as usize].name.as_ref();
            (a.office, a.start.earliest(), a.start.latest())
                .cmp(&(b.office, b.start.earliest(), b.start.latest()))
                // Ongoing last.
                .then_with(|| match (end(a), end(b)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (x, y) => y.is_some().cmp(&x.is_some()),
                })
                .then_with(|| name(a).cmp(name(b)))
                .then(a.index.cmp(&b.index))
        });
        // The persons (a copy of the file's) give way to the people records before
        // the terms are made, so the two large outputs are never beside the input.
        let (people, person_slugs) = self.people();
        self.person_index = HashMap::default();
        let mut spans: Vec<Vec<(NaiveDate, NaiveDate)>> = vec![Vec::new(); self.offices.len()];
        let mut counts = vec![0usize; self.offices.len()];
        for term in &pending {
            counts[term.office as usize] += 1;
        }
        for (office, count) in self.offices.iter_mut().zip(counts) {
            office.terms.reserve_exact(count);
        }
        for term in pending {
            let office = &mut self.offices[term.office as usize];
            if let Some(span) = seats::certain_span(&term.start, term.end.as_ref(), as_of_day) {
                spans[term.office as usize].push(span);
            }
            office.terms.push(TermRecord {
                ordinal: office.terms.len() as u32 + 1,
                number: None,
                acting: term.acting,
                holder: person_slugs[term.person as usize].clone(),
                start: term.start.to_string(),
                end: term.end.as_ref().map(ToString::to_string),
                end_reason: None,
                sources: self.source_lists[term.sources as usize].clone(),
                party: term.party.map(|p| self.parties[p as usize].slug.clone()),
                area: term.area.map(|a| self.areas[a as usize].slug.clone()),
            });
        }
        let mut offices = Vec::with_capacity(self.offices.len());
        for (mut office, spans) in std::mem::take(&mut self.offices).into_iter().zip(spans) {
            if office.terms.is_empty() {
                self.report.left_out("posts with no membership");
                continue;
            }
            office.seats = self.seats(&office, &spans);
            offices.push(office);
        }
        offices.sort_by(|a, b| a.slug.cmp(&b.slug));
        let used: HashSet<&str> = offices.iter().map(|o| o.organization.as_str()).collect();
        self.organizations
            .retain(|o| used.contains(o.slug.as_str()));

        Imported {
            dataset: DatasetFile {
                schema: None,
                as_of: as_of_day.format("%Y-%m-%d").to_string(),
                sources: self.sources,
                countries: self.countries,
                organizations: self.organizations,
                parties: self.parties,
                areas: self.areas,
            },
            people: PeopleFile {
                schema: None,
                people,
            },
            offices,
            report: self.report,
        }
    }

    /// An office's seats: the most of its terms that certainly hold one on the same
    /// day, or the organization's declared size when that is more; `None` for one.
    fn seats(&mut self, office: &OfficeFile, spans: &[(NaiveDate, NaiveDate)]) -> Option<u32> {
        let mut needed = seats::most_at_once(spans).max(1) as u32;
        // One seat whose ongoing term is not the last holds two.
        let last = office.terms.len() - 1;
        if needed == 1 && office.terms[..last].iter().any(|t| t.end.is_none()) {
            needed = 2;
        }
        let seats = match office.seats {
            Some(declared) if declared >= needed => declared,
            Some(declared) => {
                self.report.left_out.insert(
                    format!(
                        "of the {declared} seats `{}` declares: its memberships certainly hold {needed} at once, which the office takes",
                        office.organization
                    ),
                    1,
                );
                needed
            }
            None => needed,
        };
        (seats > 1).then_some(seats)
    }

    /// The persons who hold a term, and every person's slug (empty for the others);
    /// the persons read from the file are gone afterwards.
    fn people(&mut self) -> (Vec<PersonRecord>, Vec<String>) {
        let mut person_slugs = Slugs::default();
        let mut slugs = vec![String::new(); self.persons.len()];
        let persons = std::mem::take(&mut self.persons);
        let mut people = Vec::with_capacity(persons.len());
        for (i, person) in persons.into_iter().enumerate() {
            self.report.not_kept("persons", &person.other);
            if !self.holds_a_term[i] {
                self.report
                    .left_out("persons with no membership of an office");
                continue;
            }
            slugs[i] = person_slugs.give(&person.id, &person.name);
            people.push(self.person(slugs[i].clone(), &person));
        }
        (people, slugs)
    }

    fn person(&mut self, slug: String, person: &Person<'static>) -> PersonRecord {
        let country = person.national_identity.as_deref().and_then(|name| {
            let code = self.country_by_name.get(name).cloned();
            if code.is_none() {
                self.report
                    .not_kept_once("persons.national_identity (no country area of that name)");
            }
            code
        });
        // Without a country, a person's sources are cited by their memberships instead.
        let country_sources = match country {
            Some(_) => self.cite(&person.sources),
            None => Vec::new(),
        };
        let mut other_names = Vec::new();
        for other in &person.other_names {
            self.report.not_kept("persons.other_names", &other.other);
            if other.name.trim().is_empty() {
                self.report.not_kept_once("persons.other_names (empty)");
                continue;
            }
            let language = other.lang.as_deref().map(language_tag);
            let language = match language {
                Some(tag) if !is_language_tag(&tag) => {
                    self.report
                        .not_kept_once("persons.other_names.lang (not a BCP 47 tag)");
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
                self.report
                    .not_kept_once("persons.identifiers (without scheme or identifier)");
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
