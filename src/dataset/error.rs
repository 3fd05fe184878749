//! What can be wrong with a dataset, said so that its editor can find and fix it.

use std::fmt;
use std::path::PathBuf;

/// A place inside a JSON file, as a path from its root: `$.terms[3].end`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonPath(Vec<Segment>);

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A member of an object.
    Key(String),
    /// An element of an array.
    Index(usize),
}

impl JsonPath {
    /// The root of a file.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path followed by the member `key`.
    pub fn key(&self, key: &str) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Key(key.to_owned()));
        next
    }

    /// This path followed by the element `index`.
    pub fn index(&self, index: usize) -> Self {
        let mut next = self.clone();
        next.0.push(Segment::Index(index));
        next
    }

    /// The steps from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for segment in &self.0 {
            match segment {
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A line and column in a file, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// One thing wrong with a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file, as given under the data directory.
    pub file: PathBuf,
    /// Where in the file, when the problem is at a place in it.
    pub position: Option<Position>,
    /// The JSON path of the value at fault, when known.
    pub path: Option<JsonPath>,
    /// What is wrong and what would be valid.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(Position { line, column }) = self.position {
            write!(f, ":{line}:{column}")?;
        }
        if let Some(path) = &self.path {
            write!(f, ": at {path}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem found in a dataset; none of it may be served.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The problems, in file order and then in the order they occur in each file.
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        writeln!(
            f,
            "the dataset has {count} problem{}:",
            if count == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            writeln!(f, "  {problem}")?;
        }
        Ok(())
    }
}
