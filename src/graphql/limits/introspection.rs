//! The exact cost of introspection (`__schema`, `__type`): its answers depend on the
//! schema alone, so instead of multiplying the longest list of each kind (38 types
//! times 26 fields times 7 arguments, which would price GraphiQL's own query at a
//! hundred times its real size), the selection is walked over a model of the schema
//! itself, counting the fields the answer will hold. GraphiQL's introspection query
//! costs what its answer holds; a query that loops through `fields { type { fields`
//! costs what its answer would hold, too, and is refused by the same limit.
//!
//! The model is read once, when the executor is built, by asking async-graphql the
//! full introspection query of the served schema.
//!
//! Longer than most files here and kept whole: the model, its walk and the shapes of
//! the introspection answer it is read from are one concern, and change together.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::Value;
use serde::Deserialize;

use crate::graphql::ServedSchema;

/// What the model is read with: every list and type reference of the schema.
const MODEL_QUERY: &str = r#"{
  __schema {
    queryType { name }
    types {
      name
      fields(includeDeprecated: true) { args { type { ...T } } type { ...T } }
      inputFields { type { ...T } }
      interfaces { name }
      possibleTypes { name }
      enumValues(includeDeprecated: true) { name }
    }
    directives { locations args { type { ...T } } }
  }
}
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }"#;

/// The schema as introspection shows it.
#[derive(Debug, Default)]
pub struct IntrospectionModel {
    /// Every named type, as `TypeRef::Named` (so a list of types hands out references).
    named: Vec<TypeRef>,
    types: Vec<NamedType>,
    by_name: HashMap<String, usize>,
    directives: Vec<Directive>,
    query_type: Option<usize>,
}

#[derive(Debug)]
enum TypeRef {
    Named(usize),
    /// A list or non-null wrapper around a type.
    Wrapper(Box<TypeRef>),
    /// A name the schema does not define (cannot happen; counted as a leaf).
    Unknown,
}

#[derive(Debug)]
struct NamedType {
    fields: Option<Vec<FieldModel>>,
    input_fields: Option<Vec<TypeRef>>,
    interfaces: Option<Vec<usize>>,
    possible_types: Option<Vec<usize>>,
    enum_values: Option<usize>,
}

#[derive(Debug)]
struct FieldModel {
    args: Vec<TypeRef>,
    ty: TypeRef,
}

#[derive(Debug)]
struct Directive {
    locations: usize,
    args: Vec<TypeRef>,
}

/// The memoization key of the operation's root, which no model object shares.
const ROOT: usize = 2;

/// One object of an introspection answer.
#[derive(Clone, Copy)]
enum Object<'m> {
    Schema,
    Type(&'m TypeRef),
    Field(&'m FieldModel),
    InputValue(&'m TypeRef),
    EnumValue,
    Directive(&'m Directive),
}

impl Object<'_> {
    /// Identifies the object for memoization.
    fn key(&self) -> usize {
        match self {
            Self::Schema => 0,
            Self::EnumValue => 1,
            Self::Type(r) | Self::InputValue(r) => {
                (*r as *const TypeRef as usize) ^ usize::from(matches!(self, Self::InputValue(_)))
            }
            Self::Field(f) => *f as *const FieldModel as usize,
            Self::Directive(d) => *d as *const Directive as usize,
        }
    }
}

impl IntrospectionModel {
    /// The model of `schema`, or an explanation of why it could not be read.
    pub fn of(schema: &ServedSchema) -> Result<Self, String> {
        let response = schema
            .execute_now(async_graphql::Request::new(MODEL_QUERY))
            .ok_or("the introspection of the schema did not finish at once")?;
        if !response.errors.is_empty() {
            return Err(format!(
                "introspecting the schema failed: {:?}",
                response.errors
            ));
        }
        let json = response.data.into_json().map_err(|e| e.to_string())?;
        let raw: RawData = serde_json::from_value(json).map_err(|e| e.to_string())?;
        Ok(Self::from_raw(raw.schema))
    }

    fn from_raw(raw: RawSchema) -> Self {
        let by_name: HashMap<String, usize> = raw
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.clone(), i))
            .collect();
        let index = |name: &str| by_name.get(name).copied();
        let reference = |r: &RawRef| to_ref(r, &by_name);
        let types = raw
            .types
            .iter()
            .map(|t| NamedType {
                fields: t.fields.as_ref().map(|fields| {
                    fields
                        .iter()
                        .map(|f| FieldModel {
                            args: f.args.iter().map(|a| reference(&a.ty)).collect(),
                            ty: reference(&f.ty),
                        })
                        .collect()
                }),
                input_fields: t
                    .input_fields
                    .as_ref()
                    .map(|inputs| inputs.iter().map(|a| reference(&a.ty)).collect()),
                interfaces: t
                    .interfaces
                    .as_ref()
                    .map(|list| list.iter().filter_map(|n| index(&n.name)).collect()),
                possible_types: t
                    .possible_types
                    .as_ref()
                    .map(|list| list.iter().filter_map(|n| index(&n.name)).collect()),
                enum_values: t.enum_values.as_ref().map(Vec::len),
            })
            .collect();
        let directives = raw
            .directives
            .iter()
            .map(|d| Directive {
                locations: d.locations.len(),
                args: d.args.iter().map(|a| reference(&a.ty)).collect(),
            })
            .collect();
        Self {
            named: (0..raw.types.len()).map(TypeRef::Named).collect(),
            types,
            query_type: index(&raw.query_type.name),
            by_name,
            directives,
        }
    }

    /// How many named types the schema has.
    pub fn type_count(&self) -> usize {
        self.types.len()
    }

    /// The cost of the introspection fields (`__schema`, `__type`) at the root of
    /// `selection`, fragments expanded.
    pub fn cost(&self, document: &ExecutableDocument, selection: &SelectionSet) -> u64 {
        let mut walk = Walk {
            model: self,
            document,
            known: HashMap::new(),
            stack: Vec::new(),
        };
        walk.root(selection)
    }
}

