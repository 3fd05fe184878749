//! Every fact DATA.md and the seed article state, as a client reads it from the API:
//! exact strings, exact lists.

use serde_json::{json, Value};

use crate::helpers::{names, ordinals, spawn_app, TestApp};

/// One row of the list of secretaries-general, with the country DATA.md settles.
struct Row {
    ordinal: u64,
    holder: &'static str,
    slug: &'static str,
    start: (&'static str, &'static str, &'static str),
    end: Option<(&'static str, &'static str, &'static str)>,
    country: (&'static str, &'static str),
}

/// (iso, precision, text) of a date.
const fn year(iso: &'static str) -> (&'static str, &'static str, &'static str) {
    (iso, "YEAR", iso)
}

const fn day(iso: &'static str, text: &'static str) -> (&'static str, &'static str, &'static str) {
    (iso, "DAY", text)
}

const ROWS: [Row; 12] = [
    Row {
        ordinal: 1,
        holder: "Tunku Abdul Rahman",
        slug: "tunku-abdul-rahman",
        start: year("1971"),
        end: Some(year("1973")),
        country: ("MY", "Malaysia"),
    },
    Row {
        ordinal: 2,
        holder: "Hassan Tuhami",
        slug: "hassan-tuhami",
        start: year("1974"),
        end: Some(year("1975")),
        country: ("EG", "Egypt"),
    },
    Row {
        ordinal: 3,
        holder: "Amadou Karim Gaye",
        slug: "amadou-karim-gaye",
        start: year("1975"),
        end: Some(year("1979")),
        country: ("SN", "Senegal"),
    },
    Row {
        ordinal: 4,
        holder: "Habib Chatty",
        slug: "habib-chatty",
        start: year("1979"),
        end: Some(year("1984")),
        country: ("TN", "Tunisia"),
    },
    Row {
        ordinal: 5,
        holder: "Syed Sharifuddin Pirzada",
        slug: "syed-sharifuddin-pirzada",
        start: year("1985"),
        end: Some(year("1988")),
        country: ("PK", "Pakistan"),
    },
    Row {
        ordinal: 6,
        holder: "Hamid Algabid",
        slug: "hamid-algabid",
        start: year("1989"),
        end: Some(year("1996")),
        country: ("NE", "Niger"),
    },
    Row {
        ordinal: 7,
        holder: "Azzeddine Laraki",
        slug: "azzeddine-laraki",
        start: year("1997"),
        end: Some(year("2000")),
        country: ("MA", "Morocco"),
    },
    Row {
        ordinal: 8,
        holder: "Abdelouahed Belkeziz",
        slug: "abdelouahed-belkeziz",
        start: year("2001"),
        end: Some(day("2004-12-31", "31 December 2004")),
        country: ("MA", "Morocco"),
    },
    Row {
        ordinal: 9,
        holder: "Ekmeleddin İhsanoğlu",
        slug: "ekmeleddin-ihsanoglu",
        start: day("2004-12-31", "31 December 2004"),
        end: Some(day("2014-01-31", "31 January 2014")),
        country: ("TR", "Türkiye"),
    },
    Row {
        ordinal: 10,
        holder: "Iyad bin Amin Madani",
        slug: "iyad-bin-amin-madani",
        start: day("2014-01-31", "31 January 2014"),
        end: Some(day("2016-11-01", "1 November 2016")),
        country: ("SA", "Saudi Arabia"),
    },
    Row {
        ordinal: 11,
        holder: "Yousef Al-Othaimeen",
        slug: "yousef-al-othaimeen",
        start: day("2016-11-01", "1 November 2016"),
        end: Some(day("2020-11-29", "29 November 2020")),
        country: ("SA", "Saudi Arabia"),
    },
    Row {
        ordinal: 12,
        holder: "Hissein Brahim Taha",
        slug: "hissein-brahim-taha",
        start: day("2020-11-29", "29 November 2020"),
        end: None,
        country: ("TD", "Chad"),
    },
];

fn date_json((iso, precision, text): (&str, &str, &str)) -> Value {
    json!({ "iso": iso, "precision": precision, "text": text })
}

async fn office(app: &TestApp, selection: &str) -> Value {
    let query = format!("{{ office(slug: \"oic-secretary-general\") {{ {selection} }} }}");
    let data = app.query_data(&query, json!({})).await;
    data["office"].clone()
}

#[tokio::test]
async fn the_office_has_the_seeds_name_post_title_and_localized_names() {
    let app = spawn_app().await;
    let office = office(
        &app,
        "slug name postTitle abbreviation localizedNames { language text }",
    )
    .await;
    assert_eq!(
        office,
        json!({
            "slug": "oic-secretary-general",
            "name": "Secretary-General of the Organisation of Islamic Cooperation",
            "postTitle": "Secretary General",
            "abbreviation": "SGOIC",
            "localizedNames": [
                { "language": "ar", "text": "أمين عام منظمة التعاون الإسلامي" },
                { "language": "fr", "text": "Secrétaire général de l'Organisation de la coopération islamique" }
            ]
        })
    );
}

#[tokio::test]
async fn the_office_has_every_infobox_field_of_the_seed() {
    let app = spawn_app().await;
    let office = office(
        &app,
        "style department memberOf nominator appointer precursor deputy \
         termLength { years renewable text } flag { file caption }",
    )
    .await;
    assert_eq!(
        office,
        json!({
            "style": "His Excellency",
            "department": "General Secretariat",
            "memberOf": "General Secretariat",
            "nominator": "Council of Foreign Ministers",
            "appointer": "General Assembly",
            "precursor": "Islamic Summits",
            "deputy": "Undersecretary general",
            "termLength": { "years": 5, "renewable": true, "text": "Five years, renewable" },
            "flag": {
                "file": "OIC_Logo_since_2011.svg",
                "caption": "Flag of the Organisation of Islamic Cooperation"
            }
        })
    );
}

#[tokio::test]
async fn the_office_belongs_to_the_oic_not_to_the_infoboxs_body_the() {
    let app = spawn_app().await;
    let office = office(
        &app,
        "organization { slug name abbreviation memberStateCount \
         localizedNames { language text } offices { slug } sources { key } }",
    )
    .await;
    assert_eq!(
        office["organization"],
        json!({
            "slug": "oic",
            "name": "Organisation of Islamic Cooperation",
            "abbreviation": "OIC",
            "memberStateCount": 57,
            "localizedNames": [
                { "language": "ar", "text": "منظمة التعاون الإسلامي" },
                { "language": "fr", "text": "Organisation de la coopération islamique" }
            ],
            "offices": [{ "slug": "oic-secretary-general" }],
            "sources": [{ "key": "seed" }]
        })
    );
}

#[tokio::test]
async fn the_organization_is_listed_and_found_by_its_slug() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ organizations { slug name } organization(slug: "oic") { name }
                 offices { slug organization { slug } } }"#,
            json!({}),
        )
        .await;
    // Both lists come by slug (schema.graphql: "Every organization, by slug.").
    assert_eq!(
        data,
        json!({
            "organizations": [
                { "slug": "nato", "name": "North Atlantic Treaty Organization" },
                { "slug": "oas", "name": "Organization of American States" },
                { "slug": "oic", "name": "Organisation of Islamic Cooperation" },
                { "slug": "un", "name": "United Nations" }
            ],
            "organization": { "name": "Organisation of Islamic Cooperation" },
            "offices": [
                { "slug": "nato-secretary-general", "organization": { "slug": "nato" } },
                { "slug": "oas-secretary-general", "organization": { "slug": "oas" } },
                { "slug": "oic-secretary-general", "organization": { "slug": "oic" } },
                { "slug": "un-secretary-general", "organization": { "slug": "un" } }
            ]
        })
    );
}

