//! Global IDs that `node(id:)` fetches back and that survive a restart; slugs; search.

use serde_json::{json, Value};

use crate::helpers::{code, global_id, message, names, spawn_app, TestApp, SECRETARIES_IN_ORDER};

const NODE: &str = "query($id: ID!) {
    node(id: $id) {
        __typename
        id
        ... on Organization { slug name }
        ... on Office { slug name }
        ... on Secretary { slug name }
        ... on Term { ordinal office { slug } secretary { name } }
    }
}";

/// Every organization, office, term and person of the bundled dataset, with their IDs.
const EVERY_ID: &str = r#"{
    dataset { version officeCount secretaryCount termCount }
    organizations { id slug }
    offices {
        id
        slug
        organization { id }
        terms { nodes { id ordinal secretary { id slug } } }
    }
    secretaries { nodes { id slug } }
}"#;

async fn node(app: &TestApp, id: &str) -> Value {
    let data = app.query_data(NODE, json!({ "id": id })).await;
    data["node"].clone()
}

/// Every ID the API hands out for the bundled dataset, with what it names (`Term`s by
/// `office-slug:ordinal`).
async fn every_id(app: &TestApp) -> Vec<(String, String)> {
    let data = app.query_data(EVERY_ID, json!({})).await;
    let dataset = &data["dataset"];
    assert_eq!(
        (
            &dataset["officeCount"],
            &dataset["secretaryCount"],
            &dataset["termCount"]
        ),
        (&json!(4), &json!(52), &json!(54)),
        "{dataset}"
    );
    let mut ids = Vec::new();
    for organization in data["organizations"].as_array().unwrap() {
        ids.push((
            format!("Organization {}", organization["slug"].as_str().unwrap()),
            organization["id"].as_str().unwrap().to_owned(),
        ));
    }
    for office in data["offices"].as_array().unwrap() {
        let slug = office["slug"].as_str().unwrap();
        ids.push((
            format!("Office {slug}"),
            office["id"].as_str().unwrap().to_owned(),
        ));
        for term in office["terms"]["nodes"].as_array().unwrap() {
            ids.push((
                format!("Term {slug}:{}", term["ordinal"]),
                term["id"].as_str().unwrap().to_owned(),
            ));
        }
    }
    for person in data["secretaries"]["nodes"].as_array().unwrap() {
        ids.push((
            format!("Secretary {}", person["slug"].as_str().unwrap()),
            person["id"].as_str().unwrap().to_owned(),
        ));
    }
    ids
}

#[tokio::test]
async fn node_fetches_back_the_organization_the_office_a_secretary_and_a_term() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ office(slug: "oic-secretary-general") {
                   id organization { id }
                   terms(first: 9) { nodes { id } } }
                 secretary(slug: "ekmeleddin-ihsanoglu") { id } }"#,
            json!({}),
        )
        .await;
    let office_id = data["office"]["id"].as_str().unwrap();
    let organization_id = data["office"]["organization"]["id"].as_str().unwrap();
    let term_id = data["office"]["terms"]["nodes"][8]["id"].as_str().unwrap();
    let secretary_id = data["secretary"]["id"].as_str().unwrap();

    assert_eq!(
        node(&app, organization_id).await,
        json!({
            "__typename": "Organization",
            "id": organization_id,
            "slug": "oic",
            "name": "Organisation of Islamic Cooperation"
        })
    );
    assert_eq!(
        node(&app, office_id).await,
        json!({
            "__typename": "Office",
            "id": office_id,
            "slug": "oic-secretary-general",
            "name": "Secretary-General of the Organisation of Islamic Cooperation"
        })
    );
    assert_eq!(
        node(&app, secretary_id).await,
        json!({
            "__typename": "Secretary",
            "id": secretary_id,
            "slug": "ekmeleddin-ihsanoglu",
            "name": "Ekmeleddin İhsanoğlu"
        })
    );
    assert_eq!(
        node(&app, term_id).await,
        json!({
            "__typename": "Term",
            "id": term_id,
            "ordinal": 9,
            "office": { "slug": "oic-secretary-general" },
            "secretary": { "name": "Ekmeleddin İhsanoğlu" }
        })
    );
}

#[tokio::test]
async fn node_fetches_back_every_id_the_api_hands_out() {
    let app = spawn_app().await;
    let ids = every_id(&app).await;
    // 4 organizations, 4 offices, 54 terms (12 OIC, 11 UN, 17 NATO, 14 OAS), 52 people.
    assert_eq!(ids.len(), 4 + 4 + 54 + 52);
    for (what, id) in &ids {
        let found = node(&app, id).await;
        assert_eq!(found["id"], json!(id), "{what}");
        let (typename, key) = what.split_once(' ').unwrap();
        assert_eq!(found["__typename"], typename, "{what}");
        let found_key = match typename {
            "Term" => format!(
                "{}:{}",
                found["office"]["slug"].as_str().unwrap(),
                found["ordinal"]
            ),
            _ => found["slug"].as_str().unwrap().to_owned(),
        };
        assert_eq!(found_key, key, "{what}");
    }
}

#[tokio::test]
async fn ids_are_distinct_and_opaque() {
    let app = spawn_app().await;
    let ids = every_id(&app).await;
    let mut unique: Vec<&String> = ids.iter().map(|(_, id)| id).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    for (what, id) in &ids {
        assert!(!id.contains(':') && !id.contains(' '), "{what}: {id}");
    }
}

