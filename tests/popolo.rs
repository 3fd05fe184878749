//! Popolo out and in: the export read back by the importer gives the same document,
//! and what the importer cannot map is named, refused, or with `--lenient` skipped and
//! counted. (The export's validity against the Popolo JSON Schemas and the Python
//! reader are checked by tests/popolo/run.sh in `.ci/run`; real EveryPolitician files
//! are served in tests/api/everypolitician.rs.)

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tenure::popolo::{export, import};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn exported(dir: &Path) -> Vec<u8> {
    let loaded = tenure::dataset::load(dir).expect("the dataset loads");
    let mut out = Vec::new();
    export::write_pretty(&loaded.dataset, &mut out).expect("the export writes");
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("a temporary file");
    path
}

#[test]
fn export_import_export_gives_the_same_document() {
    for case in ["bundled", "generated", "everypolitician"] {
        let dir = tempfile::tempdir().unwrap();
        let source = match case {
            "bundled" => root().join("data"),
            "generated" => {
                let out = dir.path().join("generated");
                tenure::generate::write(
                    tenure::generate::Plan {
                        offices: 3,
                        terms_per_office: 40,
                        seed: 11,
                    },
                    &out,
                )
                .unwrap();
                out
            }
            _ => {
                let out = dir.path().join("tuvalu");
                import::run(
                    &root().join("tests/fixtures/popolo/everypolitician/Tuvalu-Parliament.json"),
                    &out,
                    import::Options::default(),
                )
                .unwrap();
                out
            }
        };
        let first = exported(&source);
        let file = write(dir.path(), "first.json", &first);
        let again = dir.path().join("again");
        import::run(&file, &again, import::Options::default()).expect("the export imports");
        let second = exported(&again);
        assert!(
            first == second,
            "{case}: the export of the import differs from the export:\n{}",
            first_difference(&first, &second)
        );
    }
}

fn first_difference(a: &[u8], b: &[u8]) -> String {
    let a = String::from_utf8_lossy(a);
    let b = String::from_utf8_lossy(b);
    for (n, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            return format!("line {}: `{x}` then `{y}`", n + 1);
        }
    }
    format!("lengths {} and {}", a.len(), b.len())
}

