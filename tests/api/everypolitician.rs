//! Real EveryPolitician files (tests/fixtures/popolo/everypolitician, see SOURCES.md
//! there) imported, checked and served. Every expected figure is computed here from the
//! raw file with serde_json and this file's own reading of Popolo dates, not by the
//! importer's code, so a mapping mistake shows up as a difference.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::{json, Value};
use tenure::popolo::import::{self, Options};

use crate::helpers::{spawn_app_on, TestApp};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/popolo/everypolitician")
        .join(name)
}

/// Imports `name` into a new directory and serves it.
async fn serve(name: &str) -> (tempfile::TempDir, TestApp, Raw) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("data");
    import::run(&fixture(name), &out, Options::default()).expect("the file imports");
    tenure::dataset::load(&out).expect("tenure check accepts the import");
    let app = spawn_app_on(&out, false).await;
    (dir, app, Raw::read(&fixture(name)))
}

/// The file as a reader without the importer sees it.
struct Raw {
    json: Value,
}

/// One membership with the dates it really has: its own, else its legislative period's.
#[derive(Debug, Clone)]
struct Seat {
    name: String,
    start: String,
    end: Option<String>,
    party: Option<String>,
    area: Option<String>,
}

impl Raw {
    fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).expect("the fixture");
        Self {
            json: serde_json::from_str(&text).expect("JSON"),
        }
    }

    fn list(&self, key: &str) -> &Vec<Value> {
        static EMPTY: Vec<Value> = Vec::new();
        self.json[key].as_array().unwrap_or(&EMPTY)
    }

    fn name_of(&self, key: &str, id: &str) -> String {
        self.list(key)
            .iter()
            .find(|o| o["id"] == id)
            .and_then(|o| o["name"].as_str())
            .unwrap_or_else(|| panic!("{key} has {id}"))
            .to_owned()
    }

    fn seats(&self) -> Vec<Seat> {
        self.list("memberships")
            .iter()
            .map(|m| {
                let period = self
                    .list("events")
                    .iter()
                    .find(|e| Some(&e["id"]) == m.get("legislative_period_id"));
                let date = |key: &str| {
                    m[key]
                        .as_str()
                        .or_else(|| period.and_then(|p| p[key].as_str()))
                        .map(str::to_owned)
                };
                Seat {
                    name: self.name_of("persons", m["person_id"].as_str().unwrap()),
                    start: date("start_date").expect("a start"),
                    end: date("end_date"),
                    party: m["on_behalf_of_id"]
                        .as_str()
                        .map(|id| self.name_of("organizations", id)),
                    area: m["area_id"].as_str().map(|id| self.name_of("areas", id)),
                }
            })
            .collect()
    }

    /// The latest day the memberships and events mention (the importer's default asOf).
    fn as_of(&self) -> NaiveDate {
        self.list("memberships")
            .iter()
            .chain(self.list("events"))
            .flat_map(|o| [o["start_date"].as_str(), o["end_date"].as_str()])
            .flatten()
            .map(|d| bounds(d).0)
            .max()
            .expect("dates")
    }
}

/// The first and last day a Popolo date may denote.
fn bounds(text: &str) -> (NaiveDate, NaiveDate) {
    let parts: Vec<i32> = text
        .split('-')
        .map(|p| p.parse().expect("digits"))
        .collect();
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a day");
    match parts.as_slice() {
        [y] => (day(*y, 1, 1), day(*y, 12, 31)),
        [y, m] => {
            let first = day(*y, *m as u32, 1);
            let next = if *m == 12 {
                day(y + 1, 1, 1)
            } else {
                day(*y, *m as u32 + 1, 1)
            };
            (first, next.pred_opt().unwrap())
        }
        [y, m, d] => (day(*y, *m as u32, *d as u32), day(*y, *m as u32, *d as u32)),
        _ => panic!("no date: {text}"),
    }
}

/// Who possibly, and who certainly, held a seat on `day`, by name.
fn serving(
    seats: &[Seat],
    day: NaiveDate,
    as_of: NaiveDate,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut possibly = BTreeSet::new();
    let mut certainly = BTreeSet::new();
    for seat in seats {
        let (first_start, last_start) = bounds(&seat.start);
        let (first_end, last_end) = match &seat.end {
            Some(end) => bounds(end),
            None => (as_of, NaiveDate::MAX),
        };
        if first_start <= day && day <= last_end {
            possibly.insert(seat.name.clone());
        }
        if last_start <= day && day <= first_end {
            certainly.insert(seat.name.clone());
        }
    }
    (possibly, certainly)
}

const SERVING_ON: &str = "query($date: Date!, $match: DateMatch) {
  servingOn(date: $date, match: $match) { secretary { name } party { name } area { name } }
}";

