//! A dataset written as one Popolo document: persons, organizations (those with
//! offices, and parties), areas (countries and constituencies), one post per office and
//! one membership per term. Objects are made one at a time as they are written, so the
//! export holds nothing beside the dataset but the writer's buffer.
//!
//! Where Popolo has no place for a fact (an office's powers, description and seats, a
//! term's number and end reason, an organization's member states), it is not written;
//! an acting holder's membership has the role `Acting <post title>`.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::Write;

use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

use super::model::{
    self, Area, Identifier, Link, Membership, Organization, OtherName, Person, Post,
};
use crate::domain::{Dataset, SourceId};

/// Writes `dataset` to `out` as a Popolo document (compact JSON).
pub fn write(dataset: &Dataset, out: impl Write) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::new(out);
    Export(dataset).serialize(&mut serializer)
}

/// Writes `dataset` as a Popolo document indented with 2 spaces, as files are kept.
pub fn write_pretty(dataset: &Dataset, out: impl Write) -> serde_json::Result<()> {
    let mut serializer = serde_json::Serializer::pretty(out);
    Export(dataset).serialize(&mut serializer)
}

/// The Popolo id of a party, an area and a country: prefixed, so that no two kinds
/// of object share an id in the one document.
pub fn party_id(slug: &str) -> String {
    format!("party/{slug}")
}

/// See [`party_id`].
pub fn area_id(slug: &str) -> String {
    format!("area/{slug}")
}

/// See [`party_id`].
pub fn country_id(code: &str) -> String {
    format!("country/{}", code.to_ascii_lowercase())
}

/// `tenure export popolo`: loads the dataset in `data` and writes it to `out` (replaced
/// whole once written, so a reader never sees half a file), or to standard output.
pub fn to_file(data: &std::path::Path, out: Option<&std::path::Path>) -> anyhow::Result<()> {
    use anyhow::Context;
    let loaded =
        crate::dataset::load(data).map_err(|e| anyhow::anyhow!("{}: {e}", data.display()))?;
    let Some(out) = out else {
        let stdout = std::io::stdout().lock();
        let mut writer = std::io::BufWriter::with_capacity(1 << 16, stdout);
        let written = write_pretty(&loaded.dataset, &mut writer)
            .map_err(std::io::Error::from)
            .and_then(|()| writer.write_all(b"\n"))
            .and_then(|()| writer.flush());
        return match written {
            // A reader that has read enough (`| head`) is no failure.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            written => Ok(written?),
        };
    };
    let dir = match out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => std::path::Path::new("."),
    };
    let file = tempfile::Builder::new()
        .prefix(".tenure-export-")
        // As a plain file would be made (the umask applies), not private.
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir)
        .with_context(|| format!("cannot write into {}", dir.display()))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 16, file);
    write_pretty(&loaded.dataset, &mut writer)?;
    writer.write_all(b"\n")?;
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    file.persist(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    Ok(())
}

struct Export<'a>(&'a Dataset);

impl Serialize for Export<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry(
            "persons",
            &Lazy::new(d.secretaries.iter().map(|p| person(d, p))),
        )?;
        map.serialize_entry("organizations", &Lazy::new(organizations(d)))?;
        map.serialize_entry("areas", &Lazy::new(areas(d)))?;
        map.serialize_entry("posts", &Lazy::new(d.offices.iter().map(|o| post(d, o))))?;
        map.serialize_entry(
            "memberships",
            &Lazy::new(d.terms.iter().map(|t| membership(d, t))),
        )?;
        map.end()
    }
}

/// A sequence serialized straight from an iterator, which is consumed once.
struct Lazy<I>(Cell<Option<I>>);