#[tokio::test]
async fn the_description_is_the_seeds_lead_with_the_57_member_states() {
    let app = spawn_app().await;
    let office = office(&app, "description").await;
    let description = office["description"].as_str().expect("a description");
    assert!(
        description.starts_with(
            "The secretary general of the Organisation of Islamic Cooperation \
             (أمين عام منظمة التعاون الإسلامي; Secrétaire général de l'Organisation de la coopération islamique)"
        ),
        "{description}"
    );
    assert!(
        description.contains("chief administrative officer"),
        "{description}"
    );
    assert!(
        description.contains("from the 57 member states for a renewable term of five years"),
        "{description}"
    );
}

#[tokio::test]
async fn the_office_has_the_six_powers_and_duties_of_the_seed_in_order() {
    let app = spawn_app().await;
    let office = office(&app, "powers { title description }").await;
    let titles: Vec<&str> = office["powers"]
        .as_array()
        .expect("a list of powers")
        .iter()
        .map(|p| p["title"].as_str().expect("a title"))
        .collect();
    assert_eq!(
        titles,
        [
            "Role within the OIC guidelines",
            "Bringing matters to the attention of the relevant organs",
            "Implementing decisions and resolutions",
            "Providing papers and memoranda to member states",
            "Coordinating with the other organs of the OIC",
            "Submitting the annual report",
        ]
    );
    let implementing = office["powers"][2]["description"].as_str().unwrap();
    assert!(
        implementing.contains("Council of Foreign Ministers")
            && implementing.contains("Islamic Summits"),
        "{implementing}"
    );
    for power in office["powers"].as_array().unwrap() {
        assert!(
            !power["description"].as_str().unwrap().is_empty(),
            "{power}"
        );
    }
}

