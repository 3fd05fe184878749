//! The cost of the operation that runs: the most fields its answer can hold on the
//! served data, fragments expanded. A field costs 1; a list field costs 1 plus, for
//! each item it may hold, the cost of its selection (at least 1 an item), with list
//! sizes from [`super::lists`]: a connection's page, a plain list's longest length in
//! the served dataset. So on the bundled data (one office)
//! `{ offices { terms(first: 50) { nodes { ordinal } } } }` costs
//! 1 (offices) + 1 × (1 (terms) + 1 (nodes) + 50 × 1 (ordinal)) = 53, and on a dataset
//! of 1001 offices 1 + 1001 × 52 = 52 053. Fields whose work exceeds their answer add
//! that work ([`super::lists::scan_cost`]). Introspection is counted exactly
//! ([`super::introspection`]).
//!
//! Fields are collected by [`crate::graphql::collect`], every field as written
//! (`@skip`/`@include` do not lower the bound), each occurrence counted, as
//! async-graphql resolves each. Each field's cost is computed once per type and page,
//! so the walk takes time linear in the document however often fragments are spread.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Field, SelectionSet};
use async_graphql::Value;

use super::lists::{list_size, scan_cost, ListSize, ListSizes, DEFAULT_PAGE};
use super::Limits;
use crate::graphql::collect::{collect, Collected, Reading};
use crate::graphql::error::{ErrorCode, RequestError};
use crate::graphql::field_types::{is_list, named, FieldTypes};

/// What an operation may cost.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cost {
    /// The most fields its answer can hold, plus the work of scans.
    pub total: u64,
    /// Its longest list: the field (`Type.field`) and how many items it may hold.
    pub longest: Option<(String, u64)>,
}

impl Limits {
    /// Checks the cost of the operations that run, against what is left of the
    /// request's budget (a batch shares one).
    pub fn check_cost(&self, cost: &Cost, spent: u64) -> Result<(), RequestError> {
        let limit = self.max_cost as u64;
        if spent.saturating_add(cost.total) <= limit {
            return Ok(());
        }
        let longest = match &cost.longest {
            Some((field, items)) => format!(
                "; its longest list is `{field}`, which may hold {items} items on this dataset"
            ),
            None => String::new(),
        };
        let before = if spent > 0 {
            format!(" after the request's earlier operations cost {spent}")
        } else {
            String::new()
        };
        Err(RequestError::new(
            ErrorCode::MaxCostExceeded,
            format!(
                "the operation costs {}{before}; the limit is {limit} (--max-cost){longest}; ask for fewer items with `first`/`last`, or fewer fields",
                cost.total
            ),
        ))
    }
}

/// The cost of `selection` on the root type `Query`.
pub fn cost(
    document: &ExecutableDocument,
    selection: &SelectionSet,
    types: &FieldTypes,
    sizes: &ListSizes,
) -> Cost {
    let mut walker = Walker {
        document,
        types,
        sizes,
        known: HashMap::new(),
        longest: None,
    };
    let total = walker.of(selection, "Query", DEFAULT_PAGE, &[]);
    Cost {
        total,
        longest: walker
            .longest
            .map(|(parent, field, items)| (format!("{parent}.{field}"), items)),
    }
}

struct Walker<'d> {
    document: &'d ExecutableDocument,
    types: &'d FieldTypes,
    sizes: &'d ListSizes,
    /// Fields already costed, by the field, its parent type and the page they were
    /// costed under.
    known: HashMap<(*const Field, &'d str, u64), u64>,
    longest: Option<(&'d str, &'d str, u64)>,
}

