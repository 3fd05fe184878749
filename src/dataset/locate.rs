//! Finds the line and column of a JSON path in a file's text, so that a problem found
//! after parsing (a date that is not real, a reference to nobody) still points at the
//! place to edit. Only files with problems are located, so loading good data pays
//! nothing for it.

use jsonc_parser::ast::Value;
use jsonc_parser::common::Ranged;
use jsonc_parser::{parse_to_ast, CollectOptions, ParseOptions};

use super::error::{JsonPath, Position, Segment};

/// A file's text, ready to locate paths in.
pub struct Locator<'a> {
    lines: Lines<'a>,
    root: Option<Value<'a>>,
}

impl<'a> Locator<'a> {
    /// Parses `text` for locating; text that does not parse locates nothing.
    pub fn new(text: &'a str) -> Self {
        let root = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
            .ok()
            .and_then(|result| result.value);
        Self {
            lines: Lines::new(text),
            root,
        }
    }

    /// The position of the value at `path`, or of the deepest part of it that exists
    /// (a missing member is reported where its object starts).
    pub fn locate(&self, path: &JsonPath) -> Option<Position> {
        let mut value = self.root.as_ref()?;
        for segment in path.segments() {
            let next = match (segment, value) {
                (Segment::Key(key), Value::Object(object)) => object
                    .properties
                    .iter()
                    .find(|p| p.name.as_str() == *key)
                    .map(|p| &p.value),
                (Segment::Index(index), Value::Array(array)) => array.elements.get(*index),
                _ => None,
            };
            match next {
                Some(next) => value = next,
                None => break,
            }
        }
        Some(self.lines.position(value.range().start))
    }
}

/// Where each line of a text starts, so that a position costs a binary search and a
/// count of one line's characters: a file with a problem on each of its million
/// records is located in linear time, not in time that grows with its square.
struct Lines<'a> {
    text: &'a str,
    /// The byte offset of each line's first character.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Self { text, starts }
    }

    fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |before| before.chars().count());
        Position {
            line,
            column: column + 1,
        }
    }
}

/// The line and column (in characters) of a byte offset.
pub fn position_of(text: &str, offset: usize) -> Position {
    Lines::new(text).position(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_located_at_its_value() {
        let text =
            "{\n  \"terms\": [\n    {\"end\": \"2004-02-30\"},\n    {\"end\": \"x\"}\n  ]\n}";
        let locator = Locator::new(text);
        let path = JsonPath::root().key("terms").index(1).key("end");
        assert_eq!(
            locator.locate(&path),
            Some(Position {
                line: 4,
                column: 13
            })
        );
    }

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let text = "ab\nçd\n\nx";
        let at = |offset| {
            let Position { line, column } = position_of(text, offset);
            (line, column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(2), (1, 3));
        assert_eq!(at(3), (2, 1));
        // `ç` is two bytes and one character.
        assert_eq!(at(5), (2, 2));
        assert_eq!(at(7), (3, 1));
        assert_eq!(at(8), (4, 1));
        assert_eq!(at(100), (4, 2));
    }

    #[test]
    fn a_missing_member_is_located_at_its_object() {
        let text = "{\n  \"terms\": [\n    {\"start\": \"1971\"}\n  ]\n}";
        let path = JsonPath::root().key("terms").index(0).key("holder");
        assert_eq!(
            Locator::new(text).locate(&path),
            Some(Position { line: 3, column: 5 })
        );
    }
}
