//! SEMANTICS.md over HTTP: the worked examples, open and inclusive ranges, the `asOf`
//! rule for the ongoing term, and the orders of the lists.
//!
//! SEMANTICS.md's worked examples are the OIC's (the seed's list), so `Office.terms` and
//! `Query.terms` are asked about `oic-secretary-general` there. `servingOn` has no office
//! argument: it answers for the four bundled offices, and its answers are checked whole,
//! as `"<organization> <ordinal>"` (`"oic 9"`).

use serde_json::{json, Value};

use crate::helpers::{names, ordinals, spawn_app, term_keys, TestApp, TERMS_IN_ORDER};

const SERVING_ON: &str = "query($date: Date!, $match: DateMatch) {
    servingOn(date: $date, match: $match) { ordinal office { slug } }
}";

const OFFICE_TERMS: &str = "query($during: DateRange, $match: DateMatch) {
    office(slug: \"oic-secretary-general\") {
        terms(during: $during, match: $match) { totalCount nodes { ordinal } }
    }
}";

const QUERY_TERMS: &str = "query($office: String, $during: DateRange, $match: DateMatch) {
    terms(office: $office, during: $during, match: $match) {
        totalCount nodes { ordinal office { slug } }
    }
}";

const HOLDERS: &str = "query($during: DateRange, $match: DateMatch) {
    office(slug: \"oic-secretary-general\") { holders(during: $during, match: $match) { name } }
}";

/// The terms `servingOn` gives for a day, as `"oic 9"`.
async fn serving_on(app: &TestApp, date: &str, mode: &str) -> Vec<String> {
    let data = app
        .query_data(SERVING_ON, json!({ "date": date, "match": mode }))
        .await;
    term_keys(&data["servingOn"])
}

/// The ordinals `Office.terms(during:)` gives, checked against its `totalCount`.
async fn office_terms(app: &TestApp, during: Value, mode: &str) -> Vec<u64> {
    let data = app
        .query_data(OFFICE_TERMS, json!({ "during": during, "match": mode }))
        .await;
    let terms = &data["office"]["terms"];
    let found = ordinals(&terms["nodes"]);
    assert_eq!(terms["totalCount"], found.len(), "{during} {mode}");
    found
}

/// The terms `Query.terms(during:)` gives over every office, as `"oic 9"`, checked
/// against its `totalCount`.
async fn query_terms(app: &TestApp, during: Value, mode: &str) -> Vec<String> {
    let data = app
        .query_data(QUERY_TERMS, json!({ "during": during, "match": mode }))
        .await;
    let terms = &data["terms"];
    let found = term_keys(&terms["nodes"]);
    assert_eq!(terms["totalCount"], found.len(), "{during} {mode}");
    found
}

/// The ordinals `Query.terms(office: "oic-secretary-general", during:)` gives, checked
/// against its `totalCount` and that every term is the OIC's.
async fn oic_query_terms(app: &TestApp, during: Value, mode: &str) -> Vec<u64> {
    let office = "oic-secretary-general";
    let data = app
        .query_data(
            QUERY_TERMS,
            json!({ "office": office, "during": during, "match": mode }),
        )
        .await;
    let terms = &data["terms"];
    let found = ordinals(&terms["nodes"]);
    assert_eq!(terms["totalCount"], found.len(), "{during} {mode}");
    for term in terms["nodes"].as_array().unwrap() {
        assert_eq!(term["office"]["slug"], office, "{during} {mode}");
    }
    found
}

async fn holders(app: &TestApp, during: Value, mode: &str) -> Vec<String> {
    let data = app
        .query_data(HOLDERS, json!({ "during": during, "match": mode }))
        .await;
    names(&data["office"]["holders"])
}

/// A question of SEMANTICS.md's table: one day, with what `servingOn` answers for the
/// four offices (POSSIBLY, CERTAINLY), or a range.
enum Question {
    ServingOn(
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    ),
    During(&'static str, &'static str),
}

