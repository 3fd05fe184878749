//! Which resolver answers each field a plan may ask for. A field's logic lives in one
//! place, its resolver in `src/graphql/objects` (or [`Root`] for the entry points);
//! these tables only bind each GraphQL field name to the call of that resolver, as
//! async-graphql's `#[Object]` macro binds it for the reference executor.

use async_graphql::ID;

use super::compile::{Args, Sub};
use super::variables::Env;
use super::write::{write_object, Abort, Emit, Out};
use crate::graphql::objects::{
    Country, DatasetInfo, Fields, Flag, LocalizedText, Office, Organization, PartialDate, Power,
    RelatedOffice, ReloadAttemptInfo, Secretary, Source, Term, TermLength,
};
use crate::graphql::pagination::{
    PageInfo, SecretaryConnection, SecretaryEdge, TermConnection, TermEdge,
};
use crate::graphql::root::Root;
use crate::graphql::scalars::Date;

/// An object type a plan can write.
pub trait Planned<'a>: Sized {
    /// Its GraphQL name, for `__typename`.
    const TYPE: &'static str;

    /// The number of its field `name`, `None` for a field the plan does not know.
    fn field(name: &str) -> Option<u16>;

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

/// A resolver's result, as the plan takes it: a failure hands the request over.
fn ok<T>(result: async_graphql::Result<T>) -> Result<T, Abort> {
    result.map_err(Abort::from)
}

/// Binds a type's field names to resolver calls: `"name" => <expression>`, where the
/// expression may use the object, the arguments and the environment under the names
/// given in `|object, args, env|`.
macro_rules! planned {
    ($ty:ty as $name:literal, |$o:ident, $a:ident, $e:ident| { $($field:literal => $value:expr,)* }) => {
        impl<'a> Planned<'a> for $ty {
            const TYPE: &'static str = $name;

            fn field(name: &str) -> Option<u16> {
                [$($field),*].iter().position(|f| *f == name).map(|i| i as u16)
            }

            #[allow(unused_variables, unused_assignments)]
            fn write_field(
                &self,
                index: u16,
                $a: &Args,
                sub: &Sub,
                $e: &Env<'a>,
                out: &mut Out,
            ) -> Result<(), Abort> {
                let $o = self;
                let mut at: u16 = 0;
                $(
                    if index == at {
                        // Each field in a function of its own, so that one frame does not
                        // hold every field's temporaries: plans recurse once per level
                        // of the answer.
                        #[inline(never)]
                        fn field<'a>(
                            $o: &$ty,
                            $a: &Args,
                            $e: &Env<'a>,
                            sub: &Sub,
                            out: &mut Out,
                        ) -> Result<(), Abort> {
                            ($value).emit(sub, $e, out)
                        }
                        return field($o, $a, $e, sub, out);
                    }
                    at += 1;
                )*
                Err(Abort)
            }
        }

        impl<'a> Emit<'a> for $ty {
            fn emit(self, sub: &Sub, env: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
                write_object(&self, sub, env, out)
            }
        }
    };
}

planned!(Root<'a> as "Query", |o, a, e| {
    "node" => ok(o.node(&a.get::<ID>("id", e)?))?,
    "organizations" => ok(o.organizations())?,
    "organization" => ok(o.organization(&a.get::<String>("slug", e)?))?,
    "offices" => ok(o.offices())?,
    "office" => ok(o.office(&a.get::<String>("slug", e)?))?,
    "secretary" => ok(o.secretary(&a.get::<String>("slug", e)?))?,
    "secretaries" => ok(o.secretaries(
        a.get::<Option<String>>("search", e)?.as_deref(),
        a.get::<Option<String>>("country", e)?.as_deref(),
        a.page(e)?,
    ))?,
    "terms" => ok(o.terms(
        a.get::<Option<String>>("office", e)?.as_deref(),
        a.get("during", e)?,
        a.get("match", e)?,
        a.page(e)?,
    ))?,
    "servingOn" => ok(o.serving_on(a.get::<Date>("date", e)?, a.get("match", e)?))?,
    "dataset" => o.dataset(),
});

planned!(Organization<'a> as "Organization", |o, a, e| {
    "id" => Fields(o).id(),
    "slug" => Fields(o).slug(),
    "name" => Fields(o).name(),
    "abbreviation" => Fields(o).abbreviation(),
    "localizedNames" => Fields(o).localized_names(),
    "memberStateCount" => Fields(o).member_state_count(),
    "offices" => Fields(o).offices(),
    "sources" => Fields(o).sources(),
});

