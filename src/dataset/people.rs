//! Reading `people.json` one person at a time into the builder. Parsed whole, its
//! records (750 000 at the advertised size) were all held at once beside the people
//! made from them, and their vector grew by copies: a third of the memory a load
//! touches fresh, which on this kind of machine is the largest part of its time.
//!
//! The records are read as `PeopleFile` reads them (its field names, `PersonRecord`
//! itself for each person); anything this reading refuses is read again by the
//! precise parser every file goes through, which reports it with its place.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use super::files::{PeopleFile, PersonRecord};
use super::validate::Builder;
use super::{parse, Problem, Text};

/// Gives the builder every person of `text`. A file that cannot be read whole is
/// reported in `problems`, and the people read from it before are forgotten.
pub(super) fn read_people(text: &Text, builder: &mut Builder, problems: &mut Vec<Problem>) {
    // Every person has one `"slug"` key, and little else reads `"slug"` unescaped: a
    // count good enough to size the people once (a scan of the text takes
    // milliseconds).
    builder.expect_people(memchr::memmem::find_iter(text.text.as_bytes(), b"\"slug\"").count());
    let mut deserializer = serde_json::Deserializer::from_str(&text.text);
    let read = File(builder)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    if read.is_ok() {
        builder.people_read(true);
        return;
    }
    builder.people_read(false);
    // Should the precise parser accept what this reading refused, its records count.
    if let Some(file) = parse::<PeopleFile>(text, problems) {
        for (index, record) in file.people.into_iter().enumerate() {
            builder.person(index, record);
        }
        builder.people_read(true);
    }
}

/// The file: an object with `$schema` (ignored) and `people`.
struct File<'b, 'a>(&'b mut Builder<'a>);

impl<'de> DeserializeSeed<'de> for File<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for File<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the people file: an object with `people`")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        const FIELDS: &[&str] = &["$schema", "people"];
        let (mut schema, mut people) = (false, false);
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "$schema" if !schema => {
                    schema = true;
                    map.next_value::<Option<String>>()?;
                }
                "people" if !people => {
                    people = true;
                    map.next_value_seed(People(&mut *self.0))?;
                }
                "$schema" => return Err(de::Error::duplicate_field("$schema")),
                "people" => return Err(de::Error::duplicate_field("people")),
                other => return Err(de::Error::unknown_field(other, FIELDS)),
            }
        }
        if !people {
            return Err(de::Error::missing_field("people"));
        }
        Ok(())
    }
}

/// The `people` array, each record handed to the builder as soon as it is read.
struct People<'b, 'a>(&'b mut Builder<'a>);

impl<'de> DeserializeSeed<'de> for People<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for People<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of people")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut index = 0;
        while let Some(record) = seq.next_element::<PersonRecord>()? {
            self.0.person(index, record);
            index += 1;
        }
        Ok(())
    }
}
