//! Limits on the shape of a parsed document: aliases and directives across the whole
//! document as written (every operation and fragment, used or not), and the depth of
//! the operation that runs, its fields collected by [`crate::graphql::collect`].
//!
//! Each field's depth is computed once per type, so fragments that spread other
//! fragments many times cost linear time.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};

use super::{refuse, Limits};
use crate::graphql::collect::{collect, Reading};
use crate::graphql::error::{ErrorCode, RequestError};
use crate::graphql::field_types::{named, FieldTypes};

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

/// The longest chain of nested fields under `selection` (on `Query`), fragments
/// expanded and every field counted as written. `ofType` adds no depth: it walks the
/// schema's type wrappers, a chain bounded by the schema, which GraphiQL's
/// introspection query asks seven deep.
pub fn depth(document: &ExecutableDocument, selection: &SelectionSet, types: &FieldTypes) -> usize {
    Depth {
        document,
        types,
        known: HashMap::new(),
    }
    .of(selection, "Query", &[])
}

struct Depth<'d> {
    document: &'d ExecutableDocument,
    types: &'d FieldTypes,
    /// The depth under each field already measured, by the field and its type.
    known: HashMap<(*const Field, &'d str), usize>,
}

impl<'d> Depth<'d> {
    /// The depth of `selection` on `parent`, which lies in the fragments `within`.
    fn of(&mut self, selection: &'d SelectionSet, parent: &'d str, within: &[&'d str]) -> usize {
        let groups = collect(
            self.document,
            self.types,
            &[selection],
            parent,
            Reading::AsWritten,
            within,
        );
        let mut deepest = 0;
        for collected in groups.iter().flat_map(|group| &group.fields) {
            let field = collected.field;
            let key = (field as *const Field, collected.on);
            let inner = match self.known.get(&key) {
                Some(&inner) => inner,
                None => {
                    let name = field.name.node.as_str();
                    let child = self.types.get(collected.on, name).map_or("", named);
                    let inner = self.of(&field.selection_set.node, child, &collected.fragments);
                    self.known.insert(key, inner);
                    inner
                }
            };
            let own = usize::from(field.name.node != "ofType");
            deepest = deepest.max(own + inner);
        }
        deepest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::build_schema;
    use async_graphql::parser::parse_query;

    fn operation_depth(query: &str) -> usize {
        let types = FieldTypes::of(&build_schema().sdl());
        let document = parse_query(query).expect("a valid document");
        let (_, operation) = document.operations.iter().next().expect("an operation");
        depth(&document, &operation.node.selection_set.node, &types)
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
        assert_eq!(
            operation_depth(
                "{ offices { ...O } } fragment O on Office { organization { offices { ...O } } }"
            ),
            3
        );
        assert_eq!(
            operation_depth(
                "{ node(id: \"x\") { ... on Office { holders { name } } ...T } }
                 fragment T on Node { ... on Term { office { organization { name } } } }"
            ),
            4
        );
    }
}
