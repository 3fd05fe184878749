//! The query root: reads arguments, asks the catalog, wraps what it returns.

use crate::graphql::budget::Counted;
use std::sync::Arc;

use async_graphql::{Context, Object, ID};

use super::error::bad_user_input;
use super::node::{self, Node};
use super::objects::{DateMatch, DateRangeInput, Office, Organization, Secretary, Source, Term};
use super::pagination::{PageArgs, SecretaryConnection, TermConnection, SECRETARIES_SCOPE};
use super::scalars::Date;
use crate::domain::{rfc3339, DateRange, ReloadReport, ServingStatus};
use crate::index::Catalog;

/// The entry points of the API.
pub struct QueryRoot;

/// The catalog this request reads: the snapshot it started with.
fn catalog<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a Catalog> {
    Ok(ctx.data::<Arc<Catalog>>()?.as_ref())
}

/// The entry points of the API.
#[Object(name = "Query", serial)]
impl QueryRoot {
    /// Fetches any object by the global `id` the API handed out.
    async fn node<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "An `id` this API returned.")] id: ID,
    ) -> async_graphql::Result<Option<Node<'a>>> {
        node::resolve(catalog(ctx)?, &id)
    }

    /// Every organization, by slug.
    async fn organizations<'a>(
        &self,
        ctx: &Context<'a>,
    ) -> async_graphql::Result<Counted<Organization<'a>>> {
        let catalog = catalog(ctx)?;
        Ok((0..catalog.dataset().organizations.len() as u32)
            .map(|i| Organization {
                catalog,
                id: crate::domain::OrganizationId(i),
            })
            .collect())
    }

    /// The organization with this slug, or null.
    async fn organization<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "The organization's slug, e.g. oic.")] slug: String,
    ) -> async_graphql::Result<Option<Organization<'a>>> {
        let catalog = catalog(ctx)?;
        Ok(catalog
            .organization_by_slug(&slug)
            .map(|id| Organization { catalog, id }))
    }

    /// Every office, by slug.
    async fn offices<'a>(&self, ctx: &Context<'a>) -> async_graphql::Result<Counted<Office<'a>>> {
        let catalog = catalog(ctx)?;
        Ok((0..catalog.dataset().offices.len() as u32)
            .map(|i| Office {
                catalog,
                id: crate::domain::OfficeId(i),
            })
            .collect())
    }

    /// The office with this slug, or null.
    async fn office<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "The office's slug, e.g. oic-secretary-general.")] slug: String,
    ) -> async_graphql::Result<Option<Office<'a>>> {
        let catalog = catalog(ctx)?;
        Ok(catalog
            .office_by_slug(&slug)
            .map(|id| Office { catalog, id }))
    }

    /// The person with this slug, or null.
    async fn secretary<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "The person's slug, e.g. ekmeleddin-ihsanoglu.")] slug: String,
    ) -> async_graphql::Result<Option<Secretary<'a>>> {
        let catalog = catalog(ctx)?;
        Ok(catalog
            .secretary_by_slug(&slug)
            .map(|id| Secretary { catalog, id }))
    }

    /// People, in order of their first term. `search` matches any part of the name,
    /// ignoring case and diacritics (ihsanoglu finds İhsanoğlu); `country` is an ISO code.
    #[allow(clippy::too_many_arguments)]
    async fn secretaries<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "Any part of the name; case and diacritics are ignored.")] search: Option<
            String,
        >,
        #[graphql(desc = "ISO 3166-1 alpha-2 code of the country of origin, e.g. SA.")]
        country: Option<String>,
        #[graphql(
            desc = "At most this many people from the start (0 to 100; 100 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(desc = "Only people after this cursor.")] after: Option<String>,
        #[graphql(desc = "At most this many people from the end (0 to 100).")] last: Option<i32>,
        #[graphql(desc = "Only people before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<SecretaryConnection<'a>> {
        crate::graphql::budget::checkpoint(ctx)?;
        let catalog = catalog(ctx)?;
        if let Some(code) = &country {
            if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
                return Err(bad_user_input(format!(
                    "`country` must be an ISO 3166-1 alpha-2 code such as SA or TD, got `{code}`"
                )));
            }
        }
        let request = PageArgs {
            first,
            after,
            last,
            before,
        }
        .request(SECRETARIES_SCOPE)?;
        let filter = catalog.secretaries(search.as_deref(), country.as_deref());
        Ok(SecretaryConnection {
            catalog,
            page: filter.page(&request),
            filter,
        })
    }

    /// Terms of every office (or of the office with slug `office`) that match `during`,
    /// by start, then office slug, then ordinal.
    #[allow(clippy::too_many_arguments)]
    async fn terms<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "Only the terms of the office with this slug.")] office: Option<String>,
        #[graphql(desc = "Only terms that match this range; omit it for every term.")]
        during: Option<DateRangeInput>,
        #[graphql(
            default_with = "Some(DateMatch::Possibly)",
            desc = "How a term with partly known dates matches `during`; null means POSSIBLY."
        )]
        r#match: Option<DateMatch>,
        #[graphql(
            desc = "At most this many terms from the start (0 to 100; 100 when neither `first` nor `last` is given)."
        )]
        first: Option<i32>,
        #[graphql(desc = "Only terms after this cursor.")] after: Option<String>,
        #[graphql(desc = "At most this many terms from the end (0 to 100).")] last: Option<i32>,
        #[graphql(desc = "Only terms before this cursor.")] before: Option<String>,
    ) -> async_graphql::Result<TermConnection<'a>> {
        crate::graphql::budget::checkpoint(ctx)?;
        let catalog = catalog(ctx)?;
        let range = DateRangeInput::to_domain(during)?;
        let office = match office.as_deref() {
            None => None,
            Some(slug) => Some(catalog.office_by_slug(slug).ok_or_else(|| {
                bad_user_input(format!(
                    "no office has slug `{slug}`: `Query.offices` lists the offices and their slugs"
                ))
            })?),
        };
        let scope = match office {
            None => "terms".to_owned(),
            Some(id) => format!("terms:{}", catalog.dataset().office(id).slug),
        };
        let request = PageArgs {
            first,
            after,
            last,
            before,
        }
        .request(&scope)?;
        let filter = catalog
            .terms_by_start(office)
            .filter(range, r#match.unwrap_or_default().into());
        Ok(TermConnection {
            catalog,
            page: filter.page(&request),
            filter,
            scope,
        })
    }

    /// The terms, of any office, that covered the given day, by start, then office slug,
    /// then ordinal.
    async fn serving_on<'a>(
        &self,
        ctx: &Context<'a>,
        #[graphql(desc = "The day, YYYY-MM-DD.")] date: Date,
        #[graphql(
            default_with = "Some(DateMatch::Possibly)",
            desc = "How a term with partly known dates matches the day; null means POSSIBLY."
        )]
        r#match: Option<DateMatch>,
    ) -> async_graphql::Result<Counted<Term<'a>>> {
        crate::graphql::budget::checkpoint(ctx)?;
        let catalog = catalog(ctx)?;
        Ok(catalog
            .serving(DateRange::day(date.0), r#match.unwrap_or_default().into())
            .into_iter()
            .map(|id| Term { catalog, id })
            .collect())
    }

    /// What this dataset is: its version, the day its facts were last known true, and
    /// its sources.
    async fn dataset<'a>(&self, ctx: &Context<'a>) -> async_graphql::Result<DatasetInfo<'a>> {
        let status = ctx.data_opt::<Arc<ServingStatus>>().map(|s| &**s);
        Ok(DatasetInfo(catalog(ctx)?, status))
    }
}

