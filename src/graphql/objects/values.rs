//! Small value types: partial dates, enums, the range input, names, sources.

use crate::graphql::budget::Counted;
use async_graphql::{Enum, InputObject};
use tenure_macros::fields;

use crate::domain as d;
use crate::graphql::error::bad_user_input;
use crate::graphql::scalars::Date;
use crate::index::Catalog;

use super::Office;

/// How precisely a date is known.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum DatePrecision {
    /// Only the year is known: 1971.
    Year,
    /// The year and month are known: March 1971.
    Month,
    /// The exact day is known: 31 December 2004.
    Day,
}

impl From<d::DatePrecision> for DatePrecision {
    fn from(p: d::DatePrecision) -> Self {
        match p {
            d::DatePrecision::Year => Self::Year,
            d::DatePrecision::Month => Self::Month,
            d::DatePrecision::Day => Self::Day,
        }
    }
}

/// How terms whose dates are only partly known are matched against a day or a range.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateMatch {
    /// The term may have covered at least one day of the range, given its dates' precision.
    #[default]
    Possibly,
    /// The term surely covered at least one day of the range. An ongoing term is certain
    /// only up to the dataset's `asOf` day.
    Certainly,
}

impl From<DateMatch> for d::DateMatch {
    fn from(m: DateMatch) -> Self {
        match m {
            DateMatch::Possibly => Self::Possibly,
            DateMatch::Certainly => Self::Certainly,
        }
    }
}

/// An inclusive range of days. A missing bound leaves that side open.
#[derive(InputObject, Clone, Copy)]
#[graphql(name = "DateRange")]
pub struct DateRangeInput {
    /// The first day of the range, included; omit it for no lower bound.
    pub from: Option<Date>,
    /// The last day of the range, included; omit it for no upper bound.
    pub to: Option<Date>,
}

impl DateRangeInput {
    /// The domain range, or BAD_USER_INPUT when `from` is after `to`.
    pub fn to_domain(range: Option<Self>) -> async_graphql::Result<d::DateRange> {
        let Some(range) = range else {
            return Ok(d::DateRange::all());
        };
        d::DateRange::new(range.from.map(|d| d.0), range.to.map(|d| d.0))
            .map_err(|e| bad_user_input(e.to_string()))
    }
}

/// A date known only to some precision, as the sources give it: "1971" is a YEAR,
/// "31 December 2004" a DAY.
pub struct PartialDate<'a>(pub &'a d::PartialDate);

/// A date known only to some precision, as the sources give it: "1971" is a YEAR,
/// "31 December 2004" a DAY.
#[fields(serial)]
impl<'a> PartialDate<'a> {
    /// ISO 8601 at its own precision: 1971, 1971-03 or 2004-12-31.
    pub(crate) fn iso(&self) -> &'a str {
        self.0.iso()
    }

    /// How precisely the date is known.
    pub(crate) fn precision(&self) -> DatePrecision {
        self.0.precision().into()
    }

    /// First day the date can denote: 1971 -> 1971-01-01.
    pub(crate) fn earliest(&self) -> Date {
        Date(self.0.earliest())
    }

    /// Last day the date can denote: 1971 -> 1971-12-31.
    pub(crate) fn latest(&self) -> Date {
        Date(self.0.latest())
    }

    /// English, as a person writes it: 1971, March 1971, 31 December 2004.
    pub(crate) fn text(&self) -> &'a str {
        self.0.text()
    }
}

/// A name or text in another language.
#[derive(Clone, Copy)]
pub struct LocalizedText<'a>(pub &'a d::LocalizedText);

/// A name or text in another language.
#[fields(serial)]
impl<'a> LocalizedText<'a> {
    /// BCP 47 language tag, e.g. ar, fr.
    pub(crate) fn language(&self) -> &'a str {
        &self.0.language
    }

    /// The text in that language.
    pub(crate) fn text(&self) -> &'a str {
        &self.0.text
    }
}

impl<'a> LocalizedText<'a> {
    /// Wraps each of a list of localized texts.
    pub fn list(texts: &'a [d::LocalizedText]) -> Counted<Self> {
        texts.iter().map(Self).collect()
    }
}

/// A country.
pub struct Country<'a>(pub &'a d::Country);

/// A country.
#[fields(serial)]
impl<'a> Country<'a> {
    /// ISO 3166-1 alpha-2 code, e.g. TD.
    pub(crate) fn code(&self) -> &'a str {
        &self.0.code
    }

    /// English short name, e.g. Chad.
    pub(crate) fn name(&self) -> &'a str {
        &self.0.name
    }
}

/// A party or parliamentary group a member of a many-seat office sat for.
pub struct Party<'a>(pub &'a d::Party);

/// A party or parliamentary group a member of a many-seat office sat for.
#[fields(serial)]
impl<'a> Party<'a> {
    /// Human key, e.g. independent.
    pub(crate) fn slug(&self) -> &'a str {
        &self.0.slug
    }

    /// Its name.
    pub(crate) fn name(&self) -> &'a str {
        &self.0.name
    }
}

/// A constituency or other area a member of a many-seat office represented.
pub struct Area<'a>(pub &'a d::Area);

/// A constituency or other area a member of a many-seat office represented.
#[fields(serial)]
impl<'a> Area<'a> {
    /// Human key, e.g. aiwo.
    pub(crate) fn slug(&self) -> &'a str {
        &self.0.slug
    }

    /// Its name.
    pub(crate) fn name(&self) -> &'a str {
        &self.0.name
    }
}

/// Another name a person is known by: in another language, at birth, ...
pub struct OtherName<'a>(pub &'a d::OtherName);

