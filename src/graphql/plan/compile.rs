//! Compiling an operation into a plan: its selections collected per object type by
//! [`crate::graphql::collect`] as execution reads them (fragments and type conditions
//! resolved, `Node` split by concrete type, fields with the same response key merged
//! in the order first asked, `@skip`/`@include` resolved when literal or kept as
//! conditions on a variable), each field bound to its number in the parent type's
//! table ([`super::fields`]) and its arguments to literals or variables.
//!
//! What a plan cannot express makes the document run on async-graphql instead:
//! introspection (`__schema`, `__type`), a field the tables do not know, a merge of
//! fields under different conditions.

use async_graphql::parser::types::{ExecutableDocument, SelectionSet};
use async_graphql::{InputType, Name, Positioned, Value as ConstValue, Variables};
use async_graphql_value::Value;

use super::fields::field_number;
use super::variables::Env;
use super::write::Abort;
use crate::graphql::collect::{collect, Group, Reading};
use crate::graphql::field_types::{named, FieldTypes};
use crate::graphql::pagination::PageArgs;

/// The field number of `__typename`, which every type answers with its name.
pub const TYPENAME: u16 = u16::MAX;

/// Why a document runs on async-graphql rather than a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotPlannable(pub String);

/// One field of an object, compiled.
#[derive(Debug)]
pub struct Selection {
    /// The response key as JSON, with its colon: `"name":`.
    pub key: Box<[u8]>,
    /// The field's number in its parent type's table, or [`TYPENAME`].
    pub field: u16,
    /// Its arguments.
    pub args: Args,
    /// What it selects of its value.
    pub sub: Sub,
    /// Variables that must have these values for the field to be asked for.
    pub conditions: Box<[Condition]>,
}

/// What a field selects of its value.
#[derive(Debug)]
pub enum Sub {
    /// Nothing: a scalar or an enum.
    Leaf,
    /// The fields of an object (of each item, for a list).
    Object(Box<[Selection]>),
    /// The fields of a `Node`, per the type it turns out to be.
    Node(Box<ByType>),
}

/// The selections of a `Node`, one per type that implements it.
#[derive(Debug)]
pub struct ByType {
    /// On an `Organization`.
    pub organization: Box<[Selection]>,
    /// On an `Office`.
    pub office: Box<[Selection]>,
    /// On a `Secretary`.
    pub secretary: Box<[Selection]>,
    /// On a `Term`.
    pub term: Box<[Selection]>,
}

pub use crate::graphql::collect::Condition;

/// A field's arguments, bound.
#[derive(Debug, Default)]
pub struct Args(Box<[(Name, Arg)]>);

#[derive(Debug)]
enum Arg {
    Literal(ConstValue),
    Variable(Name),
    /// A list or input object holding variables: `{ from: $from, to: $to }`.
    WithVariables(Value),
}

impl Args {
    /// The argument `name` coerced to the resolver's type, as async-graphql coerces it
    /// (absent, or a variable that was not given, is `None`).
    pub fn get<T: InputType>(&self, name: &str, env: &Env<'_>) -> Result<T, Abort> {
        let value = match self.0.iter().find(|(n, _)| n.as_str() == name) {
            None => None,
            Some((_, Arg::Literal(value))) => Some(value.clone()),
            Some((_, Arg::Variable(variable))) => env.variable(variable).cloned(),
            Some((_, Arg::WithVariables(value))) => {
                Some(value.clone().into_const_with(|variable| {
                    env.variable(variable.as_str()).cloned().ok_or(Abort)
                })?)
            }
        };
        T::parse(value).map_err(|_| Abort)
    }

    /// The paging arguments of a connection.
    pub fn page(&self, env: &Env<'_>) -> Result<PageArgs, Abort> {
        Ok(PageArgs {
            first: self.get("first", env)?,
            after: self.get("after", env)?,
            last: self.get("last", env)?,
            before: self.get("before", env)?,
        })
    }
}

/// A compiled operation's root selections.
#[derive(Debug)]
pub struct Compiled {
    /// The fields of `Query` it asks for.
    pub root: Box<[Selection]>,
    /// Whether it asks for what changes without the data changing (`loadedAt`,
    /// `lastReload`), so its answers must not be cached.
    pub volatile: bool,
}

