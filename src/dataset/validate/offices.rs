//! The rules of an office file: the office's own records, each term, the office's
//! numbering of its holders and the rule of seats.

use super::values::listing;
use super::{Builder, FileRef};
use crate::dataset::error::JsonPath;
use crate::dataset::files::{OfficeFile, TermRecord};
use crate::domain::seats;
use crate::domain::{
    EndReason, Flag, Office, OfficeId, Power, RelatedOffice, Term, TermId, TermLength,
};

impl Builder<'_> {
    pub(super) fn office_file(&mut self, at: FileRef, file: &OfficeFile) -> Option<Office> {
        let root = JsonPath::root();
        self.slug(at, root.key("slug"), "office slug", &file.slug);
        let organization = self
            .keys
            .organizations
            .get(file.organization.as_str())
            .copied();
        if organization.is_none() && self.keys.dataset_parsed {
            let valid = listing(self.keys.organizations.keys().copied());
            self.report(
                at,
                root.key("organization"),
                format!(
                "no organization has slug `{}`: use one of dataset.json's organizations ({valid})",
                file.organization
            ),
            );
        }
        if file
            .term_length
            .as_ref()
            .is_some_and(|length| length.years == 0)
        {
            self.report(
                at,
                root.key("termLength").key("years"),
                "a term lasts at least 1 year: give a whole number of years from 1",
            );
        }
        for (index, related) in file.related_offices.iter().enumerate() {
            let Some(slug) = &related.office else {
                continue;
            };
            if !self.office_files.contains(slug) {
                let valid = listing(self.office_files.iter().map(String::as_str));
                self.report(at, root.key("relatedOffices").index(index).key("office"), format!(
                    "no office has slug `{slug}`: link one of this dataset's offices ({valid}), or leave `office` out for an office it does not describe"
                ));
            }
        }
        let sources = self.sources(at, root.key("sources"), &file.sources, true);
        let localized_names = self.localized(at, root.key("localizedNames"), &file.localized_names);
        let office_id = OfficeId(self.offices.len() as u32);

        let seats = file.seats.unwrap_or(1);
        if seats == 0 {
            self.report(
                at,
                root.key("seats"),
                "an office has at least 1 seat: give the number of people who hold it at once, or leave `seats` out for 1",
            );
        }
        let mut ids = Vec::with_capacity(file.terms.len());
        let mut numbers = Numbers::default();
        let last = file.terms.len();
        for (index, record) in file.terms.iter().enumerate() {
            let path = root.key("terms").index(index);
            let position = index as u32 + 1;
            if let Some(problem) = numbers.next(record) {
                self.report(at, path.key("number"), problem);
            }
            // Only a single-seat office's last term may be ongoing; a legislature's
            // members all are.
            let may_be_ongoing = seats > 1 || position as usize == last;
            let Some(term) = self.term(at, &path, record, position, may_be_ongoing, office_id)
            else {
                continue;
            };
            ids.push(TermId(self.terms.len() as u32));
            self.terms.push(term);
        }
        self.seats_taken(at, seats.max(1), &ids);

        Some(Office {
            slug: file.slug.clone(),
            organization: organization?,
            name: file.name.clone(),
            post_title: file.post_title.clone(),
            localized_names,
            abbreviation: file.abbreviation.clone(),
            style: file.style.clone(),
            department: file.department.clone(),
            member_of: file.member_of.clone(),
            nominator: file.nominator.clone(),
            appointer: file.appointer.clone(),
            term_length: file.term_length.as_ref().map(|t| TermLength {
                years: t.years,
                renewable: t.renewable,
                text: t.text.clone(),
            }),
            precursor: file.precursor.clone(),
            deputy: file.deputy.clone(),
            flag: file.flag.as_ref().map(|f| Flag {
                file: f.file.clone(),
                caption: f.caption.clone(),
            }),
            description: file.description.clone(),
            powers: file
                .powers
                .iter()
                .map(|p| Power {
                    title: p.title.clone(),
                    description: p.description.clone(),
                })
                .collect(),
            related_offices: file
                .related_offices
                .iter()
                .map(|r| RelatedOffice {
                    name: r.name.clone(),
                    office: r.office.clone(),
                })
                .collect(),
            sources: sources.to_vec(),
            notes: file.notes.clone(),
            seats: seats.max(1),
            terms: ids,
        })
    }

    fn term(
        &mut self,
        at: FileRef,
        path: &JsonPath,
        record: &TermRecord,
        position: u32,
        may_be_ongoing: bool,
        office: OfficeId,
    ) -> Option<Term> {
        if record.ordinal != position {
            self.report(at, path.key("ordinal"), format!(
                "ordinal {} is out of place: terms are listed by ordinal from 1 with no gap or repeat, so this one must be {position}",
                record.ordinal
            ));
        }
        let secretary = self.secretary_by_slug(&record.holder);
        if secretary.is_none() && self.keys.people_parsed {
            self.report(
                at,
                path.key("holder"),
                format!(
                    "no person has slug `{}`: add them to people.json, or use an existing slug",
                    record.holder
                ),
            );
        }
        let start = self.date(at, path.key("start"), &record.start);
        let end = match &record.end {
            Some(text) => self.date(at, path.key("end"), text).map(Some),
            None => Some(None),
        };
        let sources = self.sources(at, path.key("sources"), &record.sources, true);
        let end_reason = match record.end_reason.as_deref() {
            None => None,
            Some(name) => {
                let reason = EndReason::from_name(name);
                if reason.is_none() {
                    let valid = listing(EndReason::ALL.iter().map(|(_, name)| *name));
                    self.report(at, path.key("endReason"), format!(
                        "`{name}` is no end reason: use one of {valid}, or leave `endReason` out where no source says"
                    ));
                }
                if record.end.is_none() {
                    self.report(at, path.key("endReason"), format!(
                        "term {} has an `endReason` but no `end`: an ongoing term has not ended; give its end date or remove the reason",
                        record.ordinal
                    ));
                }
                reason
            }
        };
        let party = record.party.as_deref().and_then(|slug| {
            let found = self.keys.parties.get(slug).copied();
            if found.is_none() && self.keys.dataset_parsed {
                let valid = listing(self.keys.parties.keys().copied());
                self.report(at, path.key("party"), format!(
                    "no party has slug `{slug}`: use one of dataset.json's parties ({valid}), or add it there"
                ));
            }
            found
        });
        let area = record.area.as_deref().and_then(|slug| {
            let found = self.keys.areas.get(slug).copied();
            if found.is_none() && self.keys.dataset_parsed {
                let valid = listing(self.keys.areas.keys().copied());
                self.report(at, path.key("area"), format!(
                    "no area has slug `{slug}`: use one of dataset.json's areas ({valid}), or add it there"
                ));
            }
            found
        });
        let (start, end) = (start?, end?);

        match &end {
            Some(end) if end.latest() < start.earliest() => {
                self.report(at, path.key("end"), format!(
                    "the term ends `{end}` before it starts `{start}`: the end must be on or after the start"
                ));
            }
            None if !may_be_ongoing => {
                self.report(at, *path, format!(
                    "term {} has no `end`, so it is ongoing, but it is not the office's last term: only the last term may be ongoing; give its end date",
                    record.ordinal
                ));
            }
            None => {
                if let Some(as_of) = self.as_of.filter(|as_of| start.earliest() > *as_of) {
                    self.report(at, path.key("start"), format!(
                        "the ongoing term starts `{start}`, after the dataset's asOf {as_of}: an ongoing term must have begun by asOf"
                    ));
                }
            }
            _ => {}
        }
        Some(Term {
            office,
            secretary: secretary?,
            ordinal: record.ordinal,
            acting: record.acting,
            number: record.number,
            end_reason,
            start,
            end,
            sources,
            party,
            area,
        })
    }

    /// The rule of seats ([`crate::domain::seats`]): at most `seats` terms certainly
    /// cover any day.
    fn seats_taken(&mut self, at: FileRef, seats: u32, ids: &[TermId]) {
        let Some(as_of) = self.as_of else {
            return;
        };
        let last = ids.last().copied();
        // (index among the office's terms, span)
        let (index, spans): (Vec<usize>, Vec<_>) = ids
            .iter()
            .enumerate()
            .filter_map(|(index, &id)| {
                let term = &self.terms[id.index()];
                // An ongoing term out of place is reported already; it holds no seat.
                if term.end.is_none() && seats == 1 && Some(id) != last {
                    return None;
                }
                let span = seats::certain_span(&term.start, term.end.as_deref(), as_of)?;
                Some((index, span))
            })
            .unzip();
        for crowded in seats::crowded(&spans, seats as usize) {
            let term = &self.terms[ids[index[crowded.span]].index()];
            let path = JsonPath::root()
                .key("terms")
                .index(index[crowded.span])
                .key("start");
            let others: Vec<&Term> = crowded
                .holding
                .iter()
                .map(|&h| &self.terms[ids[index[h]].index()])
                .collect();
            let message = match others.as_slice() {
                [other] if seats == 1 => {
                    let end = other
                        .end
                        .as_ref()
                        .map_or("present".to_string(), |e| e.to_string());
                    format!(
                        "term {} starts `{}` but term {} ends `{end}`: they certainly overlap; a term may start on the day the previous one ends, not before",
                        term.ordinal, term.start, other.ordinal
                    )
                }
                _ => {
                    let ordinals: Vec<u32> = others.iter().map(|t| t.ordinal).collect();
                    format!(
                        "term {} starts `{}` while terms {} certainly hold all {seats} seats: at most `seats` terms may certainly cover a day; end one of them earlier, or raise `seats`",
                        term.ordinal,
                        term.start,
                        listing_numbers(&ordinals)
                    )
                }
            };
            self.report(at, path, message);
        }
    }
}