#[tokio::test]
async fn the_office_names_the_three_related_offices_of_see_also() {
    let app = spawn_app().await;
    let office = office(&app, "relatedOffices { name }").await;
    assert_eq!(
        names(&office["relatedOffices"]),
        [
            "Secretary-General of the United Nations",
            "Secretary General of NATO",
            "Secretary General of the Organization of American States",
        ]
    );
}

#[tokio::test]
async fn the_incumbent_is_hissein_brahim_taha_since_29_november_2020() {
    let app = spawn_app().await;
    let office = office(
        &app,
        "incumbent { ordinal isCurrent end { iso } secretary { name slug country { code name } } \
                     start { iso precision text earliest latest } } \
         incumbentSince { iso precision text earliest latest }",
    )
    .await;
    let since = json!({
        "iso": "2020-11-29",
        "precision": "DAY",
        "text": "29 November 2020",
        "earliest": "2020-11-29",
        "latest": "2020-11-29"
    });
    assert_eq!(
        office,
        json!({
            "incumbent": {
                "ordinal": 12,
                "isCurrent": true,
                "end": null,
                "secretary": {
                    "name": "Hissein Brahim Taha",
                    "slug": "hissein-brahim-taha",
                    "country": { "code": "TD", "name": "Chad" }
                },
                "start": since
            },
            "incumbentSince": since
        })
    );
}

#[tokio::test]
async fn the_first_holder_is_tunku_abdul_rahman_from_1971_not_the_infoboxs_1973() {
    let app = spawn_app().await;
    let office = office(
        &app,
        "firstHolder { ordinal secretary { name } start { iso precision text earliest latest } \
                       end { iso precision earliest latest } predecessor { ordinal } }",
    )
    .await;
    assert_eq!(
        office["firstHolder"],
        json!({
            "ordinal": 1,
            "secretary": { "name": "Tunku Abdul Rahman" },
            "start": {
                "iso": "1971",
                "precision": "YEAR",
                "text": "1971",
                "earliest": "1971-01-01",
                "latest": "1971-12-31"
            },
            "end": {
                "iso": "1973",
                "precision": "YEAR",
                "earliest": "1973-01-01",
                "latest": "1973-12-31"
            },
            "predecessor": null
        })
    );
}

