//! The loader refuses every kind of broken dataset with a message that names the file,
//! the line and column, the JSON path and what would be valid. Each test copies the
//! bundled data, breaks one thing, and reads the problems back.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tenure::dataset::{load, Problem};

const OFFICE: &str = "offices/oic-secretary-general.json";

/// How many people, sources and countries the bundled dataset lists: where an added
/// one lands.
const PEOPLE: usize = 52;
const SOURCES: usize = 163;
const COUNTRIES: usize = 35;

/// The bundled offices the tests leave alone, which the OIC's related offices link to.
const OTHER_OFFICES: [&str; 3] = [
    "un-secretary-general",
    "nato-secretary-general",
    "oas-secretary-general",
];

/// A writable copy of the bundled dataset.
struct Copy {
    dir: tempfile::TempDir,
}

impl Copy {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
        fs::create_dir(dir.path().join("offices")).unwrap();
        for name in ["dataset.json", "people.json", OFFICE] {
            fs::copy(data.join(name), dir.path().join(name)).unwrap();
        }
        for other in OTHER_OFFICES {
            let name = format!("offices/{other}.json");
            fs::copy(data.join(&name), dir.path().join(&name)).unwrap();
        }
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn read(&self, name: &str) -> Value {
        serde_json::from_str(&fs::read_to_string(self.path().join(name)).unwrap()).unwrap()
    }

    /// Writes `value` to `name`, pretty-printed as the bundled files are.
    fn write(&self, name: &str, value: &Value) {
        fs::write(
            self.path().join(name),
            serde_json::to_string_pretty(value).unwrap(),
        )
        .unwrap();
    }

    /// Rewrites a file through `change`, pretty-printed as the bundled files are.
    fn edit(&self, name: &str, change: impl FnOnce(&mut Value)) {
        let mut value = self.read(name);
        change(&mut value);
        self.write(name, &value);
    }

    /// The 1-based line of the first line of `name` that contains `needle`.
    fn line_of(&self, name: &str, needle: &str) -> usize {
        self.lines_of(name, needle)
            .first()
            .copied()
            .unwrap_or_else(|| panic!("{needle} not in {name}"))
    }

    /// The 1-based lines of every line of `name` that contains `needle`.
    fn lines_of(&self, name: &str, needle: &str) -> Vec<usize> {
        let text = fs::read_to_string(self.path().join(name)).unwrap();
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .map(|(i, _)| i + 1)
            .collect()
    }

    fn problems(&self) -> Vec<Problem> {
        load(self.path())
            .expect_err("the broken dataset must be refused")
            .problems
    }
}

/// The one problem a dataset has; fails if it has none or several.
fn only(problems: Vec<Problem>) -> Problem {
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    problems.into_iter().next().unwrap()
}

fn term(office: &mut Value, ordinal: usize) -> &mut Value {
    &mut office["terms"][ordinal - 1]
}

#[test]
fn the_bundled_dataset_loads() {
    let loaded = load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")).expect("valid");
    assert_eq!(loaded.dataset.offices.len(), 4);
    assert_eq!(loaded.dataset.terms.len(), 54);
    assert_eq!(loaded.dataset.secretaries.len(), PEOPLE);
    assert_eq!(loaded.dataset.sources.len(), SOURCES);
    assert_eq!(loaded.dataset.countries.len(), COUNTRIES);
    assert_eq!(loaded.version.len(), 24);
}

#[test]
fn an_impossible_date_names_the_file_line_and_the_problem() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 8)["end"] = json!("2004-02-30"));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(OFFICE));
    assert_eq!(p.position.unwrap().line, copy.line_of(OFFICE, "2004-02-30"));
    assert_eq!(p.path.unwrap().to_string(), "$.terms[7].end");
    assert_eq!(
        p.message,
        "`2004-02-30` is not a real date: that month has fewer days"
    );
}

#[test]
fn a_date_in_another_format_is_refused_with_the_allowed_forms() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 9)["start"] = json!("31 December 2004"));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.terms[8].start");
    assert!(
        p.message.contains("expected YYYY, YYYY-MM or YYYY-MM-DD"),
        "{}",
        p.message
    );
}

#[test]
fn an_unknown_field_is_refused_with_the_fields_allowed() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 3)["endDate"] = json!("1979"));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(OFFICE));
    assert_eq!(p.position.unwrap().line, copy.line_of(OFFICE, "endDate"));
    assert!(
        p.message
            .starts_with("at $.terms[2].endDate: unknown field `endDate`, expected one of"),
        "{}",
        p.message
    );
    assert!(p.message.contains("`end`"), "{}", p.message);
}