async fn served_names(app: &TestApp, day: &str, mode: &str) -> BTreeSet<String> {
    let data = app
        .query_data(SERVING_ON, json!({ "date": day, "match": mode }))
        .await;
    data["servingOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["secretary"]["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn check_counts_and_days(name: &str, days: &[&str]) {
    let (_dir, app, raw) = serve(name).await;
    let seats = raw.seats();
    let people: BTreeSet<&str> = raw
        .list("memberships")
        .iter()
        .map(|m| m["person_id"].as_str().unwrap())
        .collect();
    let data = app
        .query_data(
            "{ dataset { secretaryCount termCount officeCount asOf } offices { seats terms { totalCount } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["dataset"]["secretaryCount"], people.len(), "{name}");
    assert_eq!(data["dataset"]["termCount"], seats.len(), "{name}");
    assert_eq!(data["dataset"]["officeCount"], 1, "{name}");
    assert_eq!(
        data["dataset"]["asOf"],
        raw.as_of().format("%Y-%m-%d").to_string(),
        "{name}"
    );
    assert_eq!(data["offices"][0]["terms"]["totalCount"], seats.len());

    for day in days {
        let date: NaiveDate = day.parse().unwrap();
        let (possibly, certainly) = serving(&seats, date, raw.as_of());
        assert!(
            !possibly.is_empty(),
            "{name} on {day}: pick a day someone served"
        );
        assert_eq!(
            served_names(&app, day, "POSSIBLY").await,
            possibly,
            "{name} on {day}"
        );
        assert_eq!(
            served_names(&app, day, "CERTAINLY").await,
            certainly,
            "{name} on {day}"
        );
        // The office's holders that day are the same people, each once.
        let data = app
            .query_data(
                "query($day: Date!) { offices { holders(during: { from: $day, to: $day }) { name } } }",
                json!({ "day": day }),
            )
            .await;
        let holders: Vec<String> = data["offices"][0]["holders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["name"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            holders.len(),
            possibly.len(),
            "{name} on {day}: {holders:?}"
        );
        assert_eq!(holders.into_iter().collect::<BTreeSet<_>>(), possibly);
    }

    // Every term's party and area are the file's, term by term in the served order.
    let data = app
        .query_data(
            "{ offices { terms(first: 100) { nodes { secretary { name } start { iso } end { iso } party { name } area { name } } } } }",
            json!({}),
        )
        .await;
    let served: BTreeMap<String, usize> = data["offices"][0]["terms"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            format!(
                "{} {} {} {} {}",
                t["secretary"]["name"].as_str().unwrap(),
                t["start"]["iso"].as_str().unwrap(),
                t["end"]["iso"].as_str().unwrap_or("-"),
                t["party"]["name"].as_str().unwrap_or("-"),
                t["area"]["name"].as_str().unwrap_or("-"),
            )
        })
        .fold(BTreeMap::new(), |mut counts, key| {
            *counts.entry(key).or_default() += 1;
            counts
        });
    let raw_terms: BTreeMap<String, usize> = seats
        .iter()
        .map(|s| {
            format!(
                "{} {} {} {} {}",
                s.name,
                s.start,
                s.end.as_deref().unwrap_or("-"),
                s.party.as_deref().unwrap_or("-"),
                s.area.as_deref().unwrap_or("-"),
            )
        })
        .fold(BTreeMap::new(), |mut counts, key| {
            *counts.entry(key).or_default() += 1;
            counts
        });
    assert_eq!(served, raw_terms, "{name}");
}

#[tokio::test]
async fn anguillas_house_of_assembly_imports_and_answers_who_sat_when() {
    // Year-precise legislative periods: mid-1994 is possibly in the 1989 and the 1994
    // assemblies and certainly in neither; mid-1996 is certainly in the 1994 one.
    check_counts_and_days(
        "Anguilla-Assembly.json",
        &["1994-06-01", "1996-06-01", "2001-03-15", "2019-12-31"],
    )
    .await;
}

#[tokio::test]
async fn tuvalus_parliament_imports_and_answers_who_sat_when() {
    // Days in each of the three parliaments, the handover day of 16 September 2010
    // (both parliaments' members), and a day of by-election changes.
    check_counts_and_days(
        "Tuvalu-Parliament.json",
        &["2008-01-01", "2010-09-16", "2013-08-01", "2015-03-31"],
    )
    .await;
}

#[tokio::test]
async fn tuvalus_sitting_members_are_the_office_s_incumbents_with_their_wikidata_ids() {
    let (_dir, app, raw) = serve("Tuvalu-Parliament.json").await;
    let ongoing: BTreeSet<String> = raw
        .seats()
        .into_iter()
        .filter(|s| s.end.is_none())
        .map(|s| s.name)
        .collect();
    let data = app
        .query_data(
            "{ office(slug: \"parliament\") { seats incumbent { ordinal } incumbents {
                 secretary { name identifiers { scheme identifier } otherNames { language } } } } }",
            json!({}),
        )
        .await;
    let office = &data["office"];
    // EveryPolitician's organization says 15 seats.
    let declared = raw
        .list("organizations")
        .iter()
        .find_map(|o| o["seats"].as_u64())
        .unwrap();
    assert_eq!(office["seats"], declared);
    assert_eq!(declared, 15);
    assert_eq!(
        office["incumbent"],
        Value::Null,
        "no one incumbent of many seats"
    );
    let incumbents = office["incumbents"].as_array().unwrap();
    let names: BTreeSet<String> = incumbents
        .iter()
        .map(|t| t["secretary"]["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ongoing);
    assert!(!names.is_empty());
    for term in incumbents {
        let name = term["secretary"]["name"].as_str().unwrap();
        let person = raw
            .list("persons")
            .iter()
            .find(|p| p["name"] == name)
            .unwrap();
        let wikidata: Vec<&Value> = person["identifiers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["scheme"] == "wikidata")
            .map(|i| &i["identifier"])
            .collect();
        let served: Vec<&Value> = term["secretary"]["identifiers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["scheme"] == "wikidata")
            .map(|i| &i["identifier"])
            .collect();
        assert_eq!(served, wikidata, "{name}");
        assert!(served[0].as_str().unwrap().starts_with('Q'));
        assert_eq!(
            term["secretary"]["otherNames"].as_array().unwrap().len(),
            person["other_names"].as_array().map_or(0, Vec::len),
            "{name}"
        );
    }
}
