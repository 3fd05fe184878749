//! Limits on the shape of a parsed document: aliases and directives across the whole
//! document (every operation and fragment, used or not), and the depth of the
//! operation that runs, with fragment spreads expanded.
//!
//! A spread of a fragment already being expanded (a cycle, which validation refuses
//! later) counts nothing, so the walk never loops; each fragment's depth is computed
//! once, so fragments that spread other fragments many times cost linear time.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

use super::{refuse, Limits};
use crate::graphql::error::{ErrorCode, RequestError};

/// How many aliases and directives a whole document holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DocumentCounts {
    /// Aliases, in every operation and fragment.
    pub aliases: usize,
    /// Directives, on operations, variables, fields, fragments and spreads.
    pub directives: usize,
}

impl DocumentCounts {
    /// The counts of a parsed document.
    pub fn of(document: &ExecutableDocument) -> Self {
        let mut counts = Self::default();
        for (_, fragment) in document.fragments.iter() {
            counts.directives += fragment.node.directives.len();
            counts.add(&fragment.node.selection_set.node);
        }
        for (_, operation) in document.operations.iter() {
            let operation = &operation.node;
            counts.directives += operation.directives.len();
            counts.directives += operation
                .variable_definitions
                .iter()
                .map(|v| v.node.directives.len())
                .sum::<usize>();
            counts.add(&operation.selection_set.node);
        }
        counts
    }

    fn add(&mut self, selection: &SelectionSet) {
        for item in &selection.items {
            match &item.node {
                Selection::Field(field) => {
                    self.aliases += usize::from(field.node.alias.is_some());
                    self.directives += field.node.directives.len();
                    self.add(&field.node.selection_set.node);
                }
                Selection::FragmentSpread(spread) => {
                    self.directives += spread.node.directives.len();
                }
                Selection::InlineFragment(fragment) => {
                    self.directives += fragment.node.directives.len();
                    self.add(&fragment.node.selection_set.node);
                }
            }
        }
    }
}

impl Limits {
    /// Checks a document's aliases and directives.
    pub fn check_counts(&self, counts: DocumentCounts) -> Result<(), RequestError> {
        if counts.aliases > self.max_aliases {
            return Err(refuse(
                ErrorCode::MaxAliasesExceeded,
                "aliases",
                counts.aliases,
                self.max_aliases,
                "--max-aliases",
            ));
        }
        if counts.directives > self.max_directives {
            return Err(refuse(
                ErrorCode::MaxDirectivesExceeded,
                "directives",
                counts.directives,
                self.max_directives,
                "--max-directives",
            ));
        }
        Ok(())
    }

    /// Checks the depth of the operation that runs.
    pub fn check_depth(&self, depth: usize) -> Result<(), RequestError> {
        if depth > self.max_depth {
            return Err(RequestError::new(
                ErrorCode::MaxDepthExceeded,
                format!(
                    "the operation nests fields {depth} deep; the limit is {} (--max-depth)",
                    self.max_depth
                ),
            ));
        }
        Ok(())
    }
}

/// The longest chain of nested fields under `selection`, fragments expanded. `ofType`
/// adds no depth: it walks the schema's type wrappers, a chain bounded by the schema,
/// which GraphiQL's introspection query asks seven deep.
pub fn depth(document: &ExecutableDocument, selection: &SelectionSet) -> usize {
    Depth {
        document,
        known: HashMap::new(),
        stack: Vec::new(),
    }
    .of(selection)
}

struct Depth<'d> {
    document: &'d ExecutableDocument,
    known: HashMap<&'d str, usize>,
    stack: Vec<&'d str>,
}

impl<'d> Depth<'d> {
    fn of(&mut self, selection: &'d SelectionSet) -> usize {
        let mut deepest = 0;
        for item in &selection.items {
            let depth = match &item.node {
                Selection::Field(field) => {
                    let inner = self.of(&field.node.selection_set.node);
                    if field.node.name.node == "ofType" {
                        inner
                    } else {
                        1 + inner
                    }
                }
                Selection::InlineFragment(fragment) => self.of(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    let Some((name, fragment)) = self
                        .document
                        .fragments
                        .get_key_value(&spread.node.fragment_name.node)
                    else {
                        continue;
                    };
                    let name = name.as_str();
                    if let Some(&depth) = self.known.get(name) {
                        depth
                    } else if self.stack.contains(&name) {
                        0
                    } else {
                        self.stack.push(name);
                        let depth = self.of(&fragment.node.selection_set.node);
                        self.stack.pop();
                        self.known.insert(name, depth);
                        depth
                    }
                }
            };
            deepest = deepest.max(depth);
        }
        deepest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn operation_depth(query: &str) -> usize {
        let document = parse_query(query).expect("a valid document");
        let (_, operation) = document.operations.iter().next().expect("an operation");
        depth(&document, &operation.node.selection_set.node)
    }

    #[test]
    fn counts_aliases_and_directives_everywhere() {
        let document =
            parse_query("query @a { x: f @b y: g { ...F @c } } fragment F on T @d { z: h @e }")
                .expect("a valid document");
        let counts = DocumentCounts::of(&document);
        assert_eq!((counts.aliases, counts.directives), (3, 5));
    }

    #[test]
    fn depth_expands_fragments_and_survives_cycles() {
        assert_eq!(
            operation_depth("{ offices { terms(first: 50) { nodes { ordinal } } } }"),
            4
        );
        assert_eq!(
            operation_depth("fragment A on Query { ...B } fragment B on Query { ...A } { ...A }"),
            0
        );
        assert_eq!(
            operation_depth("{ __type(name: \"A\") { ofType { ofType { name } } } }"),
            2
        );
    }
}