#[test]
fn a_missing_field_is_named() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| {
        term(o, 4).as_object_mut().unwrap().remove("holder");
    });
    let p = only(copy.problems());
    assert!(
        p.message.contains("missing field `holder`"),
        "{}",
        p.message
    );
    assert!(p.message.contains("$.terms[3]"), "{}", p.message);
    assert!(p.position.is_some());
}

#[test]
fn a_term_that_ends_before_it_starts_is_refused() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 3)["end"] = json!("1974-06"));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.terms[2].end");
    assert_eq!(
        p.message,
        "the term ends `1974-06` before it starts `1975`: the end must be on or after the start"
    );
}

#[test]
fn consecutive_terms_that_certainly_overlap_are_refused_but_a_same_day_handover_is_not() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 10)["start"] = json!("2013-06"));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.terms[9].start");
    assert!(
        p.message.contains(
            "term 10 starts `2013-06` but term 9 ends `2014-01-31`: they certainly overlap"
        ),
        "{}",
        p.message
    );

    // The seed's own handovers meet on one day (31 December 2004) and load.
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 2)["start"] = json!("1973"));
    assert!(
        load(copy.path()).is_ok(),
        "a term may start in the year the previous one ends"
    );
}

#[test]
fn ordinals_must_run_from_one_without_gaps() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 5)["ordinal"] = json!(7));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.terms[4].ordinal");
    assert!(
        p.message.contains("ordinal 7 is out of place") && p.message.contains("must be 5"),
        "{}",
        p.message
    );
}

#[test]
fn a_reference_to_nobody_is_refused() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 6)["holder"] = json!("hamid-al-gabid"));
    let p = only(copy.problems());
    assert_eq!(
        p.position.unwrap().line,
        copy.line_of(OFFICE, "hamid-al-gabid")
    );
    assert_eq!(
        p.message,
        "no person has slug `hamid-al-gabid`: add them to people.json, or use an existing slug"
    );
}

#[test]
fn a_reference_to_an_unknown_organization_or_source_is_refused() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| {
        o["organization"] = json!("un-system");
        term(o, 1)["sources"] = json!(["wikipedia"]);
    });
    let problems = copy.problems();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(problems.len(), 2, "{messages:#?}");
    assert!(messages.contains(
        &"no organization has slug `un-system`: use one of dataset.json's organizations (`nato`, `oas`, `oic`, `un`)"
    ));
    // The first ten ids in order, then how many more.
    assert!(messages.iter().any(|m| m.starts_with("no source has id `wikipedia`: use one of dataset.json's sources (`nato-adducation-list`, `nato-archives-secretary-general`,") && m.ends_with("and 153 more)")), "{messages:#?}");
}

#[test]
fn duplicate_slugs_are_refused() {
    let copy = Copy::new();
    copy.edit("people.json", |p| {
        p["people"][1]["slug"] = json!("tunku-abdul-rahman")
    });
    let problems = copy.problems();
    assert!(
        problems.iter().any(|p| p.file == Path::new("people.json")
            && p.message == "duplicate person slug `tunku-abdul-rahman`: slugs must be unique"),
        "{problems:#?}"
    );
}

#[test]
fn a_country_code_that_is_not_iso_3166_is_refused() {
    let copy = Copy::new();
    copy.edit("dataset.json", |d| d["countries"][0]["code"] = json!("XM"));
    copy.edit("people.json", |p| p["people"][0]["country"] = json!("XM"));
    let problems = copy.problems();
    let expected =
        "`XM` is not an ISO 3166-1 alpha-2 country code: use two capital letters such as TD or SA";
    assert!(
        problems
            .iter()
            .any(|p| p.file == Path::new("dataset.json") && p.message == expected),
        "{problems:#?}"
    );
}

#[test]
fn a_real_country_missing_from_the_list_is_refused() {
    let copy = Copy::new();
    copy.edit("people.json", |p| p["people"][0]["country"] = json!("ID"));
    let p = only(copy.problems());
    assert_eq!(
        p.message,
        "country `ID` is not listed in dataset.json's `countries`: add it there with its name and source"
    );
}

#[test]
fn only_the_last_term_may_be_ongoing() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| {
        term(o, 5).as_object_mut().unwrap().remove("end");
    });
    let p = only(copy.problems());
    assert!(
        p.message.starts_with(
            "term 5 has no `end`, so it is ongoing, but it is not the office's last term"
        ),
        "{}",
        p.message
    );
}

#[test]
fn an_ongoing_term_must_have_begun_by_as_of() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 12)["start"] = json!("2026-11-28"));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(OFFICE));
    assert_eq!(p.position.unwrap().line, copy.line_of(OFFICE, "2026-11-28"));
    assert_eq!(p.path.unwrap().to_string(), "$.terms[11].start");
    assert_eq!(
        p.message,
        "the ongoing term starts `2026-11-28`, after the dataset's asOf 2026-11-27: an ongoing term must have begun by asOf"
    );

    // asOf is 2026-11-27: a term may start that day, or in a month that may have begun by it.
    for start in ["2026-11-27", "2026-11"] {
        let copy = Copy::new();
        copy.edit(OFFICE, |o| term(o, 12)["start"] = json!(start));
        assert!(load(copy.path()).is_ok(), "an ongoing term from {start}");
    }
}

