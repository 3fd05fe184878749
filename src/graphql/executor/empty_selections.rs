//! A workaround for async-graphql 7: an object whose selection set collects no field
//! (every field skipped by `@skip`/`@include`, or only fragments of other types) is
//! answered `null` by async-graphql, even where the field is non-null and with no
//! error, and a field whose first occurrence collects nothing then fails to merge with
//! its later ones. The GraphQL spec ("ExecuteSelectionSet") answers `{}` there.
//!
//! Before a document goes to async-graphql, each selection set that might collect
//! nothing gets one more field, `__typename` under a response key no client can
//! write ([`MARKER`]: GraphQL names have no spaces), so that it always collects
//! something; after execution the marker's entries are removed from the data, leaving
//! the objects the spec wants. Plans follow the spec themselves and need neither step.
//! A set is sure to collect a field when one of its own fields is included with the
//! request's variables, read by [`conditions`] as every walk reads `@skip`/`@include`;
//! its fragments are not collected, since which apply depends on the type each
//! object turns out to have, which only execution knows.
//! The tests in `tests/hostile_props.rs` pin async-graphql's own answers, so an
//! upgrade that fixes it shows, and this module can go.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Field, Selection, SelectionSet,
};
use async_graphql::{Name, Positioned, Value, Variables};

use crate::graphql::collect::{conditions, Reading};

/// The response key of the added `__typename` fields.
pub const MARKER: &str = "tenure: collects nothing";

/// Adds a marked `__typename` to each selection set of `document` (operations' and
/// fields') that is not sure to collect a field with `variables`; whether it added any.
pub fn mark(document: &mut ExecutableDocument, variables: &Variables) -> bool {
    let mut marked = false;
    match &mut document.operations {
        DocumentOperations::Single(operation) => {
            marked |= ensure(&mut operation.node.selection_set, variables);
        }
        DocumentOperations::Multiple(operations) => {
            for operation in operations.values_mut() {
                marked |= ensure(&mut operation.node.selection_set, variables);
            }
        }
    }
    for fragment in document.fragments.values_mut() {
        marked |= within(&mut fragment.node.selection_set.node, variables);
    }
    marked
}

/// Removes the marked entries from an answer's data.
pub fn strip(data: &mut Value) {
    match data {
        Value::Object(map) => {
            map.shift_remove(MARKER);
            map.values_mut().for_each(strip);
        }
        Value::List(items) => items.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Marks `set` if it needs it, then the selection sets within it.
fn ensure(set: &mut Positioned<SelectionSet>, variables: &Variables) -> bool {
    let needed = !set.node.items.iter().any(|item| match &item.node {
        // Included with no condition left on a variable not given.
        Selection::Field(field) => conditions(&field.node.directives, Reading::AsRun(variables))
            .is_some_and(|left| left.is_empty()),
        _ => false,
    });
    if needed {
        let marker = Field {
            alias: Some(Positioned::new(Name::new(MARKER), set.pos)),
            name: Positioned::new(Name::new("__typename"), set.pos),
            arguments: Vec::new(),
            directives: Vec::new(),
            selection_set: Positioned::new(SelectionSet::default(), set.pos),
        };
        let marker = Selection::Field(Positioned::new(marker, set.pos));
        set.node.items.push(Positioned::new(marker, set.pos));
    }
    within(&mut set.node, variables) | needed
}

/// Marks the selection sets of the fields within `set`, through inline fragments
/// (named fragments are marked once, where they are defined).
fn within(set: &mut SelectionSet, variables: &Variables) -> bool {
    let mut marked = false;
    for item in &mut set.items {
        match &mut item.node {
            // A leaf's selection set is empty and stays so.
            Selection::Field(field) if !field.node.selection_set.node.items.is_empty() => {
                marked |= ensure(&mut field.node.selection_set, variables);
            }
            Selection::Field(_) | Selection::FragmentSpread(_) => {}
            Selection::InlineFragment(fragment) => {
                marked |= within(&mut fragment.node.selection_set.node, variables);
            }
        }
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;
    use serde_json::json;

    /// The response keys of each marked selection set's parent, as a readable list.
    fn marked(query: &str, variables: serde_json::Value) -> Vec<String> {
        let mut document = parse_query(query).expect("a valid document");
        let variables = Variables::from_json(variables);
        mark(&mut document, &variables);
        let mut found = Vec::new();
        for (_, operation) in document.operations.iter() {
            collect("(root)", &operation.node.selection_set.node, &mut found);
        }
        for (name, fragment) in &document.fragments {
            collect(name, &fragment.node.selection_set.node, &mut found);
        }
        found.sort();
        found
    }

    fn collect(parent: &str, set: &SelectionSet, found: &mut Vec<String>) {
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    let key = field.node.response_key().node.as_str();
                    if key == MARKER {
                        found.push(parent.to_owned());
                    }
                    collect(key, &field.node.selection_set.node, found);
                }
                Selection::InlineFragment(fragment) => {
                    collect(parent, &fragment.node.selection_set.node, found)
                }
                Selection::FragmentSpread(_) => {}
            }
        }
    }

    #[test]
    fn sets_sure_to_collect_a_field_are_left_alone() {
        let query = "query($t: Boolean = true) { dataset { asOf @include(if: $t) } }";
        assert!(marked(query, json!({ "t": true })).is_empty());
        assert!(marked("{ dataset { asOf @skip(if: false) } }", json!({})).is_empty());
    }

    #[test]
    fn skipped_fields_fragments_and_unknown_conditions_are_marked() {
        assert_eq!(
            marked("{ dataset { asOf @skip(if: true) } }", json!({})),
            ["dataset"]
        );
        assert_eq!(
            marked("{ node(id: \"x\") { ... on Office { slug } } }", json!({})),
            ["node"]
        );
        assert_eq!(
            marked(
                "query($s: Boolean) { dataset @skip(if: $s) { asOf } }",
                json!({})
            ),
            ["(root)"]
        );
        assert_eq!(
            marked(
                "{ ...F } fragment F on Query { office(slug: \"a\") { ... on Office { firstHolder { id @include(if: false) } } } }",
                json!({})
            ),
            ["(root)", "firstHolder", "office"]
        );
    }

    #[test]
    fn stripping_leaves_empty_objects_in_place() {
        let mut data = Value::from_json(json!({
            MARKER: "Query",
            "dataset": { MARKER: "DatasetInfo" },
            "offices": [{ MARKER: "Office", "slug": "a" }],
        }))
        .expect("a value");
        strip(&mut data);
        assert_eq!(
            data.into_json().expect("JSON"),
            json!({ "dataset": {}, "offices": [{ "slug": "a" }] })
        );
    }
}