/// The dataset the server answers from.
pub struct DatasetInfo<'a>(&'a Catalog, Option<&'a ServingStatus>);

/// The dataset the server answers from.
#[Object(serial)]
impl<'a> DatasetInfo<'a> {
    /// A hash of the dataset's files: it changes exactly when the data does.
    async fn version(&self) -> &'a str {
        self.0.version()
    }

    /// The day the dataset's facts were last known true. An ongoing term is CERTAINLY
    /// serving only up to this day.
    async fn as_of(&self) -> Date {
        Date(self.0.dataset().as_of)
    }

    /// Every source the dataset cites.
    async fn sources(&self) -> Counted<Source<'a>> {
        self.0.dataset().sources.iter().map(Source).collect()
    }

    /// How many offices the dataset describes.
    async fn office_count(&self) -> usize {
        self.0.dataset().offices.len()
    }

    /// How many people it lists.
    async fn secretary_count(&self) -> usize {
        self.0.dataset().secretaries.len()
    }

    /// How many terms it lists.
    async fn term_count(&self) -> usize {
        self.0.dataset().terms.len()
    }

    /// When the server loaded this dataset: an RFC 3339 timestamp in UTC, e.g.
    /// `2026-11-28T14:00:00Z`. Null only when the schema runs outside the server.
    #[graphql(cache_control(no_cache))]
    async fn loaded_at(&self) -> Option<String> {
        self.1.map(|s| rfc3339(s.loaded_at))
    }

    /// The last attempt to reload the dataset (on SIGHUP or, with `--watch`, when its
    /// files change), successful or not; null until one was made. A failed attempt
    /// leaves this dataset served and lists its problems here.
    #[graphql(cache_control(no_cache))]
    async fn last_reload(&self) -> Option<ReloadAttemptInfo<'a>> {
        self.1
            .and_then(|s| s.last_reload.as_ref())
            .map(ReloadAttemptInfo)
    }
}

/// One attempt to reload the dataset.
pub struct ReloadAttemptInfo<'a>(&'a ReloadReport);

/// One attempt to reload the dataset: a new dataset is served only when it passes
/// every check; otherwise the previous one stays.
#[Object(name = "ReloadAttempt")]
impl<'a> ReloadAttemptInfo<'a> {
    /// When the attempt ended: an RFC 3339 timestamp in UTC.
    async fn at(&self) -> String {
        rfc3339(self.0.at)
    }

    /// Whether the new dataset passed its checks and is now served.
    async fn succeeded(&self) -> bool {
        self.0.succeeded
    }

    /// The version served after the attempt: the new one on success, the previous
    /// one on failure.
    async fn version(&self) -> Option<&'a str> {
        Some(&self.0.version)
    }

    /// Every problem that kept the new dataset from being served, each with its file
    /// and place; empty on success.
    async fn problems(&self) -> Counted<&'a str> {
        self.0.problems.iter().map(String::as_str).collect()
    }
}