#[tokio::test]
async fn every_worked_example_of_semantics_md_gives_its_ordinals() {
    use Question::{During, ServingOn};
    let app = spawn_app().await;
    // The OIC's ordinals are SEMANTICS.md's; `servingOn` adds the other offices' terms
    // of that day, among which the OIC's keep the table's answer.
    let table: [(Question, &[u64], &[u64]); 6] = [
        (
            ServingOn(
                "2010-05-01",
                &["oic 9", "oas 12", "un 10", "nato 15"],
                &["oic 9", "oas 12", "un 10", "nato 15"],
            ),
            &[9],
            &[9],
        ),
        (
            ServingOn(
                "2004-12-31",
                &["un 9", "oic 8", "nato 14", "oas 11", "oic 9"],
                &["un 9", "oic 8", "nato 14", "oas 11", "oic 9"],
            ),
            &[8, 9],
            &[8, 9],
        ),
        (
            ServingOn(
                "1975-06-15",
                &["nato 5", "un 6", "oic 2", "oas 6", "oic 3"],
                &["nato 5", "un 6"],
            ),
            &[2, 3],
            &[],
        ),
        (During("1975-01-01", "1975-12-31"), &[2, 3], &[2, 3]),
        (During("1984-06-01", "1985-06-01"), &[4, 5], &[]),
        (
            During("2014-01-01", "2016-12-31"),
            &[9, 10, 11],
            &[9, 10, 11],
        ),
    ];
    for (question, possibly, certainly) in &table {
        for (mode, expected) in [("POSSIBLY", possibly), ("CERTAINLY", certainly)] {
            let (label, during) = match question {
                ServingOn(day, all_possibly, all_certainly) => {
                    let all = if mode == "POSSIBLY" {
                        all_possibly
                    } else {
                        all_certainly
                    };
                    let found = serving_on(&app, day, mode).await;
                    assert_eq!(found, *all, "servingOn {day} {mode}");
                    let oic: Vec<u64> = found
                        .iter()
                        .filter_map(|key| key.strip_prefix("oic "))
                        .map(|ordinal| ordinal.parse().unwrap())
                        .collect();
                    assert_eq!(oic, *expected, "servingOn {day} {mode}: the OIC's");
                    (
                        format!("servingOn {day}"),
                        json!({ "from": day, "to": day }),
                    )
                }
                During(from, to) => (
                    format!("during {from} .. {to}"),
                    json!({ "from": from, "to": to }),
                ),
            };
            // A day is the range from that day to that day, in every list.
            assert_eq!(
                office_terms(&app, during.clone(), mode).await,
                *expected,
                "Office.terms {label} {mode}"
            );
            assert_eq!(
                oic_query_terms(&app, during, mode).await,
                *expected,
                "Query.terms {label} {mode}"
            );
        }
    }
}

#[tokio::test]
async fn possibly_is_the_default_match() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ a: servingOn(date: "1975-06-15") { ordinal office { slug } }
                 b: servingOn(date: "1975-06-15", match: null) { ordinal office { slug } }
                 office(slug: "oic-secretary-general") {
                     terms(during: { from: "1984-06-01", to: "1985-06-01" }) { nodes { ordinal } } }
                 terms(office: "oic-secretary-general", during: { from: "1984-06-01", to: "1985-06-01" }) {
                     nodes { ordinal } } }"#,
            json!({}),
        )
        .await;
    // CERTAINLY would give only NATO's 5 and the UN's 6.
    let possibly = ["nato 5", "un 6", "oic 2", "oas 6", "oic 3"];
    assert_eq!(term_keys(&data["a"]), possibly);
    assert_eq!(term_keys(&data["b"]), possibly);
    assert_eq!(ordinals(&data["office"]["terms"]["nodes"]), [4, 5]);
    assert_eq!(ordinals(&data["terms"]["nodes"]), [4, 5]);
}

