//! `tenure generate`: a synthetic dataset in the project's own format, for benchmarks
//! and scale tests. It is deterministic for a seed (ChaCha8, whose output is fixed by
//! its specification) and realistic where the index cares: partial dates at YEAR,
//! MONTH and DAY precision, same-day handovers and vacancies, people with several terms
//! and offices, at most one ongoing term per office, acting terms outside the office's
//! numbering, end reasons, names with diacritics.
//!
//! The bundled offices, their people and their sources are included as they are, so
//! the headline query answers the same on a generated dataset of any size.
//!
//! Each term is drawn as real first and last days and then written at a random
//! precision that contains them, so consecutive terms never certainly overlap and every
//! end can fall after its start: the result always passes `tenure check`.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context as _;
use chrono::{Datelike, Duration, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::dataset::{
    CountryRecord, DatasetFile, OfficeFile, OrganizationRecord, PeopleFile, PersonRecord,
    PowerRecord, SourceRecord, TermRecord, DATASET_FILE, OFFICES_DIR, PEOPLE_FILE,
};
use crate::domain::slugify;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Number of offices.
    pub offices: usize,
    /// Terms in each office.
    pub terms_per_office: usize,
    /// The random seed: the same plan gives the same files.
    pub seed: u64,
}

/// The day the synthetic facts are "last known true".
const AS_OF: (i32, u32, u32) = (2026, 11, 27);
const OFFICES_PER_ORGANIZATION: usize = 25;
const SOURCE: &str = "synthetic";

const GIVEN: &[&str] = &[
    "Ayşe",
    "José",
    "Zoë",
    "Łukasz",
    "Søren",
    "Đorđe",
    "François",
    "Ekmeleddin",
    "Iyad",
    "Amadou",
    "Habib",
    "Hissein",
    "Ngozi",
    "Siân",
    "Björn",
    "Chloé",
    "Tomás",
    "Žaneta",
    "Ana",
    "Kwame",
    "Mei",
    "Oğuz",
    "Renée",
    "Ilse",
    "Dương",
    "Hamid",
    "Saoirse",
    "Jürgen",
    "Inés",
    "Mário",
];
const FAMILY: &[&str] = &[
    "İhsanoğlu",
    "Müller",
    "Núñez",
    "Čapek",
    "Ólafsdóttir",
    "Nowak",
    "Dubois",
    "Al-Othaimeen",
    "Gaye",
    "Chatty",
    "Taha",
    "Okafor",
    "Lindqvist",
    "Ferreira",
    "Kowalczyk",
    "Nguyễn",
    "Pirzada",
    "Laraki",
    "Mensah",
    "Søndergaard",
    "García",
    "Yılmaz",
    "Håkansson",
    "Rahman",
    "Belkeziz",
    "O'Brien",
    "Đukić",
    "Tuhami",
    "Kovačević",
    "Algabid",
];
const COUNTRIES: &[(&str, &str)] = &[
    ("TR", "Türkiye"),
    ("DE", "Germany"),
    ("ES", "Spain"),
    ("CZ", "Czechia"),
    ("IS", "Iceland"),
    ("PL", "Poland"),
    ("FR", "France"),
    ("SA", "Saudi Arabia"),
    ("SN", "Senegal"),
    ("TN", "Tunisia"),
    ("TD", "Chad"),
    ("NG", "Nigeria"),
    ("SE", "Sweden"),
    ("BR", "Brazil"),
    ("VN", "Viet Nam"),
    ("PK", "Pakistan"),
    ("MA", "Morocco"),
    ("GH", "Ghana"),
    ("DK", "Denmark"),
    ("MY", "Malaysia"),
    ("IE", "Ireland"),
    ("RS", "Serbia"),
    ("EG", "Egypt"),
    ("HR", "Croatia"),
    ("NE", "Niger"),
    ("JP", "Japan"),
    ("CL", "Chile"),
    ("KE", "Kenya"),
    ("NO", "Norway"),
    ("PT", "Portugal"),
];
const POSTS: &[&str] = &[
    "Secretary-General",
    "President",
    "Director-General",
    "Chair",
    "Treasurer",
    "Registrar",
    "High Commissioner",
    "Executive Secretary",
    "Ombudsman",
    "Chief Justice",
];

