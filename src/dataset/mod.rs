//! Reading a dataset directory: `dataset.json`, `people.json` and one file per office
//! under `offices/`. Nothing is served from a directory with any problem; [`load`]
//! returns all of them at once, each with its file, line, column and JSON path.

mod error;
mod files;
mod locate;
mod people;
mod validate;

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

pub use error::{JsonPath, LoadError, Position, Problem, Segment, MAX_PROBLEMS};
pub use files::{
    CountryRecord, DatasetFile, FlagRecord, GroupRecord, IdentifierRecord, LocalizedRecord,
    OfficeFile, OrganizationRecord, OtherNameRecord, PeopleFile, PersonRecord, PowerRecord,
    RelatedOfficeRecord, SourceRecord, TermLengthRecord, TermRecord,
};
pub use locate::position_of;
pub use validate::is_language_tag;

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
    let mut omitted = 0;

    let dataset_text = read_text(dir, PathBuf::from(DATASET_FILE), &mut problems);
    let people_text = read_text(dir, PathBuf::from(PEOPLE_FILE), &mut problems);
    let dataset_file: Option<DatasetFile> =
        dataset_text.as_ref().and_then(|t| parse(t, &mut problems));
    let mut builder = Builder::new(dataset_file.as_ref());
    if let Some(text) = &people_text {
        people::read_people(text, &mut builder, &mut problems);
    }
    let shared_findings = builder.take_findings();

    let stems = office_file_names(dir).unwrap_or_else(|e| {
        let message = format!("cannot list the office files: {e}");
        problems.push(problem(Path::new(OFFICES_DIR), None, message));
        Vec::new()
    });
    builder.office_files(&stems);
    // A second thread hashes every file and reads and parses the office files while
    // this one checks them, so the two overlap on two cores; the bounded channel keeps
    // only a few files' texts in memory at once.
    let hasher = std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel(16);
        let shared = [&dataset_text, &people_text];
        let reader = scope.spawn(move || {
            let mut hasher = Sha256::new();
            for text in shared.into_iter().flatten() {
                hash(&mut hasher, text);
            }
            for (index, stem) in stems.into_iter().enumerate() {
                let name = Path::new(OFFICES_DIR).join(format!("{stem}.json"));
                let mut found = Vec::new();
                let text = read_text(dir, name, &mut found);
                if let Some(text) = &text {
                    hash(&mut hasher, text);
                }
                let file: Option<OfficeFile> = text.as_ref().and_then(|t| parse(t, &mut found));
                if sender.send((index, stem, text, file, found)).is_err() {
                    break;
                }
            }
            hasher
        });
        for (index, stem, text, file, found) in receiver {
            problems.extend(found);
            let Some(text) = text else { continue };
            builder.office(index, &stem, file.as_ref());
            let findings = builder.take_findings();
            if !findings.is_empty() {
                omitted += locate_all(&text, findings, &mut problems);
            }
        }
        reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    let version = hex(&hasher.finalize()[..12]);

    let result = builder.finish();
    let (dataset_findings, people_findings): (Vec<Finding>, Vec<Finding>) = shared_findings
        .into_iter()
        .chain(result.as_ref().err().cloned().unwrap_or_default())
        .partition(|f| f.file == FileRef::Dataset);
    if let Some(text) = &dataset_text {
        omitted += locate_all(text, dataset_findings, &mut problems);
    }
    if let Some(text) = &people_text {
        omitted += locate_all(text, people_findings, &mut problems);
    }
    match result {
        Ok(dataset) if problems.is_empty() => Ok(Loaded { dataset, version }),
        _ => Err(LoadError::with_omitted(problems, omitted)),
    }
}

