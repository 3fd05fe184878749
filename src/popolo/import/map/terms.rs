//! One membership mapped to a pending term: its office (made at the first membership
//! of an organization without posts), its dates (its own, else its legislative
//! period's), its party, area and sources.

use super::{capitalized, describe, office, parse_date, Mapper, PendingTerm};
use crate::popolo::model::{self, Membership};

impl Mapper {
    /// The office a membership of the organization `org` with no post is a term of,
    /// made at its first membership: `<Role> of <organization>`, e.g. Member of
    /// Parliament.
    fn office_of_organization(&mut self, org: &str, role: Option<&str>) -> Option<u32> {
        if let Some(&office) = self.office_of_organization.get(org) {
            return Some(office);
        }
        let organization = &self.organizations[*self.organization_index.get(org)?];
        let role = role.map(capitalized);
        let name = match &role {
            Some(role) => format!("{role} of {}", organization.name),
            None => organization.name.clone(),
        };
        let slug = self
            .office_slugs
            .give(&format!("organization {org}"), &organization.slug);
        let mut office = office(
            slug,
            organization,
            name,
            role.as_deref(),
            organization.sources.clone(),
        );
        // A legislature's declared size stands unless its memberships need more.
        office.seats = self.declared_seats.get(&organization.slug).copied();
        let index = self.offices.len() as u32;
        self.offices.push(office);
        self.office_of_organization.insert(org.to_owned(), index);
        Some(index)
    }

    /// Maps one membership to a term, or reports why it cannot be.
    pub fn membership(&mut self, i: usize, m: Membership<'static>) {
        self.report.not_kept("memberships", &m.other);
        for date in [&m.start_date, &m.end_date].into_iter().flatten() {
            self.saw(date);
        }
        match self.term(i, &m) {
            Ok(Some(term)) => self.pending.push(term),
            Ok(None) => {}
            Err((field, message)) => {
                let object = describe("memberships", i, m.id.as_deref().unwrap_or(""));
                self.problem("memberships", object, field, message);
            }
        }
    }

    fn term(
        &mut self,
        i: usize,
        m: &Membership<'static>,
    ) -> Result<Option<PendingTerm>, (&'static str, String)> {
        let person = *self.person_index.get(m.person_id.as_ref()).ok_or_else(|| {
            (
                "person_id",
                format!("`{}` names no person of the file", m.person_id),
            )
        })?;
        if self.persons[person as usize].name.trim().is_empty() {
            return Err(("person_id", format!("person `{}` has no name", m.person_id)));
        }
        let office = match (m.post_id.as_deref(), m.organization_id.as_deref()) {
            (Some(post), _) => *self.office_of_post.get(post).ok_or_else(|| {
                (
                    "post_id",
                    format!("`{post}` names no post of the file that became an office"),
                )
            })?,
            (None, Some(org)) if self.party_ids.contains(org) => {
                self.report.left_out(
                    "memberships of parties (a term names its party with on_behalf_of_id)",
                );
                return Ok(None);
            }
            (None, Some(org)) => self
                .office_of_organization(org, m.role.as_deref())
                .ok_or_else(|| {
                    (
                        "organization_id",
                        format!("`{org}` names no organization of the file"),
                    )
                })?,
            (None, None) => {
                return Err(("organization_id", "a membership needs a post_id or an organization_id: the office it is a term of".to_owned()));
            }
        };
        let period = match m.legislative_period_id.as_deref() {
            None => None,
            Some(id) => Some(self.periods.get(id).ok_or_else(|| {
                (
                    "legislative_period_id",
                    format!("`{id}` names no event of the file"),
                )
            })?),
        };
        let start = m
            .start_date
            .as_deref()
            .or_else(|| period.and_then(|p| p.0.as_deref()))
            .ok_or(("start_date", "no start_date, and no legislative period with one: a term needs the day it began, at any precision (YYYY, YYYY-MM, YYYY-MM-DD)".to_owned()))?;
        let start = parse_date(start).map_err(|e| ("start_date", e))?;
        let end = match m
            .end_date
            .as_deref()
            .or_else(|| period.and_then(|p| p.1.as_deref()))
        {
            None => None,
            Some(text) => Some(parse_date(text).map_err(|e| ("end_date", e))?),
        };
        if let Some(end) = end.as_ref().filter(|end| end.latest() < start.earliest()) {
            return Err((
                "end_date",
                format!("it ends `{end}` before it starts `{start}`"),
            ));
        }
        let party = match m.on_behalf_of_id.as_deref() {
            None => None,
            Some(id) => Some(self.party_by_id.get(id).copied().ok_or_else(|| {
                (
                    "on_behalf_of_id",
                    format!("`{id}` names no organization of the file"),
                )
            })?),
        };
        let area = match m.area_id.as_deref() {
            None => None,
            Some(id) => Some(
                self.area_by_id
                    .get(id)
                    .copied()
                    .ok_or_else(|| ("area_id", format!("`{id}` names no area of the file")))?,
            ),
        };
        let acting = m.role.as_deref().is_some_and(|role| {
            role.to_lowercase()
                .starts_with(&model::ACTING.to_lowercase())
        });
        // A membership that cites nothing rests on its person's sources, if any.
        let links = match m.sources.as_slice() {
            [] => self.persons[person as usize].sources.clone(),
            links => links.to_vec(),
        };
        let sources = self.sources.cite(&links);
        let sources = self.sources.list(sources);
        Ok(Some(PendingTerm {
            office,
            person,
            start,
            end,
            acting,
            party,
            area,
            sources,
            index: i as u32,
        }))
    }
}