impl<I> Lazy<I> {
    fn new(items: I) -> Self {
        Self(Cell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Lazy<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.0.take().expect("a lazy sequence is written once");
        serializer.collect_seq(items)
    }
}

fn links<'a>(d: &'a Dataset, ids: impl IntoIterator<Item = &'a SourceId>) -> Vec<Link<'a>> {
    ids.into_iter()
        .map(|&id| {
            let source = d.source(id);
            Link {
                url: match &source.url {
                    Some(url) => Cow::Borrowed(url.as_str()),
                    None => Cow::Owned(format!("{}{}", model::SOURCE_URN, source.key)),
                },
                note: Some(Cow::Borrowed(source.title.as_str())),
            }
        })
        .collect()
}

fn person<'a>(d: &'a Dataset, p: &'a crate::domain::Secretary) -> Person<'a> {
    Person {
        id: Cow::Borrowed(&p.slug),
        name: Cow::Borrowed(&p.name),
        other_names: p
            .other_names
            .iter()
            .map(|o| OtherName {
                name: Cow::Borrowed(&o.name),
                lang: o.language.as_deref().map(Cow::Borrowed),
                note: o.note.as_deref().map(Cow::Borrowed),
                other: Default::default(),
            })
            .collect(),
        identifiers: p
            .identifiers
            .iter()
            .map(|i| Identifier {
                identifier: Cow::Borrowed(&i.identifier),
                scheme: Cow::Borrowed(&i.scheme),
            })
            .collect(),
        national_identity: p.country.map(|c| Cow::Borrowed(d.country(c).name.as_str())),
        sources: links(d, &p.country_sources),
        other: Default::default(),
    }
}

fn organizations(d: &Dataset) -> impl Iterator<Item = Organization<'_>> {
    let with_offices = d.organizations.iter().map(move |o| Organization {
        id: Cow::Borrowed(&o.slug),
        name: Cow::Borrowed(&o.name),
        // tenure does not know what kind an organization is (an alliance, a
        // legislature): Popolo's classification is left out rather than guessed.
        classification: None,
        other_names: o
            .abbreviation
            .iter()
            .map(|a| OtherName {
                name: Cow::Borrowed(a.as_str()),
                lang: None,
                note: Some(Cow::Borrowed(model::ABBREVIATION)),
                other: Default::default(),
            })
            .chain(o.localized_names.iter().map(|l| OtherName {
                name: Cow::Borrowed(&l.text),
                lang: Some(Cow::Borrowed(&l.language)),
                note: None,
                other: Default::default(),
            }))
            .collect(),
        seats: None,
        sources: links(d, &o.sources),
        other: Default::default(),
    });
    let parties = d.parties.iter().map(|p| Organization {
        id: Cow::Owned(party_id(&p.slug)),
        name: Cow::Borrowed(&p.name),
        classification: Some(Cow::Borrowed(model::PARTY)),
        ..Organization::default()
    });
    with_offices.chain(parties)
}

fn areas(d: &Dataset) -> impl Iterator<Item = Area<'_>> {
    let countries = d.countries.iter().map(|c| Area {
        id: Cow::Owned(country_id(&c.code)),
        name: Cow::Borrowed(&c.name),
        classification: Some(Cow::Borrowed(model::COUNTRY)),
        identifiers: vec![Identifier {
            identifier: Cow::Borrowed(&c.code),
            scheme: Cow::Borrowed(model::ISO_COUNTRY_SCHEME),
        }],
        other: Default::default(),
    });
    let constituencies = d.areas.iter().map(|a| Area {
        id: Cow::Owned(area_id(&a.slug)),
        name: Cow::Borrowed(&a.name),
        ..Area::default()
    });
    countries.chain(constituencies)
}

fn post<'a>(d: &'a Dataset, o: &'a crate::domain::Office) -> Post<'a> {
    Post {
        id: Cow::Borrowed(&o.slug),
        label: Cow::Borrowed(&o.name),
        role: o.post_title.as_deref().map(Cow::Borrowed),
        organization_id: Some(Cow::Borrowed(&d.organization(o.organization).slug)),
        sources: links(d, &o.sources),
        other: Default::default(),
    }
}

fn membership<'a>(d: &'a Dataset, t: &'a crate::domain::Term) -> Membership<'a> {
    let office = d.office(t.office);
    let role = office.post_title.as_deref().map(|title| {
        if t.acting {
            Cow::Owned(format!("{}{title}", model::ACTING))
        } else {
            Cow::Borrowed(title)
        }
    });
    Membership {
        id: Some(Cow::Owned(format!("{}/{}", office.slug, t.ordinal))),
        person_id: Cow::Borrowed(&d.secretary(t.secretary).slug),
        organization_id: Some(Cow::Borrowed(&d.organization(office.organization).slug)),
        post_id: Some(Cow::Borrowed(&office.slug)),
        role,
        on_behalf_of_id: t.party.map(|p| Cow::Owned(party_id(&d.party(p).slug))),
        area_id: t.area.map(|a| Cow::Owned(area_id(&d.area(a).slug))),
        legislative_period_id: None,
        start_date: Some(Cow::Owned(t.start.to_string())),
        end_date: t.end.as_ref().map(|e| Cow::Owned(e.to_string())),
        sources: links(d, t.sources.iter()),
        other: Default::default(),
    }
}
