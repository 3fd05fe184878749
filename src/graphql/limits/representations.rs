//! How many representations a request hands to `_entities`, the field through which a
//! federation gateway fetches tenure's objects by key (`--federation`). Each one is an
//! item of the answer, so the number is bounded like a page: the cost counts every
//! `_entities` field at the bound ([`super::lists`]), and a request that asks for more
//! is refused before it runs. The real number sits in the variables more often than in
//! the document (gateways send `_entities(representations: $representations)`), so it
//! is counted for each request, not once per cached document.
//!
//! The root's fields are collected by [`crate::graphql::collect`], as written: each
//! `_entities` field counts once, however often a fragment holding it is spread.

use async_graphql::parser::types::{ExecutableDocument, SelectionSet};
use async_graphql::{Value as ConstValue, Variables};
use async_graphql_value::Value;

use crate::graphql::collect::{collect, Reading};
use crate::graphql::error::{ErrorCode, RequestError};
use crate::graphql::field_types::FieldTypes;

/// The most representations one request may hand to `_entities`, its operations
/// together: a full page, so a gateway can fetch the objects behind any page of
/// tenure's connections, or of another subgraph's, in one request.
pub const MAX_REPRESENTATIONS: usize = 100;

/// The representations the `_entities` fields of `selection` (the root of an
/// operation) hand over, fragments expanded, with the request's `variables`.
pub fn count(
    document: &ExecutableDocument,
    types: &FieldTypes,
    selection: &SelectionSet,
    variables: &Variables,
) -> usize {
    collect(
        document,
        types,
        &[selection],
        "Query",
        Reading::AsWritten,
        &[],
    )
    .iter()
    .flat_map(|group| &group.fields)
    .filter(|collected| collected.field.name.node == "_entities")
    .filter_map(|collected| collected.field.get_argument("representations"))
    .fold(0, |total: usize, value| {
        total.saturating_add(items(&value.node, variables))
    })
}

/// Refuses a request whose operations hand `count` representations to `_entities`
/// after earlier operations of the same request handed `before`.
pub fn check(count: usize, before: usize) -> Result<(), RequestError> {
    let total = before.saturating_add(count);
    if total <= MAX_REPRESENTATIONS {
        return Ok(());
    }
    Err(RequestError::new(
        ErrorCode::MaxRepresentationsExceeded,
        format!(
            "the request hands {total} representations to `_entities`; the limit is {MAX_REPRESENTATIONS} a request: fetch the rest in another request"
        ),
    ))
}

/// The items of the argument's value: a list's length; a single value is a list of
/// one (input coercion), null is none.
fn items(value: &Value, variables: &Variables) -> usize {
    match value {
        Value::List(items) => items.len(),
        Value::Variable(name) => match variables.get(name) {
            Some(ConstValue::List(items)) => items.len(),
            Some(ConstValue::Null) | None => 0,
            Some(_) => 1,
        },
        Value::Null => 0,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::build_subgraph_schema;
    use async_graphql::parser::parse_query;

    fn counted(query: &str, variables: serde_json::Value) -> usize {
        let types = FieldTypes::of(&build_subgraph_schema().sdl());
        let document = parse_query(query).expect("a valid document");
        let (_, operation) = document.operations.iter().next().expect("an operation");
        count(
            &document,
            &types,
            &operation.node.selection_set.node,
            &Variables::from_json(variables),
        )
    }

    #[test]
    fn literal_lists_and_variables_are_counted_with_aliases_and_fragments() {
        let literal = r#"{ _entities(representations: [{__typename: "Office", slug: "a"}, {__typename: "Office", slug: "b"}]) { __typename } }"#;
        assert_eq!(counted(literal, serde_json::json!({})), 2);
        let variable = "query ($r: [_Any!]!) { a: _entities(representations: $r) { __typename } ...F }
                        fragment F on Query { b: _entities(representations: $r) { __typename } ...F }";
        let three = serde_json::json!({ "r": [{}, {}, {}] });
        assert_eq!(counted(variable, three), 6);
        assert_eq!(counted(variable, serde_json::json!({})), 0);
    }

    #[test]
    fn past_the_bound_the_request_is_refused_with_its_code() {
        assert!(check(MAX_REPRESENTATIONS, 0).is_ok());
        let refusal = check(60, 41).expect_err("101 representations");
        assert_eq!(refusal.code, ErrorCode::MaxRepresentationsExceeded);
        assert!(refusal.message.contains("101"), "{}", refusal.message);
    }
}
