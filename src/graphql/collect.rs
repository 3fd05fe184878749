//! Field collection (GraphQL spec, "CollectFields"): the fields a selection set asks
//! of a value, with fragment spreads and inline fragments expanded, type conditions
//! matched against the value's type, and `@skip`/`@include` resolved; or, for the
//! limits, every field as written ([`Reading`]). It is the one
//! place a document's fragments and conditions are read: the depth limit, the cost,
//! the cost of introspection, the count of `_entities` representations, the null
//! repair and the plans all collect fields here and differ only in what they do with
//! each field.
//!
//! The document model is async-graphql-parser's `ExecutableDocument`, not
//! apollo-compiler's `Valid<ExecutableDocument>`. async-graphql stays the reference
//! executor, and it runs this same parsed document, so a request is parsed once; the
//! limits are measured before validation (they bound what validation costs), where
//! a `Valid` document does not exist yet; and validation's error messages, which
//! clients see, stay async-graphql's. So this routine also meets documents validation
//! will refuse: a spread of an unknown fragment collects nothing, a fragment spread
//! within itself is cut, and a type the schema model does not know lets fragments
//! apply ([`FieldTypes::may_apply`]).
//!
//! Two things differ from the spec's algorithm, both because the walks that read
//! fields before any variable is known need them:
//! - A field reached several times (a fragment spread twice) is yielded once, with
//!   the number of times it is asked ([`Collected::times`]): async-graphql resolves
//!   every occurrence, so the cost counts each, and a document spreading fragments
//!   within fragments stays linear to collect (each fragment is collected once per
//!   parent type and reused).
//! - `@skip`/`@include` on a variable not known yet is kept as a [`Condition`] on the
//!   field instead of being decided ([`Reading::AsRun`]).

use std::collections::HashMap;

use async_graphql::parser::types::{Directive, ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::{Name, Positioned, Value as ConstValue, Variables};
use async_graphql_value::Value;

use crate::graphql::field_types::FieldTypes;

/// How type conditions and `@skip`/`@include` are read.
#[derive(Clone, Copy)]
pub enum Reading<'v> {
    /// Every fragment and field as written: each fragment applies, its fields looked
    /// up on its own type condition, and no directive leaves a field out. The limits
    /// read documents so, as graphql-armor's do: they bound the text a client sent,
    /// whatever the variables and the objects' types turn out to be.
    AsWritten,
    /// As execution will: a fragment whose type condition cannot apply to the parent
    /// is left out, and `@skip`/`@include` are decided when the condition is a literal
    /// or one of these variables; on any other variable, kept as a [`Condition`].
    AsRun(&'v Variables),
}

/// `@include(if: $v)` (asks for the field when `$v` is true) or `@skip(if: $v)`
/// (when it is false), on a variable not known when the fields were collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    /// The variable.
    pub variable: Name,
    /// The value it must have.
    pub when: bool,
}

/// One field a selection set asks for.
#[derive(Debug, Clone)]
pub struct Collected<'d> {
    /// The field as written.
    pub field: &'d Field,
    /// The type it is a field of: the parent, or the type condition of the fragment
    /// it lies in (as written; as run, only within an abstract parent:
    /// [`FieldTypes::scope`]).
    pub on: &'d str,
    /// The conditions on variables, from the outermost fragment in, that must all
    /// hold for it to be asked for.
    pub conditions: Vec<Condition>,
    /// How many times the selection set asks for it (fragments spread more than
    /// once), at least 1.
    pub times: u64,
    /// The named fragments it lies in, outermost first, those the selection lay in
    /// included: a fragment spread again in its selection, at any depth, is a cycle
    /// (which validation refuses), and is cut. A fragment spread in several places
    /// keeps the list of the first; any extra name in it is one the field lies in
    /// only through a cycle.
    pub fragments: Vec<&'d str>,
}

/// The fields answered under one response key.
#[derive(Debug, Clone)]
pub struct Group<'d> {
    /// The key: the fields' alias, else their name.
    pub key: &'d str,
    /// The fields, in the order first asked; their selections merge.
    pub fields: Vec<Collected<'d>>,
}

/// The fields `selections` ask of a value of type `parent` (several selections when
/// the fields of one response key merge theirs), grouped by response key, in the
/// order first asked. `within` are the named fragments the selections lie in: a
/// field's [`Collected::fragments`], when collecting its selection.
pub fn collect<'d>(
    document: &'d ExecutableDocument,
    types: &'d FieldTypes,
    selections: &[&'d SelectionSet],
    parent: &'d str,
    reading: Reading<'_>,
    within: &[&'d str],
) -> Vec<Group<'d>> {
    let mut collector = Collector {
        document,
        types,
        reading,
        spreading: within.to_vec(),
        fragments: HashMap::new(),
    };
    let mut fields = Vec::new();
    for selection in selections {
        collector.gather(selection, parent, &[], 1, &mut fields);
    }
    let mut groups: Vec<Group<'d>> = Vec::new();
    let mut by_key: HashMap<&'d str, usize> = HashMap::new();
    for field in fields {
        let key = field.field.response_key().node.as_str();
        match by_key.get(key) {
            Some(&i) => groups[i].fields.push(field),
            None => {
                by_key.insert(key, groups.len());
                groups.push(Group {
                    key,
                    fields: vec![field],
                });
            }
        }
    }
    groups
}

