//! The walk: an introspection selection counted over the model, fragments expanded,
//! each (object, selection) pair counted once.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::Value;

use super::{IntrospectionModel, Object, TypeRef, ROOT};

pub(super) struct Walk<'m, 'd> {
    model: &'m IntrospectionModel,
    document: &'d ExecutableDocument,
    known: HashMap<(usize, usize), u64>,
    stack: Vec<&'d str>,
}

impl<'m, 'd> Walk<'m, 'd> {
    pub(super) fn new(model: &'m IntrospectionModel, document: &'d ExecutableDocument) -> Self {
        Self {
            model,
            document,
            known: HashMap::new(),
            stack: Vec::new(),
        }
    }

    /// The introspection fields of the operation's root selection.
    pub(super) fn root(&mut self, selection: &'d SelectionSet) -> u64 {
        let mut total: u64 = 0;
        for item in &selection.items {
            let cost = match &item.node {
                Selection::Field(field) => match field.node.name.node.as_str() {
                    "__schema" => {
                        1u64.saturating_add(self.of(&field.node.selection_set.node, Object::Schema))
                    }
                    "__type" => self.named_type(&field.node),
                    _ => 0,
                },
                Selection::InlineFragment(fragment) => self.root(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    match self.spread(&spread.node.fragment_name.node) {
                        Some((name, selection)) => {
                            // Memoized like any selection, so fragments spread many
                            // times cost linear time, not exponential.
                            let key = (selection as *const SelectionSet as usize, ROOT);
                            if let Some(&cost) = self.known.get(&key) {
                                cost
                            } else {
                                self.stack.push(name);
                                let cost = self.root(selection);
                                self.stack.pop();
                                self.known.insert(key, cost);
                                cost
                            }
                        }
                        None => 0,
                    }
                }
            };
            total = total.saturating_add(cost);
        }
        total
    }

    /// `__type(name:)`: that type, or the costliest type when the name is a variable.
    fn named_type(&mut self, field: &'d Field) -> u64 {
        let selection = &field.selection_set.node;
        let name = field
            .arguments
            .iter()
            .find(|(n, _)| n.node == "name")
            .and_then(|(_, v)| v.node.clone().into_const());
        let model = self.model;
        let cost = match name {
            Some(Value::String(name)) => match model.by_name.get(&name) {
                Some(&i) => self.of(selection, Object::Type(&model.named[i])),
                None => 0,
            },
            _ => model
                .named
                .iter()
                .map(|t| self.of(selection, Object::Type(t)))
                .max()
                .unwrap_or(0),
        };
        1u64.saturating_add(cost)
    }

    fn spread(&self, name: &async_graphql::Name) -> Option<(&'d str, &'d SelectionSet)> {
        let (name, fragment) = self.document.fragments.get_key_value(name)?;
        let name = name.as_str();
        (!self.stack.contains(&name)).then_some((name, &fragment.node.selection_set.node))
    }

    /// The fields a selection on `object` puts in the answer.
    fn of(&mut self, selection: &'d SelectionSet, object: Object<'m>) -> u64 {
        let key = (selection as *const SelectionSet as usize, object.key());
        if let Some(&cost) = self.known.get(&key) {
            return cost;
        }
        let mut total: u64 = 0;
        for item in &selection.items {
            let cost = match &item.node {
                Selection::Field(field) => self.field(&field.node, object),
                Selection::InlineFragment(fragment) => {
                    self.of(&fragment.node.selection_set.node, object)
                }
                Selection::FragmentSpread(spread) => {
                    match self.spread(&spread.node.fragment_name.node) {
                        Some((name, selection)) => {
                            self.stack.push(name);
                            let cost = self.of(selection, object);
                            self.stack.pop();
                            cost
                        }
                        None => 0,
                    }
                }
            };
            total = total.saturating_add(cost);
        }
        self.known.insert(key, total);
        total
    }

    /// One field of `object`: 1, plus what its value holds.
    fn field(&mut self, field: &'d Field, object: Object<'m>) -> u64 {
        let model = self.model;
        let selection = &field.selection_set.node;
        let name = field.name.node.as_str();
        let inner = match (object, name) {
            (Object::Schema, "types") => self.list(selection, model.named.iter().map(Object::Type)),
            (Object::Schema, "queryType") => match model.query_type {
                Some(i) => self.of(selection, Object::Type(&model.named[i])),
                None => 0,
            },
            (Object::Schema, "directives") => {
                self.list(selection, model.directives.iter().map(Object::Directive))
            }
            (Object::Type(TypeRef::Wrapper(inner)), "ofType") => {
                self.of(selection, Object::Type(inner))
            }
            (Object::Type(TypeRef::Named(i)), _) => {
                let t = &model.types[*i];
                match name {
                    "fields" => match &t.fields {
                        Some(fields) => self.list(selection, fields.iter().map(Object::Field)),
                        None => 0,
                    },
                    "inputFields" => match &t.input_fields {
                        Some(inputs) => self.list(selection, inputs.iter().map(Object::InputValue)),
                        None => 0,
                    },
                    "interfaces" => self.types(selection, t.interfaces.as_deref()),
                    "possibleTypes" => self.types(selection, t.possible_types.as_deref()),
                    "enumValues" => match t.enum_values {
                        Some(n) => self.list(selection, (0..n).map(|_| Object::EnumValue)),
                        None => 0,
                    },
                    _ => 0,
                }
            }
            (Object::Field(f), "args") => {
                self.list(selection, f.args.iter().map(Object::InputValue))
            }
            (Object::Field(f), "type") => self.of(selection, Object::Type(&f.ty)),
            (Object::InputValue(ty), "type") => self.of(selection, Object::Type(ty)),
            (Object::Directive(d), "args") => {
                self.list(selection, d.args.iter().map(Object::InputValue))
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
        items: impl Iterator<Item = Object<'m>>,
    ) -> u64 {
        items.fold(0u64, |total, item| {
            total.saturating_add(self.of(selection, item).max(1))
        })
    }

    fn types(&mut self, selection: &'d SelectionSet, types: Option<&[usize]>) -> u64 {
        let model = self.model;
        match types {
            Some(types) => self.list(
                selection,
                types.iter().map(|&i| Object::Type(&model.named[i])),
            ),
            None => 0,
        }
    }
}
