//! Popolo (<https://www.popoloproject.com>), the open standard that office-holder data
//! such as EveryPolitician's is kept in: [`export`] writes a dataset as one Popolo
//! document, [`import`] turns a Popolo file into a dataset directory. Both go through
//! the one model of the objects in [`model`]. Knows nothing of GraphQL or HTTP.

pub mod export;
pub mod import;
pub mod model;
