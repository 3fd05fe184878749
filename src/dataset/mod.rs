//! Reading a dataset directory: `dataset.json`, `people.json` and one file per office
//! under `offices/`. Nothing is served from a directory with any problem; [`load`]
//! returns all of them at once, each with its file, line, column and JSON path.

mod error;
mod files;
mod locate;
mod validate;

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

pub use error::{JsonPath, LoadError, Position, Problem, Segment};
pub use files::{
    CountryRecord, DatasetFile, FlagRecord, LocalizedRecord, OfficeFile, OrganizationRecord,
    PeopleFile, PersonRecord, PowerRecord, RelatedOfficeRecord, SourceRecord, TermLengthRecord,
    TermRecord,
};
pub use locate::position_of;

use crate::domain::Dataset;
use locate::Locator;
use validate::{Builder, FileRef, Finding};

/// The name of the file that describes the dataset as a whole.
pub const DATASET_FILE: &str = "dataset.json";
/// The name of the file that lists the people.
pub const PEOPLE_FILE: &str = "people.json";
/// The directory that holds one file per office.
pub const OFFICES_DIR: &str = "offices";

/// A dataset that passed every check.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The dataset.
    pub dataset: Dataset,
    /// A hash of every file's name and content: the same files give the same version.
    pub version: String,
}

/// One file read from the directory.
struct Text {
    /// Its path under the data directory.
    name: PathBuf,
    /// Its content.
    text: String,
}

/// Reads, checks and builds the dataset in `dir`. Office files are read, checked and
/// dropped one at a time, so memory holds the built dataset and one file's text.
pub fn load(dir: &Path) -> Result<Loaded, LoadError> {
    let mut problems = Vec::new();
    let mut hasher = Sha256::new();

    let dataset_text = read(dir, PathBuf::from(DATASET_FILE), &mut hasher, &mut problems);
    let people_text = read(dir, PathBuf::from(PEOPLE_FILE), &mut hasher, &mut problems);
    let dataset_file: Option<DatasetFile> =
        dataset_text.as_ref().and_then(|t| parse(t, &mut problems));
    let people_file: Option<PeopleFile> =
        people_text.as_ref().and_then(|t| parse(t, &mut problems));
    let mut builder = Builder::new(dataset_file.as_ref(), people_file.as_ref());
    let shared_findings = builder.take_findings();

    match office_file_names(dir) {
        Ok(stems) => {
            // A second thread reads and parses office files while this one checks them,
            // so the two overlap on two cores; the bounded channel keeps only a few
            // files' texts in memory at once.
            std::thread::scope(|scope| {
                let (sender, receiver) = std::sync::mpsc::sync_channel(16);
                scope.spawn(move || {
                    for (index, stem) in stems.into_iter().enumerate() {
                        let name = Path::new(OFFICES_DIR).join(format!("{stem}.json"));
                        let mut found = Vec::new();
                        let text = read_text(dir, name, &mut found);
                        let file: Option<OfficeFile> =
                            text.as_ref().and_then(|t| parse(t, &mut found));
                        if sender.send((index, stem, text, file, found)).is_err() {
                            break;
                        }
                    }
                });
                for (index, stem, text, file, found) in receiver {
                    problems.extend(found);
                    let Some(text) = text else { continue };
                    hash(&mut hasher, &text);
                    builder.office(index, &stem, file.as_ref());
                    let findings = builder.take_findings();
                    if !findings.is_empty() {
                        problems.extend(locate_all(&text, findings));
                    }
                }
            });
        }
        Err(e) => problems.push(problem(
            Path::new(OFFICES_DIR),
            None,
            format!("cannot list the office files: {e}"),
        )),
    }
    let version = hex(&hasher.finalize()[..12]);

    let result = builder.finish();
    let (dataset_findings, people_findings): (Vec<Finding>, Vec<Finding>) = shared_findings
        .into_iter()
        .chain(result.as_ref().err().cloned().unwrap_or_default())
        .partition(|f| f.file == FileRef::Dataset);
    if let Some(text) = &dataset_text {
        problems.extend(locate_all(text, dataset_findings));
    }
    if let Some(text) = &people_text {
        problems.extend(locate_all(text, people_findings));
    }
    match result {
        Ok(dataset) if problems.is_empty() => Ok(Loaded { dataset, version }),
        _ => {
            problems.sort_by(|a, b| {
                (&a.file, a.position.map(|p| (p.line, p.column)))
                    .cmp(&(&b.file, b.position.map(|p| (p.line, p.column))))
            });
            Err(LoadError { problems })
        }
    }
}