#[tokio::test]
async fn ids_and_version_stay_the_same_across_restarts() {
    let first = spawn_app().await;
    let second = spawn_app().await;
    assert_ne!(first.address, second.address);
    assert_eq!(every_id(&first).await, every_id(&second).await);
    let version = "{ dataset { version } }";
    assert_eq!(
        first.query_data(version, json!({})).await,
        second.query_data(version, json!({})).await
    );
}

#[tokio::test]
async fn a_well_formed_id_of_nothing_in_the_dataset_is_null() {
    let app = spawn_app().await;
    for text in [
        "Organization:wto",
        "Office:wto-director-general",
        "Office:un-deputy-secretary-general",
        "Secretary:nobody",
        "Term:oic-secretary-general:13",
        "Term:oic-secretary-general:0",
        "Term:un-secretary-general:12",
        "Term:wto-director-general:1",
    ] {
        let data = app.query_data(NODE, json!({ "id": global_id(text) })).await;
        assert_eq!(data, json!({ "node": null }), "{text}");
    }
}

#[tokio::test]
async fn a_garbage_id_is_bad_user_input() {
    let app = spawn_app().await;
    for id in [
        "!!!".to_owned(),
        "not-an-id".to_owned(),
        String::new(),
        "Office:oic-secretary-general".to_owned(),
        global_id("Planet:earth"),
        global_id("Term:oic-secretary-general:nine"),
    ] {
        let error = app.query_error(NODE, json!({ "id": id })).await;
        assert_eq!(code(&error), "BAD_USER_INPUT", "{id}: {error}");
        assert!(message(&error).contains("not an ID"), "{id}: {error}");
        assert_eq!(error["path"], json!(["node"]));
    }
}

#[tokio::test]
async fn office_secretary_and_organization_are_found_by_slug() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ office(slug: "oic-secretary-general") { slug abbreviation }
                 secretary(slug: "ekmeleddin-ihsanoglu") { slug name }
                 organization(slug: "oic") { slug abbreviation } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data,
        json!({
            "office": { "slug": "oic-secretary-general", "abbreviation": "SGOIC" },
            "secretary": { "slug": "ekmeleddin-ihsanoglu", "name": "Ekmeleddin İhsanoğlu" },
            "organization": { "slug": "oic", "abbreviation": "OIC" }
        })
    );
}

#[tokio::test]
async fn an_unknown_slug_is_null() {
    let app = spawn_app().await;
    let data = app
        .query_data(
            r#"{ office(slug: "wto-director-general") { slug }
                 secretary(slug: "ngozi-okonjo-iweala") { slug }
                 organization(slug: "wto") { slug } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data,
        json!({ "office": null, "secretary": null, "organization": null })
    );
}

async fn search(app: &TestApp, search: Option<&str>, country: Option<&str>) -> (u64, Vec<String>) {
    let data = app
        .query_data(
            "query($search: String, $country: String) {
                secretaries(search: $search, country: $country) { totalCount nodes { name } } }",
            json!({ "search": search, "country": country }),
        )
        .await;
    (
        data["secretaries"]["totalCount"].as_u64().unwrap(),
        names(&data["secretaries"]["nodes"]),
    )
}

#[tokio::test]
async fn search_ignores_case_and_diacritics() {
    let app = spawn_app().await;
    for text in [
        "ihsanoglu",
        "İHSANOĞLU",
        "IHSAN",
        "İhsanoğlu",
        "ekmeleddin ihs",
    ] {
        assert_eq!(
            search(&app, Some(text), None).await,
            (1, vec!["Ekmeleddin İhsanoğlu".to_owned()]),
            "{text}"
        );
    }
}

#[tokio::test]
async fn search_matches_any_part_of_the_name() {
    let app = spawn_app().await;
    assert_eq!(
        search(&app, Some("al-oth"), None).await,
        (1, vec!["Yousef Al-Othaimeen".to_owned()])
    );
    assert_eq!(
        search(&app, Some("abdul"), None).await,
        (1, vec!["Tunku Abdul Rahman".to_owned()])
    );
    assert_eq!(search(&app, Some("zzz"), None).await, (0, vec![]));
}

#[tokio::test]
async fn country_finds_madani_and_al_othaimeen_in_that_order() {
    let app = spawn_app().await;
    assert_eq!(
        search(&app, None, Some("SA")).await,
        (
            2,
            vec![
                "Iyad bin Amin Madani".to_owned(),
                "Yousef Al-Othaimeen".to_owned()
            ]
        )
    );
    assert_eq!(
        search(&app, Some("yousef"), Some("SA")).await,
        (1, vec!["Yousef Al-Othaimeen".to_owned()])
    );
    assert_eq!(
        search(&app, None, Some("TD")).await,
        (1, vec!["Hissein Brahim Taha".to_owned()])
    );
    assert_eq!(
        search(&app, None, Some("US")).await,
        (
            2,
            vec!["William Manger".to_owned(), "Luigi R. Einaudi".to_owned()]
        )
    );
    assert_eq!(search(&app, None, Some("FR")).await, (0, vec![]));
}

#[tokio::test]
async fn secretaries_come_in_the_order_of_their_first_term() {
    let app = spawn_app().await;
    let (total, people) = search(&app, None, None).await;
    assert_eq!(total, 52);
    assert_eq!(people, SECRETARIES_IN_ORDER);
}
