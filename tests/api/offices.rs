//! The three offices of the seed's "See also", as a client reads them: every holder in
//! order with the office's own numbering, the acting holders between appointments, how
//! each term ended where a source says, the incumbent as of the dataset's `asOf`, and
//! the links from the OIC's related offices. Each row is `ordinal number name
//! start..end endReason` as data/offices/*.json gives it, `-` for no number or reason.

use serde_json::{json, Value};

use crate::helpers::{spawn_app, TestApp};

/// Every term of office `slug`, one row each, as in the module's documentation.
async fn rows(app: &TestApp, slug: &str) -> Vec<String> {
    let data = app
        .query_data(
            "query($slug: String!) { office(slug: $slug) { terms { totalCount nodes {
                ordinal number acting endReason secretary { name }
                start { iso } end { iso } } } } }",
            json!({ "slug": slug }),
        )
        .await;
    let terms = &data["office"]["terms"];
    let nodes = terms["nodes"].as_array().unwrap();
    assert_eq!(terms["totalCount"], json!(nodes.len()));
    nodes
        .iter()
        .map(|t| {
            let number = match &t["number"] {
                Value::Null => "-".to_owned(),
                n => n.to_string(),
            };
            // An acting term has no number, always.
            assert_eq!(t["acting"] == json!(true), t["number"].is_null(), "{t}");
            let acting = if t["acting"] == json!(true) {
                " acting"
            } else {
                ""
            };
            format!(
                "{} {number}{acting} {} {}..{} {}",
                t["ordinal"],
                t["secretary"]["name"].as_str().unwrap(),
                t["start"]["iso"].as_str().unwrap(),
                t["end"]["iso"].as_str().unwrap_or(""),
                t["endReason"].as_str().unwrap_or("-"),
            )
        })
        .collect()
}

/// The incumbent of office `slug`: its number, name and start.
async fn incumbent(app: &TestApp, slug: &str) -> Value {
    app.query_data(
        "query($slug: String!) { office(slug: $slug) { incumbent { number acting endReason
            secretary { name country { code } } start { iso precision } end { iso } } } }",
        json!({ "slug": slug }),
    )
    .await["office"]["incumbent"]
        .clone()
}

#[tokio::test]
async fn the_un_had_nine_secretaries_general_and_two_acting_ones() {
    let app = spawn_app().await;
    assert_eq!(
        rows(&app, "un-secretary-general").await,
        [
            "1 - acting Gladwyn Jebb 1945-10-24..1946-02-02 SUCCESSOR_APPOINTED",
            "2 1 Trygve Lie 1946-02-02..1953-04-10 RESIGNED",
            "3 2 Dag Hammarskjöld 1953-04-10..1961-09-18 DIED",
            // U Thant acted, then was appointed himself: two terms, one person.
            "4 - acting U Thant 1961-11-03..1962-11-30 APPOINTED",
            "5 3 U Thant 1962-11-30..1971-12-31 TERM_ENDED",
            "6 4 Kurt Waldheim 1972-01-01..1981-12-31 TERM_ENDED",
            "7 5 Javier Pérez de Cuéllar 1982-01-01..1991-12-31 TERM_ENDED",
            "8 6 Boutros Boutros-Ghali 1992-01-01..1996-12-31 TERM_ENDED",
            "9 7 Kofi Annan 1997-01-01..2006-12-31 TERM_ENDED",
            "10 8 Ban Ki-moon 2007-01-01..2016-12-31 TERM_ENDED",
            "11 9 António Guterres 2017-01-01.. -",
        ]
    );
    assert_eq!(
        incumbent(&app, "un-secretary-general").await,
        json!({ "number": 9, "acting": false, "endReason": null,
            "secretary": { "name": "António Guterres", "country": { "code": "PT" } },
            "start": { "iso": "2017-01-01", "precision": "DAY" }, "end": null })
    );
}

#[tokio::test]
async fn nato_had_fourteen_secretaries_general_and_one_acting_twice() {
    let app = spawn_app().await;
    assert_eq!(
        rows(&app, "nato-secretary-general").await,
        [
            "1 1 Hastings Ismay 1952-04-04..1957-05-16 TERM_ENDED",
            "2 2 Paul-Henri Spaak 1957-05-16..1961-04-21 RESIGNED",
            "3 3 Dirk Stikker 1961-04-21..1964-08-01 RESIGNED",
            "4 4 Manlio Brosio 1964-08-01..1971-10-01 RESIGNED",
            "5 5 Joseph Luns 1971-10-01..1984-06-25 TERM_ENDED",
            "6 6 Peter Carington 1984-06-25..1988-07-01 TERM_ENDED",
            "7 7 Manfred Wörner 1988-07-01..1994-08-13 DIED",
            "8 - acting Sergio Balanzino 1994-08-13..1994-10-17 SUCCESSOR_APPOINTED",
            "9 8 Willy Claes 1994-10-17..1995-10-20 RESIGNED",
            "10 - acting Sergio Balanzino 1995-10-20..1995-12-05 SUCCESSOR_APPOINTED",
            "11 9 Javier Solana 1995-12-05..1999-10-06 TERM_ENDED",
            // Solana left on 6 October 1999, Robertson came on the 14th: a vacancy.
            "12 10 George Robertson 1999-10-14..2003-12-17 TERM_ENDED",
            "13 - acting Alessandro Minuto-Rizzo 2003-12-17..2004-01-01 SUCCESSOR_APPOINTED",
            // NATO's own 5 January 2004 stands; 2 to 4 January had no sourced holder.
            "14 11 Jaap de Hoop Scheffer 2004-01-05..2009-08-01 TERM_ENDED",
            "15 12 Anders Fogh Rasmussen 2009-08-01..2014-09-30 TERM_ENDED",
            "16 13 Jens Stoltenberg 2014-10-01..2024-10-01 TERM_ENDED",
            "17 14 Mark Rutte 2024-10-01.. -",
        ]
    );
    assert_eq!(
        incumbent(&app, "nato-secretary-general").await,
        json!({ "number": 14, "acting": false, "endReason": null,
            "secretary": { "name": "Mark Rutte", "country": { "code": "NL" } },
            "start": { "iso": "2024-10-01", "precision": "DAY" }, "end": null })
    );
    // The person holds both acting terms.
    let data = app
        .query_data(
            r#"{ secretary(slug: "sergio-balanzino") { terms { ordinal acting office { slug } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["secretary"]["terms"],
        json!([
            { "ordinal": 8, "acting": true, "office": { "slug": "nato-secretary-general" } },
            { "ordinal": 10, "acting": true, "office": { "slug": "nato-secretary-general" } },
        ])
    );
}

