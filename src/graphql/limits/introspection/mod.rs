//! The exact cost of introspection (`__schema`, `__type`): its answers depend on the
//! schema alone, so instead of multiplying the longest list of each kind (38 types
//! times 26 fields times 7 arguments, which would price GraphiQL's own query at a
//! hundred times its real size), the selection is walked ([`walk`]) over a model of
//! the schema itself, counting the fields the answer will hold. GraphiQL's
//! introspection query costs what its answer holds; a query that loops through
//! `fields { type { fields` costs what its answer would hold, too, and is refused by
//! the same limit.
//!
//! The model is read ([`read`]) once, when the executor is built, by asking
//! async-graphql the full introspection query of the served schema.

mod read;
mod walk;

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, SelectionSet};

use walk::Walk;

use crate::graphql::field_types::FieldTypes;

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
    /// The introspection type it is a value of.
    fn type_name(&self) -> &'static str {
        match self {
            Self::Schema => "__Schema",
            Self::Type(_) => "__Type",
            Self::Field(_) => "__Field",
            Self::InputValue(_) => "__InputValue",
            Self::EnumValue => "__EnumValue",
            Self::Directive(_) => "__Directive",
        }
    }

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
    /// How many named types the schema has.
    pub fn type_count(&self) -> usize {
        self.types.len()
    }

    /// The cost of the introspection fields (`__schema`, `__type`) at the root of
    /// `selection`, fragments expanded, with `types` the schema's model.
    pub fn cost(
        &self,
        document: &ExecutableDocument,
        selection: &SelectionSet,
        types: &FieldTypes,
    ) -> u64 {
        Walk::new(self, document, types).root(selection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::{SchemaKind, ServedSchema};
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
        let types = FieldTypes::of(&schema.sdl());
        let estimate = model.cost(&document, &operation.node.selection_set.node, &types);
        let answer = schema.execute_blocking(async_graphql::Request::new(query));
        assert!(answer.errors.is_empty(), "{:?}", answer.errors);
        let json = answer.data.into_json().expect("JSON");
        (estimate, fields_in(&json))
    }

    #[test]
    fn the_model_holds_every_type_of_the_schema() {
        let public = ServedSchema::build(SchemaKind::Public, true);
        let model = IntrospectionModel::of(&public).expect("the model");
        assert_eq!(model.type_count(), 43);
        // The subgraph adds `_Any`, `_Entity` and `_Service`.
        let subgraph = ServedSchema::build(SchemaKind::Subgraph, true);
        let model = IntrospectionModel::of(&subgraph).expect("the model");
        assert_eq!(model.type_count(), 46);
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