/// Reads one file, adding its name and bytes to the version hash.
fn read(
    dir: &Path,
    name: PathBuf,
    hasher: &mut Sha256,
    problems: &mut Vec<Problem>,
) -> Option<Text> {
    let text = read_text(dir, name, problems)?;
    hash(hasher, &text);
    Some(text)
}

/// Reads one file as UTF-8 text.
fn read_text(dir: &Path, name: PathBuf, problems: &mut Vec<Problem>) -> Option<Text> {
    match fs::read(dir.join(&name)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(Text { name, text }),
            Err(e) => {
                problems.push(problem(
                    &name,
                    None,
                    format!("the file is not UTF-8 text: {e}"),
                ));
                None
            }
        },
        Err(e) => {
            // Named relative to the data directory, like every problem: these reach
            // clients (`lastReload.problems`, `/readyz`), which must not learn the
            // server's paths.
            let message = format!("cannot read the file: {e}");
            problems.push(problem(&name, None, message));
            None
        }
    }
}

/// Adds a file's name and content to the version hash.
fn hash(hasher: &mut Sha256, text: &Text) {
    hasher.update(text.name.to_string_lossy().as_bytes());
    hasher.update([0]);
    hasher.update((text.text.len() as u64).to_le_bytes());
    hasher.update(text.text.as_bytes());
}

/// The findings of one file, with their lines and columns.
fn locate_all(text: &Text, findings: Vec<Finding>) -> Vec<Problem> {
    if findings.is_empty() {
        return Vec::new();
    }
    let locator = Locator::new(&text.text);
    findings
        .into_iter()
        .map(|finding| Problem {
            file: text.name.clone(),
            position: locator.locate(&finding.path),
            path: Some(finding.path),
            message: finding.message,
        })
        .collect()
}

/// The stems of the `.json` files under `offices/`, sorted so that loading is
/// deterministic.
fn office_file_names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut stems = Vec::new();
    for entry in fs::read_dir(dir.join(OFFICES_DIR))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                stems.push(stem.to_owned());
            }
        }
    }
    stems.sort_unstable();
    Ok(stems)
}

/// Parses one file into its record type; a file of the wrong shape is one problem,
/// at the line and column where serde stopped.
fn parse<T: DeserializeOwned>(text: &Text, problems: &mut Vec<Problem>) -> Option<T> {
    let mut deserializer = serde_json::Deserializer::from_str(&text.text);
    let result = serde_path_to_error::deserialize(&mut deserializer);
    let trailing = result
        .is_ok()
        .then(|| deserializer.end())
        .and_then(Result::err);
    if let Some(e) = trailing {
        let position = Position {
            line: e.line(),
            column: e.column(),
        };
        problems.push(problem(
            &text.name,
            Some(position),
            strip_position(&e.to_string()),
        ));
        return None;
    }
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            let inner = error.inner();
            let position = (inner.line() > 0).then(|| Position {
                line: inner.line(),
                column: inner.column(),
            });
            let path = error.path().to_string();
            let message = strip_position(&inner.to_string());
            let message = if path == "." {
                message
            } else {
                format!("at $.{}: {message}", path.trim_start_matches('.'))
            };
            problems.push(problem(&text.name, position, message));
            None
        }
    }
}

/// serde_json appends " at line L column C" to its messages; the position is shown
/// once, in front, like every other problem's.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

fn problem(file: &Path, position: Option<Position>, message: String) -> Problem {
    Problem {
        file: file.to_path_buf(),
        position,
        path: None,
        message,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
