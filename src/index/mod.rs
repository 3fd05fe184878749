//! The catalog: a loaded dataset with the lookups and range indexes that answer
//! queries in time that grows with the answer, not with the dataset.

mod catalog;
mod interval;
mod page;

pub use catalog::{Catalog, SecretaryFilter, TermFilter, TermOrder};
pub use interval::{Probe, TermIndex, TermKeys};
pub use page::{page, Matches, Page, PageRequest};