#[test]
fn as_of_must_be_a_whole_day() {
    for as_of in ["2026-11", "2026"] {
        let copy = Copy::new();
        copy.edit("dataset.json", |d| d["asOf"] = json!(as_of));
        let p = only(copy.problems());
        assert_eq!(p.file, PathBuf::from("dataset.json"));
        assert_eq!(
            p.position.unwrap().line,
            copy.line_of("dataset.json", "\"asOf\"")
        );
        assert_eq!(p.path.unwrap().to_string(), "$.asOf");
        assert_eq!(
            p.message,
            format!("asOf `{as_of}` must be a whole day, YYYY-MM-DD: the day the facts were last known true")
        );
    }
}

#[test]
fn a_duplicate_source_id_is_refused() {
    let copy = Copy::new();
    copy.edit("dataset.json", |d| {
        d["sources"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "id": "seed", "title": "Another seed", "publisher": "Nobody" }))
    });
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from("dataset.json"));
    assert_eq!(
        p.position.unwrap().line,
        copy.lines_of("dataset.json", "\"id\": \"seed\"")[1]
    );
    assert_eq!(
        p.path.unwrap().to_string(),
        format!("$.sources[{}].id", SOURCES)
    );
    assert_eq!(p.message, "duplicate source id `seed`: ids must be unique");
}

#[test]
fn a_country_listed_twice_is_refused() {
    let copy = Copy::new();
    copy.edit("dataset.json", |d| {
        d["countries"].as_array_mut().unwrap().push(json!({
            "code": "MY",
            "name": "Malaysia again",
            "sources": ["oic-general-secretariat"]
        }))
    });
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from("dataset.json"));
    assert_eq!(
        p.position.unwrap().line,
        copy.lines_of("dataset.json", "\"code\": \"MY\"")[1]
    );
    assert_eq!(
        p.path.unwrap().to_string(),
        format!("$.countries[{}].code", COUNTRIES)
    );
    assert_eq!(p.message, "duplicate country `MY`: list each country once");
}

#[test]
fn a_duplicate_organization_slug_is_refused() {
    let copy = Copy::new();
    copy.edit("dataset.json", |d| {
        d["organizations"].as_array_mut().unwrap().push(json!({
            "slug": "oic",
            "name": "Another organization",
            "sources": ["seed"]
        }))
    });
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from("dataset.json"));
    assert_eq!(
        p.position.unwrap().line,
        copy.lines_of("dataset.json", "\"slug\": \"oic\"")[1]
    );
    assert_eq!(p.path.unwrap().to_string(), "$.organizations[4].slug");
    assert_eq!(
        p.message,
        "duplicate organization slug `oic`: slugs must be unique"
    );
}

#[test]
fn two_office_files_claiming_the_same_slug_are_refused() {
    let copy = Copy::new();
    let second = "offices/oic-secretary-general-2.json";
    copy.write(second, &copy.read(OFFICE));
    let problems = copy.problems();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    // Only one file can be named after the slug, so the other is misnamed as well.
    assert_eq!(
        messages,
        [
            // Files are read in name order: nato-, oas-, oic-secretary-general, oic-...-2, un-.
            "duplicate office slug `oic-secretary-general`: office file #3 uses it too; slugs must be unique",
            "the office's slug `oic-secretary-general` differs from its file name `oic-secretary-general-2.json`: name the file `oic-secretary-general.json`",
        ]
    );
    for p in problems {
        assert_eq!(p.file, PathBuf::from(second));
        assert_eq!(p.position.unwrap().line, copy.line_of(second, "\"slug\""));
        assert_eq!(p.path.unwrap().to_string(), "$.slug");
    }
}

#[test]
fn an_office_slug_that_differs_from_its_file_name_is_refused() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| o["slug"] = json!("oic-secretary"));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(OFFICE));
    assert_eq!(
        p.position.unwrap().line,
        copy.line_of(OFFICE, "\"slug\": \"oic-secretary\"")
    );
    assert_eq!(p.path.unwrap().to_string(), "$.slug");
    assert_eq!(
        p.message,
        "the office's slug `oic-secretary` differs from its file name `oic-secretary-general.json`: name the file `oic-secretary.json`"
    );
}