#[tokio::test]
async fn the_notes_say_how_the_seeds_problems_were_settled() {
    let app = spawn_app().await;
    let office = office(&app, "notes").await;
    let notes: Vec<&str> = office["notes"]
        .as_array()
        .expect("a list of notes")
        .iter()
        .map(|n| n.as_str().expect("a note"))
        .collect();
    assert!(
        notes.iter().any(|n| n.contains("'Body' reads 'the'")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("Tunku Abdul Rahman (1973)") && n.contains("1971")),
        "{notes:?}"
    );
}

#[tokio::test]
async fn the_office_lists_all_twelve_terms_with_holders_dates_and_countries() {
    let app = spawn_app().await;
    let office = office(
        &app,
        "terms { totalCount nodes { ordinal isCurrent \
             start { iso precision text } end { iso precision text } \
             secretary { name slug country { code name } } } }",
    )
    .await;
    assert_eq!(office["terms"]["totalCount"], 12);
    let expected: Vec<Value> = ROWS
        .iter()
        .map(|row| {
            json!({
                "ordinal": row.ordinal,
                "isCurrent": row.end.is_none(),
                "start": date_json(row.start),
                "end": row.end.map_or(Value::Null, date_json),
                "secretary": {
                    "name": row.holder,
                    "slug": row.slug,
                    "country": { "code": row.country.0, "name": row.country.1 }
                }
            })
        })
        .collect();
    let actual = office["terms"]["nodes"]
        .as_array()
        .expect("a list of terms");
    assert_eq!(actual.len(), expected.len());
    for (actual, expected) in actual.iter().zip(&expected) {
        assert_eq!(actual, expected);
    }
}

#[tokio::test]
async fn every_holder_has_the_country_data_md_gives() {
    let app = spawn_app().await;
    for row in &ROWS {
        let data = app
            .query_data(
                "query($slug: String!) { secretary(slug: $slug) { name country { code name } \
                   terms { ordinal } } }",
                json!({ "slug": row.slug }),
            )
            .await;
        assert_eq!(
            data["secretary"],
            json!({
                "name": row.holder,
                "country": { "code": row.country.0, "name": row.country.1 },
                "terms": [{ "ordinal": row.ordinal }]
            }),
            "holder {}",
            row.ordinal
        );
    }
}

#[tokio::test]
async fn only_the_twelfth_term_is_current() {
    let app = spawn_app().await;
    let office = office(&app, "terms { nodes { ordinal isCurrent } }").await;
    let current: Vec<u64> = office["terms"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["isCurrent"] == json!(true))
        .map(|t| t["ordinal"].as_u64().unwrap())
        .collect();
    assert_eq!(current, [12]);
}

