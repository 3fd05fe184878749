//! The schema's object types: thin borrowing wrappers over the catalog's domain values.
//! Each type's fields are answered by methods of [`Fields`] over it; the `#[Object]`
//! resolvers and the prepared plans (src/graphql/plan) both call those, so each
//! field's logic is written once.

mod dataset;
mod office;
mod organization;
mod term;
mod values;

pub use dataset::{DatasetInfo, ReloadAttemptInfo};
pub use office::Office;
pub use organization::Organization;
pub use term::{Secretary, Term};
pub use values::{
    Country, DateMatch, DatePrecision, DateRangeInput, Flag, LocalizedText, PartialDate, Power,
    RelatedOffice, Source, TermLength,
};

/// A view of an object for its fields' logic: `Fields(&office).name()` is what the
/// resolver of `Office.name` answers and what a prepared plan writes. A type apart
/// from the object because async-graphql's `#[Object]` gives every resolver a context
/// argument, which a plan cannot supply.
pub struct Fields<T>(pub T);