#[test]
fn a_person_who_holds_no_term_is_refused() {
    let copy = Copy::new();
    copy.edit("people.json", |p| {
        p["people"]
            .as_array_mut()
            .unwrap()
            .push(json!({ "slug": "jane-doe", "name": "Jane Doe" }))
    });
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from("people.json"));
    // The person's object opens on the line before its first key, `name`.
    assert_eq!(
        p.position.unwrap().line,
        copy.line_of("people.json", "\"Jane Doe\"") - 1
    );
    assert_eq!(p.path.unwrap().to_string(), format!("$.people[{PEOPLE}]"));
    assert_eq!(
        p.message,
        "`jane-doe` holds no term of any office: add their term to an office file, or remove them"
    );
}

#[test]
fn a_person_with_a_country_must_cite_country_sources() {
    for cited in [None, Some(json!([]))] {
        let copy = Copy::new();
        copy.edit("people.json", |p| {
            let person = p["people"][0].as_object_mut().unwrap();
            match &cited {
                None => person.remove("countrySources"),
                Some(empty) => person.insert("countrySources".into(), empty.clone()),
            };
        });
        let p = only(copy.problems());
        assert_eq!(p.file, PathBuf::from("people.json"));
        // A missing member is located at its object: the first person's, after `"people": [`.
        let line = match cited {
            None => copy.line_of("people.json", "\"people\"") + 1,
            Some(_) => copy.line_of("people.json", "\"countrySources\": []"),
        };
        assert_eq!(p.position.unwrap().line, line);
        assert_eq!(p.path.unwrap().to_string(), "$.people[0].countrySources");
        assert_eq!(
            p.message,
            "a country needs `countrySources`: the sources that give it"
        );
    }
}

#[test]
fn a_term_length_under_a_year_is_refused() {
    // `termLength.years` is a whole number of years, so under a year is 0.
    let copy = Copy::new();
    copy.edit(OFFICE, |o| o["termLength"]["years"] = json!(0));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(OFFICE));
    assert_eq!(p.position.unwrap().line, copy.line_of(OFFICE, "\"years\""));
    assert_eq!(p.path.unwrap().to_string(), "$.termLength.years");
    assert_eq!(
        p.message,
        "a term lasts at least 1 year: give a whole number of years from 1"
    );

    // A fraction of a year does not even have the shape of a term length.
    let copy = Copy::new();
    copy.edit(OFFICE, |o| o["termLength"]["years"] = json!(0.5));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(OFFICE));
    assert_eq!(p.position.unwrap().line, copy.line_of(OFFICE, "\"years\""));
    assert!(
        p.message
            .starts_with("at $.termLength.years: invalid type: floating point `0.5`"),
        "{}",
        p.message
    );

    let copy = Copy::new();
    copy.edit(OFFICE, |o| o["termLength"]["years"] = json!(1));
    assert!(load(copy.path()).is_ok(), "a one-year term is long enough");
}

#[test]
fn a_term_an_office_or_an_organization_that_cites_no_source_is_refused() {
    let expected = "cite at least one source: a key of dataset.json's `sources`";

    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 4)["sources"] = json!([]));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(OFFICE));
    assert_eq!(
        p.position.unwrap().line,
        copy.line_of(OFFICE, "\"sources\": []")
    );
    assert_eq!(p.path.unwrap().to_string(), "$.terms[3].sources");
    assert_eq!(p.message, expected);

    let copy = Copy::new();
    copy.edit(OFFICE, |o| o["sources"] = json!([]));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(OFFICE));
    assert_eq!(
        p.position.unwrap().line,
        copy.line_of(OFFICE, "\"sources\": []")
    );
    assert_eq!(p.path.unwrap().to_string(), "$.sources");
    assert_eq!(p.message, expected);

    let copy = Copy::new();
    copy.edit("dataset.json", |d| {
        d["organizations"][0]["sources"] = json!([])
    });
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from("dataset.json"));
    assert_eq!(
        p.position.unwrap().line,
        copy.line_of("dataset.json", "\"sources\": []")
    );
    assert_eq!(p.path.unwrap().to_string(), "$.organizations[0].sources");
    assert_eq!(p.message, expected);
}

