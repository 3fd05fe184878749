//! Reads a Popolo file in two passes so that its memberships, nearly all of a large
//! file, are never held at once: the first pass keeps every other collection and
//! only the references of each membership (which organizations are held or sat for);
//! the second hands the memberships to the mapper one at a time. A file's collections
//! may come in any order, so one pass could meet a membership before its person.

use rustc_hash::FxHashSet as HashSet;
use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::popolo::model::{Area, Event, Membership, Meta, Organization, Person, Post};

/// Everything of a file but its memberships.
#[derive(Debug, Default)]
pub struct Outline {
    /// Persons.
    pub persons: Vec<Person<'static>>,
    /// Organizations.
    pub organizations: Vec<Organization<'static>>,
    /// Areas.
    pub areas: Vec<Area<'static>>,
    /// Events.
    pub events: Vec<Event<'static>>,
    /// Posts.
    pub posts: Vec<Post<'static>>,
    /// What the file says about itself.
    pub meta: Option<Meta>,
    /// The organizations a membership belongs to.
    pub held: HashSet<String>,
    /// The organizations a membership sits for: parties.
    pub sat_for: HashSet<String>,
    /// How many memberships there are.
    pub memberships: usize,
    /// The top-level members tenure does not read (`motions`, ...).
    pub other: Vec<String>,
}

/// What the first pass reads of a membership.
#[derive(Deserialize)]
struct References {
    #[serde(default)]
    organization_id: Option<String>,
    #[serde(default)]
    on_behalf_of_id: Option<String>,
}

/// The first pass.
pub fn outline(reader: impl Read) -> serde_json::Result<Outline> {
    let mut outline = Outline::default();
    let (mut held, mut sat_for, mut count) = (HashSet::default(), HashSet::default(), 0);
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    Top {
        outline: Some(&mut outline),
        each: |_, refs: References| {
            count += 1;
            held.extend(refs.organization_id);
            sat_for.extend(refs.on_behalf_of_id);
        },
        _item: PhantomData,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    outline.held = held;
    outline.sat_for = sat_for;
    outline.memberships = count;
    Ok(outline)
}

/// The second pass: `each` gets every membership with its index.
pub fn each_membership(
    reader: impl Read,
    mut each: impl FnMut(usize, Membership<'static>),
) -> serde_json::Result<()> {
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    Top {
        outline: None,
        each: |i, m| each(i, m),
        _item: PhantomData,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()
}

/// The top-level object; memberships of type `T` go to `each`, the other collections
/// into `outline` when given.
struct Top<'o, F, T> {
    outline: Option<&'o mut Outline>,
    each: F,
    _item: PhantomData<fn(T)>,
}

impl<'de, F, T> DeserializeSeed<'de> for Top<'_, F, T>
where
    F: FnMut(usize, T),
    T: DeserializeOwned,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, F, T> Visitor<'de> for Top<'_, F, T>
where
    F: FnMut(usize, T),
    T: DeserializeOwned,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Popolo document: an object of persons, organizations, memberships, ...")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "memberships" {
                map.next_value_seed(Each {
                    each: &mut self.each,
                    _item: PhantomData,
                })?;
                continue;
            }
            let Some(outline) = self.outline.as_deref_mut() else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            match key.as_str() {
                "persons" => outline.persons = map.next_value()?,
                "organizations" => outline.organizations = map.next_value()?,
                "areas" => outline.areas = map.next_value()?,
                "events" => outline.events = map.next_value()?,
                "posts" => outline.posts = map.next_value()?,
                "meta" => outline.meta = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    outline.other.push(key);
                }
            }
        }
        Ok(())
    }
}

/// The memberships array, one element at a time.
struct Each<'e, F, T> {
    each: &'e mut F,
    _item: PhantomData<fn(T)>,
}

impl<'de, F, T> DeserializeSeed<'de> for Each<'_, F, T>
where
    F: FnMut(usize, T),
    T: DeserializeOwned,
{
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F, T> Visitor<'de> for Each<'_, F, T>
where
    F: FnMut(usize, T),
    T: DeserializeOwned,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of memberships")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(item) = seq.next_element::<T>()? {
            (self.each)(index, item);
            index += 1;
        }
        Ok(())
    }
}