/// Compiles the selection of an operation on `Query`.
pub fn compile(
    document: &ExecutableDocument,
    selection: &SelectionSet,
    types: &FieldTypes,
) -> Result<Compiled, NotPlannable> {
    let mut compiler = Compiler {
        document,
        types,
        variables: Variables::default(),
        volatile: false,
        depth: 0,
    };
    let root = compiler.selections(&[selection], "Query")?;
    Ok(Compiled {
        root,
        volatile: compiler.volatile,
    })
}

struct Compiler<'d> {
    document: &'d ExecutableDocument,
    types: &'d FieldTypes,
    /// None: a plan is compiled before any request's variables are known, so
    /// conditions on them are kept.
    variables: Variables,
    volatile: bool,
    /// How deep the selections being compiled nest.
    depth: usize,
}

/// Deeper than any document the depth limit lets through: a guard, should a document
/// reach the compiler unvalidated (a fragment cycle through fields, say).
const MAX_DEPTH: usize = 64;

impl<'d> Compiler<'d> {
    fn selections(
        &mut self,
        sets: &[&'d SelectionSet],
        on: &'d str,
    ) -> Result<Box<[Selection]>, NotPlannable> {
        if self.depth > MAX_DEPTH {
            return Err(NotPlannable("selections nest too deep".to_owned()));
        }
        let groups = collect(
            self.document,
            self.types,
            sets,
            on,
            Reading::AsRun(&self.variables),
            &[],
        );
        self.depth += 1;
        let compiled = groups
            .into_iter()
            .map(|group| self.selection(group, on))
            .collect();
        self.depth -= 1;
        compiled
    }

    fn selection(&mut self, group: Group<'d>, on: &'d str) -> Result<Selection, NotPlannable> {
        let Group { key, fields } = group;
        let first = &fields[0];
        // A plan writes a key once, under one set of conditions.
        if fields.iter().any(|c| c.conditions != first.conditions) {
            return Err(NotPlannable(format!(
                "`{key}` is asked for under different conditions"
            )));
        }
        let (field, conditions) = (first.field, first.conditions.clone());
        let sets: Vec<&'d SelectionSet> =
            fields.iter().map(|c| &c.field.selection_set.node).collect();
        let name = field.name.node.as_str();
        let key = serde_json::to_vec(key)
            .map(|mut key| {
                key.push(b':');
                key.into_boxed_slice()
            })
            .map_err(|e| NotPlannable(e.to_string()))?;
        if name == "__typename" {
            return Ok(Selection {
                key,
                field: TYPENAME,
                args: Args::default(),
                sub: Sub::Leaf,
                conditions: conditions.into(),
            });
        }
        let number = field_number(on, name)
            .ok_or_else(|| NotPlannable(format!("`{on}.{name}` is not in the plans' tables")))?;
        if on == "DatasetInfo" && matches!(name, "loadedAt" | "lastReload") {
            self.volatile = true;
        }
        let child = self
            .types
            .get(on, name)
            .map(named)
            .ok_or_else(|| NotPlannable(format!("`{on}.{name}` has no type")))?;
        let sub = if child == "Node" {
            Sub::Node(Box::new(ByType {
                organization: self.selections(&sets, "Organization")?,
                office: self.selections(&sets, "Office")?,
                secretary: self.selections(&sets, "Secretary")?,
                term: self.selections(&sets, "Term")?,
            }))
        } else if self.types.is_object(child) {
            Sub::Object(self.selections(&sets, child)?)
        } else {
            Sub::Leaf
        };
        Ok(Selection {
            key,
            field: number,
            args: args(&field.arguments),
            sub,
            conditions: conditions.into(),
        })
    }
}

fn args(arguments: &[(Positioned<Name>, Positioned<Value>)]) -> Args {
    Args(
        arguments
            .iter()
            .map(|(name, value)| {
                let arg = match &value.node {
                    Value::Variable(variable) => Arg::Variable(variable.clone()),
                    other => match other.clone().into_const() {
                        Some(literal) => Arg::Literal(literal),
                        None => Arg::WithVariables(other.clone()),
                    },
                };
                (name.node.clone(), arg)
            })
            .collect(),
    )
}
