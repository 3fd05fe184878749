//! The dataset's things as plain values: organizations, offices, the people who held
//! them and their terms. References between them are typed indexes into the
//! [`Dataset`]'s vectors, checked when the dataset is loaded, so following one never
//! fails.

use std::sync::Arc;

use chrono::NaiveDate;

use super::date::PartialDate;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The position of the thing in its [`Dataset`] vector.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_type!(
    /// An index into [`Dataset::sources`].
    SourceId
);
id_type!(
    /// An index into [`Dataset::countries`].
    CountryId
);
id_type!(
    /// An index into [`Dataset::organizations`].
    OrganizationId
);
id_type!(
    /// An index into [`Dataset::offices`].
    OfficeId
);
id_type!(
    /// An index into [`Dataset::secretaries`].
    SecretaryId
);
id_type!(
    /// An index into [`Dataset::terms`].
    TermId
);
id_type!(
    /// An index into [`Dataset::parties`].
    PartyId
);
id_type!(
    /// An index into [`Dataset::areas`].
    AreaId
);

/// Everything one dataset says, with every reference resolved.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The day the facts were last known true; an ongoing term is certain up to it.
    pub as_of: NaiveDate,
    /// Where facts come from.
    pub sources: Vec<Source>,
    /// The countries people come from.
    pub countries: Vec<Country>,
    /// The organizations whose offices are described.
    pub organizations: Vec<Organization>,
    /// The offices, in the order of their slugs, so comparing ids compares slugs.
    pub offices: Vec<Office>,
    /// The people who held an office.
    pub secretaries: Vec<Secretary>,
    /// Every term of every office.
    pub terms: Vec<Term>,
    /// The parties and groups members of many-seat offices sat for.
    pub parties: Vec<Party>,
    /// The constituencies and areas members of many-seat offices represented.
    pub areas: Vec<Area>,
}

impl Dataset {
    /// The source with this id.
    pub fn source(&self, id: SourceId) -> &Source {
        &self.sources[id.index()]
    }

    /// The country with this id.
    pub fn country(&self, id: CountryId) -> &Country {
        &self.countries[id.index()]
    }

    /// The organization with this id.
    pub fn organization(&self, id: OrganizationId) -> &Organization {
        &self.organizations[id.index()]
    }

    /// The office with this id.
    pub fn office(&self, id: OfficeId) -> &Office {
        &self.offices[id.index()]
    }

    /// The person with this id.
    pub fn secretary(&self, id: SecretaryId) -> &Secretary {
        &self.secretaries[id.index()]
    }

    /// The term with this id.
    pub fn term(&self, id: TermId) -> &Term {
        &self.terms[id.index()]
    }

    /// The party with this id.
    pub fn party(&self, id: PartyId) -> &Party {
        &self.parties[id.index()]
    }

    /// The area with this id.
    pub fn area(&self, id: AreaId) -> &Area {
        &self.areas[id.index()]
    }
}

/// A party or parliamentary group a member sat for (Popolo's `on_behalf_of`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// Human key, e.g. `independent`.
    pub slug: String,
    /// Its name.
    pub name: String,
}

/// A constituency or other area a member represented (Popolo's `area`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// Human key, e.g. `aiwo`.
    pub slug: String,
    /// Its name.
    pub name: String,
}

/// Another name a person is known by (Popolo's `other_names`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherName {
    /// The name.
    pub name: String,
    /// BCP 47 tag of its language, when it is the name in a language.
    pub language: Option<String>,
    /// What kind of name it is, e.g. `birth name`.
    pub note: Option<String>,
}

/// A person's identifier in another system, e.g. `wikidata` `Q57310`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identifier {
    /// The system, e.g. `wikidata`.
    pub scheme: String,
    /// The identifier in it.
    pub identifier: String,
}

/// A work that facts are taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The key the data files cite it by, e.g. `seed`.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// Where it can be read, when known.
    pub url: Option<String>,
    /// What it gives, or how it was used.
    pub note: Option<String>,
}

/// A text in another language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalizedText {
    /// BCP 47 language tag, e.g. `ar`.
    pub language: String,
    /// The text in that language.
    pub text: String,
}

/// A country, by its ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, e.g. `TD`.
    pub code: String,
    /// Its English short name.
    pub name: String,
    /// Where the name comes from.
    pub sources: Vec<SourceId>,
}

/// An organization that has offices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Human key, e.g. `oic`.
    pub slug: String,
    /// Its name in English.
    pub name: String,
    /// Its abbreviation, e.g. `OIC`.
    pub abbreviation: Option<String>,
    /// Its name in other languages.
    pub localized_names: Vec<LocalizedText>,
    /// How many states are members.
    pub member_state_count: Option<u32>,
    /// Where its facts come from.
    pub sources: Vec<SourceId>,
    /// Its offices, in the order of their slugs.
    pub offices: Vec<OfficeId>,
}

