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

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;

use super::model::Other;
use crate::dataset::{DatasetFile, OfficeFile, PeopleFile};

mod ids;
mod map;
mod people;
mod read;
mod sources;

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

    fn not_kept_once(&mut self, what: &str) {
        *self.not_kept.entry(what.to_owned()).or_default() += 1;
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
    // The file is read twice (see `read`): a pipe could not be, and opening one waits.
    let metadata =
        std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?;
    if !metadata.is_file() {
        anyhow::bail!(
            "{} is not a regular file: the import reads its file twice, so save a piped or downloaded document to a file first",
            file.display()
        );
    }
    let name = file
        .file_name()
        .map_or("popolo.json".into(), |n| n.to_string_lossy());
    let open = || {
        File::open(file)
            .map(|f| BufReader::with_capacity(1 << 16, f))
            .with_context(|| format!("cannot read {}", file.display()))
    };
    let imported = import(open, &name, options)?;
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
    let Imported { report, .. } = imported;
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
    print_report(&report);
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
        // As `mkdir` would make it, not private as a temporary directory is.
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777))
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

/// Reads a Popolo document from what `open` opens (twice: see [`read`]) and maps it to
/// a dataset's files; `name` names the file in the dataset's sources.
pub fn import<R: Read>(
    open: impl Fn() -> anyhow::Result<R>,
    name: &str,
    options: Options,
) -> anyhow::Result<Imported> {
    let not_popolo = || format!("{name} is not a Popolo JSON document");
    let outline = read::outline(open()?).with_context(not_popolo)?;
    let mut mapper = map::Mapper::new(name, options, outline);
    read::each_membership(open()?, |i, m| mapper.membership(i, m)).with_context(not_popolo)?;
    Ok(mapper.finish())
}
