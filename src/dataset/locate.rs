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
    text: &'a str,
    root: Option<Value<'a>>,
}

impl<'a> Locator<'a> {
    /// Parses `text` for locating; text that does not parse locates nothing.
    pub fn new(text: &'a str) -> Self {
        let root = parse_to_ast(text, &CollectOptions::default(), &ParseOptions::default())
            .ok()
            .and_then(|result| result.value);
        Self { text, root }
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
                    .find(|p| p.name.as_str() == key)
                    .map(|p| &p.value),
                (Segment::Index(index), Value::Array(array)) => array.elements.get(*index),
                _ => None,
            };
            match next {
                Some(next) => value = next,
                None => break,
            }
        }
        Some(position_of(self.text, value.range().start))
    }
}

/// The line and column (in characters) of a byte offset.
pub fn position_of(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
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
    fn a_missing_member_is_located_at_its_object() {
        let text = "{\n  \"terms\": [\n    {\"start\": \"1971\"}\n  ]\n}";
        let path = JsonPath::root().key("terms").index(0).key("holder");
        assert_eq!(
            Locator::new(text).locate(&path),
            Some(Position { line: 3, column: 5 })
        );
    }
}