#[tokio::test]
async fn the_oas_had_eleven_secretaries_general_and_three_acting_ones() {
    let app = spawn_app().await;
    assert_eq!(
        rows(&app, "oas-secretary-general").await,
        [
            "1 1 Alberto Lleras Camargo 1948-04-30..1954-08-01 RESIGNED",
            "2 2 Carlos Dávila 1954-08-01..1955-10-19 DIED",
            // No source gives the day Manger began acting: the year of Dávila's death.
            "3 - acting William Manger 1955..1956-01-16 SUCCESSOR_APPOINTED",
            "4 3 José Antonio Mora 1956-01-16..1968-05-18 TERM_ENDED",
            // No source read says why Galo Plaza's term ended.
            "5 4 Galo Plaza 1968-05-18..1975-05-17 -",
            "6 5 Alejandro Orfila 1975..1984 RESIGNED",
            "7 - acting Val McComie 1984..1984-06-20 SUCCESSOR_APPOINTED",
            "8 6 João Clemente Baena Soares 1984-06-20..1994 TERM_ENDED",
            "9 7 César Gaviria 1994-09-15..2004-09-15 TERM_ENDED",
            "10 8 Miguel Ángel Rodríguez 2004-09-15..2004-10-15 RESIGNED",
            "11 - acting Luigi R. Einaudi 2004-10-16..2005-05-26 SUCCESSOR_APPOINTED",
            "12 9 José Miguel Insulza 2005-05-26..2015-05-26 TERM_ENDED",
            "13 10 Luis Almagro 2015-05-26..2025-05-25 TERM_ENDED",
            "14 11 Albert Ramdin 2025-05-26.. -",
        ]
    );
    assert_eq!(
        incumbent(&app, "oas-secretary-general").await,
        json!({ "number": 11, "acting": false, "endReason": null,
            "secretary": { "name": "Albert Ramdin", "country": { "code": "SR" } },
            "start": { "iso": "2025-05-26", "precision": "DAY" }, "end": null })
    );
}

#[tokio::test]
async fn the_oics_related_offices_link_to_the_offices_the_dataset_describes() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ office(slug: "oic-secretary-general") { relatedOffices { name office { slug incumbent { secretary { name } } } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["office"]["relatedOffices"],
        json!([
            { "name": "Secretary-General of the United Nations",
              "office": { "slug": "un-secretary-general", "incumbent": { "secretary": { "name": "António Guterres" } } } },
            { "name": "Secretary General of NATO",
              "office": { "slug": "nato-secretary-general", "incumbent": { "secretary": { "name": "Mark Rutte" } } } },
            { "name": "Secretary General of the Organization of American States",
              "office": { "slug": "oas-secretary-general", "incumbent": { "secretary": { "name": "Albert Ramdin" } } } },
        ])
    );
}

#[tokio::test]
async fn who_died_or_resigned_in_office_across_the_four_offices() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            "{ terms(first: 100) { nodes { endReason office { organization { abbreviation } } secretary { name } end { iso } } } }",
            json!({}),
        )
        .await;
    // By start of term, as `Query.terms` lists them.
    let ended = |reason: &str| -> Vec<String> {
        data["terms"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["endReason"] == json!(reason))
            .map(|t| {
                format!(
                    "{} {} {}",
                    t["office"]["organization"]["abbreviation"]
                        .as_str()
                        .unwrap(),
                    t["secretary"]["name"].as_str().unwrap(),
                    t["end"]["iso"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        ended("DIED"),
        [
            "UN Dag Hammarskjöld 1961-09-18",
            "OAS Carlos Dávila 1955-10-19",
            "NATO Manfred Wörner 1994-08-13",
        ]
    );
    assert_eq!(
        ended("RESIGNED"),
        [
            "UN Trygve Lie 1953-04-10",
            "OAS Alberto Lleras Camargo 1954-08-01",
            "NATO Paul-Henri Spaak 1961-04-21",
            "NATO Dirk Stikker 1964-08-01",
            "NATO Manlio Brosio 1971-10-01",
            "OAS Alejandro Orfila 1984",
            "NATO Willy Claes 1995-10-20",
            "OAS Miguel Ángel Rodríguez 2004-10-15",
            "OIC Iyad bin Amin Madani 2016-11-01",
        ]
    );
}
