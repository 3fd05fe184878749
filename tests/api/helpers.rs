//! Starting the real server on a free port and talking to it over HTTP, as a client
//! would: `spawn_app()` builds the same `Application` that `tenure serve` runs.

use std::path::PathBuf;

use clap::Parser;
use std::sync::LazyLock;

use reqwest::header::{HeaderMap, ACCEPT, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use tenure::config::{LogFormat, ServeSettings};
use tenure::startup::Application;

/// Logs go to stderr only when `TEST_LOG` is set, so a normal run stays quiet.
static TRACING: LazyLock<()> = LazyLock::new(|| {
    if std::env::var_os("TEST_LOG").is_some() {
        // The guard lives as long as the test process: lines are flushed as written.
        std::mem::forget(tenure::telemetry::init(LogFormat::Text));
    }
});

/// A running server and a client to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// A plain HTTP client (no compression, no redirects needed).
    pub client: reqwest::Client,
    /// The served dataset, to reload it as SIGHUP would.
    pub snapshots: std::sync::Arc<tenure::reload::Snapshots>,
    /// `http://127.0.0.1:<port>` of `/metrics` when it has its own address.
    pub metrics_address: Option<String>,
}

/// An HTTP answer kept whole, for tests about the transport itself.
pub struct RawResponse {
    /// The status code.
    pub status: StatusCode,
    /// Every response header.
    pub headers: HeaderMap,
    /// The body as text.
    pub body: String,
}

impl RawResponse {
    /// The `Content-Type` header, or "" when there is none.
    pub fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The media type of `Content-Type`, without parameters such as `charset`.
    pub fn media_type(&self) -> &str {
        self.content_type().split(';').next().unwrap_or("").trim()
    }

    /// The body parsed as JSON; panics with the body when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| {
            panic!(
                "the body is not JSON ({e}); status {}, body: {}",
                self.status, self.body
            )
        })
    }
}

/// The one origin the test server lets browser pages read answers from.
pub const ALLOWED_ORIGIN: &str = "http://allowed.example";

/// How long a test's HTTP request may take before it fails: a hang fails the test
/// fast instead of stalling CI.
pub const CLIENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// An HTTP client with [`CLIENT_TIMEOUT`].
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(CLIENT_TIMEOUT)
        .build()
        .expect("an HTTP client")
}

/// Starts the server on 127.0.0.1 with a port the OS picks, over the bundled dataset.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(test_settings()).await
}

/// The settings `spawn_app` uses: the bundled dataset, one worker, the default limits.
pub fn test_settings() -> ServeSettings {
    // Parsed like the command line, so the tests run with the real defaults.
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut settings = tenure::config::Cli::try_parse_from(["tenure"])
        .expect("the defaults parse")
        .serve;
    settings.listen = "127.0.0.1:0".parse().expect("a socket address");
    settings.data = data;
    settings.workers = Some(1);
    settings.cors_origins = vec![ALLOWED_ORIGIN.to_owned()];
    settings
}

/// Starts the server over the dataset in `dir`, watching it when `watch` is set.
pub async fn spawn_app_on(dir: &std::path::Path, watch: bool) -> TestApp {
    spawn_app_with(ServeSettings {
        data: dir.to_owned(),
        watch,
        ..test_settings()
    })
    .await
}

/// Starts the server with the given settings (see [`test_settings`] for the usual ones).
pub async fn spawn_app_with(settings: ServeSettings) -> TestApp {
    LazyLock::force(&TRACING);
    let app = Application::build(&settings).expect("the server starts on the bundled dataset");
    let address = format!("http://{}", app.address());
    let snapshots = app.snapshots();
    let metrics_address = app.metrics_address().map(|a| format!("http://{a}"));
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: client(),
        snapshots,
        metrics_address,
    }
}