#[tokio::test]
async fn terms_link_to_their_predecessor_and_successor() {
    let app = spawn_app().await;
    let office = office(
        &app,
        "terms { nodes { ordinal predecessor { ordinal } successor { ordinal } } }",
    )
    .await;
    let nodes = office["terms"]["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 12);
    for (i, term) in nodes.iter().enumerate() {
        let ordinal = i as u64 + 1;
        assert_eq!(term["ordinal"], ordinal);
        let predecessor = (ordinal > 1).then(|| json!({ "ordinal": ordinal - 1 }));
        let successor = (ordinal < 12).then(|| json!({ "ordinal": ordinal + 1 }));
        assert_eq!(term["predecessor"], predecessor.unwrap_or(Value::Null));
        assert_eq!(term["successor"], successor.unwrap_or(Value::Null));
    }
}

#[tokio::test]
async fn ihsanoglus_term_comes_between_belkeziz_and_madani() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ secretary(slug: "ekmeleddin-ihsanoglu") { terms {
                 ordinal
                 predecessor { ordinal secretary { name } end { iso } }
                 successor { ordinal secretary { name } start { iso } }
                 office { slug } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["secretary"]["terms"],
        json!([{
            "ordinal": 9,
            "predecessor": {
                "ordinal": 8,
                "secretary": { "name": "Abdelouahed Belkeziz" },
                "end": { "iso": "2004-12-31" }
            },
            "successor": {
                "ordinal": 10,
                "secretary": { "name": "Iyad bin Amin Madani" },
                "start": { "iso": "2014-01-31" }
            },
            "office": { "slug": "oic-secretary-general" }
        }])
    );
}

#[tokio::test]
async fn the_last_term_has_no_successor_and_the_first_no_predecessor() {
    let app = spawn_app().await;
    let office = office(
        &app,
        "firstHolder { ordinal predecessor { ordinal } } incumbent { ordinal successor { ordinal } }",
    )
    .await;
    assert_eq!(
        office,
        json!({
            "firstHolder": { "ordinal": 1, "predecessor": null },
            "incumbent": { "ordinal": 12, "successor": null }
        })
    );
}

fn keys(sources: &Value) -> Vec<String> {
    sources
        .as_array()
        .unwrap_or_else(|| panic!("a list of sources, got {sources}"))
        .iter()
        .map(|s| s["key"].as_str().expect("a key").to_owned())
        .collect()
}

#[tokio::test]
async fn terms_say_where_their_facts_come_from() {
    let app = spawn_app().await;
    let office = office(
        &app,
        "sources { key title } terms { nodes { ordinal sources { key title publisher } } }",
    )
    .await;
    assert_eq!(keys(&office["sources"]), ["seed"]);
    assert_eq!(
        office["sources"][0]["title"],
        "Secretary-General of the Organisation of Islamic Cooperation"
    );
    let terms = office["terms"]["nodes"].as_array().unwrap();
    assert_eq!(
        ordinals(&office["terms"]["nodes"]),
        (1..=12).collect::<Vec<_>>()
    );

    let first = keys(&terms[0]["sources"]);
    assert!(first.contains(&"seed".to_owned()), "{first:?}");
    assert!(
        first.contains(&"oic-general-secretariat".to_owned()),
        "{first:?}"
    );
    let last = keys(&terms[11]["sources"]);
    assert!(last.contains(&"seed".to_owned()), "{last:?}");
    assert!(last.contains(&"news-2020-election".to_owned()), "{last:?}");
    // Every term cites the seed, and each source is listed once.
    for term in terms {
        let keys = keys(&term["sources"]);
        assert!(keys.contains(&"seed".to_owned()), "{term}");
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{term}");
    }
    let news = terms[11]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == "news-2020-election")
        .unwrap();
    assert_eq!(
        news["title"],
        "News reports of the 2020 election of the Secretary-General of the OIC"
    );
}

#[tokio::test]
async fn holders_say_where_their_country_comes_from() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ a: secretary(slug: "ekmeleddin-ihsanoglu") { sources { key } }
                 b: secretary(slug: "iyad-bin-amin-madani") { sources { key } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(keys(&data["a"]["sources"]), ["oic-general-secretariat"]);
    assert_eq!(keys(&data["b"]["sources"]), ["news-2020-election"]);
}

#[tokio::test]
async fn the_dataset_is_as_of_27_november_2026_with_its_163_sources() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            "{ dataset { version asOf officeCount secretaryCount termCount sources { key publisher } } }",
            json!({}),
        )
        .await;
    let dataset = &data["dataset"];
    assert_eq!(dataset["asOf"], "2026-11-27");
    // The OIC, UN, NATO and OAS secretaries-general: 12 + 11 + 17 + 14 terms, held by
    // 52 people (U Thant and Sergio Balanzino held two terms each).
    assert_eq!(dataset["officeCount"], 4);
    assert_eq!(dataset["secretaryCount"], 52);
    assert_eq!(dataset["termCount"], 54);
    // The sources of dataset.json, in its order, each once: the OIC's three first.
    let listed = keys(&dataset["sources"]);
    assert_eq!(listed.len(), 163);
    assert_eq!(
        listed[..3],
        ["seed", "oic-general-secretariat", "news-2020-election"]
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/dataset.json");
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let in_file: Vec<&str> = file["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, in_file);
    let mut unique = listed.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 163);
    assert_eq!(
        dataset["sources"][1]["publisher"],
        "Organisation of Islamic Cooperation"
    );
    assert!(
        !dataset["version"].as_str().expect("a version").is_empty(),
        "{dataset}"
    );
}
