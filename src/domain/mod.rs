//! The domain: partial dates, ranges, matching, the dataset's plain values and the
//! served dataset's status. It knows nothing of GraphQL, HTTP or files.

mod date;
mod model;
mod range;
pub mod seats;
mod slug;
mod status;

pub use date::{DateParseError, DatePrecision, PartialDate};
pub use model::{
    Area, AreaId, Country, CountryId, Dataset, EndReason, Flag, Identifier, LocalizedText, Office,
    OfficeId, Organization, OrganizationId, OtherName, Party, PartyId, Power, RelatedOffice,
    Secretary, SecretaryId, Source, SourceId, Term, TermId, TermLength,
};
pub use range::{DateMatch, DateRange, InvertedRange, MatchKeys};
pub use slug::{fold, is_slug, slugify};
pub use status::{rfc3339, ReloadReport, ServingStatus};
