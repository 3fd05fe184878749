//! What can be wrong with a dataset, said so that its editor can find and fix it.

use std::fmt;
use std::path::PathBuf;

/// A place inside a JSON file, as a path from its root: `$.terms[3].end`.
///
/// The checks make a path for every value they look at (a million terms, a handful
/// each) and almost never report one, so a path is a small array of static keys and
/// indices, copied rather than allocated. No file of the format nests deeper than
/// [`JsonPath::DEPTH`]; a deeper step would be dropped and the path would name the
/// value that holds it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JsonPath {
    steps: [Segment; JsonPath::DEPTH],
    len: u8,
}

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Segment {
    /// A member of an object.
    Key(&'static str),
    /// An element of an array.
    Index(usize),
    /// No step (the unused places of a path).
    #[default]
    None,
}

impl JsonPath {
    /// The most steps a path holds.
    pub const DEPTH: usize = 8;

    /// The root of a file.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path followed by the member `key`.
    pub fn key(&self, key: &'static str) -> Self {
        self.then(Segment::Key(key))
    }

    /// This path followed by the element `index`.
    pub fn index(&self, index: usize) -> Self {
        self.then(Segment::Index(index))
    }

    fn then(&self, step: Segment) -> Self {
        let mut next = *self;
        if let Some(place) = next.steps.get_mut(usize::from(next.len)) {
            *place = step;
            next.len += 1;
        }
        next
    }

    /// The steps from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.steps[..usize::from(self.len)]
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("$")?;
        for segment in self.segments() {
            match segment {
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::None => {}
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

/// The most problems a [`LoadError`] lists; the rest are counted. A directory with a
/// problem in each of a million records (every person's terms removed at once) is
/// reported in a few kilobytes, at once, rather than in hundreds of megabytes after
/// minutes: the first problems say what to fix.
pub const MAX_PROBLEMS: usize = 200;

/// The problems found in a dataset; none of it may be served.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    /// The first [`MAX_PROBLEMS`] problems, in file order and then in the order they
    /// occur in each file.
    pub problems: Vec<Problem>,
    /// How many more problems were found and not listed.
    pub omitted: usize,
}

impl LoadError {
    /// The error of these problems: sorted by file and place, the first
    /// [`MAX_PROBLEMS`] kept and the rest counted.
    pub fn new(problems: Vec<Problem>) -> Self {
        Self::with_omitted(problems, 0)
    }

    /// The same, with `omitted` problems found beyond those given.
    pub fn with_omitted(mut problems: Vec<Problem>, omitted: usize) -> Self {
        problems.sort_by(|a, b| {
            (&a.file, a.position.map(|p| (p.line, p.column)))
                .cmp(&(&b.file, b.position.map(|p| (p.line, p.column))))
        });
        let omitted = omitted + problems.len().saturating_sub(MAX_PROBLEMS);
        problems.truncate(MAX_PROBLEMS);
        Self { problems, omitted }
    }

    /// Every line a report shows: each problem, then how many more there are.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        if self.omitted > 0 {
            lines.push(self.omitted_line());
        }
        lines
    }

    fn omitted_line(&self) -> String {
        format!(
            "... and {} more problem{}: fix these and check again",
            self.omitted,
            if self.omitted == 1 { "" } else { "s" }
        )
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len() + self.omitted;
        writeln!(
            f,
            "the dataset has {count} problem{}:",
            if count == 1 { "" } else { "s" }
        )?;
        for line in self.lines() {
            writeln!(f, "  {line}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::JsonPath;

    #[test]
    fn a_path_names_its_steps_from_the_root() {
        let term = JsonPath::root().key("terms").index(3);
        assert_eq!(term.key("end").to_string(), "$.terms[3].end");
        assert_eq!(term.to_string(), "$.terms[3]", "a step makes a new path");
        assert_eq!(JsonPath::root().to_string(), "$");
    }

    #[test]
    fn a_path_deeper_than_its_depth_names_the_value_that_holds_the_rest() {
        let mut path = JsonPath::root();
        for index in 0..JsonPath::DEPTH + 3 {
            path = path.index(index);
        }
        assert_eq!(path.to_string(), "$[0][1][2][3][4][5][6][7]");
    }
}
