use super::*;
use crate::graphql::build_schema;
use async_graphql::parser::parse_query;
use serde_json::json;

/// The collected fields of the operation's root on `parent`, as
/// `on.key` (with `×times` past 1 and `if $v`/`unless $v` conditions), the fields
/// of one key joined by `+`.
fn collected(query: &str, parent: &str, reading: Reading<'_>) -> Vec<String> {
    let types = FieldTypes::of(&build_schema().sdl());
    let document = parse_query(query).expect("a valid document");
    let (_, operation) = document.operations.iter().next().expect("an operation");
    let mut selection = &operation.node.selection_set.node;
    // The fields under the root's first field, for a parent other than `Query`.
    if parent != "Query" {
        if let Selection::Field(field) = &selection.items[0].node {
            selection = &field.node.selection_set.node;
        }
    }
    collect(&document, &types, &[selection], parent, reading, &[])
        .iter()
        .map(|group| {
            let fields = group.fields.iter().map(|c| {
                let mut shown = format!("{}.{}", c.on, group.key);
                if c.times > 1 {
                    shown.push_str(&format!("×{}", c.times));
                }
                for condition in &c.conditions {
                    let word = if condition.when { "if" } else { "unless" };
                    shown.push_str(&format!(" {word} ${}", condition.variable));
                }
                shown
            });
            fields.collect::<Vec<_>>().join(" + ")
        })
        .collect()
}

#[test]
fn fragments_are_spread_in_the_order_first_asked() {
    let query = "{ ...A dataset { asOf } ...B offices { name } }
                 fragment A on Query { offices { slug } }
                 fragment B on Query { ...A organizations { name } }";
    assert_eq!(
        collected(query, "Query", Reading::AsWritten),
        [
            "Query.offices×2 + Query.offices",
            "Query.dataset",
            "Query.organizations"
        ]
    );
}

#[test]
fn a_field_asked_again_is_counted_not_repeated() {
    let query = "{ ...A ...B } fragment A on Query { offices { slug } }
                 fragment B on Query { ...A ...A }";
    assert_eq!(
        collected(query, "Query", Reading::AsWritten),
        ["Query.offices×3"]
    );
}

#[test]
fn type_conditions_are_matched_against_the_node_interface() {
    let query = "{ node(id: \"x\") { id ... on Office { slug ... on Node { id } }
                   ...S ... on Organization { ... on Node { ... on Term { ordinal } } } } }
                 fragment S on Secretary { name }";
    let nothing = Variables::default();
    assert_eq!(
        collected(query, "Node", Reading::AsRun(&nothing)),
        // An organization that is also a term is none: that fragment collects
        // nothing.
        ["Node.id + Office.id", "Office.slug", "Secretary.name"]
    );
    // On an office, the fragments on other types collect nothing.
    assert_eq!(
        collected(query, "Office", Reading::AsRun(&nothing)),
        ["Office.id + Office.id", "Office.slug"]
    );
    // As written, every fragment applies, on its own type.
    assert_eq!(
        collected(query, "Office", Reading::AsWritten),
        [
            "Office.id + Node.id",
            "Office.slug",
            "Secretary.name",
            "Term.ordinal"
        ]
    );
}

#[test]
fn literal_conditions_are_decided_and_variables_are_kept() {
    let query = "query ($a: Boolean!, $b: Boolean!) { offices @skip(if: true) { name }
                   dataset @include(if: true) { asOf }
                   ... @include(if: $a) { organizations @skip(if: $b) { name } } }";
    let nothing = Variables::default();
    assert_eq!(
        collected(query, "Query", Reading::AsRun(&nothing)),
        ["Query.dataset", "Query.organizations if $a unless $b"]
    );
    let known = Variables::from_json(json!({ "a": true, "b": false }));
    assert_eq!(
        collected(query, "Query", Reading::AsRun(&known)),
        ["Query.dataset", "Query.organizations"]
    );
    let skipped = Variables::from_json(json!({ "a": false }));
    assert_eq!(
        collected(query, "Query", Reading::AsRun(&skipped)),
        ["Query.dataset"]
    );
    assert_eq!(
        collected(query, "Query", Reading::AsWritten),
        ["Query.offices", "Query.dataset", "Query.organizations"]
    );
}

#[test]
fn the_same_key_merges_in_first_asked_order_conditions_and_all() {
    let query = "query ($a: Boolean!) { a: offices { slug } dataset { asOf }
                   a: offices @include(if: $a) { name } ...F @include(if: $a) }
                 fragment F on Query { dataset { loadedAt } }";
    assert_eq!(
        collected(query, "Query", Reading::AsRun(&Variables::default())),
        [
            "Query.a + Query.a if $a",
            "Query.dataset + Query.dataset if $a"
        ]
    );
}

#[test]
fn fields_know_their_fragments_so_cycles_through_fields_are_cut() {
    let types = FieldTypes::of(&build_schema().sdl());
    let document = parse_query(
        "{ offices { ...O } } fragment O on Office { organization { offices { ...O } } }",
    )
    .expect("a valid document");
    let (_, operation) = document.operations.iter().next().expect("an operation");
    let mut selection = &operation.node.selection_set.node;
    let (mut parent, mut within) = ("Query", Vec::new());
    let mut path = Vec::new();
    loop {
        let groups = collect(
            &document,
            &types,
            &[selection],
            parent,
            Reading::AsWritten,
            &within,
        );
        let Some(group) = groups.first() else { break };
        let field = &group.fields[0];
        path.push(format!(
            "{}.{} in {:?}",
            field.on, group.key, field.fragments
        ));
        selection = &field.field.selection_set.node;
        parent = match group.key {
            "organization" => "Organization",
            _ => "Office",
        };
        within = field.fragments.clone();
    }
    assert_eq!(
        path,
        [
            "Query.offices in []",
            "Office.organization in [\"O\"]",
            "Organization.offices in [\"O\"]",
        ]
    );
}

#[test]
fn cycles_and_unknown_fragments_collect_nothing_more() {
    let query = "{ ...A ...Missing } fragment A on Query { offices { slug } ...B }
                 fragment B on Query { dataset { asOf } ...A }";
    assert_eq!(
        collected(query, "Query", Reading::AsWritten),
        ["Query.offices", "Query.dataset"]
    );
}
