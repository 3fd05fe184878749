//! How long each list field of the schema can be, for the cost model: each list field
//! declares its size with `#[list(...)]` beside its logic (see `tenure-macros`); a test
//! fails when a list or connection field of the schema has none.
//!
//! A connection is counted by its page (`first` or `last`, else a full page of 100), or
//! by the most items its list holds in the served data when that is fewer;
//! a plain list by the longest such list in the served dataset, measured when it is
//! loaded and again on every reload ([`LargestLists`]); `_entities` (`--federation`)
//! by the most representations a request may hand it.

use super::representations::MAX_REPRESENTATIONS;
use crate::index::LargestLists;

/// The page a connection answers when neither `first` nor `last` is given, and what a
/// variable `first`/`last` counts as: the most a page holds (SEMANTICS.md).
pub const DEFAULT_PAGE: u64 = 100;

/// People a name search or a country filter scans per unit of cost. A search reads
/// every folded name (about 15 bytes each); at 750 000 people it takes 1 to 2 ms for a
/// rare name and 15 to 33 ms for a single common letter. A country filter compares one
/// number a person, but counts and pages what matches: 2 to 16 ms there (measured on
/// the generated million terms, release build). Both are priced like the fields that
/// take as long: 3000 there, at most one scan a request at that size, and 1 on the
/// bundled data. (Priced 40 times cheaper, a request could run 15 country filters, and
/// the scale proof's normal client saw its p99 go from 25 ms to 75-96 ms.)
pub const NAMES_PER_COST: u64 = 250;

/// The figures of the served data that bound its lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListSizes {
    /// The longest lists of the catalog.
    pub largest: LargestLists,
    /// How many problems the last reload reported (`ReloadAttempt.problems`).
    pub problems: usize,
}

/// How many items a list field may hold.
#[derive(Debug, Clone, Copy)]
pub enum ListSize {
    /// A connection field: its page applies to its `nodes` and `edges`, and holds at
    /// most as many items as this figure of the served data (an office's terms: the
    /// most terms of any office), however large the page asked for.
    Connection(fn(&ListSizes) -> usize),
    /// `nodes` or `edges` of a connection: the page of the connection above.
    Page,
    /// A plain list, at most as long as a figure of the served data.
    Data(fn(&ListSizes) -> usize),
    /// A list as long as an argument the request gives, which the API bounds whatever
    /// the data: `_entities` answers one item per representation, at most this many.
    Bounded(usize),
}

/// The size of the list field `parent.field`, `None` for a field that is no list: as
/// its `#[list(...)]` declares it, or for `_entities` (`--federation`, declared by
/// async-graphql) the most representations a request may hand it.
pub fn list_size(parent: &str, field: &str) -> Option<ListSize> {
    if (parent, field) == ("Query", "_entities") {
        return Some(ListSize::Bounded(MAX_REPRESENTATIONS));
    }
    crate::graphql::declared::declared_list(parent, field)
}