planned!(Office<'a> as "Office", |o, a, e| {
    "id" => Fields(o).id(),
    "slug" => Fields(o).slug(),
    "name" => Fields(o).name(),
    "postTitle" => Fields(o).post_title(),
    "localizedNames" => Fields(o).localized_names(),
    "abbreviation" => Fields(o).abbreviation(),
    "style" => Fields(o).style(),
    "organization" => Fields(o).organization(),
    "department" => Fields(o).department(),
    "memberOf" => Fields(o).member_of(),
    "nominator" => Fields(o).nominator(),
    "appointer" => Fields(o).appointer(),
    "termLength" => Fields(o).term_length(),
    "precursor" => Fields(o).precursor(),
    "deputy" => Fields(o).deputy(),
    "flag" => Fields(o).flag(),
    "description" => Fields(o).description(),
    "powers" => Fields(o).powers(),
    "incumbent" => Fields(o).incumbent(),
    "incumbentSince" => Fields(o).incumbent_since(),
    "firstHolder" => Fields(o).first_holder(),
    "terms" => ok(Fields(o).terms(e.budget(), a.get("during", e)?, a.get("match", e)?, a.page(e)?))?,
    "holders" => ok(Fields(o).holders(e.budget(), a.get("during", e)?, a.get("match", e)?))?,
    "relatedOffices" => Fields(o).related_offices(),
    "sources" => Fields(o).sources(),
    "notes" => Fields(o).notes(),
});

planned!(Secretary<'a> as "Secretary", |o, a, e| {
    "id" => Fields(o).id(),
    "slug" => Fields(o).slug(),
    "name" => Fields(o).name(),
    "country" => Fields(o).country(),
    "terms" => Fields(o).terms(),
    "sources" => Fields(o).sources(),
});

planned!(Term<'a> as "Term", |o, a, e| {
    "id" => Fields(o).id(),
    "ordinal" => Fields(o).ordinal(),
    "office" => Fields(o).office(),
    "secretary" => Fields(o).secretary(),
    "start" => Fields(o).start(),
    "end" => Fields(o).end(),
    "isCurrent" => Fields(o).is_current(),
    "predecessor" => Fields(o).predecessor(),
    "successor" => Fields(o).successor(),
    "sources" => Fields(o).sources(),
});

planned!(PartialDate<'a> as "PartialDate", |o, a, e| {
    "iso" => Fields(o).iso(),
    "precision" => Fields(o).precision(),
    "earliest" => Fields(o).earliest(),
    "latest" => Fields(o).latest(),
    "text" => Fields(o).text(),
});

planned!(Country<'a> as "Country", |o, a, e| {
    "code" => Fields(o).code(),
    "name" => Fields(o).name(),
});

planned!(TermLength<'a> as "TermLength", |o, a, e| {
    "years" => Fields(o).years(),
    "renewable" => Fields(o).renewable(),
    "text" => Fields(o).text(),
});

planned!(Flag<'a> as "Flag", |o, a, e| {
    "file" => Fields(o).file(),
    "caption" => Fields(o).caption(),
});

planned!(Power<'a> as "Power", |o, a, e| {
    "title" => Fields(o).title(),
    "description" => Fields(o).description(),
});

planned!(Source<'a> as "Source", |o, a, e| {
    "key" => Fields(o).key(),
    "title" => Fields(o).title(),
    "publisher" => Fields(o).publisher(),
    "url" => Fields(o).url(),
    "note" => Fields(o).note(),
});

planned!(LocalizedText<'a> as "LocalizedText", |o, a, e| {
    "language" => o.language,
    "text" => o.text,
});

planned!(RelatedOffice<'a> as "RelatedOffice", |o, a, e| {
    "name" => o.name,
});

planned!(DatasetInfo<'a> as "DatasetInfo", |o, a, e| {
    "version" => Fields(o).version(),
    "asOf" => Fields(o).as_of(),
    "sources" => Fields(o).sources(),
    "officeCount" => Fields(o).office_count(),
    "secretaryCount" => Fields(o).secretary_count(),
    "termCount" => Fields(o).term_count(),
    "loadedAt" => Fields(o).loaded_at(),
    "lastReload" => Fields(o).last_reload(),
});

planned!(ReloadAttemptInfo<'a> as "ReloadAttempt", |o, a, e| {
    "at" => Fields(o).at(),
    "succeeded" => Fields(o).succeeded(),
    "version" => Fields(o).version(),
    "problems" => Fields(o).problems(),
});

planned!(TermConnection<'a> as "TermConnection", |o, a, e| {
    "totalCount" => Fields(o).total_count(),
    "pageInfo" => Fields(o).page_info(),
    "edges" => Fields(o).edges(),
    "nodes" => Fields(o).nodes(),
});