struct Walk<'m, 'd> {
    model: &'m IntrospectionModel,
    document: &'d ExecutableDocument,
    known: HashMap<(usize, usize), u64>,
    stack: Vec<&'d str>,
}

impl<'m, 'd> Walk<'m, 'd> {
    /// The introspection fields of the operation's root selection.
    fn root(&mut self, selection: &'d SelectionSet) -> u64 {
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

fn to_ref(raw: &RawRef, by_name: &HashMap<String, usize>) -> TypeRef {
    match (&raw.of_type, &raw.name) {
        (Some(inner), _) => TypeRef::Wrapper(Box::new(to_ref(inner, by_name))),
        (None, Some(name)) => by_name
            .get(name)
            .map_or(TypeRef::Unknown, |&i| TypeRef::Named(i)),
        (None, None) => TypeRef::Unknown,
    }
}

#[derive(Deserialize)]
struct RawData {
    #[serde(rename = "__schema")]
    schema: RawSchema,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawSchema {
    query_type: RawName,
    types: Vec<RawType>,
    directives: Vec<RawDirective>,
}

#[derive(Deserialize)]
struct RawName {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawType {
    name: String,
    fields: Option<Vec<RawField>>,
    input_fields: Option<Vec<RawInput>>,
    interfaces: Option<Vec<RawName>>,
    possible_types: Option<Vec<RawName>>,
    enum_values: Option<Vec<RawName>>,
}

#[derive(Deserialize)]
struct RawField {
    args: Vec<RawInput>,
    #[serde(rename = "type")]
    ty: RawRef,
}

#[derive(Deserialize)]
struct RawInput {
    #[serde(rename = "type")]
    ty: RawRef,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRef {
    name: Option<String>,
    of_type: Option<Box<RawRef>>,
}

#[derive(Deserialize)]
struct RawDirective {
    locations: Vec<String>,
    args: Vec<RawInput>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::SchemaKind;
    use async_graphql::parser::parse_query;

    /// Counts the fields of an answer as the cost does: each key 1, and at least 1
    /// for each item of a list.
    fn fields_in(value: &serde_json::Value) -> u64 {
        match value {
            serde_json::Value::Object(map) => map.values().map(|v| 1 + fields_in(v)).sum(),
            serde_json::Value::Array(items) => items.iter().map(|v| fields_in(v).max(1)).sum(),
            _ => 0,
        }
    }

    fn measured(query: &str) -> (u64, u64) {
        measured_on(SchemaKind::Public, query)
    }

    fn measured_on(kind: SchemaKind, query: &str) -> (u64, u64) {
        let schema = ServedSchema::build(kind, true);
        let model = IntrospectionModel::of(&schema).expect("the model");
        let document = parse_query(query).expect("a valid document");
        let (_, operation) = document.operations.iter().next().expect("an operation");
        let estimate = model.cost(&document, &operation.node.selection_set.node);
        let answer = schema
            .execute_now(async_graphql::Request::new(query))
            .expect("an answer");
        assert!(answer.errors.is_empty(), "{:?}", answer.errors);
        let json = answer.data.into_json().expect("JSON");
        (estimate, fields_in(&json))
    }

    #[test]
    fn the_model_holds_every_type_of_the_schema() {
        let public = ServedSchema::build(SchemaKind::Public, true);
        let model = IntrospectionModel::of(&public).expect("the model");
        assert_eq!(model.type_count(), 38);
        // The subgraph adds `_Any`, `_Entity` and `_Service`.
        let subgraph = ServedSchema::build(SchemaKind::Subgraph, true);
        let model = IntrospectionModel::of(&subgraph).expect("the model");
        assert_eq!(model.type_count(), 41);
    }

    #[test]
    fn the_subgraph_schema_is_modelled_as_it_answers() {
        let query = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("bench/queries/introspection.graphql"),
        )
        .expect("the bench query");
        let (estimate, real) = measured_on(SchemaKind::Subgraph, &query);
        assert_eq!(estimate, real);
    }

    #[test]
    fn graphiqls_introspection_costs_exactly_what_its_answer_holds() {
        let query = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("bench/queries/introspection.graphql"),
        )
        .expect("the bench query");
        let (estimate, real) = measured(&query);
        assert_eq!(estimate, real);
    }

    #[test]
    fn looping_through_types_is_counted_as_it_answers() {
        let (estimate, real) = measured(
            "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }",
        );
        assert_eq!(estimate, real);
        let (estimate, real) =
            measured("{ __type(name: \"Office\") { fields { name args { name } } } }");
        assert_eq!(estimate, real);
    }
}
