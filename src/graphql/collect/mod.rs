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

mod conditions;

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::Variables;

pub use conditions::{conditions, Condition};

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
mod tests;