/// How long a term of an office lasts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermLength {
    /// Years per term.
    pub years: u32,
    /// Whether a holder may serve again.
    pub renewable: bool,
    /// As the source words it.
    pub text: String,
}

/// An image that stands for the office, as the source names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The image's file name in the source.
    pub file: String,
    /// Its caption.
    pub caption: Option<String>,
}

/// One of an office's powers and duties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Power {
    /// A short name for it.
    pub title: String,
    /// What the source says of it.
    pub description: String,
}

/// An office and its list of holders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Office {
    /// Human key, e.g. `oic-secretary-general`.
    pub slug: String,
    /// The organization the office belongs to.
    pub organization: OrganizationId,
    /// Its full name in English.
    pub name: String,
    /// The post's title, e.g. `Secretary General`.
    pub post_title: Option<String>,
    /// Its name in other languages.
    pub localized_names: Vec<LocalizedText>,
    /// Its abbreviation.
    pub abbreviation: Option<String>,
    /// How a holder is addressed.
    pub style: Option<String>,
    /// The department it heads or belongs to.
    pub department: Option<String>,
    /// The body it is a member of.
    pub member_of: Option<String>,
    /// Who nominates a holder.
    pub nominator: Option<String>,
    /// Who appoints a holder.
    pub appointer: Option<String>,
    /// How long a term lasts.
    pub term_length: Option<TermLength>,
    /// What came before the office.
    pub precursor: Option<String>,
    /// The holder's deputy.
    pub deputy: Option<String>,
    /// The image that stands for it.
    pub flag: Option<Flag>,
    /// What the office is.
    pub description: Option<String>,
    /// Its powers and duties, in the source's order.
    pub powers: Vec<Power>,
    /// Offices the source relates it to.
    pub related_offices: Vec<RelatedOffice>,
    /// Where its facts come from.
    pub sources: Vec<SourceId>,
    /// How the dataset settled problems in its sources.
    pub notes: Vec<String>,
    /// How many people hold it at once: 1 for a secretary-general, the number of
    /// members for a legislature. At most this many terms certainly cover any day.
    pub seats: u32,
    /// Its terms by ordinal: `terms[i]` has ordinal `i + 1`.
    pub terms: Vec<TermId>,
}

/// An office a source relates another to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedOffice {
    /// Its name as the source gives it.
    pub name: String,
    /// Its slug, when the dataset describes it too.
    pub office: Option<String>,
}

/// Why a term ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EndReason {
    /// The term ran its course, or the holder left at the scheduled handover.
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

impl EndReason {
    /// Every reason, with its name in the data files and the API.
    pub const ALL: [(Self, &'static str); 5] = [
        (Self::TermEnded, "TERM_ENDED"),
        (Self::Resigned, "RESIGNED"),
        (Self::Died, "DIED"),
        (Self::SuccessorAppointed, "SUCCESSOR_APPOINTED"),
        (Self::Appointed, "APPOINTED"),
    ];

    /// Its name in the data files and the API, e.g. `RESIGNED`.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(reason, _)| *reason == self)
            .map(|(_, name)| *name)
            .expect("every reason is in ALL")
    }

    /// The reason named `name`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(reason, _)| *reason)
    }
}

/// A person who held an office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Secretary {
    /// Human key, e.g. `ekmeleddin-ihsanoglu`.
    pub slug: String,
    /// Name as the sources write it.
    pub name: String,
    /// Country of origin.
    pub country: Option<CountryId>,
    /// Where the country of origin comes from.
    pub country_sources: Vec<SourceId>,
    /// Other names they are known by: in other languages, at birth, ...
    pub other_names: Box<[OtherName]>,
    /// Their identifiers in other systems.
    pub identifiers: Box<[Identifier]>,
    /// Their terms, by start and then office slug and ordinal.
    pub terms: Vec<TermId>,
}

/// One continuous tenure of one person in one office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The office held.
    pub office: OfficeId,
    /// Who held it.
    pub secretary: SecretaryId,
    /// Position in the office's list of holders, from 1.
    pub ordinal: u32,
    /// Whether the holder only acted in the post, between appointed holders.
    pub acting: bool,
    /// The office's own number for its holder ("the 14th Secretary General"); `None`
    /// for an acting term, or where the office's list gives no numbers.
    pub number: Option<u32>,
    /// Why it ended; `None` while it goes on or where no source says.
    pub end_reason: Option<EndReason>,
    /// When it began; shared with every term that gives the same date.
    pub start: Arc<PartialDate>,
    /// When it ended; `None` while it goes on.
    pub end: Option<Arc<PartialDate>>,
    /// Where its dates and holder come from; shared with terms citing the same.
    pub sources: Arc<[SourceId]>,
    /// The party or group the holder sat for, in a many-seat office.
    pub party: Option<PartyId>,
    /// The constituency or area the holder represented, in a many-seat office.
    pub area: Option<AreaId>,
}
