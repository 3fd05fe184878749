//! The schema's object types: thin borrowing wrappers over the catalog's domain values.
//! Each type's fields are the methods of its `#[fields]` block (the `tenure-macros`
//! crate), from which async-graphql's resolvers and the prepared plans' bindings are
//! derived, so each field is declared once.

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
    Area, Country, DateMatch, DatePrecision, DateRangeInput, Flag, Identifier, LocalizedText,
    OtherName, PartialDate, Party, Power, RelatedOffice, Source, TermEndReason, TermLength,
};
