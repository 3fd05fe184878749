//! Reading the model: the served schema's answer to one introspection query, turned
//! into the types, fields and references the walk counts over.

use std::collections::HashMap;

use serde::Deserialize;

use super::{Directive, FieldModel, IntrospectionModel, NamedType, TypeRef};
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

impl IntrospectionModel {
    /// The model of `schema`, or an explanation of why it could not be read.
    pub fn of(schema: &ServedSchema) -> Result<Self, String> {
        let response = schema.execute_blocking(async_graphql::Request::new(MODEL_QUERY));
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
