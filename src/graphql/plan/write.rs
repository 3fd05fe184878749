//! Writing a plan's answer: JSON bytes straight from the values the fields return,
//! the same bytes async-graphql's `Value` tree would serialize to (strings escaped by
//! serde_json, keys in the order the operation asks for them), and the answer's
//! fields counted as the cost counts them.

use async_graphql::{InputType, ID};

use super::compile::{Selection, Sub, TYPENAME};
use super::fields::Planned;
use super::variables::Env;
use crate::graphql::budget::Counted;
use crate::graphql::node::Node;
use crate::graphql::objects::{DateMatch, DatePrecision, TermEndReason};
use crate::graphql::scalars::Date;

/// The plan cannot answer this request itself (an argument that does not coerce, a
/// field that fails, a budget that ran out): the reference executor will.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Abort;

impl From<async_graphql::Error> for Abort {
    fn from(_: async_graphql::Error) -> Self {
        Abort
    }
}

/// The answer being written.
pub struct Out {
    /// The JSON so far.
    pub bytes: Vec<u8>,
    /// The fields written, each list item at least 1: the answer's actual cost.
    pub fields: u64,
}

impl Out {
    fn raw(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// A JSON string, escaped exactly as serde_json escapes it.
    pub fn string(&mut self, text: &str) -> Result<(), Abort> {
        // serde_json escapes the control characters, `"` and `\` and nothing else;
        // most texts hold none, and a scan eight bytes at a time finds that faster
        // than serde_json's byte-by-byte writer copies them.
        if !needs_escape(text.as_bytes()) {
            self.bytes.reserve(text.len() + 2);
            self.bytes.push(b'"');
            self.bytes.extend_from_slice(text.as_bytes());
            self.bytes.push(b'"');
            return Ok(());
        }
        serde_json::to_writer(&mut self.bytes, text).map_err(|_| Abort)
    }
}

/// Whether `bytes` hold a byte JSON escapes: a control character, `"` or `\`. Most
/// texts are short (names, dates, slugs), so the scan reads eight bytes at a time as
/// one word (the zero-byte test of "Bit Twiddling Hacks"), not byte by byte; bytes of
/// multi-byte UTF-8 characters have their high bit set and never count.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    // A byte of `word` below `n` (n ≤ 0x80) sets its high bit in the result; one
    // that is not may too, but only beside one that is, so the answer is exact.
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH;
    let equal = |word: u64, byte: u8| below(word ^ (ONES * u64::from(byte)), 1);
    let mut words = bytes.chunks_exact(8);
    for chunk in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let word = u64::from_le_bytes(eight);
        if below(word, 0x20) | equal(word, b'"') | equal(word, b'\\') != 0 {
            return true;
        }
    }
    (words.remainder().iter()).any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// A value a field returns, written as JSON under the field's key.
pub trait Emit<'a> {
    /// Writes the value; `sub` is the field's selection when the value is an object.
    fn emit(self, sub: &Sub, env: &Env<'a>, out: &mut Out) -> Result<(), Abort>;
}

/// Writes an object: the selected fields whose conditions hold, in order.
pub fn write_object<'a, T: Planned<'a>>(
    object: &T,
    sub: &Sub,
    env: &Env<'a>,
    out: &mut Out,
) -> Result<(), Abort> {
    let Sub::Object(selections) = sub else {
        return Err(Abort);
    };
    write_object_fields(object, selections, env, out)
}

/// Writes the selected fields of an object whose selection is known.
pub fn write_object_fields<'a, T: Planned<'a>>(
    object: &T,
    selections: &[Selection],
    env: &Env<'a>,
    out: &mut Out,
) -> Result<(), Abort> {
    out.raw(b"{");
    let mut first = true;
    for selection in selections {
        if !env.includes(selection)? {
            continue;
        }
        if !first {
            out.raw(b",");
        }
        first = false;
        out.raw(&selection.key);
        out.fields += 1;
        if selection.field == TYPENAME {
            out.string(T::TYPE)?;
        } else {
            object.write_field(selection.field, &selection.args, &selection.sub, env, out)?;
        }
    }
    out.raw(b"}");
    Ok(())
}

impl<'a> Emit<'a> for &str {
    fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        out.string(self)
    }
}

impl<'a> Emit<'a> for String {
    fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        out.string(&self)
    }
}

impl<'a> Emit<'a> for ID {
    fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        out.string(&self.0)
    }
}

impl<'a> Emit<'a> for bool {
    fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        out.raw(if self { b"true" } else { b"false" });
        Ok(())
    }
}