/// The version [`load`] would give the files in `dir` now, computed by reading and
/// hashing them alone (no parsing, no checks: a tenth of a load's time, in one
/// file's memory); `None` if a file cannot be read, which only a load can report.
/// What `--watch` compares with the served version, so that a file written with the
/// same content, or whose times alone changed, reloads nothing.
pub fn version_of(dir: &Path) -> Option<String> {
    let mut hasher = Sha256::new();
    let mut problems = Vec::new();
    let names = [PathBuf::from(DATASET_FILE), PathBuf::from(PEOPLE_FILE)]
        .into_iter()
        .chain(
            office_file_names(dir)
                .ok()?
                .into_iter()
                .map(|stem| Path::new(OFFICES_DIR).join(format!("{stem}.json"))),
        );
    for name in names {
        read(dir, name, &mut hasher, &mut problems)?;
    }
    Some(hex(&hasher.finalize()[..12]))
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

/// The largest data file read: far above any real one (the generated million-term
/// dataset's largest file is about 100 MB), and a bound on what a file that is not
/// what it seems (a link to a device that never ends) could make a load read.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Reads one file as UTF-8 text. Only a regular file is read, and at most
/// [`MAX_FILE_BYTES`] of it: a named pipe put in the directory would make a read wait
/// forever, and a reload must always end.
fn read_text(dir: &Path, name: PathBuf, problems: &mut Vec<Problem>) -> Option<Text> {
    match read_regular(&dir.join(&name)) {
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

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`]; what it is otherwise.
fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let not_regular = || {
        Error::new(
            ErrorKind::InvalidInput,
            "it is not a regular file (a directory, a pipe or a device)",
        )
    };
    // Checked before opening: opening a named pipe waits for a writer. Opened without
    // waiting all the same, should a pipe take the file's place in between.
    if !fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_regular());
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "it holds {} bytes, more than the {MAX_FILE_BYTES} a data file may",
                metadata.len()
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // A file that grows while it is read is read up to the bound and no further.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("it grew past the {MAX_FILE_BYTES} bytes a data file may hold"),
        ));
    }
    Ok(bytes)
}

/// Adds a file's name and content to the version hash.
fn hash(hasher: &mut Sha256, text: &Text) {
    hasher.update(text.name.to_string_lossy().as_bytes());
    hasher.update([0]);
    hasher.update((text.text.len() as u64).to_le_bytes());
    hasher.update(text.text.as_bytes());
}

/// Adds the first [`MAX_PROBLEMS`] findings of one file to `problems`, with their
/// lines and columns; returns how many more it had, which are only counted.
fn locate_all(text: &Text, findings: Vec<Finding>, problems: &mut Vec<Problem>) -> usize {
    if findings.is_empty() {
        return 0;
    }
    let more = findings.len().saturating_sub(MAX_PROBLEMS);
    let locator = Locator::new(&text.text);
    problems.extend(
        findings
            .into_iter()
            .take(MAX_PROBLEMS)
            .map(|finding| Problem {
                file: text.name.clone(),
                position: locator.locate(&finding.path),
                path: Some(finding.path),
                message: finding.message,
            }),
    );
    more
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
/// at the line and column where serde stopped. A file is parsed first without
/// tracking where in it the parser is, and only a file that fails again with
/// `serde_path_to_error` for the JSON path of its problem: a million-term dataset
/// parses that much faster, and a broken file gets the same message.
fn parse<T: DeserializeOwned>(text: &Text, problems: &mut Vec<Problem>) -> Option<T> {
    if let Ok(value) = serde_json::from_str(&text.text) {
        return Some(value);
    }
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
            let message = if inner.is_syntax() || inner.is_eof() {
                // Where serde stopped in the syntax is the place to look; its path
                // ends in `?`, a member it could not read.
                explain_syntax(&message)
            } else if path == "." {
                message
            } else {
                format!("at $.{}: {message}", path.trim_start_matches('.'))
            };
            problems.push(problem(&text.name, position, message));
            None
        }
    }
}

/// A JSON syntax error as someone editing the file by hand reads it: what is wrong
/// and how to write it, for the mistakes people make (serde_json says only "key must
/// be a string" or "trailing comma").
fn explain_syntax(message: &str) -> String {
    let hint = match message {
        "key must be a string" => {
            "a key must be a string in double quotes, such as \"slug\": JSON allows no bare or single-quoted keys"
        }
        "trailing comma" => {
            "a comma after the last item of a list or object: remove it (JSON allows no trailing comma)"
        }
        "expected `,` or `}`" => {
            "expected `,` or `}` after an object's member: a comma may be missing between two members"
        }
        "expected `,` or `]`" => {
            "expected `,` or `]` after a list's item: a comma may be missing between two items"
        }
        "expected `:`" => "expected `:` between a key and its value",
        "expected value" => {
            "expected a value: a string in double quotes, a number, true, false, null, a list or an object"
        }
        "EOF while parsing an object" => {
            "the file ends inside an object: a closing `}` is missing"
        }
        "EOF while parsing a list" => "the file ends inside a list: a closing `]` is missing",
        "EOF while parsing a string" => {
            "the file ends inside a string: a closing double quote is missing"
        }
        "EOF while parsing a value" => "the file ends where a value should be",
        "invalid escape" => {
            "a backslash in a string starts no escape JSON knows: write \\\\ for a backslash, \\\" for a quote, \\n for a line break"
        }
        other if other.starts_with("control character") => {
            "a string holds a raw line break or tab: write it as \\n or \\t"
        }
        _ => return format!("the file is not valid JSON: {message}"),
    };
    format!("the file is not valid JSON: {hint}")
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
