//! What a plan calls to answer a field. Each object type's `#[fields]` block (the
//! `tenure-macros` crate) implements [`Planned`] from the same methods that answer its
//! fields under async-graphql, so a field's logic, arguments and name are written once;
//! this module is the vocabulary those implementations use.

pub use super::compile::{Args, Sub};
pub use super::variables::Env;
pub use super::write::{write_object, Abort, Emit, Out};
pub use crate::graphql::declared::field_number;

use crate::graphql::declared::DeclaredFields;

/// An object type a plan can write: field number `index` is the type's
/// [`DeclaredFields::FIELDS`] entry of that place.
pub trait Planned<'a>: DeclaredFields + Sized {
    /// Writes the value of field number `index` with these arguments.
    fn write_field(
        &self,
        index: u16,
        args: &Args,
        sub: &Sub,
        env: &Env<'a>,
        out: &mut Out,
    ) -> Result<(), Abort>;
}