/// Why a generated term ended, as often as real lists say: most run their course, a
/// few holders resign or die, an acting holder gives way to an appointed one; some
/// terms have no reason, as where no source says.
fn end_reason(rng: &mut ChaCha8Rng, acting: bool) -> Option<&'static str> {
    let roll = rng.random_range(0..100);
    match (acting, roll) {
        (_, 0..15) => None,
        (true, _) => Some("SUCCESSOR_APPOINTED"),
        (false, 15..25) => Some("RESIGNED"),
        (false, 25..30) => Some("DIED"),
        (false, _) => Some("TERM_ENDED"),
    }
}

/// Writes the dataset of `plan` into `out`, which must not hold a dataset already.
pub fn write(plan: Plan, out: &Path) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(plan.seed);
    let as_of = NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).expect("a real day");
    fs::create_dir_all(out.join(OFFICES_DIR))
        .with_context(|| format!("cannot create {}", out.join(OFFICES_DIR).display()))?;

    let mut people: Vec<PersonRecord> = Vec::new();
    let organizations = plan.offices.div_ceil(OFFICES_PER_ORGANIZATION).max(1);
    // Spread the terms over at most ~1000 years so any plan fits in years 1000..asOf.
    let mean_days = (4.5 * 365.25_f64).min(1000.0 * 365.25 / plan.terms_per_office.max(1) as f64);

    for office_index in 0..plan.offices {
        let slug = format!("office-{office_index:06}");
        let post = POSTS[office_index % POSTS.len()];
        let organization = office_index / OFFICES_PER_ORGANIZATION;
        let span = mean_days * plan.terms_per_office as f64;
        let latest_start = as_of - Duration::days(span.ceil() as i64 + 30);
        let mut day = latest_start - Duration::days(rng.random_range(0..3650));
        let mut terms = Vec::with_capacity(plan.terms_per_office);
        let mut office_people: Vec<usize> = Vec::new();
        let mut number = 0;
        for ordinal in 1..=plan.terms_per_office {
            let holder = pick_holder(&mut rng, &mut people, &office_people);
            office_people.push(holder);
            let length = rng
                .random_range((mean_days * 0.2) as i64..=(mean_days * 1.8) as i64)
                .max(1);
            let first = day;
            let last = (first + Duration::days(length)).min(as_of);
            let ongoing = ordinal == plan.terms_per_office && rng.random_bool(0.6);
            // One term in ten is an acting holder's, outside the office's numbering.
            let acting = ordinal > 1 && rng.random_bool(0.1);
            if !acting {
                number += 1;
            }
            terms.push(TermRecord {
                ordinal: ordinal as u32,
                number: (!acting).then_some(number),
                acting,
                holder: people[holder].slug.clone(),
                start: render(&mut rng, first),
                end: (!ongoing).then(|| render(&mut rng, last)),
                end_reason: (!ongoing)
                    .then(|| end_reason(&mut rng, acting))
                    .flatten()
                    .map(str::to_owned),
                sources: vec![SOURCE.to_owned()],
                party: None,
                area: None,
            });
            // 70% hand over on the same day, the rest leave a vacancy.
            day = if rng.random_bool(0.7) {
                last
            } else {
                last + Duration::days(rng.random_range(1..400))
            }
            .min(as_of);
        }
        let file = OfficeFile {
            schema: Some("../schema.json".to_owned()),
            post_title: Some(post.to_owned()),
            description: Some(format!("A synthetic office, number {office_index}.")),
            powers: vec![PowerRecord {
                title: "Serving as a benchmark".to_owned(),
                description: "Exists so that range queries can be measured at scale.".to_owned(),
            }],
            terms,
            ..OfficeFile::new(
                slug.clone(),
                format!("org-{organization:04}"),
                format!("{post} of Synthetic Organization {organization}"),
                vec![SOURCE.to_owned()],
            )
        };
        write_json(&out.join(OFFICES_DIR).join(format!("{slug}.json")), &file)?;
    }

    let bundled = Bundled::parse()?;
    for office in &bundled.offices {
        write_json(
            &out.join(OFFICES_DIR).join(format!("{}.json", office.slug)),
            office,
        )?;
    }
    people.extend(bundled.people.people);

    let mut dataset = DatasetFile {
        schema: Some("./schema.json".to_owned()),
        as_of: as_of.format("%Y-%m-%d").to_string(),
        sources: vec![SourceRecord {
            id: SOURCE.to_owned(),
            title: "tenure generate".to_owned(),
            publisher: None,
            url: None,
            note: Some(format!(
                "Synthetic data: {} offices of {} terms, seed {}. Not facts.",
                plan.offices, plan.terms_per_office, plan.seed
            )),
        }],
        countries: COUNTRIES
            .iter()
            .map(|(code, name)| CountryRecord {
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                sources: vec![SOURCE.to_owned()],
            })
            .collect(),
        organizations: (0..organizations)
            .map(|i| OrganizationRecord {
                slug: format!("org-{i:04}"),
                name: format!("Synthetic Organization {i}"),
                abbreviation: Some(format!("SO{i}")),
                localized_names: Vec::new(),
                member_state_count: Some(rng.random_range(5..200)),
                sources: vec![SOURCE.to_owned()],
            })
            .collect(),
        parties: Vec::new(),
        areas: Vec::new(),
    };
    dataset.sources.extend(bundled.dataset.sources);
    dataset.organizations.extend(bundled.dataset.organizations);
    // The bundled countries carry their sources; they replace generated ones by code.
    dataset
        .countries
        .retain(|c| !bundled.dataset.countries.iter().any(|b| b.code == c.code));
    dataset.countries.extend(bundled.dataset.countries);
    write_json(&out.join(DATASET_FILE), &dataset)?;
    write_json(
        &out.join(PEOPLE_FILE),
        &PeopleFile {
            schema: Some("./schema.json".to_owned()),
            people,
        },
    )
}