#[test]
fn the_export_holds_the_bundled_facts() {
    let export: Value = serde_json::from_slice(&exported(&root().join("data"))).unwrap();
    assert_eq!(export["persons"].as_array().unwrap().len(), 52);
    assert_eq!(export["memberships"].as_array().unwrap().len(), 54);
    assert_eq!(export["posts"].as_array().unwrap().len(), 4);
    // The OIC's ninth term, at its own precisions, with its sources as links.
    let ihsanoglu = export["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "oic-secretary-general/9")
        .unwrap();
    assert_eq!(ihsanoglu["person_id"], "ekmeleddin-ihsanoglu");
    assert_eq!(ihsanoglu["post_id"], "oic-secretary-general");
    assert_eq!(ihsanoglu["organization_id"], "oic");
    assert_eq!(ihsanoglu["start_date"], "2004-12-31");
    assert_eq!(ihsanoglu["end_date"], "2014-01-31");
    assert!(ihsanoglu["sources"][0]["url"].is_string());
    let belkeziz = export["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "oic-secretary-general/8")
        .unwrap();
    assert_eq!(belkeziz["start_date"], "2001", "a year stays a year");
    // An acting holder's role says so.
    let acting: Vec<&Value> = export["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["role"].as_str().unwrap_or("").starts_with("Acting "))
        .collect();
    assert!(!acting.is_empty());
    let ihsanoglu = export["persons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "ekmeleddin-ihsanoglu")
        .unwrap();
    assert_eq!(ihsanoglu["national_identity"], "Türkiye");
    let turkey = export["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Türkiye")
        .unwrap();
    assert_eq!(turkey["identifiers"][0]["identifier"], "TR");
}

fn minimal(memberships: Value) -> Value {
    json!({
        "persons": [
            { "id": "p1", "name": "Ada One", "gender": "female" },
            { "id": "p2", "name": "Bo Two" }
        ],
        "organizations": [
            { "id": "council", "name": "Council", "classification": "legislature" },
            { "id": "party/reds", "name": "Reds", "classification": "party" }
        ],
        "events": [
            { "id": "term/1", "classification": "legislative period", "start_date": "2001", "end_date": "2005" }
        ],
        "memberships": memberships
    })
}

fn import_value(value: &Value, lenient: bool) -> (anyhow::Result<()>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "file.json", value.to_string().as_bytes());
    let result = import::run(
        &file,
        &dir.path().join("out"),
        import::Options {
            lenient,
            as_of: None,
        },
    );
    (result, dir)
}

#[test]
fn what_cannot_be_mapped_is_named_and_refused_unless_lenient() {
    let file = minimal(json!([
        { "person_id": "p1", "organization_id": "council", "legislative_period_id": "term/1", "on_behalf_of_id": "party/reds" },
        { "person_id": "p2", "organization_id": "council", "start_date": "31/12/2004" },
        { "person_id": "nobody", "organization_id": "council", "start_date": "2002" },
        { "person_id": "p2", "organization_id": "council" }
    ]));
    let bytes = file.to_string().into_bytes();
    let imported = import::import(
        || Ok(bytes.as_slice()),
        "file.json",
        import::Options::default(),
    )
    .unwrap();
    let problems: Vec<String> = imported
        .report
        .problems
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        vec![
            "memberships[1]: `start_date`: `31/12/2004` is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 1971, 1971-03, 2004-12-31)".to_owned(),
            "memberships[2]: `person_id`: `nobody` names no person of the file".to_owned(),
            "memberships[3]: `start_date`: no start_date, and no legislative period with one: a term needs the day it began, at any precision (YYYY, YYYY-MM, YYYY-MM-DD)".to_owned(),
        ]
    );
    assert_eq!(imported.report.skipped.get("memberships"), Some(&3));
    assert_eq!(imported.report.not_kept.get("persons.gender"), Some(&1));

    // Strict: nothing is written.
    let (result, dir) = import_value(&file, false);
    let error = result.expect_err("strict refuses").to_string();
    assert!(error.contains("3 objects cannot be mapped"), "{error}");
    assert!(!dir.path().join("out").exists());

    // Lenient: the rest is written and served as a dataset; Bo Two, whose memberships
    // were all skipped, is left out and counted.
    let (result, dir) = import_value(&file, true);
    result.expect("lenient imports the rest");
    let loaded = tenure::dataset::load(&dir.path().join("out")).unwrap();
    let d = &loaded.dataset;
    assert_eq!(d.terms.len(), 1);
    assert_eq!(d.secretaries.len(), 1);
    assert_eq!(d.secretaries[0].name, "Ada One");
    assert_eq!(d.terms[0].start.to_string(), "2001");
    assert_eq!(d.terms[0].end.as_ref().unwrap().to_string(), "2005");
    assert_eq!(d.party(d.terms[0].party.unwrap()).name, "Reds");
}

#[test]
fn an_import_never_writes_over_a_directory_with_files() {
    let file = minimal(json!([
        { "person_id": "p1", "organization_id": "council", "legislative_period_id": "term/1" }
    ]));
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "file.json", file.to_string().as_bytes());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "mine").unwrap();
    let error = import::run(&input, &out, import::Options::default())
        .expect_err("a directory with files is refused")
        .to_string();
    assert!(error.contains("is not empty"), "{error}");
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_file_that_is_not_popolo_json_is_refused_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "file.json", b"{\"persons\": [ {\"id\": 1} ]}");
    let error = import::run(&input, &dir.path().join("out"), import::Options::default())
        .expect_err("refused");
    let text = format!("{error:#}");
    assert!(text.contains("is not a Popolo JSON document"), "{text}");
    assert!(text.contains("line 1 column"), "{text}");
}

#[test]
fn a_pipe_is_refused_before_it_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("popolo.json");
    let path = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    // Opening a pipe with no writer would wait forever: the import must not.
    let error = import::run(&pipe, &dir.path().join("out"), import::Options::default())
        .expect_err("refused");
    let text = format!("{error:#}");
    assert!(text.contains("is not a regular file"), "{text}");
    assert!(!dir.path().join("out").exists());
}