#[test]
fn a_language_tag_that_is_not_bcp_47_is_refused() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| {
        o["localizedNames"][0]["language"] = json!("Arabic")
    });
    copy.edit("dataset.json", |d| {
        d["organizations"][0]["localizedNames"][1]["language"] = json!("fr_FR")
    });
    let problems = copy.problems();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    let (organization, office) = (&problems[0], &problems[1]);

    assert_eq!(organization.file, PathBuf::from("dataset.json"));
    assert_eq!(
        organization.position.unwrap().line,
        copy.line_of("dataset.json", "fr_FR")
    );
    assert_eq!(
        organization.path.as_ref().unwrap().to_string(),
        "$.organizations[0].localizedNames[1].language"
    );
    assert_eq!(
        organization.message,
        "`fr_FR` is not a BCP 47 language tag: use e.g. `ar`, `fr` or `pt-BR`"
    );

    assert_eq!(office.file, PathBuf::from(OFFICE));
    assert_eq!(
        office.position.unwrap().line,
        copy.line_of(OFFICE, "Arabic")
    );
    assert_eq!(
        office.path.as_ref().unwrap().to_string(),
        "$.localizedNames[0].language"
    );
    assert_eq!(
        office.message,
        "`Arabic` is not a BCP 47 language tag: use e.g. `ar`, `fr` or `pt-BR`"
    );

    let copy = Copy::new();
    copy.edit(OFFICE, |o| {
        o["localizedNames"][0]["language"] = json!("zh-Hant-TW")
    });
    assert!(
        load(copy.path()).is_ok(),
        "a tag with script and region subtags is valid"
    );
}

#[test]
fn a_value_that_is_not_a_slug_is_refused_with_the_form_of_a_slug() {
    let form = "is not a slug: use lowercase ASCII letters and digits in words joined by single `-`, e.g. `ekmeleddin-ihsanoglu`";
    for slug in [
        "Habib Chatty",
        "Habib-Chatty",
        "habib chatty",
        "habib--chatty",
    ] {
        let copy = Copy::new();
        // The term refers to the person by the new slug, so only the slug itself is wrong.
        copy.edit("people.json", |p| p["people"][3]["slug"] = json!(slug));
        copy.edit(OFFICE, |o| term(o, 4)["holder"] = json!(slug));
        let p = only(copy.problems());
        assert_eq!(p.file, PathBuf::from("people.json"));
        assert_eq!(
            p.position.unwrap().line,
            copy.line_of("people.json", &format!("\"slug\": \"{slug}\""))
        );
        assert_eq!(p.path.unwrap().to_string(), "$.people[3].slug");
        assert_eq!(p.message, format!("person slug `{slug}` {form}"));
    }

    // The message names the kind of slug.
    let copy = Copy::new();
    copy.edit("dataset.json", |d| {
        d["organizations"][0]["slug"] = json!("OIC")
    });
    copy.edit(OFFICE, |o| o["organization"] = json!("OIC"));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from("dataset.json"));
    assert_eq!(
        p.position.unwrap().line,
        copy.line_of("dataset.json", "\"slug\": \"OIC\"")
    );
    assert_eq!(p.path.unwrap().to_string(), "$.organizations[0].slug");
    assert_eq!(p.message, format!("organization slug `OIC` {form}"));
}

#[test]
fn json_syntax_errors_name_the_line() {
    let copy = Copy::new();
    let path = copy.path().join("people.json");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replacen("\"MY\",", "\"MY\"", 1);
    fs::write(&path, text).unwrap();
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from("people.json"));
    assert_eq!(
        p.position.unwrap().line,
        copy.line_of("people.json", "\"MY\"") + 1
    );
    assert!(p.message.contains("expected `,` or `}`"), "{}", p.message);
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| {
        term(o, 2)["end"] = json!("1975-13");
        term(o, 7)["holder"] = json!("nobody");
        term(o, 11)["start"] = json!("2016-02-30");
    });
    copy.edit("people.json", |p| {
        p["people"][3]["slug"] = json!("Habib Chatty")
    });
    let problems = copy.problems();
    let paths: Vec<String> = problems
        .iter()
        .map(|p| p.path.as_ref().unwrap().to_string())
        .collect();
    for expected in [
        "$.terms[1].end",
        "$.terms[6].holder",
        "$.terms[10].start",
        "$.people[3].slug",
    ] {
        assert!(
            paths.contains(&expected.to_owned()),
            "{expected} not in {paths:?}"
        );
    }
}

#[test]
fn tenure_check_exits_non_zero_listing_every_problem_with_file_and_line() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| {
        term(o, 8)["end"] = json!("2004-02-30");
        term(o, 3)["holder"] = json!("nobody");
    });
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tenure"))
        .args(["check", "--data"])
        .arg(copy.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    let date_line = copy.line_of(OFFICE, "2004-02-30");
    assert!(stderr.contains("the dataset has 2 problems:"), "{stderr}");
    assert!(
        stderr.contains(&format!("offices/oic-secretary-general.json:{date_line}:")),
        "{stderr}"
    );
    assert!(
        stderr.contains("`2004-02-30` is not a real date: that month has fewer days"),
        "{stderr}"
    );
    assert!(stderr.contains("no person has slug `nobody`"), "{stderr}");

    let ok = std::process::Command::new(env!("CARGO_BIN_EXE_tenure"))
        .args(["check", "--data"])
        .arg(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data"))
        .output()
        .unwrap();
    assert!(ok.status.success());
    assert!(String::from_utf8(ok.stdout)
        .unwrap()
        .contains("4 organizations, 4 offices, 52 people, 54 terms"));
}

#[test]
fn serve_refuses_a_bad_dataset_before_listening() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 1)["start"] = json!("1971-00"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tenure"))
        .args(["serve", "--listen", "127.0.0.1:0", "--data"])
        .arg(copy.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("cannot be served"), "{stderr}");
    assert!(
        stderr.contains("`1971-00` is not a real date: months run from 01 to 12"),
        "{stderr}"
    );
    assert!(!String::from_utf8(output.stdout)
        .unwrap()
        .contains("listening"));
}