/// The bundled dataset's files, compiled in.
struct Bundled {
    dataset: DatasetFile,
    people: PeopleFile,
    offices: Vec<OfficeFile>,
}

impl Bundled {
    fn parse() -> anyhow::Result<Self> {
        let offices = [
            include_str!("../data/offices/oic-secretary-general.json"),
            include_str!("../data/offices/un-secretary-general.json"),
            include_str!("../data/offices/nato-secretary-general.json"),
            include_str!("../data/offices/oas-secretary-general.json"),
        ];
        Ok(Self {
            dataset: serde_json::from_str(include_str!("../data/dataset.json"))?,
            people: serde_json::from_str(include_str!("../data/people.json"))?,
            offices: offices
                .into_iter()
                .map(serde_json::from_str)
                .collect::<Result<_, _>>()?,
        })
    }
}

/// A new person most of the time; otherwise someone who already holds a term, of this
/// office or another, but not the previous holder (who would simply have gone on).
fn pick_holder(rng: &mut ChaCha8Rng, people: &mut Vec<PersonRecord>, office: &[usize]) -> usize {
    let previous = office.last().copied();
    if !people.is_empty() && rng.random_bool(0.25) {
        let candidate = if !office.is_empty() && rng.random_bool(0.5) {
            office[rng.random_range(0..office.len())]
        } else {
            rng.random_range(0..people.len())
        };
        if Some(candidate) != previous {
            return candidate;
        }
    }
    let name = format!(
        "{} {}",
        GIVEN[rng.random_range(0..GIVEN.len())],
        FAMILY[rng.random_range(0..FAMILY.len())]
    );
    let (code, _) = COUNTRIES[rng.random_range(0..COUNTRIES.len())];
    people.push(PersonRecord {
        slug: format!("{}-{}", slugify(&name), people.len() + 1),
        name,
        country: Some(code.to_owned()),
        country_sources: vec![SOURCE.to_owned()],
        other_names: Vec::new(),
        identifiers: Vec::new(),
    });
    people.len() - 1
}

/// The day written at a random precision: half DAY, a fifth MONTH, the rest YEAR.
fn render(rng: &mut ChaCha8Rng, day: NaiveDate) -> String {
    match rng.random_range(0..10) {
        0..=4 => day.format("%Y-%m-%d").to_string(),
        5..=6 => format!("{:04}-{:02}", day.year(), day.month()),
        _ => format!("{:04}", day.year()),
    }
}

fn write_json(path: &Path, value: &impl Serialize) -> anyhow::Result<()> {
    let file =
        fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    let mut writer = BufWriter::new(file);
    serde_json::to_writer_pretty(&mut writer, value)?;
    writer.write_all(b"\n")?;
    writer.flush()?;
    Ok(())
}