planned!(TermEdge<'a> as "TermEdge", |o, a, e| {
    "cursor" => o.cursor.as_str(),
    "node" => o.node,
});

planned!(SecretaryConnection<'a> as "SecretaryConnection", |o, a, e| {
    "totalCount" => Fields(o).total_count(),
    "pageInfo" => Fields(o).page_info(),
    "edges" => Fields(o).edges(),
    "nodes" => Fields(o).nodes(),
});

planned!(SecretaryEdge<'a> as "SecretaryEdge", |o, a, e| {
    "cursor" => o.cursor.as_str(),
    "node" => o.node,
});

/// Page information holds no borrowed data; its lifetime is only the plan's.
impl<'a> Planned<'a> for PageInfo {
    const TYPE: &'static str = "PageInfo";

    fn field(name: &str) -> Option<u16> {
        ["hasNextPage", "hasPreviousPage", "startCursor", "endCursor"]
            .iter()
            .position(|f| *f == name)
            .map(|i| i as u16)
    }

    fn write_field(
        &self,
        index: u16,
        _: &Args,
        sub: &Sub,
        env: &Env<'a>,
        out: &mut Out,
    ) -> Result<(), Abort> {
        match index {
            0 => self.has_next_page.emit(sub, env, out),
            1 => self.has_previous_page.emit(sub, env, out),
            2 => self.start_cursor.as_deref().emit(sub, env, out),
            3 => self.end_cursor.as_deref().emit(sub, env, out),
            _ => Err(Abort),
        }
    }
}

impl<'a> Emit<'a> for PageInfo {
    fn emit(self, sub: &Sub, env: &Env<'a>, out: &mut Out) -> Result<(), Abort> {
        write_object(&self, sub, env, out)
    }
}

/// The number of field `field` of the object type `parent`, for the plans' compiler.
pub fn field_number(parent: &str, field: &str) -> Option<u16> {
    match parent {
        "Query" => <Root<'_> as Planned>::field(field),
        "Organization" => <Organization<'_> as Planned>::field(field),
        "Office" => <Office<'_> as Planned>::field(field),
        "Secretary" => <Secretary<'_> as Planned>::field(field),
        "Term" => <Term<'_> as Planned>::field(field),
        "PartialDate" => <PartialDate<'_> as Planned>::field(field),
        "Country" => <Country<'_> as Planned>::field(field),
        "TermLength" => <TermLength<'_> as Planned>::field(field),
        "Flag" => <Flag<'_> as Planned>::field(field),
        "Power" => <Power<'_> as Planned>::field(field),
        "Source" => <Source<'_> as Planned>::field(field),
        "LocalizedText" => <LocalizedText<'_> as Planned>::field(field),
        "RelatedOffice" => <RelatedOffice<'_> as Planned>::field(field),
        "DatasetInfo" => <DatasetInfo<'_> as Planned>::field(field),
        "ReloadAttempt" => <ReloadAttemptInfo<'_> as Planned>::field(field),
        "TermConnection" => <TermConnection<'_> as Planned>::field(field),
        "TermEdge" => <TermEdge<'_> as Planned>::field(field),
        "SecretaryConnection" => <SecretaryConnection<'_> as Planned>::field(field),
        "SecretaryEdge" => <SecretaryEdge<'_> as Planned>::field(field),
        "PageInfo" => <PageInfo as Planned>::field(field),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::field_number;
    use apollo_compiler::schema::ExtendedType;
    use apollo_compiler::Schema;

    /// Every field of every object type of the served schema has a plan binding: a
    /// field without one would send every document that asks for it to the slower
    /// executor, silently. The subgraph's own entry points (`_entities`, `_service`)
    /// are the federation library's and run on async-graphql by design.
    #[test]
    fn every_field_of_the_served_schemas_has_a_plan_binding() {
        for sdl in [crate::graphql::sdl(), crate::graphql::subgraph_sdl()] {
            let schema = Schema::parse(&sdl, "schema.graphql").expect("the served SDL parses");
            let mut missing = Vec::new();
            let mut bound = 0;
            for (name, ty) in &schema.types {
                let ExtendedType::Object(object) = ty else {
                    continue;
                };
                if name.starts_with("__") || name.as_str() == "_Service" {
                    continue;
                }
                for field in object.fields.keys() {
                    let federation = name.as_str() == "Query" && field.starts_with('_');
                    if federation {
                        continue;
                    }
                    match field_number(name, field) {
                        Some(_) => bound += 1,
                        None => missing.push(format!("{name}.{field}")),
                    }
                }
            }
            assert!(
                missing.is_empty(),
                "fields without a plan binding: {missing:?}"
            );
            assert!(bound > 90, "only {bound} fields checked");
        }
    }
}
