//! Live reloads and the operations endpoints: a reload under load never fails a
//! request nor mixes two versions in one answer; a bad dataset is refused and shown;
//! `/readyz`, `/metrics`, and `ETag`/304 on GET.

use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{
    copy_of_data, spawn_app, spawn_app_on, spawn_app_with, test_settings, TestApp,
};

const OFFICE_FILE: &str = "offices/oic-secretary-general.json";
const NAME: &str = "Ekmeleddin İhsanoğlu";

/// Renames the 9th secretary in `dir` (written whole, then renamed into place).
fn rename_holder(dir: &Path, name: &str) {
    let path = dir.join("people.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let current = serde_json::from_str::<Value>(&text).unwrap()["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .find(|n| n.starts_with(NAME))
        .unwrap();
    let text = text.replace(
        &format!("\"name\": \"{current}\""),
        &format!("\"name\": \"{name}\""),
    );
    write_atomically(&path, &text);
}

fn write_atomically(path: &Path, text: &str) {
    let temporary = path.with_extension("tmp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

/// Puts an impossible date (30 February) into the office file, or takes it out.
fn set_impossible_date(dir: &Path, bad: bool) {
    let path = dir.join(OFFICE_FILE);
    let text = std::fs::read_to_string(&path).unwrap();
    let (from, to) = if bad {
        ("\"end\": \"2004-12-31\"", "\"end\": \"2004-02-30\"")
    } else {
        ("\"end\": \"2004-02-30\"", "\"end\": \"2004-12-31\"")
    };
    assert!(text.contains(from), "{path:?} holds {from}");
    write_atomically(&path, &text.replacen(from, to, 1));
}

const PROBE: &str =
    r#"query Reload { dataset { version } servingOn(date: "2010-05-01") { secretary { name } } }"#;

async fn version(app: &TestApp) -> String {
    app.query_data("{ dataset { version } }", json!({})).await["dataset"]["version"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn get_json(app: &TestApp, path: &str) -> Value {
    let response = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.unwrap()
}

async fn metrics(app: &TestApp) -> String {
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    response.text().await.unwrap()
}

/// The value of one sample line of `/metrics`, 0 when the series is absent.
fn sample(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .map_or(0.0, |v| v.parse().unwrap())
}

#[tokio::test]
async fn reloads_under_load_fail_no_request_and_never_mix_versions() {
    let data = copy_of_data();
    let app = spawn_app_on(data.path(), false).await;
    let started_version = version(&app).await;
    let deadline = Instant::now() + Duration::from_secs(3);

    let clients: Vec<_> = (0..4)
        .map(|_| {
            let client = app.client.clone();
            let url = app.url("/graphql");
            tokio::spawn(async move {
                let mut seen = Vec::new();
                let mut failures = Vec::new();
                while Instant::now() < deadline {
                    let response = client
                        .post(&url)
                        .json(&json!({ "query": PROBE }))
                        .send()
                        .await;
                    match response {
                        Ok(r) if r.status() == StatusCode::OK => {
                            let body: Value = r.json().await.unwrap();
                            if body.get("errors").is_some() {
                                failures.push(body.to_string());
                                continue;
                            }
                            let data = &body["data"];
                            seen.push((
                                data["dataset"]["version"].as_str().unwrap().to_owned(),
                                data["servingOn"][0]["secretary"]["name"]
                                    .as_str()
                                    .unwrap()
                                    .to_owned(),
                            ));
                        }
                        Ok(r) => failures.push(format!("status {}", r.status())),
                        Err(e) => failures.push(e.to_string()),
                    }
                }
                (seen, failures)
            })
        })
        .collect();

    // Meanwhile: good, bad, good, bad, good.
    let dir = data.path().to_owned();
    let mut versions = vec![started_version.clone()];
    for round in 1..=2 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        rename_holder(&dir, &format!("{NAME} {round}"));
        let new = app
            .snapshots
            .reload()
            .await
            .expect("a good dataset reloads");
        assert_ne!(Some(&new), versions.last());
        versions.push(new.clone());

        tokio::time::sleep(Duration::from_millis(250)).await;
        set_impossible_date(&dir, true);
        let refused = app
            .snapshots
            .reload()
            .await
            .expect_err("a bad dataset is refused");
        assert!(!refused.problems.is_empty());
        assert_eq!(
            app.snapshots.current().version(),
            new,
            "the old dataset stays"
        );
        let status = app
            .query_data(
                "{ dataset { version loadedAt lastReload { at succeeded version problems } } }",
                json!({}),
            )
            .await;
        let last = &status["dataset"]["lastReload"];
        assert_eq!(status["dataset"]["version"], json!(new));
        assert_eq!(last["succeeded"], json!(false), "{status:#}");
        assert_eq!(last["version"], json!(new));
        let problems = last["problems"].as_array().unwrap();
        assert!(
            problems
                .iter()
                .any(|p| p.as_str().unwrap().contains("oic-secretary-general.json")),
            "the problem names its file: {status:#}"
        );
        let ready = get_json(&app, "/readyz").await;
        assert_eq!(ready["status"], json!("ready"));
        assert_eq!(ready["version"], json!(new));
        assert_eq!(ready["lastReload"]["succeeded"], json!(false), "{ready:#}");
        assert!(!ready["lastReload"]["problems"]
            .as_array()
            .unwrap()
            .is_empty());
        set_impossible_date(&dir, false);
    }
    tokio::time::sleep(Duration::from_millis(250)).await;
    rename_holder(&dir, &format!("{NAME} 3"));
    versions.push(
        app.snapshots
            .reload()
            .await
            .expect("a good dataset reloads"),
    );

    let mut names_by_version = std::collections::HashMap::<String, String>::new();
    let mut answers = 0;
    for client in clients {
        let (seen, failures) = client.await.unwrap();
        assert!(failures.is_empty(), "failed requests: {failures:?}");
        answers += seen.len();
        for (version, name) in seen {
            let first = names_by_version
                .entry(version.clone())
                .or_insert(name.clone());
            assert_eq!(*first, name, "version {version} answered with two names");
        }
    }
    assert!(answers > 20, "the clients kept asking: {answers} answers");
    assert!(
        names_by_version.len() >= 2,
        "answers came from several versions: {names_by_version:?}"
    );
    for version in names_by_version.keys() {
        assert!(
            versions.contains(version),
            "{version} is one of {versions:?}"
        );
    }
    assert_eq!(names_by_version[&started_version], NAME);

    let ready = get_json(&app, "/readyz").await;
    assert_eq!(ready["lastReload"]["succeeded"], json!(true));
    assert_eq!(ready["version"], json!(versions.last().unwrap()));

    let text = metrics(&app).await;
    assert!(
        sample(&text, "tenure_reloads_total{result=\"success\"}") >= 3.0,
        "{text}"
    );
    assert!(
        sample(&text, "tenure_reloads_total{result=\"failure\"}") >= 2.0,
        "{text}"
    );
    assert!(
        sample(
            &text,
            "tenure_requests_total{operation=\"Reload\",outcome=\"ok\"}"
        ) >= 1.0,
        "{text}"
    );
}

#[tokio::test]
async fn watch_reloads_when_a_file_changes() {
    let data = copy_of_data();
    let app = spawn_app_on(data.path(), true).await;
    let before = version(&app).await;
    rename_holder(data.path(), &format!("{NAME} watched"));
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = version(&app).await;
        if now != before {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no reload within 10 s of the change"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let data = app
        .query_data(r#"{ servingOn(date: "2010-05-01") { secretary { name } } dataset { lastReload { succeeded } } }"#, json!({}))
        .await;
    assert_eq!(
        data["servingOn"][0]["secretary"]["name"],
        json!(format!("{NAME} watched"))
    );
    assert_eq!(data["dataset"]["lastReload"]["succeeded"], json!(true));
}

#[tokio::test]
async fn the_binary_reloads_on_sighup() {
    use std::io::{BufRead, BufReader};
    let data = copy_of_data();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tenure"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--workers",
            "1",
            "--data",
        ])
        .arg(data.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("a listening line, got {line:?}"))
        .to_owned();
    let client = super::helpers::client();
    let ask = || async {
        let body: Value = client
            .post(format!("{address}/graphql"))
            .json(&json!({ "query": "{ dataset { version lastReload { succeeded } } }" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["data"]["dataset"].clone()
    };
    let before = ask().await;
    assert_eq!(before["lastReload"], Value::Null);
    rename_holder(data.path(), &format!("{NAME} hup"));
    let status = std::process::Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let after = loop {
        let now = ask().await;
        if now["version"] != before["version"] {
            break now;
        }
        assert!(Instant::now() < deadline, "no reload within 10 s of SIGHUP");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(after["lastReload"]["succeeded"], json!(true));
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn readyz_shows_the_served_version() {
    let app = spawn_app().await;
    let ready = get_json(&app, "/readyz").await;
    assert_eq!(ready["status"], json!("ready"));
    assert_eq!(ready["version"], json!(version(&app).await));
    assert!(ready["loadedAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(ready["lastReload"], Value::Null);
    let data = app
        .query_data(
            "{ dataset { loadedAt lastReload { succeeded } } }",
            json!({}),
        )
        .await;
    assert_eq!(data["dataset"]["loadedAt"], ready["loadedAt"]);
    assert_eq!(data["dataset"]["lastReload"], Value::Null);
}

#[tokio::test]
async fn metrics_count_requests_and_refusals() {
    let app = spawn_app().await;
    for date in ["2001-01-01", "2002-01-01", "2003-01-01"] {
        app.query_data(
            "query MetricsProbe($d: Date!) { servingOn(date: $d) { ordinal } }",
            json!({ "d": date }),
        )
        .await;
    }
    let batch: Vec<Value> = (0..11)
        .map(|_| json!({ "query": "{ __typename }" }))
        .collect();
    let refused = app
        .post_raw(
            Some("application/json"),
            Some("application/json"),
            Value::Array(batch).to_string(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let text = metrics(&app).await;
    assert_eq!(
        sample(
            &text,
            "tenure_requests_total{operation=\"MetricsProbe\",outcome=\"ok\"}"
        ),
        3.0,
        "{text}"
    );
    assert!(sample(&text, "tenure_limit_refusals_total{limit=\"BATCH_LIMIT\"}") >= 1.0);
    assert!(sample(&text, "tenure_request_duration_seconds_count") >= 3.0);
    assert!(sample(&text, "tenure_request_duration_seconds_bucket{le=\"+Inf\"}") >= 3.0);
    let version = version(&app).await;
    assert_eq!(
        sample(
            &text,
            &format!("tenure_dataset_info{{version=\"{version}\"}}")
        ),
        1.0,
        "{text}"
    );
    assert!(sample(&text, "tenure_dataset_terms") > 0.0);
    assert!(text.contains("# TYPE tenure_request_duration_seconds histogram"));
}

#[tokio::test]
async fn get_answers_carry_an_etag_and_revalidate_with_304() {
    let app = spawn_app().await;
    let url = app.url("/graphql");
    let query = [("query", "{ dataset { version } }")];
    let first = app.client.get(&url).query(&query).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()[ETAG].to_str().unwrap().to_owned();
    let version = version(&app).await;
    assert!(
        etag.starts_with(&format!("W/\"{version}-")),
        "the tag holds the version: {etag}"
    );
    assert_eq!(first.headers()[CACHE_CONTROL], "public, max-age=60");

    let again = app
        .client
        .get(&url)
        .query(&query)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()[ETAG].to_str().unwrap(), etag);
    assert_eq!(again.text().await.unwrap(), "");

    let stale = app
        .client
        .get(&url)
        .query(&query)
        .header(IF_NONE_MATCH, "W/\"something-else\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK);

    let other = app
        .client
        .get(&url)
        .query(&[("query", "{ dataset { termCount } }")])
        .send()
        .await
        .unwrap();
    assert_ne!(other.headers()[ETAG].to_str().unwrap(), etag);

    let post = app
        .post_raw(
            Some("application/json"),
            Some("application/json"),
            json!({ "query": "{ dataset { version } }" }).to_string(),
        )
        .await;
    assert!(
        post.headers.get(ETAG).is_none(),
        "POST answers have no ETag"
    );
}

/// Replicas serving the same files give the same tag, so a client (or a CDN) that
/// revalidates against another replica, or after a restart, still gets 304.
#[tokio::test]
async fn replicas_of_the_same_data_give_the_same_etag_and_304() {
    let (one, two) = (spawn_app().await, spawn_app().await);
    let query = [(
        "query",
        "{ office(slug: \"oic-secretary-general\") { name } }",
    )];
    let first = one
        .client
        .get(one.url("/graphql"))
        .query(&query)
        .send()
        .await
        .unwrap();
    let etag = first.headers()[ETAG].to_str().unwrap().to_owned();
    let second = two
        .client
        .get(two.url("/graphql"))
        .query(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(second.headers()[ETAG].to_str().unwrap(), etag);
    let revalidated = two
        .client
        .get(two.url("/graphql"))
        .query(&query)
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
}

/// An answer that reads what changes without the data changing (`loadedAt`,
/// `lastReload`) carries no tag and is never kept by a cache.
#[tokio::test]
async fn answers_about_the_process_carry_no_etag() {
    let app = spawn_app().await;
    let query = [("query", "{ dataset { version loadedAt } }")];
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(&query)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers().get(ETAG).is_none(),
        "{:?}",
        response.headers()
    );
    assert!(response.headers().get(CACHE_CONTROL).is_none());
}

/// What a failed reload reports names files relative to the data directory: clients
/// reading `/readyz` or `lastReload.problems` never learn where the server keeps them.
#[tokio::test]
async fn reload_problems_name_files_relative_to_the_data_directory() {
    let data = copy_of_data();
    let app = spawn_app_on(data.path(), false).await;
    std::fs::remove_file(data.path().join("people.json")).unwrap();
    set_impossible_date(data.path(), true);
    assert!(app.snapshots.reload().await.is_err());
    let ready = get_json(&app, "/readyz").await;
    let problems = ready["lastReload"]["problems"].as_array().unwrap().clone();
    assert!(problems.len() >= 2, "{ready}");
    let directory = data.path().display().to_string();
    for problem in &problems {
        let problem = problem.as_str().unwrap();
        assert!(!problem.contains(&directory), "leaks the path: {problem}");
        assert!(!problem.contains("/tmp"), "leaks a path: {problem}");
    }
    assert!(problems.iter().any(|p| p
        .as_str()
        .unwrap()
        .starts_with("people.json: cannot read the file: ")));
    let shown = app
        .query_data("{ dataset { lastReload { problems } } }", json!({}))
        .await;
    assert_eq!(shown["dataset"]["lastReload"]["problems"], json!(problems));
}

/// Reading the data directory is no change: with `--watch`, files opened, read and
/// closed (by the server's own reload, a backup tool, an editor that only shows them)
/// and a change of their times start no reload. Before, the server's own reads made it
/// reload without end.
#[tokio::test]
async fn watch_ignores_files_that_are_only_read_or_touched() {
    let data = copy_of_data();
    let app = spawn_app_on(data.path(), true).await;
    // Let the watcher settle, then read and touch every file a few times.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let files = ["dataset.json", "people.json", OFFICE_FILE];
    for _ in 0..5 {
        for file in files {
            let path = data.path().join(file);
            let text = std::fs::read(&path).unwrap();
            assert!(!text.is_empty());
            let opened = std::fs::File::options().append(true).open(&path).unwrap();
            opened.set_modified(std::time::SystemTime::now()).unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Three times the debounce: a reload would have started and ended by now.
    tokio::time::sleep(tenure::reload::DEBOUNCE * 3 + Duration::from_millis(500)).await;
    assert_eq!(
        app.snapshots.reload_counts(),
        (0, 0),
        "no reload for reads alone"
    );
    // A real change still reloads, once.
    rename_holder(data.path(), &format!("{NAME} watched once"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.snapshots.reload_counts() == (0, 0) {
        assert!(
            Instant::now() < deadline,
            "no reload within 10 s of a change"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The reload read every file: that must not start another.
    tokio::time::sleep(tenure::reload::DEBOUNCE * 3 + Duration::from_millis(500)).await;
    assert_eq!(
        app.snapshots.reload_counts(),
        (1, 0),
        "one change, one reload"
    );
}

/// A reload always ends: a data file that is a named pipe (which a read would wait on
/// forever) is reported, not waited for, and the next reload still runs.
#[tokio::test]
async fn a_reload_never_waits_on_a_file_that_is_not_a_regular_file() {
    let data = copy_of_data();
    let app = spawn_app_on(data.path(), false).await;
    let pipe = data.path().join("offices/stuck.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let refused = tokio::time::timeout(Duration::from_secs(20), app.snapshots.reload())
        .await
        .expect("the reload ends")
        .expect_err("a pipe is no data file");
    let shown: Vec<String> = refused.lines();
    assert_eq!(
        shown,
        ["offices/stuck.json: cannot read the file: it is not a regular file (a directory, a pipe or a device)"]
    );
    std::fs::remove_file(&pipe).unwrap();
    rename_holder(data.path(), &format!("{NAME} after the pipe"));
    tokio::time::timeout(Duration::from_secs(20), app.snapshots.reload())
        .await
        .expect("the next reload ends")
        .expect("and succeeds");
}

/// A failed reload of the trusted documents names the manifest by its file name
/// alone: clients never learn where the server keeps it.
#[tokio::test]
async fn a_manifest_that_fails_to_reload_is_named_without_its_path() {
    let data = copy_of_data();
    let manifest = data.path().join("manifest.json");
    let text = "query Manifested { dataset { termCount } }";
    let id = tenure::graphql::DocumentId::of(text).to_string();
    std::fs::write(&manifest, json!({ id: text }).to_string()).unwrap();
    let mut settings = test_settings();
    settings.data = data.path().join("data-dir");
    std::fs::create_dir(&settings.data).unwrap();
    for entry in ["dataset.json", "people.json", "offices"] {
        std::fs::rename(data.path().join(entry), settings.data.join(entry)).unwrap();
    }
    settings.trusted_documents = Some(manifest.clone());
    let app = spawn_app_with(settings).await;
    std::fs::write(&manifest, "{ not json").unwrap();
    assert!(app.snapshots.reload().await.is_err());
    let ready = get_json(&app, "/readyz").await;
    let problems = ready["lastReload"]["problems"].as_array().unwrap().clone();
    assert!(!problems.is_empty(), "{ready}");
    for problem in &problems {
        let problem = problem.as_str().unwrap();
        assert!(
            problem.starts_with("manifest.json: "),
            "named by its file name: {problem}"
        );
        assert!(!problem.contains("/tmp"), "leaks a path: {problem}");
        assert!(
            !problem.contains(&data.path().display().to_string()),
            "leaks the path: {problem}"
        );
    }
}
