//! The schema's object types: thin borrowing wrappers over the catalog's domain values.

mod office;
mod term;
mod values;

pub use office::{Office, Organization};
pub use term::{Secretary, Term};
pub use values::{Country, DateMatch, DateRangeInput, Source};