/// `--watch` decides whether the files changed by `version_of`, which hashes the files
/// without loading them: it must give the version a load gives, or every event would
/// reload (or none would).
#[test]
fn the_version_of_the_files_is_the_version_a_load_gives() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let loaded = tenure::dataset::load(&data).expect("the bundled data loads");
    assert_eq!(
        tenure::dataset::version_of(&data).as_deref(),
        Some(loaded.version.as_str())
    );
    let generated = tempfile::tempdir().unwrap();
    tenure::generate::write(
        tenure::generate::Plan {
            offices: 3,
            terms_per_office: 20,
            seed: 3,
        },
        generated.path(),
    )
    .unwrap();
    let loaded = tenure::dataset::load(generated.path()).expect("the generated data loads");
    assert_eq!(
        tenure::dataset::version_of(generated.path()).as_deref(),
        Some(loaded.version.as_str())
    );
}

/// A directory with a problem in each of thousands of records (here every person, once
/// the office files are gone) is reported at once and in a few lines: the first
/// problems, located, and how many more there are. Locating each problem used to
/// scan its file from the start, and a reload of a million terms whose `offices/`
/// vanished never ended.
#[test]
fn thousands_of_problems_are_reported_at_once_and_counted_past_the_first() {
    let dir = tempfile::tempdir().unwrap();
    tenure::generate::write(
        tenure::generate::Plan {
            offices: 20,
            terms_per_office: 1000,
            seed: 3,
        },
        dir.path(),
    )
    .unwrap();
    std::fs::remove_dir_all(dir.path().join("offices")).unwrap();
    let people = std::fs::read_to_string(dir.path().join("people.json")).unwrap();
    let people = serde_json::from_str::<serde_json::Value>(&people).unwrap()["people"]
        .as_array()
        .unwrap()
        .len();
    let error = tenure::dataset::load(dir.path()).expect_err("no office files");
    assert_eq!(error.problems.len(), tenure::dataset::MAX_PROBLEMS);
    // Every person holds no term, and the office files cannot be listed.
    assert_eq!(error.problems.len() + error.omitted, people + 1);
    assert_eq!(
        error.problems[0].to_string(),
        "offices: cannot list the office files: No such file or directory (os error 2)"
    );
    assert!(
        error.problems[1]
            .to_string()
            .starts_with("people.json:4:5: at $.people[0]: "),
        "{}",
        error.problems[1]
    );
    let lines = error.lines();
    assert_eq!(
        lines.last().map(String::as_str),
        Some(
            format!(
                "... and {} more problems: fix these and check again",
                error.omitted
            )
            .as_str()
        )
    );
}

const NATO: &str = "offices/nato-secretary-general.json";

#[test]
fn an_acting_term_has_no_number() {
    let copy = Copy::new();
    // Term 8 is Sergio Balanzino's first acting term, between numbers 7 and 8.
    copy.edit(NATO, |o| term(o, 8)["number"] = json!(8));
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(NATO));
    assert_eq!(p.path.unwrap().to_string(), "$.terms[7].number");
    assert_eq!(
        p.message,
        "term 8 is acting but has number 8: the office's numbering counts only appointed holders; remove `number`"
    );
}

#[test]
fn numbers_run_one_to_n_in_the_order_of_the_terms() {
    // Willy Claes (term 9) is the 8th: giving him 9 skips a number.
    let copy = Copy::new();
    copy.edit(NATO, |o| term(o, 9)["number"] = json!(9));
    let problems = copy.problems();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages[0],
        "term 9 has number 9, but the office's numbers run 1, 2, ... in the order of its terms, so it must be 8"
    );
    assert_eq!(
        problems[0].path.as_ref().unwrap().to_string(),
        "$.terms[8].number"
    );

    // An appointed term without a number, where the others have one.
    let copy = Copy::new();
    copy.edit(NATO, |o| {
        term(o, 9).as_object_mut().unwrap().remove("number");
    });
    let problems = copy.problems();
    let p = &problems[0];
    assert_eq!(p.path.as_ref().unwrap().to_string(), "$.terms[8].number");
    assert_eq!(
        p.message,
        "term 9 has no `number` though the office's earlier terms are numbered: number every term that is not acting"
    );

    // An office may number none of its holders.
    let copy = Copy::new();
    copy.edit(NATO, |o| {
        for t in o["terms"].as_array_mut().unwrap() {
            t.as_object_mut().unwrap().remove("number");
        }
    });
    assert!(load(copy.path()).is_ok(), "an office without numbers loads");
}

