//! The variables an operation runs with. The GraphQL spec ("CoerceVariableValues")
//! gives a variable that was not sent its declared default; async-graphql 7 does so
//! for field arguments but not for `@skip(if:)`/`@include(if:)`, where a variable not
//! sent reads as absent whatever its default. Filling the defaults in once, before
//! anything reads the variables, gives every reader the same values: the limits
//! (`_entities` representations), the plan, and async-graphql.

use async_graphql::parser::types::OperationDefinition;
use async_graphql::Variables;

/// `variables` with the default of each variable of `operation` that was not sent.
/// A variable sent as `null` stays null (the spec coerces only absent ones).
pub fn with_defaults(operation: &OperationDefinition, mut variables: Variables) -> Variables {
    for definition in &operation.variable_definitions {
        let definition = &definition.node;
        let Some(default) = &definition.default_value else {
            continue;
        };
        let name = &definition.name.node;
        if !variables.contains_key(name) {
            variables.insert(name.clone(), default.node.clone());
        }
    }
    variables
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;
    use serde_json::json;

    fn coerced(query: &str, sent: serde_json::Value) -> serde_json::Value {
        let document = parse_query(query).expect("a valid document");
        let (_, operation) = document.operations.iter().next().expect("an operation");
        let variables = with_defaults(&operation.node, Variables::from_json(sent));
        variables.into_value().into_json().expect("JSON values")
    }

    #[test]
    fn a_variable_not_sent_takes_its_default() {
        let query = "query($f: Boolean! = true, $r: [Int!] = [1, 2], $n: Int) { a }";
        assert_eq!(coerced(query, json!({})), json!({ "f": true, "r": [1, 2] }));
    }

    #[test]
    fn a_value_sent_wins_even_null() {
        let query = "query($f: Boolean = true, $g: Boolean = true) { a }";
        assert_eq!(
            coerced(query, json!({ "f": false, "g": null })),
            json!({ "f": false, "g": null })
        );
    }
}
