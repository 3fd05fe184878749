//! The opaque strings the API hands out, global IDs and cursors: a text of up to three
//! parts (`Term:oic-secretary-general:9`, `office-terms:oic-secretary-general:4`),
//! base64url-encoded without padding. A value keeps its parts until it is written, so
//! a plan encodes a page's IDs and cursors straight into the answer (a page of terms
//! has three per term) instead of building two strings for each; async-graphql gets
//! the same text as an `ID` or a `String`.

use std::borrow::Cow;
use std::marker::PhantomData;

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{ContextSelectionSet, OutputType, Positioned, ServerResult, Value, ID};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::plan::fields::{Abort, Emit, Env, Out, Sub};

/// The parts of an opaque text: `kind`, then `:key` and `:number` when there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opaque<'a> {
    kind: &'static str,
    key: Option<&'a str>,
    number: Option<usize>,
}

impl<'a> Opaque<'a> {
    /// The text `kind[:key][:number]`.
    pub fn new(kind: &'static str, key: Option<&'a str>, number: Option<usize>) -> Self {
        Self { kind, key, number }
    }

    /// Appends the encoded text to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        let mut digits = itoa::Buffer::new();
        let number = self.number.map(|n| digits.format(n));
        let parts = [
            Some(self.kind),
            self.key.map(|_| ":"),
            self.key,
            number.map(|_| ":"),
            number,
        ];
        let len = parts.iter().flatten().map(|part| part.len()).sum();
        // Put together on the stack: slugs are short, and a longer text still encodes.
        let mut stack = [0u8; 160];
        let mut heap = Vec::new();
        let text: &mut [u8] = if len <= stack.len() {
            &mut stack[..len]
        } else {
            heap.resize(len, 0);
            &mut heap
        };
        let mut at = 0;
        for part in parts.into_iter().flatten() {
            text[at..at + part.len()].copy_from_slice(part.as_bytes());
            at += part.len();
        }
        let start = out.len();
        out.resize(start + len.div_ceil(3) * 4, 0);
        let written = URL_SAFE_NO_PAD
            .encode_slice(&*text, &mut out[start..])
            .unwrap_or_default();
        out.truncate(start + written);
    }

    /// The encoded text.
    pub fn encode(&self) -> String {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        // base64url is ASCII.
        String::from_utf8(out).unwrap_or_default()
    }

    /// Writes the encoded text as a JSON string: base64url needs no escapes.
    fn emit(&self, out: &mut Out) {
        out.bytes.push(b'"');
        self.encode_into(&mut out.bytes);
        out.bytes.push(b'"');
    }
}

/// An [`Opaque`] text answered as GraphQL type `As` (`ID` or `String`).
#[derive(Debug)]
pub struct Typed<'a, As>(Opaque<'a>, PhantomData<fn() -> As>);

/// A global ID.
pub type GlobalId<'a> = Typed<'a, ID>;

/// A cursor.
pub type Cursor<'a> = Typed<'a, String>;

impl<'a, As> Typed<'a, As> {
    /// `text`, answered as an `As`.
    pub fn new(text: Opaque<'a>) -> Self {
        Self(text, PhantomData)
    }
}

impl<As> Clone for Typed<'_, As> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<As> Copy for Typed<'_, As> {}

impl From<GlobalId<'_>> for ID {
    fn from(id: GlobalId<'_>) -> Self {
        ID(id.0.encode())
    }
}

impl<As: OutputType> OutputType for Typed<'_, As> {
    fn type_name() -> Cow<'static, str> {
        As::type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        As::create_type_info(registry)
    }

    async fn resolve(
        &self,
        _: &ContextSelectionSet<'_>,
        _: &Positioned<Field>,
    ) -> ServerResult<Value> {
        Ok(Value::String(self.0.encode()))
    }
}

impl<'a, As> Emit<'a> for Typed<'_, As> {
    fn emit(self, _: &Sub, _: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        self.0.emit(out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    use proptest::prelude::*;

    use super::Opaque;

    proptest! {
        /// The parts encode as their text put together with `format!` would.
        #[test]
        fn an_opaque_text_is_the_base64url_of_its_parts_together(
            key in proptest::option::of("[a-z0-9-]{0,200}"),
            number in proptest::option::of(any::<usize>()),
            kind in prop_oneof![Just("Term"), Just("Secretary"), Just("office-terms"), Just("terms")],
        ) {
            let mut text = kind.to_owned();
            if let Some(key) = &key {
                text = format!("{text}:{key}");
            }
            if let Some(number) = number {
                text = format!("{text}:{number}");
            }
            let opaque = Opaque::new(kind, key.as_deref(), number);
            prop_assert_eq!(opaque.encode(), URL_SAFE_NO_PAD.encode(&text));
            let mut out = b"[".to_vec();
            opaque.encode_into(&mut out);
            prop_assert_eq!(out, format!("[{}", URL_SAFE_NO_PAD.encode(&text)).into_bytes());
        }
    }
}