/// The conditions `@skip` and `@include` among `directives` put on a selection;
/// `None` when they leave it out. Other directives are not this routine's concern. An
/// `if` that is not a Boolean (a document validation refuses) leaves it out.
pub fn conditions(
    directives: &[Positioned<Directive>],
    reading: Reading<'_>,
) -> Option<Vec<Condition>> {
    let Reading::AsRun(variables) = reading else {
        return Some(Vec::new());
    };
    let mut conditions = Vec::new();
    for directive in directives {
        let directive = &directive.node;
        let when = match directive.name.node.as_str() {
            "include" => true,
            "skip" => false,
            _ => continue,
        };
        let value = match directive.get_argument("if").map(|value| &value.node) {
            Some(Value::Boolean(value)) => *value,
            Some(Value::Variable(variable)) => match variables.get(variable) {
                Some(ConstValue::Boolean(value)) => *value,
                Some(_) => return None,
                None => {
                    conditions.push(Condition {
                        variable: variable.clone(),
                        when,
                    });
                    continue;
                }
            },
            _ => return None,
        };
        if value != when {
            return None;
        }
    }
    Some(conditions)
}

struct Collector<'d, 'v> {
    document: &'d ExecutableDocument,
    types: &'d FieldTypes,
    reading: Reading<'v>,
    /// The named fragments being expanded, those the selections lie in first: a
    /// spread of one of them (a cycle) is cut.
    spreading: Vec<&'d str>,
    /// Each named fragment's fields on a type, collected once.
    fragments: HashMap<(&'d str, &'d str), Vec<Collected<'d>>>,
}

impl<'d> Collector<'d, '_> {
    /// Whether a fragment on `condition` applies within `parent`, and if so the type
    /// its fields are looked up on.
    fn applies(&self, condition: &'d str, parent: &'d str) -> Option<&'d str> {
        match self.reading {
            Reading::AsWritten => Some(condition),
            Reading::AsRun(_) => self
                .types
                .may_apply(condition, parent)
                .then(|| self.types.scope(parent, condition)),
        }
    }

    /// Adds the fields of `selection` on `parent` to `out`, each under `outer`
    /// conditions and asked `times` more times.
    fn gather(
        &mut self,
        selection: &'d SelectionSet,
        parent: &'d str,
        outer: &[Condition],
        times: u64,
        out: &mut Vec<Collected<'d>>,
    ) {
        for item in &selection.items {
            match &item.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let Some(own) = conditions(&field.directives, self.reading) else {
                        continue;
                    };
                    add(
                        out,
                        Collected {
                            field,
                            on: parent,
                            conditions: [outer, &own].concat(),
                            times,
                            fragments: self.spreading.clone(),
                        },
                    );
                }
                Selection::InlineFragment(fragment) => {
                    let fragment = &fragment.node;
                    let Some(own) = conditions(&fragment.directives, self.reading) else {
                        continue;
                    };
                    let on = match &fragment.type_condition {
                        Some(condition) => condition.node.on.node.as_str(),
                        None => parent,
                    };
                    if let Some(scope) = self.applies(on, parent) {
                        let outer = [outer, &own].concat();
                        self.gather(&fragment.selection_set.node, scope, &outer, times, out);
                    }
                }
                Selection::FragmentSpread(spread) => {
                    let spread = &spread.node;
                    let Some(own) = conditions(&spread.directives, self.reading) else {
                        continue;
                    };
                    let Some((name, fragment)) = self
                        .document
                        .fragments
                        .get_key_value(&spread.fragment_name.node)
                    else {
                        continue;
                    };
                    let name = name.as_str();
                    let on = fragment.node.type_condition.node.on.node.as_str();
                    if self.spreading.contains(&name) {
                        continue;
                    }
                    let Some(scope) = self.applies(on, parent) else {
                        continue;
                    };
                    let fields = match self.fragments.remove(&(name, scope)) {
                        Some(fields) => fields,
                        None => {
                            let mut fields = Vec::new();
                            self.spreading.push(name);
                            self.gather(
                                &fragment.node.selection_set.node,
                                scope,
                                &[],
                                1,
                                &mut fields,
                            );
                            self.spreading.pop();
                            fields
                        }
                    };
                    let outer = [outer, &own].concat();
                    for inner in &fields {
                        add(
                            out,
                            Collected {
                                field: inner.field,
                                on: inner.on,
                                conditions: [&outer, &inner.conditions[..]].concat(),
                                times: times.saturating_mul(inner.times),
                                fragments: inner.fragments.clone(),
                            },
                        );
                    }
                    self.fragments.insert((name, scope), fields);
                }
            }
        }
    }
}

/// Adds a field to those collected, counting it again if it is there already.
fn add<'d>(out: &mut Vec<Collected<'d>>, field: Collected<'d>) {
    let same = out.iter_mut().find(|c| {
        std::ptr::eq(c.field, field.field) && c.on == field.on && c.conditions == field.conditions
    });
    match same {
        Some(same) => same.times = same.times.saturating_add(field.times),
        None => out.push(field),
    }
}

#[cfg(test)]
mod tests {
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
}