/// Another name a person is known by: in another language, at birth, ...
#[fields(serial)]
impl<'a> OtherName<'a> {
    /// The name.
    pub(crate) fn name(&self) -> &'a str {
        &self.0.name
    }

    /// BCP 47 tag of the name's language, e.g. ar; null when the name is not one language's.
    pub(crate) fn language(&self) -> Option<&'a str> {
        self.0.language.as_deref()
    }

    /// What kind of name it is, e.g. birth name; null where the source does not say.
    pub(crate) fn note(&self) -> Option<&'a str> {
        self.0.note.as_deref()
    }
}

/// A person's identifier in another system.
pub struct Identifier<'a>(pub &'a d::Identifier);

/// A person's identifier in another system.
#[fields(serial)]
impl<'a> Identifier<'a> {
    /// The system, e.g. wikidata.
    pub(crate) fn scheme(&self) -> &'a str {
        &self.0.scheme
    }

    /// The identifier in that system, e.g. Q57310.
    pub(crate) fn identifier(&self) -> &'a str {
        &self.0.identifier
    }
}

/// How long a term of the office lasts.
pub struct TermLength<'a>(pub &'a d::TermLength);

/// How long a term of the office lasts.
#[fields(serial)]
impl<'a> TermLength<'a> {
    /// Years per term.
    pub(crate) fn years(&self) -> u32 {
        self.0.years
    }

    /// Whether a holder may be elected or appointed again.
    pub(crate) fn renewable(&self) -> bool {
        self.0.renewable
    }

    /// As the source words it: Five years, renewable.
    pub(crate) fn text(&self) -> &'a str {
        &self.0.text
    }
}

/// One of the office's powers and duties.
pub struct Power<'a>(pub &'a d::Power);

/// One of the office's powers and duties.
#[fields(serial)]
impl<'a> Power<'a> {
    /// A short name for the power.
    pub(crate) fn title(&self) -> &'a str {
        &self.0.title
    }

    /// What the source says of it.
    pub(crate) fn description(&self) -> &'a str {
        &self.0.description
    }
}

/// An office the sources relate another to.
#[derive(Clone, Copy)]
pub struct RelatedOffice<'a> {
    /// The catalog that may describe it.
    pub catalog: &'a Catalog,
    /// What the sources say of it.
    pub related: &'a d::RelatedOffice,
}

/// An office the sources relate another to, such as the seed's "See also".
#[fields(serial)]
impl<'a> RelatedOffice<'a> {
    /// The office's name as the source gives it.
    pub(crate) fn name(&self) -> &'a str {
        &self.related.name
    }

    /// The office itself, when this dataset describes it; null otherwise.
    pub(crate) fn office(&self) -> Option<Office<'a>> {
        let catalog = self.catalog;
        let slug = self.related.office.as_deref()?;
        catalog
            .office_by_slug(slug)
            .map(|id| Office { catalog, id })
    }
}

/// Why a term ended.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum TermEndReason {
    /// The term ran its course, or the holder left at the scheduled handover to an
    /// elected or appointed successor.
    TermEnded,
    /// The holder resigned before the term's end.
    Resigned,
    /// The holder died in office.
    Died,
    /// An acting holder's service ended when an appointed holder took office.
    SuccessorAppointed,
    /// An acting holder was appointed to the office; their own numbered term follows.
    Appointed,
}

impl From<d::EndReason> for TermEndReason {
    fn from(reason: d::EndReason) -> Self {
        match reason {
            d::EndReason::TermEnded => Self::TermEnded,
            d::EndReason::Resigned => Self::Resigned,
            d::EndReason::Died => Self::Died,
            d::EndReason::SuccessorAppointed => Self::SuccessorAppointed,
            d::EndReason::Appointed => Self::Appointed,
        }
    }
}

/// An image that stands for the office, as the source names it.
pub struct Flag<'a>(pub &'a d::Flag);

/// An image that stands for the office, as the source names it.
#[fields(serial)]
impl<'a> Flag<'a> {
    /// The image's file name in the source, e.g. OIC_Logo_since_2011.svg.
    pub(crate) fn file(&self) -> &'a str {
        &self.0.file
    }

    /// The image's caption.
    pub(crate) fn caption(&self) -> Option<&'a str> {
        self.0.caption.as_deref()
    }
}

/// A work that facts of this dataset are taken from.
pub struct Source<'a>(pub &'a d::Source);

/// A work that facts of this dataset are taken from.
#[fields(serial)]
impl<'a> Source<'a> {
    /// The key the dataset cites it by, e.g. seed.
    pub(crate) fn key(&self) -> &'a str {
        &self.0.key
    }

    /// Its title.
    pub(crate) fn title(&self) -> &'a str {
        &self.0.title
    }

    /// Who published it.
    pub(crate) fn publisher(&self) -> Option<&'a str> {
        self.0.publisher.as_deref()
    }

    /// Where it can be read, when known.
    pub(crate) fn url(&self) -> Option<&'a str> {
        self.0.url.as_deref()
    }

    /// What it gives, or how the dataset used it.
    pub(crate) fn note(&self) -> Option<&'a str> {
        self.0.note.as_deref()
    }
}

impl<'a> Source<'a> {
    /// The sources with these ids, each once, in the order first cited.
    pub fn list(
        dataset: &'a d::Dataset,
        ids: impl IntoIterator<Item = d::SourceId>,
    ) -> Counted<Self> {
        let mut seen: Vec<d::SourceId> = Vec::new();
        for id in ids {
            if !seen.contains(&id) {
                seen.push(id);
            }
        }
        seen.into_iter()
            .map(|id| Source(dataset.source(id)))
            .collect()
    }
}