#[tokio::test]
async fn holders_during_2014_to_2016_are_ihsanoglu_madani_and_al_othaimeen_in_order() {
    let app = spawn_app().await;
    let during = json!({ "from": "2014-01-01", "to": "2016-12-31" });
    let expected = [
        "Ekmeleddin İhsanoğlu",
        "Iyad bin Amin Madani",
        "Yousef Al-Othaimeen",
    ];
    assert_eq!(holders(&app, during.clone(), "POSSIBLY").await, expected);
    assert_eq!(holders(&app, during, "CERTAINLY").await, expected);
}

#[tokio::test]
async fn holders_follow_the_match_mode() {
    let app = spawn_app().await;
    let during = json!({ "from": "1984-06-01", "to": "1985-06-01" });
    assert_eq!(
        holders(&app, during.clone(), "POSSIBLY").await,
        ["Habib Chatty", "Syed Sharifuddin Pirzada"]
    );
    assert!(holders(&app, during, "CERTAINLY").await.is_empty());
    let everyone = holders(&app, Value::Null, "POSSIBLY").await;
    assert_eq!(everyone.len(), 12);
    assert_eq!(everyone[0], "Tunku Abdul Rahman");
    assert_eq!(everyone[11], "Hissein Brahim Taha");
}

#[tokio::test]
async fn a_range_open_at_its_start_reaches_back_to_the_first_term() {
    let app = spawn_app().await;
    let to_mid_1973 = json!({ "to": "1973-06-30" });
    assert_eq!(
        office_terms(&app, to_mid_1973.clone(), "POSSIBLY").await,
        [1]
    );
    assert_eq!(office_terms(&app, to_mid_1973, "CERTAINLY").await, [1]);
    // Term 1 began some day in 1971: maybe, not surely, by mid-1971.
    let to_mid_1971 = json!({ "to": "1971-06-30" });
    assert_eq!(
        office_terms(&app, to_mid_1971.clone(), "POSSIBLY").await,
        [1]
    );
    assert!(office_terms(&app, to_mid_1971.clone(), "CERTAINLY")
        .await
        .is_empty());
    assert_eq!(oic_query_terms(&app, to_mid_1971, "POSSIBLY").await, [1]);
    assert!(
        office_terms(&app, json!({ "to": "1970-12-31" }), "POSSIBLY")
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn a_range_open_at_its_end_reaches_the_ongoing_term() {
    let app = spawn_app().await;
    let from = json!({ "from": "2016-11-01" });
    assert_eq!(
        office_terms(&app, from.clone(), "POSSIBLY").await,
        [10, 11, 12]
    );
    assert_eq!(
        office_terms(&app, from.clone(), "CERTAINLY").await,
        [10, 11, 12]
    );
    assert_eq!(oic_query_terms(&app, from, "POSSIBLY").await, [10, 11, 12]);
    // Past asOf, the ongoing term only possibly goes on.
    let from_2030 = json!({ "from": "2030-01-01" });
    assert_eq!(
        office_terms(&app, from_2030.clone(), "POSSIBLY").await,
        [12]
    );
    assert!(office_terms(&app, from_2030, "CERTAINLY").await.is_empty());
}

#[tokio::test]
async fn a_range_open_at_both_ends_matches_every_term() {
    let app = spawn_app().await;
    let all: Vec<u64> = (1..=12).collect();
    for during in [json!({}), json!({ "from": null, "to": null }), Value::Null] {
        assert_eq!(
            office_terms(&app, during.clone(), "POSSIBLY").await,
            all,
            "{during}"
        );
        assert_eq!(
            office_terms(&app, during.clone(), "CERTAINLY").await,
            all,
            "{during}"
        );
        assert_eq!(
            oic_query_terms(&app, during.clone(), "POSSIBLY").await,
            all,
            "{during}"
        );
        // Over every office, every term of the dataset.
        assert_eq!(
            query_terms(&app, during.clone(), "POSSIBLY").await,
            TERMS_IN_ORDER,
            "{during}"
        );
    }
}

#[tokio::test]
async fn the_ongoing_term_is_certain_only_up_to_as_of() {
    let app = spawn_app().await;
    // The four ongoing terms: the UN's 11th, the OIC's 12th, NATO's 17th, the OAS's 14th.
    let ongoing = ["un 11", "oic 12", "nato 17", "oas 14"];
    assert_eq!(serving_on(&app, "2026-11-27", "CERTAINLY").await, ongoing);
    assert_eq!(serving_on(&app, "2026-11-27", "POSSIBLY").await, ongoing);
    assert!(serving_on(&app, "2026-11-28", "CERTAINLY").await.is_empty());
    assert_eq!(serving_on(&app, "2026-11-28", "POSSIBLY").await, ongoing);
    assert_eq!(serving_on(&app, "2100-01-01", "POSSIBLY").await, ongoing);
    assert!(serving_on(&app, "2100-01-01", "CERTAINLY").await.is_empty());
    let data = app.query_data("{ dataset { asOf } }", json!({})).await;
    assert_eq!(data["dataset"]["asOf"], "2026-11-27");
}

#[tokio::test]
async fn no_one_served_before_the_first_term() {
    let app = spawn_app().await;
    // The dataset's first term is the UN's first, from 24 October 1945.
    for mode in ["POSSIBLY", "CERTAINLY"] {
        assert!(serving_on(&app, "1945-10-23", mode).await.is_empty());
        assert_eq!(serving_on(&app, "1945-10-24", mode).await, ["un 1"]);
    }
    // The OIC's first term began some day in 1971: maybe, not surely, by 1 January.
    assert_eq!(
        serving_on(&app, "1971-01-01", "POSSIBLY").await,
        ["un 5", "nato 4", "oas 5", "oic 1"]
    );
    assert_eq!(
        serving_on(&app, "1971-01-01", "CERTAINLY").await,
        ["un 5", "nato 4", "oas 5"]
    );
    assert_eq!(
        serving_on(&app, "1972-07-01", "CERTAINLY").await,
        ["oas 5", "oic 1", "nato 5", "un 6"]
    );
}

#[tokio::test]
async fn both_holders_cover_the_day_of_a_handover() {
    let app = spawn_app().await;
    // The OIC's handovers, with the other offices' terms of that day.
    for (day, expected) in [
        (
            "2004-12-31",
            ["un 9", "oic 8", "nato 14", "oas 11", "oic 9"],
        ),
        (
            "2014-01-31",
            ["oic 9", "oas 12", "un 10", "nato 15", "oic 10"],
        ),
        (
            "2016-11-01",
            ["un 10", "oic 10", "nato 16", "oas 13", "oic 11"],
        ),
        (
            "2020-11-29",
            ["nato 16", "oas 13", "oic 11", "un 11", "oic 12"],
        ),
    ] {
        for mode in ["POSSIBLY", "CERTAINLY"] {
            assert_eq!(serving_on(&app, day, mode).await, expected, "{day} {mode}");
        }
    }
    assert_eq!(
        serving_on(&app, "2004-12-30", "CERTAINLY").await,
        ["un 9", "oic 8", "nato 14", "oas 11"]
    );
    assert_eq!(
        serving_on(&app, "2005-01-01", "CERTAINLY").await,
        ["un 9", "nato 14", "oas 11", "oic 9"]
    );
}

#[tokio::test]
async fn range_bounds_are_inclusive() {
    let app = spawn_app().await;
    // Term 9 starts on 31 December 2004, the range's last day.
    let ending = json!({ "from": "2003-01-01", "to": "2004-12-31" });
    for mode in ["POSSIBLY", "CERTAINLY"] {
        assert_eq!(
            office_terms(&app, ending.clone(), mode).await,
            [8, 9],
            "{mode}"
        );
        assert_eq!(
            oic_query_terms(&app, ending.clone(), mode).await,
            [8, 9],
            "{mode}"
        );
    }
    // Term 9 ends on 31 January 2014, the range's first day.
    let starting = json!({ "from": "2014-01-31", "to": "2014-06-30" });
    for mode in ["POSSIBLY", "CERTAINLY"] {
        assert_eq!(
            office_terms(&app, starting.clone(), mode).await,
            [9, 10],
            "{mode}"
        );
    }
    // One day before, term 9 is out.
    let before = json!({ "from": "2003-01-01", "to": "2004-12-30" });
    assert_eq!(office_terms(&app, before, "CERTAINLY").await, [8]);
}

#[tokio::test]
async fn query_terms_are_ordered_by_start_then_office_then_ordinal() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            "{ terms { totalCount nodes { ordinal office { slug } start { earliest } } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["terms"]["totalCount"], 54);
    let nodes = data["terms"]["nodes"].as_array().unwrap();
    let keys: Vec<(String, String, u64)> = nodes
        .iter()
        .map(|t| {
            (
                t["start"]["earliest"].as_str().unwrap().to_owned(),
                t["office"]["slug"].as_str().unwrap().to_owned(),
                t["ordinal"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(term_keys(&data["terms"]["nodes"]), TERMS_IN_ORDER);
    assert_eq!(keys[0].0, "1945-10-24");
    assert_eq!(keys[53].0, "2025-05-26");
    // Two terms start on 1 January 1975 as far as is known (OAS 6 and OIC 3 both began
    // in 1975): the office slug decides.
    let tied: Vec<_> = keys.iter().filter(|k| k.0 == "1975-01-01").collect();
    assert_eq!(
        tied,
        [
            &(
                "1975-01-01".to_owned(),
                "oas-secretary-general".to_owned(),
                6
            ),
            &(
                "1975-01-01".to_owned(),
                "oic-secretary-general".to_owned(),
                3
            )
        ]
    );
}

#[tokio::test]
async fn query_terms_of_one_office_are_that_offices_terms() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ terms(office: "oic-secretary-general", during: { from: "2014-01-01", to: "2016-12-31" }) {
                   totalCount nodes { ordinal office { slug } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["terms"]["totalCount"], 3);
    assert_eq!(ordinals(&data["terms"]["nodes"]), [9, 10, 11]);
    for term in data["terms"]["nodes"].as_array().unwrap() {
        assert_eq!(term["office"]["slug"], "oic-secretary-general");
    }
}

#[tokio::test]
async fn serving_on_lists_terms_by_start() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ servingOn(date: "2004-12-31") {
                   ordinal office { slug } start { earliest } secretary { name } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["servingOn"],
        json!([
            { "ordinal": 9, "office": { "slug": "un-secretary-general" }, "start": { "earliest": "1997-01-01" }, "secretary": { "name": "Kofi Annan" } },
            { "ordinal": 8, "office": { "slug": "oic-secretary-general" }, "start": { "earliest": "2001-01-01" }, "secretary": { "name": "Abdelouahed Belkeziz" } },
            { "ordinal": 14, "office": { "slug": "nato-secretary-general" }, "start": { "earliest": "2004-01-05" }, "secretary": { "name": "Jaap de Hoop Scheffer" } },
            { "ordinal": 11, "office": { "slug": "oas-secretary-general" }, "start": { "earliest": "2004-10-16" }, "secretary": { "name": "Luigi R. Einaudi" } },
            { "ordinal": 9, "office": { "slug": "oic-secretary-general" }, "start": { "earliest": "2004-12-31" }, "secretary": { "name": "Ekmeleddin İhsanoğlu" } }
        ])
    );
}

#[tokio::test]
async fn a_secretary_lists_their_terms() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ a: secretary(slug: "ekmeleddin-ihsanoglu") {
                     terms { ordinal start { iso } end { iso } office { slug } secretary { slug } } }
                 b: secretary(slug: "hissein-brahim-taha") { terms { ordinal isCurrent end { iso } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["a"]["terms"],
        json!([{
            "ordinal": 9,
            "start": { "iso": "2004-12-31" },
            "end": { "iso": "2014-01-31" },
            "office": { "slug": "oic-secretary-general" },
            "secretary": { "slug": "ekmeleddin-ihsanoglu" }
        }])
    );
    assert_eq!(
        data["b"]["terms"],
        json!([{ "ordinal": 12, "isCurrent": true, "end": null }])
    );
}
