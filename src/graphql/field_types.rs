//! The declared type of every field of the served schema, by parent type and field
//! name, and which object types each abstract type stands for, read from its SDL: the
//! schema model that field collection ([`super::collect`]), the cost model, the null
//! repair and the plans read documents against.

use std::collections::HashMap;

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

/// The declared type of each field of the schema, by parent type and field name.
pub struct FieldTypes {
    fields: HashMap<String, HashMap<String, Type>>,
    /// The interfaces each object type implements (every object type has an entry).
    implements: HashMap<String, Vec<String>>,
    /// The members of each union.
    unions: HashMap<String, Vec<String>>,
}

impl FieldTypes {
    /// The field types of the schema written in `sdl`.
    pub fn of(sdl: &str) -> Self {
        let mut fields = HashMap::new();
        let mut implements = HashMap::new();
        let mut unions = HashMap::new();
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
                    TypeKind::Union(u) => {
                        let members = u.members.iter().map(|m| m.node.to_string()).collect();
                        unions.insert(parent, members);
                        continue;
                    }
                    _ => continue,
                };
                let of_parent: &mut HashMap<String, Type> = fields.entry(parent).or_default();
                for field in defined {
                    let field = field.node;
                    of_parent.insert(field.name.node.to_string(), field.ty.node);
                }
            }
        }
        Self {
            fields,
            implements,
            unions,
        }
    }

    /// The declared type of `parent.field`.
    pub fn get(&self, parent: &str, field: &str) -> Option<&Type> {
        self.fields.get(parent)?.get(field)
    }

    /// Whether `name` is an object or interface type (a type with fields).
    pub fn is_object(&self, name: &str) -> bool {
        self.fields.contains_key(name)
    }

    /// Whether a fragment on `condition` may apply to a value of type `parent`
    /// (GraphQL spec, "DoesFragmentTypeApply", widened to abstract parents): whether
    /// the two share an object type. A type the model does not hold (an introspection
    /// type, or a name validation will refuse) is given the benefit of the doubt:
    /// validation, not this, judges the document.
    pub fn may_apply(&self, condition: &str, parent: &str) -> bool {
        if condition == parent {
            return true;
        }
        match (self.possible(condition), self.possible(parent)) {
            (Some(a), Some(b)) => a.iter().any(|t| b.contains(t)),
            _ => true,
        }
    }

    /// The type the fields of a fragment on `condition` are looked up on, inside a
    /// value of type `parent`: the parent when it is an object type (the narrowest
    /// there is), else the condition.
    pub fn scope<'t>(&self, parent: &'t str, condition: &'t str) -> &'t str {
        if self.implements.contains_key(parent) {
            parent
        } else {
            condition
        }
    }

    /// The object types a value of type `name` may be; `None` for a type the schema
    /// does not define with fields or members.
    fn possible<'t>(&'t self, name: &'t str) -> Option<Vec<&'t str>> {
        if self.implements.contains_key(name) {
            return Some(vec![name]);
        }
        if let Some(members) = self.unions.get(name) {
            return Some(members.iter().map(String::as_str).collect());
        }
        self.fields.contains_key(name).then(|| {
            self.implements
                .iter()
                .filter(|(_, all)| all.iter().any(|i| i == name))
                .map(|(object, _)| object.as_str())
                .collect()
        })
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