impl<'d> Walker<'d> {
    /// The cost of a selection on `parent`, where `page` is the page of the nearest
    /// connection above (what its `nodes` and `edges` hold).
    /// `within` are the fragments the selection lies in.
    fn of(
        &mut self,
        selection: &'d SelectionSet,
        parent: &'d str,
        page: u64,
        within: &[&'d str],
    ) -> u64 {
        let groups = collect(
            self.document,
            self.types,
            &[selection],
            parent,
            Reading::AsWritten,
            within,
        );
        let mut total: u64 = 0;
        for collected in groups.iter().flat_map(|group| &group.fields) {
            let key = (collected.field as *const Field, collected.on, page);
            let cost = match self.known.get(&key) {
                Some(&cost) => cost,
                None => {
                    let cost = self.field(collected, page);
                    self.known.insert(key, cost);
                    cost
                }
            };
            total = total.saturating_add(cost.saturating_mul(collected.times));
        }
        total
    }

    fn field(&mut self, collected: &Collected<'d>, page: u64) -> u64 {
        let (field, parent, within) = (collected.field, collected.on, &collected.fragments);
        let name = field.name.node.as_str();
        if name.starts_with("__") {
            // `__typename` is one field; `__schema` and `__type` are introspection,
            // counted apart.
            return u64::from(name == "__typename");
        }
        let declared = self.types.get(parent, name);
        let child_type = declared.map_or("", named);
        let children = &field.selection_set.node;
        let has_argument = |arg: &str| field.arguments.iter().any(|(n, _)| n.node == arg);
        let scan = scan_cost(parent, name, has_argument, self.sizes);
        let items = match list_size(parent, name) {
            Some(ListSize::Connection(most)) => {
                let page = page_of(field).min(most(self.sizes) as u64);
                return 1u64
                    .saturating_add(scan)
                    .saturating_add(self.of(children, child_type, page, within));
            }
            Some(ListSize::Page) => page,
            Some(ListSize::Data(size)) => size(self.sizes) as u64,
            Some(ListSize::Bounded(most)) => most as u64,
            // A list the table does not know (a test keeps this from happening):
            // counted as a full page.
            None if declared.is_some_and(is_list) => DEFAULT_PAGE,
            None => {
                return 1u64
                    .saturating_add(scan)
                    .saturating_add(self.of(children, child_type, page, within));
            }
        };
        if self.longest.is_none_or(|(_, _, most)| items > most) {
            self.longest = Some((parent, name, items));
        }
        let each = self.of(children, child_type, page, within).max(1);
        1u64.saturating_add(scan)
            .saturating_add(items.saturating_mul(each))
    }
}

/// The page a connection field asks for: its `first` or `last` (at most
/// [`DEFAULT_PAGE`], the most a page holds), a full page when it gives neither or
/// gives a variable.
fn page_of(field: &Field) -> u64 {
    for (name, value) in &field.arguments {
        if name.node == "first" || name.node == "last" {
            return match value.node.clone().into_const() {
                Some(Value::Number(n)) => n.as_u64().unwrap_or(DEFAULT_PAGE).min(DEFAULT_PAGE),
                _ => DEFAULT_PAGE,
            };
        }
    }
    DEFAULT_PAGE
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::build_schema;
    use crate::index::LargestLists;
    use async_graphql::parser::parse_query;

    fn sizes(offices: usize) -> ListSizes {
        ListSizes {
            largest: LargestLists {
                organizations: 1,
                offices,
                secretaries: 12,
                terms: 12,
                offices_per_organization: offices,
                terms_per_office: 12,
                holders_per_office: 12,
                terms_per_secretary: 2,
                terms_per_day: 2,
                powers_per_office: 6,
                localized_names: 1,
                related_offices: 3,
                notes_per_office: 4,
                incumbents_per_office: 1,
                other_names: 0,
                identifiers: 0,
                sources: 3,
                dataset_sources: 3,
            },
            problems: 0,
        }
    }

    fn cost_of(query: &str, sizes: &ListSizes) -> Cost {
        let types = FieldTypes::of(&build_schema().sdl());
        let document = parse_query(query).expect("a valid document");
        let (_, operation) = document.operations.iter().next().expect("an operation");
        cost(&document, &operation.node.selection_set.node, &types, sizes)
    }

    #[test]
    fn a_connection_counts_its_page_and_a_plain_list_the_data() {
        let query = "{ offices { terms(first: 50) { nodes { ordinal } } } }";
        let mut long = sizes(1001);
        long.largest.terms_per_office = 1000;
        let big = cost_of(query, &long);
        assert_eq!(big.total, 1 + 1001 * (1 + (1 + 50)));
        assert_eq!(big.longest, Some(("Query.offices".to_owned(), 1001)));
        // No office has more than 12 terms: a page of 50 holds 12 at most.
        assert_eq!(cost_of(query, &sizes(1)).total, 1 + (1 + (1 + 12)));
    }

    #[test]
    fn lists_of_scalars_count_their_items() {
        let query = "{ office(slug: \"x\") { notes } }";
        assert_eq!(cost_of(query, &sizes(1)).total, 1 + (1 + 4));
    }

    #[test]
    fn costs_are_keyed_by_parent_type_not_field_name() {
        // `terms` is a connection on Office and a plain list on Secretary.
        let query = "{ secretary(slug: \"x\") { terms { ordinal } } }";
        // secretary 1, terms 1, and 2 terms of one field each.
        assert_eq!(cost_of(query, &sizes(1)).total, 1 + 1 + 2);
    }

    #[test]
    fn fragments_and_type_conditions_are_costed_on_their_type() {
        let query = "query { node(id: \"x\") { ... on Secretary { terms { ordinal } } ...O } }
                     fragment O on Office { holders { name } }";
        assert_eq!(cost_of(query, &sizes(1)).total, 1 + (1 + 2) + (1 + 12));
    }

    #[test]
    fn a_name_search_adds_the_scan_of_every_person() {
        let mut sizes = sizes(1);
        sizes.largest.secretaries = 750_334;
        let plain = cost_of("{ secretaries(first: 1) { totalCount } }", &sizes).total;
        let search = cost_of(
            "{ secretaries(search: \"x\", first: 1) { totalCount } }",
            &sizes,
        );
        assert_eq!(search.total, plain + 3002);
    }

    #[test]
    fn fragment_cycles_and_fan_out_are_computed_quickly() {
        assert_eq!(
            cost_of(
                "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }",
                &sizes(1)
            )
            .total,
            0
        );
        let mut query = String::from("{ ...F0 }\n");
        for i in 0..40 {
            query.push_str(&format!(
                "fragment F{i} on Query {{ offices {{ name }} ...F{n} ...F{n} ...F{n} }}\n",
                n = i + 1
            ));
        }
        query.push_str("fragment F40 on Query { offices { name } }\n");
        assert!(cost_of(&query, &sizes(1)).total > 5000);
    }
}
