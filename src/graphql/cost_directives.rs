//! The GraphQL cost directives, `@listSize` and `@cost`, which publish in the SDL what
//! tenure's lists hold and what its scans weigh, so that a gateway in front of it
//! (Apollo Router's or Hive Router's demand control, Hive Gateway's `demandControl`)
//! can refuse a fan-out before sending it here.
//!
//! The definitions are the IBM cost specification's as Apollo publishes it at
//! <https://specs.apollo.dev/cost/v0.1>, the URL the subgraph SDL `@link`s (with
//! `@composeDirective`, so composition keeps them in the supergraph). Where they
//! differ from it, async-graphql 7.2 is why:
//!
//! - `@cost(weight: Int!)` is Apollo's form; IBM's draft has `weight: String!`. The
//!   `@link` names Apollo's spec, and federation composition rejects a weight that is
//!   not an Int.
//! - `@cost` is declared `on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION |
//!   INPUT_FIELD_DEFINITION | OBJECT`: the spec's `SCALAR` is missing, as
//!   async-graphql cannot place a directive on a scalar. tenure puts it only on
//!   arguments.
//! - `_entities` has no `@listSize`: async-graphql's federation support declares it
//!   and leaves it out of the subgraph SDL. tenure bounds it itself (100
//!   representations a request).
//!
//! What the directives say is for gateways, and is not what tenure checks. tenure's own
//! estimate (`--max-cost`, `limits::cost`) counts a plain list as long as the longest
//! such list of the data it serves, measured at load and on every reload
//! (`limits::lists`), which the SDL, printed without any data, cannot know. The
//! `assumedSize`s here are the bundled dataset's figures rounded up, a test keeps them
//! at least that, and on a larger dataset tenure still refuses on the real sizes.

use super::limits::lists::{DEFAULT_PAGE, NAMES_PER_COST};
use crate::dataset::MAX_PROBLEMS;

pub use directives::{cost, list_size};

/// The two directives. `TypeDirective` makes a struct and its `apply` from each fn
/// without copying the fn's doc (which becomes the SDL description), so the lint for
/// missing docs is allowed here alone.
#[allow(missing_docs)]
mod directives {
    use async_graphql::TypeDirective;

    /// How many items a list field holds, for a gateway's cost estimate: a fixed
    /// `assumedSize`, or the value of one of its `slicingArguments`; with `sizedFields`,
    /// the size applies to those fields of the object it answers (a connection's `nodes`
    /// and `edges`), not to the field itself.
    #[TypeDirective(
        location = "FieldDefinition",
        name = "listSize",
        composable = "https://specs.apollo.dev/cost/v0.1"
    )]
    pub fn list_size(
        #[graphql(desc = "How many items the list holds when no slicing argument says.")]
        assumed_size: Option<i32>,
        #[graphql(desc = "The arguments whose value is how many items the list holds.")]
        slicing_arguments: Option<Vec<String>>,
        #[graphql(desc = "The fields of the answer that the size applies to.")]
        sized_fields: Option<Vec<String>>,
        #[graphql(
            default_with = "Some(true)",
            desc = "Whether a request must give exactly one of the slicing arguments."
        )]
        require_one_slicing_argument: Option<bool>,
    ) {
    }

    /// What an element costs a gateway's estimate on top of its type: here, the scan an
    /// argument makes a field do, in the units of tenure's own estimate.
    #[TypeDirective(
        location = "ArgumentDefinition",
        location = "Enum",
        location = "FieldDefinition",
        location = "InputFieldDefinition",
        location = "Object",
        name = "cost",
        composable = "https://specs.apollo.dev/cost/v0.1"
    )]
    pub fn cost(#[graphql(desc = "The cost of the element.")] weight: i32) {}
}

/// How many items a page of a connection holds at most, and when neither `first` nor
/// `last` is given (SEMANTICS.md).
pub const PAGE: i32 = DEFAULT_PAGE as i32;

/// How many problems `ReloadAttempt.problems` lists at most: the loader's first
/// [`MAX_PROBLEMS`], then one line saying how many more there are.
pub const PROBLEMS: i32 = MAX_PROBLEMS as i32 + 1;

/// The people the advertised scale (a million terms) holds: what the weights of a
/// name search and a country filter are priced at.
pub const ADVERTISED_PEOPLE: u64 = 750_000;

/// `@cost` of `Query.secretaries(search:)` and of `(country:)`: a scan of
/// [`ADVERTISED_PEOPLE`], [`NAMES_PER_COST`] people a unit (3000).
pub const SCAN_WEIGHT: i32 = ADVERTISED_PEOPLE.div_ceil(NAMES_PER_COST) as i32;

/// The slicing arguments of every connection: `first` and `last`. Either may be
/// left out (a full page), so `requireOneSlicingArgument` is false on connections.
pub fn page_arguments() -> Option<Vec<String>> {
    Some(vec!["first".to_owned(), "last".to_owned()])
}

/// The fields of a connection that hold its page.
pub fn page_fields() -> Option<Vec<String>> {
    Some(vec!["nodes".to_owned(), "edges".to_owned()])
}