macro_rules! emit_integer {
    ($($t:ty),*) => {$(
        impl<'a> Emit<'a> for $t {
            fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
                out.raw(itoa::Buffer::new().format(self).as_bytes());
                Ok(())
            }
        }
    )*};
}

emit_integer!(u32, i32, usize);

impl<'a> Emit<'a> for Date {
    fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        self.write_json(&mut out.bytes);
        Ok(())
    }
}

/// An enum value, named as async-graphql names it.
fn emit_enum(value: async_graphql::Value, out: &mut Out) -> Result<(), Abort> {
    match value {
        async_graphql::Value::Enum(name) => out.string(&name),
        _ => Err(Abort),
    }
}

impl<'a> Emit<'a> for DatePrecision {
    fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        emit_enum(self.to_value(), out)
    }
}

impl<'a> Emit<'a> for TermEndReason {
    fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        emit_enum(self.to_value(), out)
    }
}

impl<'a> Emit<'a> for DateMatch {
    fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        emit_enum(self.to_value(), out)
    }
}

impl<'a, T: Emit<'a>> Emit<'a> for Option<T> {
    fn emit(self, sub: &Sub, env: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        match self {
            Some(value) => value.emit(sub, env, out),
            None => {
                out.raw(b"null");
                Ok(())
            }
        }
    }
}

/// A list spends its items from the request's budget before it writes them, as
/// [`Counted`] does under async-graphql.
impl<'a, T: Emit<'a>> Emit<'a> for Counted<T> {
    fn emit(self, sub: &Sub, env: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        env.spend_items(self.0.len())?;
        out.raw(b"[");
        for (i, item) in self.0.into_iter().enumerate() {
            if i > 0 {
                out.raw(b",");
            }
            let before = out.fields;
            item.emit(sub, env, out)?;
            if out.fields == before {
                out.fields += 1;
            }
        }
        out.raw(b"]");
        Ok(())
    }
}

impl<'a> Emit<'a> for Node<'a> {
    fn emit(self, sub: &Sub, env: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        let Sub::Node(by_type) = sub else {
            return Err(Abort);
        };
        match self {
            Node::Organization(o) => write_object_fields(&o, &by_type.organization, env, out),
            Node::Office(o) => write_object_fields(&o, &by_type.office, env, out),
            Node::Secretary(s) => write_object_fields(&s, &by_type.secretary, env, out),
            Node::Term(t) => write_object_fields(&t, &by_type.term, env, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{needs_escape, Out};

    fn written(text: &str) -> Vec<u8> {
        let mut out = Out {
            bytes: Vec::new(),
            fields: 0,
        };
        out.string(text).expect("a string always writes");
        out.bytes
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "",
            "plain",
            "Secretary-General",
            "a \"quote\"",
            "back\\slash",
            "tab\there",
            "nul\0",
            "del\u{7f}",
            "İhsanoğlu",
            "\u{1f}\n\r",
        ] {
            assert_eq!(written(text), serde_json::to_vec(text).unwrap(), "{text:?}");
        }
    }

    #[test]
    fn every_ascii_byte_at_every_place_of_a_word_is_found_or_not_as_it_should_be() {
        for byte in 0u8..0x80 {
            for place in 0..24 {
                let mut text = vec![b'a'; 24];
                text[place] = byte;
                let text = String::from_utf8(text).expect("ASCII");
                let escaped = byte < 0x20 || byte == b'"' || byte == b'\\';
                assert_eq!(
                    needs_escape(text.as_bytes()),
                    escaped,
                    "{byte:#x} at {place}"
                );
            }
        }
    }

    /// Printable ASCII with now and then a byte JSON escapes, at any place of a word.
    fn mostly_plain() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![8 => 0x20u8..0x7f, 1 => 0u8..0x20, 1 => Just(b'"'), 1 => Just(b'\\')],
            0..40,
        )
        .prop_map(|bytes| String::from_utf8(bytes).expect("ASCII"))
    }

    proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(text in any::<String>()) {
            prop_assert_eq!(written(&text), serde_json::to_vec(&text).unwrap());
        }

        #[test]
        fn the_word_scan_finds_what_the_byte_scan_finds(
            text in prop_oneof![any::<String>(), mostly_plain(), "[ -~é€𝄞]{0,40}"],
        ) {
            let bytewise = text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(needs_escape(text.as_bytes()), bytewise);
            prop_assert_eq!(written(&text), serde_json::to_vec(&text).unwrap());
        }
    }
}
