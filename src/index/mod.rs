//! The catalog: a loaded dataset with the lookups and range indexes that answer
//! queries in time that grows with the answer, not with the dataset.

mod bounds;
mod catalog;
mod deadline;
mod interval;
mod page;
mod people;

pub use bounds::LargestLists;
pub use catalog::{Catalog, TermFilter, TermOrder};
pub use deadline::{Deadline, DeadlinePassed, CHECK_EVERY};
pub use interval::{Probe, TermIndex, TermKeys};
pub use page::{page, Matches, Page, PageRequest};
pub use people::{People, SecretaryFilter};
