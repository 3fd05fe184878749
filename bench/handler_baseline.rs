//! Benchmark baseline: a hand-written actix-web handler that answers the headline
//! query (bench/queries/holders-during.graphql) with no GraphQL at all. It parses the
//! JSON body with serde, finds the office's terms that possibly overlap the range in
//! the same catalog tenure serves (same index), and serializes the same answer bytes
//! with serde. `bench/http.sh` checks its bytes against tenure's and compares the
//! two on random ranges: the floor for a computed answer on this machine.
//!
//! Usage: `handler-baseline ADDR DATA_DIR`

use std::sync::Arc;

use actix_web::{web, App, HttpResponse, HttpServer};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tenure::domain::{DateMatch, DatePrecision, DateRange, PartialDate};
use tenure::index::{Catalog, Matches};

const OFFICE: &str = "oic-secretary-general";

#[derive(Deserialize)]
struct Body<'a> {
    #[serde(borrow)]
    variables: Range<'a>,
}

#[derive(Deserialize)]
struct Range<'a> {
    from: &'a str,
    to: &'a str,
}

#[derive(Serialize)]
struct Answer<'a> {
    data: Data<'a>,
}

#[derive(Serialize)]
struct Data<'a> {
    office: Office<'a>,
}

#[derive(Serialize)]
struct Office<'a> {
    name: &'a str,
    abbreviation: Option<&'a str>,
    powers: Vec<Power<'a>>,
    terms: Terms<'a>,
}

#[derive(Serialize)]
struct Power<'a> {
    title: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Terms<'a> {
    total_count: usize,
    nodes: Vec<Term<'a>>,
}

#[derive(Serialize)]
struct Term<'a> {
    ordinal: u32,
    start: Date<'a>,
    end: Option<Date<'a>>,
    secretary: Secretary<'a>,
}

#[derive(Serialize)]
struct Date<'a> {
    iso: &'a str,
    precision: &'static str,
}

#[derive(Serialize)]
struct Secretary<'a> {
    name: &'a str,
    country: Option<Country<'a>>,
}

#[derive(Serialize)]
struct Country<'a> {
    code: &'a str,
    name: &'a str,
}

fn date(date: &PartialDate) -> Date<'_> {
    Date {
        iso: date.iso(),
        precision: match date.precision() {
            DatePrecision::Year => "YEAR",
            DatePrecision::Month => "MONTH",
            DatePrecision::Day => "DAY",
        },
    }
}

fn answer(catalog: &Catalog, body: &[u8]) -> Option<Vec<u8>> {
    let Body { variables: range } = serde_json::from_slice(body).ok()?;
    let day = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
    let range = DateRange::new(Some(day(range.from)?), Some(day(range.to)?)).ok()?;
    let dataset = catalog.dataset();
    let id = catalog.office_by_slug(OFFICE)?;
    let office = dataset.office(id);
    let filter = catalog.office_terms(id).filter(range, DateMatch::Possibly);
    let nodes = filter
        .all()
        .take(100)
        .map(|t| {
            let term = dataset.term(t);
            let person = dataset.secretary(term.secretary);
            Term {
                ordinal: term.ordinal,
                start: date(&term.start),
                end: term.end.as_deref().map(date),
                secretary: Secretary {
                    name: &person.name,
                    country: person.country.map(|c| {
                        let country = dataset.country(c);
                        Country {
                            code: &country.code,
                            name: &country.name,
                        }
                    }),
                },
            }
        })
        .collect();
    let answer = Answer {
        data: Data {
            office: Office {
                name: &office.name,
                abbreviation: office.abbreviation.as_deref(),
                powers: office
                    .powers
                    .iter()
                    .map(|p| Power {
                        title: &p.title,
                        description: &p.description,
                    })
                    .collect(),
                terms: Terms {
                    total_count: filter.count(),
                    nodes,
                },
            },
        },
    };
    serde_json::to_vec(&answer).ok()
}

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(address), Some(data)) = (args.next(), args.next()) else {
        eprintln!("usage: handler-baseline ADDR DATA_DIR");
        std::process::exit(2);
    };
    let catalog = Arc::new(
        tenure::startup::load_catalog(std::path::Path::new(&data))
            .map_err(|e| std::io::Error::other(format!("{e:#}")))?,
    );
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            let catalog = catalog.clone();
            App::new().default_service(web::to(move |body: web::Bytes| {
                let catalog = catalog.clone();
                async move {
                    match answer(&catalog, &body) {
                        Some(bytes) => HttpResponse::Ok()
                            .content_type("application/json; charset=utf-8")
                            .body(bytes),
                        None => HttpResponse::BadRequest().finish(),
                    }
                }
            }))
        })
        .workers(1)
        .bind(address)?
        .run()
        .await
    })
}