/// `1, 2 and 3`.
fn listing_numbers(numbers: &[u32]) -> String {
    match numbers {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!(
            "{} and {last}",
            rest.iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The office's own numbering of its holders, checked term by term: acting terms have
/// no number; the others are either all numbered, 1, 2, ... in the order of the list
/// (one holder, one number, even across consecutive terms), or none is.
#[derive(Default)]
struct Numbers {
    /// The last number given, and by whom.
    last: Option<(u32, String)>,
    /// Whether the office numbers its holders, as its first appointed term says.
    numbered: Option<bool>,
}

impl Numbers {
    /// What is wrong with `record`'s number, if anything.
    fn next(&mut self, record: &TermRecord) -> Option<String> {
        if record.acting {
            return record.number.map(|n| format!(
                "term {} is acting but has number {n}: the office's numbering counts only appointed holders; remove `number`",
                record.ordinal
            ));
        }
        let numbered = *self.numbered.get_or_insert(record.number.is_some());
        let Some(number) = record.number else {
            return numbered.then(|| format!(
                "term {} has no `number` though the office's earlier terms are numbered: number every term that is not acting",
                record.ordinal
            ));
        };
        if !numbered {
            return Some(format!(
                "term {} has number {number} though the office's first appointed term has none: number every appointed term, or none",
                record.ordinal
            ));
        }
        let expected = match &self.last {
            None => 1,
            // A holder whose appointed terms follow one another keeps their number.
            Some((last, holder)) if *holder == record.holder => *last,
            Some((last, _)) => last + 1,
        };
        let same_holder_again = matches!(&self.last, Some((last, holder)) if *holder == record.holder && number == last + 1);
        self.last = Some((number, record.holder.clone()));
        (number != expected && !same_holder_again).then(|| format!(
            "term {} has number {number}, but the office's numbers run 1, 2, ... in the order of its terms, so it must be {expected}",
            record.ordinal
        ))
    }
}