impl TestApp {
    /// The full URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// POSTs a query with JSON variables and returns the whole GraphQL response; the
    /// status must be 200 and the body JSON.
    pub async fn post_graphql(&self, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables }).to_string();
        let response = self
            .post_raw(Some("application/json"), Some("application/json"), body)
            .await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "status of {query}: {}",
            response.body
        );
        assert_eq!(response.media_type(), "application/json");
        let value = response.json();
        assert_clean_errors(&value);
        value
    }

    /// Runs a query that must succeed and returns its `data`.
    pub async fn query_data(&self, query: &str, variables: Value) -> Value {
        let response = self.post_graphql(query, variables).await;
        assert!(
            response.get("errors").is_none(),
            "unexpected errors for {query}: {response:#}"
        );
        response["data"].clone()
    }

    /// Runs a query that must fail and returns its only error.
    pub async fn query_error(&self, query: &str, variables: Value) -> Value {
        let response = self.post_graphql(query, variables).await;
        let errors = response["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("expected an error for {query}, got {response:#}"));
        assert_eq!(errors.len(), 1, "exactly one error: {response:#}");
        errors[0].clone()
    }

    /// POSTs a body to `/graphql` with the given `Content-Type` and `Accept`
    /// (`None`: header left out).
    pub async fn post_raw(
        &self,
        content_type: Option<&str>,
        accept: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> RawResponse {
        let mut request = self.client.post(self.url("/graphql")).body(body);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        send(request).await
    }

    /// `GET /graphql?query=…&variables=…` with an optional `Accept` header.
    pub async fn get_graphql(
        &self,
        query: &str,
        variables: Option<&Value>,
        accept: Option<&str>,
    ) -> RawResponse {
        let mut params = vec![("query", query.to_owned())];
        if let Some(variables) = variables {
            params.push(("variables", variables.to_string()));
        }
        let mut request = self.client.get(self.url("/graphql")).query(&params);
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        send(request).await
    }

    /// Any method on any path, with no body.
    pub async fn request_raw(&self, method: Method, path: &str) -> RawResponse {
        send(self.client.request(method, self.url(path))).await
    }
}

async fn send(request: reqwest::RequestBuilder) -> RawResponse {
    let response = request.send().await.expect("the server answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.expect("a readable body");
    RawResponse {
        status,
        headers,
        body,
    }
}

/// The ordinals of a JSON list of terms (`[{ "ordinal": 9 }, …]`), in order.
pub fn ordinals(terms: &Value) -> Vec<u64> {
    terms
        .as_array()
        .unwrap_or_else(|| panic!("a list of terms, got {terms}"))
        .iter()
        .map(|term| {
            term["ordinal"]
                .as_u64()
                .unwrap_or_else(|| panic!("a term with an ordinal, got {term}"))
        })
        .collect()
}

/// The `name` of each item of a JSON list, in order.
pub fn names(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap_or_else(|| panic!("a list, got {items}"))
        .iter()
        .map(|item| {
            item["name"]
                .as_str()
                .unwrap_or_else(|| panic!("an item with a name, got {item}"))
                .to_owned()
        })
        .collect()
}

/// The `extensions.code` of one GraphQL error.
pub fn code(error: &Value) -> &str {
    error["extensions"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("an error with extensions.code, got {error}"))
}

/// The `message` of one GraphQL error.
pub fn message(error: &Value) -> &str {
    error["message"]
        .as_str()
        .unwrap_or_else(|| panic!("an error with a message, got {error}"))
}

/// No error a client sees leaks a panic, a Rust type path or a backtrace.
pub fn assert_clean_errors(response: &Value) {
    let Some(errors) = response.get("errors").and_then(Value::as_array) else {
        return;
    };
    for error in errors {
        let message = message(error);
        for leak in [
            "panicked",
            "tenure::",
            "async_graphql::",
            "alloc::",
            "core::",
            "std::",
            "serde_json::",
            "RUST_BACKTRACE",
        ] {
            assert!(
                !message.contains(leak),
                "an error message leaks `{leak}`: {message}"
            );
        }
        assert!(
            error["extensions"]["code"].is_string(),
            "every error has extensions.code: {error}"
        );
    }
}

/// The server still answers an ordinary query with the right data.
pub async fn assert_still_serves(app: &TestApp) {
    let data = app
        .query_data(
            "query($date: Date!) { servingOn(date: $date) { ordinal secretary { name } } }",
            json!({ "date": "2010-05-01" }),
        )
        .await;
    // The OIC's, the OAS's, the UN's and NATO's secretaries-general, by start.
    assert_eq!(
        data,
        json!({ "servingOn": [
            { "ordinal": 9, "secretary": { "name": "Ekmeleddin İhsanoğlu" } },
            { "ordinal": 12, "secretary": { "name": "José Miguel Insulza" } },
            { "ordinal": 10, "secretary": { "name": "Ban Ki-moon" } },
            { "ordinal": 15, "secretary": { "name": "Anders Fogh Rasmussen" } }
        ] })
    );
}

/// Every term of the bundled dataset in the order of `Query.terms` (by start, then
/// office slug, then ordinal), each as its organization's slug and its ordinal: `"oic 9"`
/// is the ninth term of `oic-secretary-general` (see [`term_keys`]). Year-precision
/// starts count from 1 January, so OAS term 6 (1975) comes before OIC term 3 (1975).
pub const TERMS_IN_ORDER: [&str; 54] = [
    "un 1", "un 2", "oas 1", "nato 1", "un 3", "oas 2", "oas 3", "oas 4", "nato 2", "nato 3",
    "un 4", "un 5", "nato 4", "oas 5", "oic 1", "nato 5", "un 6", "oic 2", "oas 6", "oic 3",
    "oic 4", "un 7", "oas 7", "oas 8", "nato 6", "oic 5", "nato 7", "oic 6", "un 8", "nato 8",
    "oas 9", "nato 9", "nato 10", "nato 11", "oic 7", "un 9", "nato 12", "oic 8", "nato 13",
    "nato 14", "oas 10", "oas 11", "oic 9", "oas 12", "un 10", "nato 15", "oic 10", "nato 16",
    "oas 13", "oic 11", "un 11", "oic 12", "nato 17", "oas 14",
];

/// Every person of the bundled dataset in the order of `Query.secretaries`: by the start
/// of their first term, then name (Alejandro Orfila and Amadou Karim Gaye both start in
/// 1975).
pub const SECRETARIES_IN_ORDER: [&str; 52] = [
    "Gladwyn Jebb",
    "Trygve Lie",
    "Alberto Lleras Camargo",
    "Hastings Ismay",
    "Dag Hammarskjöld",
    "Carlos Dávila",
    "William Manger",
    "José Antonio Mora",
    "Paul-Henri Spaak",
    "Dirk Stikker",
    "U Thant",
    "Manlio Brosio",
    "Galo Plaza",
    "Tunku Abdul Rahman",
    "Joseph Luns",
    "Kurt Waldheim",
    "Hassan Tuhami",
    "Alejandro Orfila",
    "Amadou Karim Gaye",
    "Habib Chatty",
    "Javier Pérez de Cuéllar",
    "Val McComie",
    "João Clemente Baena Soares",
    "Peter Carington",
    "Syed Sharifuddin Pirzada",
    "Manfred Wörner",
    "Hamid Algabid",
    "Boutros Boutros-Ghali",
    "Sergio Balanzino",
    "César Gaviria",
    "Willy Claes",
    "Javier Solana",
    "Azzeddine Laraki",
    "Kofi Annan",
    "George Robertson",
    "Abdelouahed Belkeziz",
    "Alessandro Minuto-Rizzo",
    "Jaap de Hoop Scheffer",
    "Miguel Ángel Rodríguez",
    "Luigi R. Einaudi",
    "Ekmeleddin İhsanoğlu",
    "José Miguel Insulza",
    "Ban Ki-moon",
    "Anders Fogh Rasmussen",
    "Iyad bin Amin Madani",
    "Jens Stoltenberg",
    "Luis Almagro",
    "Yousef Al-Othaimeen",
    "António Guterres",
    "Hissein Brahim Taha",
    "Mark Rutte",
    "Albert Ramdin",
];

/// Terms as `"<organization> <ordinal>"` (`"oic 9"`), from each term's `ordinal` and
/// `office { slug }`: the bundled offices' slugs are `<organization>-secretary-general`.
pub fn term_keys(terms: &Value) -> Vec<String> {
    terms
        .as_array()
        .unwrap_or_else(|| panic!("a list of terms, got {terms}"))
        .iter()
        .map(|term| {
            let slug = term["office"]["slug"]
                .as_str()
                .unwrap_or_else(|| panic!("a term with an office slug, got {term}"));
            let organization = slug.strip_suffix("-secretary-general").unwrap_or(slug);
            format!("{organization} {}", term["ordinal"])
        })
        .collect()
}

/// A well-formed global ID built the way the server builds them (base64url without
/// padding over `Type:key`), for asking about things the dataset does not hold.
pub fn global_id(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[test]
fn global_ids_are_built_like_the_servers() {
    // Taken from a running server: the ID of the office.
    assert_eq!(
        global_id("Office:oic-secretary-general"),
        "T2ZmaWNlOm9pYy1zZWNyZXRhcnktZ2VuZXJhbA"
    );
    assert_eq!(global_id("Organization:oic"), "T3JnYW5pemF0aW9uOm9pYw");
}

/// The `tenure` binary running as a process, for what only a process shows: signals,
/// exits, logs. Killed when dropped.
pub struct Process {
    /// The child process.
    pub child: std::process::Child,
    /// `http://127.0.0.1:<port>` of the API.
    pub address: String,
    /// `http://127.0.0.1:<port>` of `/metrics`, when `--metrics-listen` was given.
    pub metrics_address: Option<String>,
}

impl Process {
    /// Starts `tenure serve --listen 127.0.0.1:0 --workers 1` with `args`, and waits
    /// for the line that says where it listens (and the `/metrics` line, if any).
    pub fn serve(args: &[&std::ffi::OsStr]) -> Self {
        use std::io::{BufRead, BufReader};
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tenure"))
            .args(["serve", "--listen", "127.0.0.1:0", "--workers", "1"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("the binary starts");
        let mut lines = BufReader::new(child.stdout.take().expect("its output"));
        let mut read = |what: &str| {
            let mut line = String::new();
            lines.read_line(&mut line).expect("a line of output");
            line.split_whitespace()
                .find(|w| w.starts_with("http://"))
                .map(|w| w.trim_end_matches("/metrics").to_owned())
                .unwrap_or_else(|| panic!("a line naming {what}, got {line:?}"))
        };
        let address = read("the API's address");
        let metrics_address = args
            .iter()
            .any(|a| *a == "--metrics-listen")
            .then(|| read("the metrics address"));
        Self {
            child,
            address,
            metrics_address,
        }
    }

    /// Sends the process a signal (`HUP`, `TERM`, …).
    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits up to `limit` for the process to exit; whether it did.
    pub fn exits_within(&mut self, limit: std::time::Duration) -> bool {
        let deadline = std::time::Instant::now() + limit;
        while std::time::Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bundled dataset copied into a fresh directory that a test may change.
pub fn copy_of_data() -> tempfile::TempDir {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data"),
        dir.path(),
    );
    dir
}
