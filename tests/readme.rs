//! The README stays true: the answer it shows for the headline query is the one the
//! server gives.

use std::path::PathBuf;
use std::sync::Arc;

use tenure::graphql::build_schema;

/// The text between the first `opener` in `text` and the closing fence after it.
fn block<'a>(text: &'a str, opener: &str) -> Option<&'a str> {
    let rest = text.split(opener).nth(1)?;
    let close = if opener.ends_with("```json\n") {
        "\n```"
    } else {
        "```"
    };
    rest.split(close).next()
}

#[tokio::test]
async fn the_readme_shows_the_real_answer_to_the_headline_query() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let shown = block(&readme, "<!-- headline-answer -->\n```json\n")
        .expect("the README marks the headline answer");
    let shown: serde_json::Value = serde_json::from_str(shown).expect("the shown answer is JSON");

    let query = std::fs::read_to_string(root.join("bench/queries/holders-during.graphql")).unwrap();
    let variables: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("bench/queries/holders-during.variables.json")).unwrap(),
    )
    .unwrap();
    let catalog = Arc::new(tenure::startup::load_catalog(&root.join("data")).unwrap());
    let request = async_graphql::Request::new(query)
        .variables(async_graphql::Variables::from_json(variables))
        .data(catalog);
    let response = build_schema().execute(request).await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let real = serde_json::to_value(&response).unwrap();
    assert_eq!(shown, real);
}

#[test]
fn the_readme_shows_the_benchmarks_headline_query() {
    // The playground opens on bench/queries/holders-during.graphql (include_str! in
    // src/http/playground.rs); the README shows the same text.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let shown = readme
        .split("## The headline query")
        .nth(1)
        .and_then(|rest| rest.split("```graphql\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("the README shows the headline query in a graphql block");
    let query = std::fs::read_to_string(root.join("bench/queries/holders-during.graphql")).unwrap();
    assert_eq!(shown, query);
}

#[tokio::test]
async fn the_readme_shows_the_real_answer_across_offices_on_11_september_2001() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let query =
        std::fs::read_to_string(root.join("examples/queries/leaders-on-2001-09-11.graphql"))
            .unwrap();
    let section = readme
        .split("## Across offices")
        .nth(1)
        .expect("the README has the across-offices example");
    let shown_query = block(section, "```graphql\n").expect("it shows the query");
    assert_eq!(shown_query, query);
    let shown = block(section, "<!-- across-offices-answer -->\n```json\n")
        .expect("the README marks the across-offices answer");
    let shown: serde_json::Value = serde_json::from_str(shown).expect("the shown answer is JSON");

    let catalog = Arc::new(tenure::startup::load_catalog(&root.join("data")).unwrap());
    let response = build_schema()
        .execute(async_graphql::Request::new(query).data(catalog))
        .await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let real = serde_json::to_value(&response).unwrap();
    assert_eq!(shown, real);
    // The four offices' leaders that day, the OIC's possibly.
    let names: Vec<&str> = real["data"]["servingOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["secretary"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "César Gaviria",
            "Kofi Annan",
            "George Robertson",
            "Abdelouahed Belkeziz"
        ]
    );
}

#[tokio::test]
async fn the_readme_serves_an_everypolitician_file_with_the_answer_it_shows() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme
        .split("## Popolo in and out")
        .nth(1)
        .expect("the README has the Popolo section");
    // The two commands, as shown.
    let commands = block(section, "```sh\n").expect("it shows the commands");
    let file = "tests/fixtures/popolo/everypolitician/Anguilla-Assembly.json";
    assert_eq!(
        commands,
        format!(
            "cargo run --release -- import popolo {file} --out anguilla\ncargo run --release -- --data anguilla\n"
        )
    );
    let query =
        std::fs::read_to_string(root.join("examples/queries/anguilla-on-2001-03-15.graphql"))
            .unwrap();
    let shown_query = block(section, "```graphql\n").expect("it shows the query");
    assert_eq!(shown_query, query);
    let shown =
        block(section, "<!-- anguilla-answer -->\n```json\n").expect("the README marks the answer");
    let shown: serde_json::Value = serde_json::from_str(shown).expect("the shown answer is JSON");

    // The first command, then the query against what it wrote.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("anguilla");
    tenure::popolo::import::run(
        &root.join(file),
        &out,
        tenure::popolo::import::Options::default(),
    )
    .expect("the import succeeds");
    let catalog = Arc::new(tenure::startup::load_catalog(&out).unwrap());
    let response = build_schema()
        .execute(async_graphql::Request::new(query).data(catalog))
        .await;
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let real = serde_json::to_value(&response).unwrap();
    assert_eq!(shown, real);
    assert_eq!(real["data"]["office"]["seats"], 11);
    assert_eq!(real["data"]["servingOn"].as_array().unwrap().len(), 7);
}