#[test]
fn an_end_reason_is_one_of_the_listed_and_only_on_an_ended_term() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 10)["endReason"] = json!("RETIRED"));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.terms[9].endReason");
    assert_eq!(
        p.message,
        "`RETIRED` is no end reason: use one of `APPOINTED`, `DIED`, `RESIGNED`, `SUCCESSOR_APPOINTED`, `TERM_ENDED`, or leave `endReason` out where no source says"
    );

    // The ongoing term (Hissein Brahim Taha's, term 12) has not ended.
    let copy = Copy::new();
    copy.edit(OFFICE, |o| term(o, 12)["endReason"] = json!("RESIGNED"));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.terms[11].endReason");
    assert_eq!(
        p.message,
        "term 12 has an `endReason` but no `end`: an ongoing term has not ended; give its end date or remove the reason"
    );
}

#[test]
fn acting_terms_may_not_certainly_overlap_the_terms_around_them() {
    // Balanzino's first acting term (8) starting before Wörner's (7) ended on 1994-08-13.
    let copy = Copy::new();
    copy.edit(NATO, |o| term(o, 8)["start"] = json!("1994-07-01"));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.terms[7].start");
    assert!(
        p.message.contains(
            "term 8 starts `1994-07-01` but term 7 ends `1994-08-13`: they certainly overlap"
        ),
        "{}",
        p.message
    );
}

#[test]
fn a_related_office_links_only_to_an_office_of_the_dataset() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| {
        o["relatedOffices"][0]["office"] = json!("un-secretary-general-1945")
    });
    let p = only(copy.problems());
    assert_eq!(p.file, PathBuf::from(OFFICE));
    assert_eq!(p.path.unwrap().to_string(), "$.relatedOffices[0].office");
    assert_eq!(
        p.message,
        "no office has slug `un-secretary-general-1945`: link one of this dataset's offices (`nato-secretary-general`, `oas-secretary-general`, `oic-secretary-general`, `un-secretary-general`), or leave `office` out for an office it does not describe"
    );
}

#[test]
fn an_office_of_many_seats_holds_at_most_that_many_terms_on_any_day() {
    let copy = Copy::new();
    // Two seats: term 10 may overlap term 9 for years, and term 9 may stay ongoing.
    copy.edit(OFFICE, |o| {
        o["seats"] = json!(2);
        term(o, 10)["start"] = json!("2005-01-01");
        term(o, 9).as_object_mut().unwrap().remove("end");
        term(o, 9).as_object_mut().unwrap().remove("endReason");
    });
    let loaded = load(copy.path()).expect("two seats hold terms 9 and 10 together");
    let oic = loaded
        .dataset
        .offices
        .iter()
        .find(|o| o.slug == "oic-secretary-general")
        .unwrap();
    assert_eq!(oic.seats, 2);

    // A third term on the same days is one too many.
    copy.edit(OFFICE, |o| term(o, 11)["start"] = json!("2006-01-01"));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.terms[10].start");
    assert_eq!(
        p.message,
        "term 11 starts `2006-01-01` while terms 9 and 10 certainly hold all 2 seats: at most `seats` terms may certainly cover a day; end one of them earlier, or raise `seats`"
    );

    copy.edit(OFFICE, |o| o["seats"] = json!(3));
    load(copy.path()).expect("three seats hold all three");
}

#[test]
fn an_office_has_at_least_one_seat() {
    let copy = Copy::new();
    copy.edit(OFFICE, |o| o["seats"] = json!(0));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.seats");
    assert!(
        p.message.starts_with("an office has at least 1 seat"),
        "{}",
        p.message
    );
}

#[test]
fn a_term_names_a_party_and_an_area_that_dataset_json_lists() {
    let copy = Copy::new();
    copy.edit("dataset.json", |d| {
        d["parties"] = json!([{ "slug": "independent", "name": "Independent" }]);
        d["areas"] = json!([{ "slug": "nui", "name": "Nui" }]);
    });
    copy.edit(OFFICE, |o| {
        term(o, 1)["party"] = json!("independent");
        term(o, 1)["area"] = json!("nui");
    });
    let loaded = load(copy.path()).expect("known party and area");
    let d = &loaded.dataset;
    let first = d
        .terms
        .iter()
        .find(|t| t.party.is_some())
        .expect("the term with a party");
    assert_eq!(d.party(first.party.unwrap()).name, "Independent");
    assert_eq!(d.area(first.area.unwrap()).name, "Nui");

    copy.edit(OFFICE, |o| term(o, 1)["party"] = json!("reds"));
    let p = only(copy.problems());
    assert_eq!(p.path.unwrap().to_string(), "$.terms[0].party");
    assert_eq!(
        p.message,
        "no party has slug `reds`: use one of dataset.json's parties (`independent`), or add it there"
    );
}

