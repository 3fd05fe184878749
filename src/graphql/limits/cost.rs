//! The cost of the operation that runs, with fragment spreads expanded: every field
//! costs 1, times the list sizes of the fields around it. A field's list size is its
//! `first` or `last` argument (a variable counts as 100, the most the server returns;
//! 0 counts as 1), or 100 for a connection field (`terms`, `secretaries` whose
//! selection asks for `edges`, `nodes`, `totalCount` or `pageInfo`) with neither; any
//! other field, lists without paging arguments included, has size 1. So
//! `{ offices { terms(first: 50) { nodes { name } } } }` costs 1 (offices) + 1 (terms)
//! + 50 (nodes) + 50 (name) = 102.
//!
//! Each fragment's cost is computed once and a spread of a fragment being expanded
//! counts nothing, as for depth.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, Selection, SelectionSet};
use async_graphql::Value;

use super::Limits;
use crate::graphql::error::{ErrorCode, RequestError};

/// The list size of a connection field with neither `first` nor `last`.
pub const DEFAULT_LIST_SIZE: u64 = 100;

impl Limits {
    /// Checks the cost of the operation that runs.
    pub fn check_cost(&self, cost: u64) -> Result<(), RequestError> {
        if cost > self.max_cost as u64 {
            return Err(RequestError::new(
                ErrorCode::MaxCostExceeded,
                format!(
                    "the operation costs {cost}; the limit is {} (--max-cost); ask for fewer items with `first`/`last` or fewer fields",
                    self.max_cost
                ),
            ));
        }
        Ok(())
    }
}

/// The cost of `selection`, fragments expanded.
pub fn cost(document: &ExecutableDocument, selection: &SelectionSet) -> u64 {
    Cost {
        document,
        known: HashMap::new(),
        stack: Vec::new(),
    }
    .of(selection)
}

struct Cost<'d> {
    document: &'d ExecutableDocument,
    known: HashMap<&'d str, u64>,
    stack: Vec<&'d str>,
}

impl<'d> Cost<'d> {
    fn of(&mut self, selection: &'d SelectionSet) -> u64 {
        let mut total: u64 = 0;
        for item in &selection.items {
            let cost = match &item.node {
                Selection::Field(field) => {
                    let size = list_size(&field.node);
                    1u64.saturating_add(
                        size.saturating_mul(self.of(&field.node.selection_set.node)),
                    )
                }
                Selection::InlineFragment(fragment) => self.of(&fragment.node.selection_set.node),
                Selection::FragmentSpread(spread) => {
                    let Some((name, fragment)) = self
                        .document
                        .fragments
                        .get_key_value(&spread.node.fragment_name.node)
                    else {
                        continue;
                    };
                    let name = name.as_str();
                    if let Some(&cost) = self.known.get(name) {
                        cost
                    } else if self.stack.contains(&name) {
                        0
                    } else {
                        self.stack.push(name);
                        let cost = self.of(&fragment.node.selection_set.node);
                        self.stack.pop();
                        self.known.insert(name, cost);
                        cost
                    }
                }
            };
            total = total.saturating_add(cost);
        }
        total
    }
}

/// How many items a field's selection is asked for, per the rule in the module docs.
fn list_size(field: &Field) -> u64 {
    for (name, value) in &field.arguments {
        if name.node == "first" || name.node == "last" {
            return match value.node.clone().into_const() {
                Some(Value::Number(n)) => n.as_u64().unwrap_or(DEFAULT_LIST_SIZE).max(1),
                _ => DEFAULT_LIST_SIZE,
            };
        }
    }
    let connection = matches!(field.name.node.as_str(), "terms" | "secretaries")
        && field.selection_set.node.items.iter().any(|item| {
            matches!(&item.node, Selection::Field(f)
                if matches!(f.node.name.node.as_str(), "edges" | "nodes" | "totalCount" | "pageInfo"))
        });
    if connection {
        DEFAULT_LIST_SIZE
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn operation_cost(query: &str) -> u64 {
        let document = parse_query(query).expect("a valid document");
        let (_, operation) = document.operations.iter().next().expect("an operation");
        cost(&document, &operation.node.selection_set.node)
    }

    #[test]
    fn cost_multiplies_by_page_sizes_and_survives_cycles() {
        assert_eq!(
            operation_cost("{ offices { terms(first: 50) { nodes { ordinal } } } }"),
            1 + 1 + 50 + 50
        );
        assert_eq!(
            operation_cost("fragment A on Query { ...B } fragment B on Query { ...A } { ...A }"),
            0
        );
        assert_eq!(
            operation_cost("{ secretaries { nodes { name } } }"),
            1 + 100 + 100
        );
    }

    #[test]
    fn fragment_fan_out_is_computed_quickly() {
        let mut query = String::from("{ ...F0 }\n");
        for i in 0..40 {
            query.push_str(&format!(
                "fragment F{i} on Query {{ offices {{ name }} ...F{n} ...F{n} ...F{n} }}\n",
                n = i + 1
            ));
        }
        query.push_str("fragment F40 on Query { offices { name } }\n");
        assert!(operation_cost(&query) > 5000);
    }
}
