//! The walk: an introspection selection counted over the model, its fields collected
//! by [`crate::graphql::collect`] as written, each (object, selection) pair counted
//! once.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, SelectionSet};
use async_graphql::Value;

use super::{IntrospectionModel, Object, TypeRef};
use crate::graphql::collect::{collect, Collected, Reading};
use crate::graphql::field_types::FieldTypes;

pub(super) struct Walk<'m, 'd> {
    model: &'m IntrospectionModel,
    document: &'d ExecutableDocument,
    types: &'d FieldTypes,
    known: HashMap<(usize, usize), u64>,
}

impl<'m, 'd> Walk<'m, 'd> {
    pub(super) fn new(
        model: &'m IntrospectionModel,
        document: &'d ExecutableDocument,
        types: &'d FieldTypes,
    ) -> Self {
        Self {
            model,
            document,
            types,
            known: HashMap::new(),
        }
    }

    /// The introspection fields of the operation's root selection.
    pub(super) fn root(&mut self, selection: &'d SelectionSet) -> u64 {
        let groups = collect(
            self.document,
            self.types,
            &[selection],
            "Query",
            Reading::AsWritten,
            &[],
        );
        let mut total: u64 = 0;
        for collected in groups.iter().flat_map(|group| &group.fields) {
            let field = collected.field;
            let cost = match field.name.node.as_str() {
                "__schema" => 1u64.saturating_add(self.of(
                    &field.selection_set.node,
                    Object::Schema,
                    &collected.fragments,
                )),
                "__type" => self.named_type(collected),
                _ => 0,
            };
            total = total.saturating_add(cost.saturating_mul(collected.times));
        }
        total
    }

    /// `__type(name:)`: that type, or the costliest type when the name is a variable.
    fn named_type(&mut self, collected: &Collected<'d>) -> u64 {
        let (field, within) = (collected.field, &collected.fragments[..]);
        let selection = &field.selection_set.node;
        let name = field
            .arguments
            .iter()
            .find(|(n, _)| n.node == "name")
            .and_then(|(_, v)| v.node.clone().into_const());
        let model = self.model;
        let cost = match name {
            Some(Value::String(name)) => match model.by_name.get(&name) {
                Some(&i) => self.of(selection, Object::Type(&model.named[i]), within),
                None => 0,
            },
            _ => model
                .named
                .iter()
                .map(|t| self.of(selection, Object::Type(t), within))
                .max()
                .unwrap_or(0),
        };
        1u64.saturating_add(cost)
    }

    /// The fields a selection on `object`, which lies in the fragments `within`, puts
    /// in the answer.
    fn of(&mut self, selection: &'d SelectionSet, object: Object<'m>, within: &[&'d str]) -> u64 {
        let key = (selection as *const SelectionSet as usize, object.key());
        if let Some(&cost) = self.known.get(&key) {
            return cost;
        }
        let groups = collect(
            self.document,
            self.types,
            &[selection],
            object.type_name(),
            Reading::AsWritten,
            within,
        );
        let mut total: u64 = 0;
        for collected in groups.iter().flat_map(|group| &group.fields) {
            let cost = self.field(collected, object);
            total = total.saturating_add(cost.saturating_mul(collected.times));
        }
        self.known.insert(key, total);
        total
    }

    /// One field of `object`: 1, plus what its value holds.
    fn field(&mut self, collected: &Collected<'d>, object: Object<'m>) -> u64 {
        let (field, within): (&'d Field, &[&'d str]) = (collected.field, &collected.fragments);
        let model = self.model;
        let selection = &field.selection_set.node;
        let name = field.name.node.as_str();
        let inner = match (object, name) {
            (Object::Schema, "types") => {
                self.list(selection, within, model.named.iter().map(Object::Type))
            }
            (Object::Schema, "queryType") => match model.query_type {
                Some(i) => self.of(selection, Object::Type(&model.named[i]), within),
                None => 0,
            },
            (Object::Schema, "directives") => self.list(
                selection,
                within,
                model.directives.iter().map(Object::Directive),
            ),
            (Object::Type(TypeRef::Wrapper(inner)), "ofType") => {
                self.of(selection, Object::Type(inner), within)
            }
            (Object::Type(TypeRef::Named(i)), _) => {
                let t = &model.types[*i];
                match name {
                    "fields" => match &t.fields {
                        Some(fields) => {
                            self.list(selection, within, fields.iter().map(Object::Field))
                        }
                        None => 0,
                    },
                    "inputFields" => match &t.input_fields {
                        Some(inputs) => {
                            self.list(selection, within, inputs.iter().map(Object::InputValue))
                        }
                        None => 0,
                    },
                    "interfaces" => self.object_types(selection, within, t.interfaces.as_deref()),
                    "possibleTypes" => {
                        self.object_types(selection, within, t.possible_types.as_deref())
                    }
                    "enumValues" => match t.enum_values {
                        Some(n) => self.list(selection, within, (0..n).map(|_| Object::EnumValue)),
                        None => 0,
                    },
                    _ => 0,
                }
            }
            (Object::Field(f), "args") => {
                self.list(selection, within, f.args.iter().map(Object::InputValue))
            }
            (Object::Field(f), "type") => self.of(selection, Object::Type(&f.ty), within),
            (Object::InputValue(ty), "type") => self.of(selection, Object::Type(ty), within),
            (Object::Directive(d), "args") => {
                self.list(selection, within, d.args.iter().map(Object::InputValue))
            }
            (Object::Directive(d), "locations") => d.locations as u64,
            _ => 0,
        };
        1u64.saturating_add(inner)
    }

    /// What a list's items hold, at least 1 an item.
    fn list(
        &mut self,
        selection: &'d SelectionSet,
        within: &[&'d str],
        items: impl Iterator<Item = Object<'m>>,
    ) -> u64 {
        items.fold(0u64, |total, item| {
            total.saturating_add(self.of(selection, item, within).max(1))
        })
    }

    fn object_types(
        &mut self,
        selection: &'d SelectionSet,
        within: &[&'d str],
        types: Option<&[usize]>,
    ) -> u64 {
        let model = self.model;
        match types {
            Some(types) => self.list(
                selection,
                within,
                types.iter().map(|&i| Object::Type(&model.named[i])),
            ),
            None => 0,
        }
    }
}
