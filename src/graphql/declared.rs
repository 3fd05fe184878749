//! The fields each object type declares with `#[fields]` (the `tenure-macros` crate),
//! looked up by GraphQL type name: the plan compiler numbers fields by their place
//! here, and the cost estimate reads list sizes from here. A type's table is written by
//! the macro from the same methods that answer its fields, so neither can name a
//! field the schema does not have, nor miss one it has.

use super::limits::lists::ListSize;
use super::objects::{
    Area, Country, DatasetInfo, Flag, Identifier, LocalizedText, Office, Organization, OtherName,
    PartialDate, Party, Power, RelatedOffice, ReloadAttemptInfo, Secretary, Source, Term,
    TermLength,
};
use super::pagination::{PageInfo, SecretaryConnection, SecretaryEdge, TermConnection, TermEdge};
use super::root::Root;

/// One field of an object type.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// Its GraphQL name.
    pub name: &'static str,
    /// How many items it holds, for a list field.
    pub list: Option<ListSize>,
}

/// An object type's fields, in the order of its `#[fields]` block.
pub trait DeclaredFields {
    /// Its GraphQL name.
    const TYPE: &'static str;
    /// Its fields.
    const FIELDS: &'static [Field];
}

/// Every object type declared with `#[fields]`: the one list a new type is added to.
macro_rules! declared_types {
    ($($ty:ty),* $(,)?) => {
        /// The fields of the object type named `parent`, `None` for a type not declared
        /// with `#[fields]` (introspection's, federation's).
        pub fn fields_of(parent: &str) -> Option<&'static [Field]> {
            $(
                if parent == <$ty as DeclaredFields>::TYPE {
                    return Some(<$ty as DeclaredFields>::FIELDS);
                }
            )*
            None
        }
    };
}

declared_types!(
    Root<'_>,
    Organization<'_>,
    Office<'_>,
    Secretary<'_>,
    Term<'_>,
    PartialDate<'_>,
    Country<'_>,
    TermLength<'_>,
    Flag<'_>,
    Power<'_>,
    Source<'_>,
    LocalizedText<'_>,
    RelatedOffice<'_>,
    Party<'_>,
    Area<'_>,
    OtherName<'_>,
    Identifier<'_>,
    DatasetInfo<'_>,
    ReloadAttemptInfo<'_>,
    TermConnection<'_>,
    TermEdge<'_>,
    SecretaryConnection<'_>,
    SecretaryEdge<'_>,
    PageInfo,
);

/// The number of field `field` of the object type `parent`: its place in the type's
/// table.
pub fn field_number(parent: &str, field: &str) -> Option<u16> {
    fields_of(parent)?
        .iter()
        .position(|f| f.name == field)
        .map(|i| i as u16)
}

/// The size of the list field `parent.field` as its declaration gives it.
pub fn declared_list(parent: &str, field: &str) -> Option<ListSize> {
    fields_of(parent)?.iter().find(|f| f.name == field)?.list
}

#[cfg(test)]
mod tests {
    use super::field_number;
    use apollo_compiler::schema::ExtendedType;
    use apollo_compiler::Schema;

    /// Every field of every object type of the served schema is declared, so has a
    /// plan binding: a field without one would send every document that asks for it
    /// to the slower executor, silently. The subgraph's own entry points (`_entities`,
    /// `_service`) are the federation library's and run on async-graphql by design.
    #[test]
    fn every_field_of_the_served_schemas_has_a_plan_binding() {
        for sdl in [crate::graphql::sdl(), crate::graphql::subgraph_sdl()] {
            let schema = Schema::parse(&sdl, "schema.graphql").expect("the served SDL parses");
            let mut missing = Vec::new();
            let mut bound = 0;
            for (name, ty) in &schema.types {
                let ExtendedType::Object(object) = ty else {
                    continue;
                };
                if name.starts_with("__") || name.as_str() == "_Service" {
                    continue;
                }
                for field in object.fields.keys() {
                    let federation = name.as_str() == "Query" && field.starts_with('_');
                    if federation {
                        continue;
                    }
                    match field_number(name, field) {
                        Some(_) => bound += 1,
                        None => missing.push(format!("{name}.{field}")),
                    }
                }
            }
            assert!(
                missing.is_empty(),
                "fields without a plan binding: {missing:?}"
            );
            assert!(bound > 90, "only {bound} fields checked");
        }
    }
}
