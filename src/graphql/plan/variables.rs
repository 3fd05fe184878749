//! A plan's variables and what a run reads: the request's variables coerced to the
//! operation's declared types (a value that does not coerce hands the request to
//! async-graphql, whose validation words the error), the catalog, the budget.

use std::collections::HashMap;

use async_graphql::parser::types::{BaseType, Type, VariableDefinition};
use async_graphql::{InputType, Name, Positioned, Value as ConstValue, Variables, ID};

use super::compile::Selection;
use super::write::Abort;
use crate::graphql::budget::RequestBudget;
use crate::graphql::objects::{DateMatch, DatePrecision, DateRangeInput};
use crate::graphql::root::Root;
use crate::graphql::scalars::Date;

/// An operation's declared variables: name, type and default.
#[derive(Debug)]
pub struct Declared(Vec<(Name, Type, Option<ConstValue>)>);

impl Declared {
    /// The variables an operation declares.
    pub fn of(definitions: &[Positioned<VariableDefinition>]) -> Self {
        Self(
            definitions
                .iter()
                .map(|d| {
                    let d = &d.node;
                    (
                        d.name.node.clone(),
                        d.var_type.node.clone(),
                        d.default_value.as_ref().map(|v| v.node.clone()),
                    )
                })
                .collect(),
        )
    }

    /// The values of one request: given or defaulted, each of its declared type.
    pub fn coerce(&self, given: &Variables) -> Result<HashMap<Name, ConstValue>, Abort> {
        let mut values = HashMap::with_capacity(self.0.len());
        for (name, ty, default) in &self.0 {
            let value = given.get(name).cloned().or_else(|| default.clone());
            check(ty, value.as_ref())?;
            if let Some(value) = value {
                values.insert(name.clone(), value);
            }
        }
        Ok(values)
    }
}

/// Whether a value has a type: non-null, lists and the schema's input types.
fn check(ty: &Type, value: Option<&ConstValue>) -> Result<(), Abort> {
    let value = match value {
        None | Some(ConstValue::Null) if ty.nullable => return Ok(()),
        None | Some(ConstValue::Null) => return Err(Abort),
        Some(value) => value,
    };
    match &ty.base {
        BaseType::List(item) => match value {
            ConstValue::List(items) => items.iter().try_for_each(|v| check(item, Some(v))),
            single => check(item, Some(single)),
        },
        BaseType::Named(name) => coerces(name, value.clone())
            .unwrap_or(false)
            .then_some(())
            .ok_or(Abort),
    }
}

/// Whether `value` coerces to the input type `name`; `None` for a type a plan does
/// not know, which hands the request to async-graphql. A test keeps every input type
/// of the served schemas known here, so no variable silently leaves the plan path.
fn coerces(name: &str, value: ConstValue) -> Option<bool> {
    let value = Some(value);
    Some(match name {
        "Int" => i32::parse(value).is_ok(),
        "Float" => f64::parse(value).is_ok(),
        "String" => String::parse(value).is_ok(),
        "Boolean" => bool::parse(value).is_ok(),
        "ID" => ID::parse(value).is_ok(),
        "Date" => Date::parse(value).is_ok(),
        "DateMatch" => DateMatch::parse(value).is_ok(),
        "DatePrecision" => DatePrecision::parse(value).is_ok(),
        "DateRange" => DateRangeInput::parse(value).is_ok(),
        _ => return None,
    })
}

/// What one run of a plan reads.
pub struct Env<'a> {
    /// The entry points, over the request's catalog.
    pub root: Root<'a>,
    budget: &'a RequestBudget,
    variables: HashMap<Name, ConstValue>,
}

impl<'a> Env<'a> {
    /// The environment of one request.
    pub fn new(
        root: Root<'a>,
        budget: &'a RequestBudget,
        variables: HashMap<Name, ConstValue>,
    ) -> Self {
        Self {
            root,
            budget,
            variables,
        }
    }

    /// A variable's value, given or defaulted.
    pub fn variable(&self, name: &str) -> Option<&ConstValue> {
        self.variables.get(name)
    }

    /// The request's budget, for resolvers that check the time.
    pub fn budget(&self) -> Option<&'a RequestBudget> {
        Some(self.budget)
    }

    /// Spends list items from the request's budget.
    pub fn spend_items(&self, items: usize) -> Result<(), Abort> {
        self.budget.spend_items(items).map_err(|_| Abort)
    }

    /// Whether a selection's `@skip`/`@include` conditions on variables hold.
    pub fn includes(&self, selection: &Selection) -> Result<bool, Abort> {
        for condition in selection.conditions.iter() {
            match self.variable(&condition.variable) {
                Some(ConstValue::Boolean(value)) if *value == condition.when => {}
                Some(ConstValue::Boolean(_)) => return Ok(false),
                _ => return Err(Abort),
            }
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use async_graphql::parser::parse_schema;
    use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

    use super::*;
    use crate::graphql::field_types::named;
    use crate::graphql::{SchemaKind, ServedSchema};

    /// Every type a variable of a served schema can take: the types of its fields'
    /// arguments and of its input objects' fields (a variable of any other type could
    /// only go unused, which validation refuses).
    fn input_types(kind: SchemaKind) -> Vec<String> {
        let sdl = ServedSchema::build(kind, true).sdl();
        let document = parse_schema(&sdl).expect("the served SDL parses");
        let mut names = Vec::new();
        for definition in document.definitions {
            let TypeSystemDefinition::Type(t) = definition else {
                continue;
            };
            let values: Vec<_> = match t.node.kind {
                TypeKind::Object(o) => o
                    .fields
                    .into_iter()
                    .flat_map(|f| f.node.arguments)
                    .collect(),
                TypeKind::Interface(i) => i
                    .fields
                    .into_iter()
                    .flat_map(|f| f.node.arguments)
                    .collect(),
                TypeKind::InputObject(i) => i.fields,
                _ => continue,
            };
            names.extend(values.iter().map(|v| named(&v.node.ty.node).to_owned()));
        }
        names.sort();
        names.dedup();
        names
    }

    #[test]
    fn a_plan_coerces_every_input_type_of_the_public_schema() {
        // The subgraph's `_Any` is not here: `_entities` runs on async-graphql.
        let types = input_types(SchemaKind::Public);
        let unknown: Vec<_> = types
            .iter()
            .filter(|name| coerces(name, ConstValue::Null).is_none())
            .collect();
        assert!(
            unknown.is_empty(),
            "input types plans cannot coerce: {unknown:?}"
        );
        // The walk found the arguments: the headline query's range among them.
        assert!(types.iter().any(|name| name == "DateRange"), "{types:?}");
        assert!(types.iter().any(|name| name == "Date"), "{types:?}");
    }
}