/// The cost of the work a field does beyond the items it answers: `Query.secretaries`
/// with `search` or `country` scans every person, one unit per [`NAMES_PER_COST`].
pub fn scan_cost(
    parent: &str,
    field: &str,
    has_argument: impl Fn(&str) -> bool,
    sizes: &ListSizes,
) -> u64 {
    if (parent, field) == ("Query", "secretaries")
        && (has_argument("search") || has_argument("country"))
    {
        (sizes.largest.secretaries as u64).div_ceil(NAMES_PER_COST)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graphql::field_types::{is_list, named, FieldTypes};
    use crate::graphql::{build_schema, build_subgraph_schema};

    #[test]
    fn every_list_and_connection_field_of_either_schema_has_a_size_and_every_size_a_field() {
        let public = FieldTypes::of(&build_schema().sdl());
        // The subgraph schema is the public one plus the federation fields.
        let subgraph = FieldTypes::of(&build_subgraph_schema().sdl());
        let mut missing = Vec::new();
        for types in [&public, &subgraph] {
            for (parent, field, ty) in types.iter() {
                let needs_size = is_list(ty) || named(ty).ends_with("Connection");
                if needs_size && list_size(parent, field).is_none() {
                    missing.push(format!("{parent}.{field}"));
                }
            }
        }
        missing.sort();
        assert!(
            missing.is_empty(),
            "list fields without a size: {missing:?}"
        );
        for (parent, field, ty) in subgraph.iter() {
            let is_list = is_list(ty) || named(ty).ends_with("Connection");
            assert!(
                is_list || list_size(parent, field).is_none(),
                "{parent}.{field} has a size but is no list"
            );
        }
        assert!(public.get("Query", "_entities").is_none());
    }

    /// An argument of `@listSize` on a field, if given.
    fn argument<'a>(
        directive: &'a apollo_compiler::ast::Directive,
        name: &str,
    ) -> Option<&'a apollo_compiler::ast::Value> {
        directive.specified_argument_by_name(name).map(|v| &**v)
    }

    fn int(value: Option<&apollo_compiler::ast::Value>) -> Option<i32> {
        match value? {
            apollo_compiler::ast::Value::Int(i) => i.try_to_i32().ok(),
            _ => None,
        }
    }

    fn strings(value: Option<&apollo_compiler::ast::Value>) -> Option<Vec<String>> {
        match value? {
            apollo_compiler::ast::Value::List(items) => items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect(),
            _ => None,
        }
    }

    /// What a gateway reads from the SDL (`@listSize`) agrees with this table: every
    /// list and connection field of both served SDLs has exactly one, connections are
    /// sliced by `first`/`last` over `nodes`/`edges`, and a plain list's `assumedSize`
    /// is at least the bundled dataset's figure, so a gateway never counts a list of
    /// the bundled data shorter than tenure does.
    #[test]
    fn every_list_field_of_either_sdl_has_one_list_size_a_gateway_can_trust() {
        use apollo_compiler::schema::ExtendedType;
        use apollo_compiler::Schema;

        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        let loaded = crate::dataset::load(&data).expect("the bundled dataset loads");
        let bundled = ListSizes {
            largest: LargestLists::of(&loaded.dataset),
            // What a failed reload lists at most, whatever the dataset.
            problems: crate::dataset::MAX_PROBLEMS + 1,
        };
        let mut wrong = Vec::new();
        for sdl in [crate::graphql::sdl(), crate::graphql::subgraph_sdl()] {
            let schema = Schema::parse(&sdl, "schema.graphql").expect("the served SDL parses");
            let mut checked = 0;
            for (parent, ty) in &schema.types {
                let ExtendedType::Object(object) = ty else {
                    continue;
                };
                if parent.starts_with("__") {
                    continue;
                }
                for (field, definition) in &object.fields {
                    let at = format!("{parent}.{field}");
                    let sizes: Vec<_> = definition.directives.get_all("listSize").collect();
                    let needs_size = definition.ty.is_list()
                        || definition.ty.inner_named_type().ends_with("Connection");
                    if !needs_size {
                        if !sizes.is_empty() {
                            wrong.push(format!("{at} is no list but has @listSize"));
                        }
                        continue;
                    }
                    let [directive] = sizes[..] else {
                        wrong.push(format!("{at} has {} @listSize", sizes.len()));
                        continue;
                    };
                    checked += 1;
                    let assumed = int(argument(directive, "assumedSize"));
                    let slicing = strings(argument(directive, "slicingArguments"));
                    let sized = strings(argument(directive, "sizedFields"));
                    let require_one = argument(directive, "requireOneSlicingArgument");
                    let page = Some(DEFAULT_PAGE as i32);
                    let ok = match list_size(parent, field) {
                        None => {
                            wrong.push(format!("{at} has @listSize but no declared size"));
                            continue;
                        }
                        Some(ListSize::Connection(_)) => {
                            assumed == page
                                && slicing == Some(vec!["first".into(), "last".into()])
                                && sized == Some(vec!["nodes".into(), "edges".into()])
                                && require_one == Some(&apollo_compiler::ast::Value::Boolean(false))
                        }
                        Some(ListSize::Page) => assumed == page && slicing.is_none(),
                        Some(ListSize::Data(figure)) => {
                            assumed.is_some_and(|a| a as usize >= figure(&bundled))
                                && slicing.is_none()
                        }
                        Some(ListSize::Bounded(most)) => {
                            assumed.is_some_and(|a| a as usize >= most)
                        }
                    };
                    if !ok {
                        wrong.push(format!("{at}: {directive}"));
                    }
                }
            }
            assert!(checked >= 22, "only {checked} list fields checked");
        }
        assert!(
            wrong.is_empty(),
            "@listSize that disagrees with the declared size or the bundled data ({:?}): {wrong:#?}",
            bundled.largest
        );
    }
}
