//! The declared type of every field of the served schema, by parent type and field
//! name, read from its SDL: what the cost model and the null repair walk documents with.

use std::collections::HashMap;

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

/// The declared type of each field of the schema, by parent type and field name.
pub struct FieldTypes {
    fields: HashMap<String, HashMap<String, Type>>,
    /// The interfaces each object type implements.
    implements: HashMap<String, Vec<String>>,
}

impl FieldTypes {
    /// The field types of the schema written in `sdl`.
    pub fn of(sdl: &str) -> Self {
        let mut fields = HashMap::new();
        let mut implements = HashMap::new();
        if let Ok(document) = parse_schema(sdl) {
            for definition in document.definitions {
                let TypeSystemDefinition::Type(t) = definition else {
                    continue;
                };
                let parent = t.node.name.node.to_string();
                let defined = match t.node.kind {
                    TypeKind::Object(o) => {
                        implements.insert(
                            parent.clone(),
                            o.implements.iter().map(|i| i.node.to_string()).collect(),
                        );
                        o.fields
                    }
                    TypeKind::Interface(i) => i.fields,
                    _ => continue,
                };
                let of_parent: &mut HashMap<String, Type> = fields.entry(parent).or_default();
                for field in defined {
                    let field = field.node;
                    of_parent.insert(field.name.node.to_string(), field.ty.node);
                }
            }
        }
        Self { fields, implements }
    }

    /// The declared type of `parent.field`.
    pub fn get(&self, parent: &str, field: &str) -> Option<&Type> {
        self.fields.get(parent)?.get(field)
    }

    /// Whether `name` is an object or interface type (a type with fields).
    pub fn is_object(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// Whether the object type `object` implements the interface `interface`.
    pub fn implements(&self, object: &str, interface: &str) -> bool {
        self.implements
            .get(object)
            .is_some_and(|all| all.iter().any(|i| i == interface))
    }

    /// Every field with its parent type and declared type.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &Type)> {
        self.fields.iter().flat_map(|(parent, fields)| {
            fields
                .iter()
                .map(move |(field, ty)| (parent.as_str(), field.as_str(), ty))
        })
    }
}

/// The named type at the bottom of a type: `Term` for `[Term!]!`.
pub fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(name) => name.as_str(),
        BaseType::List(item) => named(item),
    }
}

/// Whether a type is a list (possibly non-null).
pub fn is_list(ty: &Type) -> bool {
    matches!(ty.base, BaseType::List(_))
}
