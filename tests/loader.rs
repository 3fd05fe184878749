//! The loader refuses every kind of broken dataset with a message that names the file,
//! the line and column, the JSON path and what would be valid. Each test copies the
//! bundled data, breaks one thing, and reads the problems back.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tenure::dataset::{load, Problem};

const OFFICE: &str = "offices/oic-secretary-general.json";

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
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn read(&self, name: &str) -> Value {
        serde_json::from_str(&fs::read_to_string(self.path().join(name)).unwrap()).unwrap()
    }

    /// Rewrites a file through `change`, pretty-printed as the bundled files are.
    fn edit(&self, name: &str, change: impl FnOnce(&mut Value)) {
        let mut value = self.read(name);
        change(&mut value);
        fs::write(
            self.path().join(name),
            serde_json::to_string_pretty(&value).unwrap(),
        )
        .unwrap();
    }

    /// The 1-based line of the first line of `name` that contains `needle`.
    fn line_of(&self, name: &str, needle: &str) -> usize {
        let text = fs::read_to_string(self.path().join(name)).unwrap();
        text.lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in {name}"))
            + 1
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
    assert_eq!(loaded.dataset.terms.len(), 12);
    assert_eq!(loaded.dataset.secretaries.len(), 12);
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
        o["organization"] = json!("un");
        term(o, 1)["sources"] = json!(["wikipedia"]);
    });
    let problems = copy.problems();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(problems.len(), 2, "{messages:#?}");
    assert!(messages.contains(
        &"no organization has slug `un`: use one of dataset.json's organizations (`oic`)"
    ));
    assert!(messages.iter().any(|m| m.starts_with("no source has id `wikipedia`: use one of dataset.json's sources (`news-2020-election`, `oic-general-secretariat`, `seed`)")));
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
        .contains("1 organizations, 1 offices, 12 people, 12 terms"));
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