#[test]
fn other_names_need_a_language_tag_and_identifiers_a_scheme() {
    let copy = Copy::new();
    copy.edit("people.json", |p| {
        p["people"][0]["otherNames"] = json!([{ "name": "X", "language": "English" }]);
        p["people"][0]["identifiers"] = json!([{ "scheme": "", "identifier": "Q1" }]);
    });
    let problems = copy.problems();
    let messages: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
    assert_eq!(
        messages,
        vec![
            "an identifier's `scheme` cannot be empty: give the system (e.g. `wikidata`) and the identifier in it (e.g. `Q57310`)".to_owned(),
            "`English` is not a BCP 47 language tag: use e.g. `ar`, `fr` or `pt-BR`, or leave `language` out".to_owned(),
        ]
    );
}

/// `people.json` is read one person at a time: the people built are the file's records,
/// in order, with every field, as parsing the whole file reads them.
#[test]
fn the_people_read_one_at_a_time_are_the_records_of_the_file() {
    let copy = Copy::new();
    copy.edit("people.json", |p| {
        p["people"][2]["otherNames"] = json!([
            {"name": "Ḥabīb", "language": "ar", "note": "in Arabic"},
            {"name": "H. \"the first\" C."}
        ]);
        p["people"][5]["identifiers"] = json!([{"scheme": "wikidata", "identifier": "Q1"}]);
    });
    let text = fs::read_to_string(copy.path().join("people.json")).unwrap();
    let file: tenure::dataset::PeopleFile = serde_json::from_str(&text).unwrap();
    let dataset = load(copy.path()).expect("the copy loads").dataset;
    assert_eq!(dataset.secretaries.len(), file.people.len());
    for (secretary, record) in dataset.secretaries.iter().zip(&file.people) {
        assert_eq!(secretary.slug, record.slug);
        assert_eq!(secretary.name, record.name);
        let country = secretary
            .country
            .map(|c| dataset.countries[c.index()].code.clone());
        assert_eq!(country, record.country);
        let other_names: Vec<_> = (secretary.other_names.iter())
            .map(|o| (o.name.clone(), o.language.clone(), o.note.clone()))
            .collect();
        let expected: Vec<_> = (record.other_names.iter())
            .map(|o| (o.name.clone(), o.language.clone(), o.note.clone()))
            .collect();
        assert_eq!(other_names, expected);
        let identifiers: Vec<_> = (secretary.identifiers.iter())
            .map(|i| (i.scheme.clone(), i.identifier.clone()))
            .collect();
        let expected: Vec<_> = (record.identifiers.iter())
            .map(|i| (i.scheme.clone(), i.identifier.clone()))
            .collect();
        assert_eq!(identifiers, expected);
    }
    assert_eq!(
        dataset.secretaries[2].other_names[1].name,
        "H. \"the first\" C."
    );
    assert_eq!(dataset.secretaries[5].identifiers[0].identifier, "Q1");
}

/// A person that does not parse, late in the file, after many were read: one problem,
/// at its place, and none about the holders of terms (the people read before it are
/// forgotten, as when the file does not parse at all).
#[test]
fn a_person_who_does_not_parse_late_in_the_file_is_the_only_problem() {
    for (change, path, needle) in [
        (json!(5), "$.people[40].name", "\"name\": 5"),
        (json!({"first": "x"}), "$.people[40].name", "\"name\": {"),
    ] {
        let copy = Copy::new();
        copy.edit("people.json", |p| p["people"][40]["name"] = change.clone());
        let p = only(copy.problems());
        assert_eq!(p.file, PathBuf::from("people.json"));
        assert!(
            p.message.starts_with(&format!("at {path}: invalid type")),
            "{}",
            p.message
        );
        let line = copy.line_of("people.json", needle);
        assert!(p.position.unwrap().line >= line, "{p:?} before line {line}");
    }
    for (change, message) in [
        (
            "\"extra\": 1,",
            "unknown field `extra`, expected `$schema` or `people`",
        ),
        ("\"people\": [],", "duplicate field `people`"),
    ] {
        let copy = Copy::new();
        let path = copy.path().join("people.json");
        let text = fs::read_to_string(&path)
            .unwrap()
            .replacen('{', &format!("{{{change}"), 1);
        fs::write(&path, text).unwrap();
        let p = only(copy.problems());
        assert!(p.message.contains(message), "{}", p.message);
    }
}
