//! The caches hold to their caps in real memory. A served process (the `tenure`
//! binary, whose allocator counts what each cache entry holds) is sent, cache after
//! cache, more adversarial entries than the cap holds, and its resident memory must
//! stay within the caps plus a stated margin. Before the weights were real, the
//! document cache alone kept about 100 times each short document's text in a cap
//! that counted 16 times, and documents that failed validation were kept too.

use std::sync::Arc;

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::helpers::{client, Process};

const MIB: u64 = 1024 * 1024;

/// The document cache's cap (`graphql::executor::documents::CAPACITY_BYTES`).
const DOCUMENTS_CAP: u64 = 64 * MIB;
/// The APQ store's cap (`graphql::persisted::APQ_CAPACITY_BYTES`).
const APQ_CAP: u64 = 16 * MIB;
/// The answer cache's cap in this test (`--answer-cache-bytes`).
const ANSWERS_CAP: u64 = 8 * MIB;
/// What the process may hold beyond the caps: the allocator's size classes and the
/// free pages it keeps (entries evicted leave holes), request buffers in flight.
const MARGIN: u64 = 40 * MIB;

/// Documents of this many of the shortest field there is, which is what makes a
/// parsed document largest against its text (validation takes the square of it).
const FIELDS: usize = 200;

fn resident(process: &Process) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", process.child.id()))
        .expect("the process's status");
    let line = status
        .lines()
        .find(|line| line.starts_with("VmRSS:"))
        .expect("a VmRSS line");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("a number of KiB");
    kib * 1024
}

/// POSTs every body to `/graphql`, four at a time, and returns the answers.
async fn send_all(address: &str, bodies: Vec<Value>) -> Vec<(u16, Value)> {
    let url = format!("{address}/graphql");
    let bodies = Arc::new(bodies);
    let mut workers = Vec::new();
    for worker in 0..4 {
        let (url, bodies) = (url.clone(), bodies.clone());
        workers.push(tokio::spawn(async move {
            let client = client();
            let mut answers = Vec::new();
            for body in bodies.iter().skip(worker).step_by(4) {
                let response = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("accept", "application/json")
                    .body(body.to_string())
                    .send()
                    .await
                    .expect("an answer");
                let status = response.status().as_u16();
                let answer: Value = response.json().await.expect("a JSON answer");
                answers.push((status, answer));
            }
            answers
        }));
    }
    let mut answers = Vec::new();
    for worker in workers {
        answers.extend(worker.await.expect("a worker"));
    }
    answers
}

/// `{ dataset { asOf asOf … } }`, made unique by a comment the parser skips; with
/// `broken`, it declares a variable it never uses, which fails validation.
fn wide(n: usize, broken: bool) -> String {
    let fields = vec!["asOf"; FIELDS].join(" ");
    let head = if broken { "query($unused: Int) " } else { "" };
    format!("# {n}\n{head}{{ dataset {{ {fields} }} }}")
}

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Requires that `what` grew the process past its `idle` size by at most `cap` bytes
/// of caches plus [`MARGIN`], and prints the figure.
fn within(process: &Process, idle: u64, what: &str, cap: u64) {
    let growth = resident(process).saturating_sub(idle);
    eprintln!("{what}: +{} MiB", growth / MIB);
    assert!(
        growth <= cap + MARGIN,
        "{what} grew the process by {} MiB; the caps are {} MiB (margin {} MiB)",
        growth / MIB,
        cap / MIB,
        MARGIN / MIB
    );
}

/// A served process over the bundled data with `args`, warmed up, and its idle size.
async fn served(args: &[&str]) -> (Process, u64) {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut all: Vec<&std::ffi::OsStr> = vec!["--data".as_ref(), data.as_os_str()];
    all.extend(args.iter().map(|a| std::ffi::OsStr::new(*a)));
    let process = Process::serve(&all);
    // Warm up every path once, so the idle size counts the code's own first use.
    let warm: Vec<Value> = (0..40)
        .map(|n| json!({ "query": wide(1_000_000 + n, n % 2 == 0) }))
        .collect();
    send_all(&process.address, warm).await;
    let idle = resident(&process);
    (process, idle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_document_cache_holds_to_its_cap_and_keeps_no_invalid_document() {
    let (process, idle) = served(&[]).await;

    // Documents that fail validation are not kept: more than the cap's worth of them
    // leaves the process about where it was.
    let broken: Vec<Value> = (0..2_000)
        .map(|n| json!({ "query": wide(n, true) }))
        .collect();
    for (status, answer) in send_all(&process.address, broken).await {
        assert_eq!(status, 200, "{answer}");
        assert_eq!(
            answer["errors"][0]["extensions"]["code"], "GRAPHQL_VALIDATION_FAILED",
            "{answer}"
        );
    }
    within(&process, idle, "2,000 invalid documents", 0);

    // Valid documents fill the document cache past its cap, in real bytes.
    let valid: Vec<Value> = (0..3_000)
        .map(|n| json!({ "query": wide(n, false) }))
        .collect();
    for (status, answer) in send_all(&process.address, valid).await {
        assert_eq!(status, 200, "{answer}");
        assert!(answer["data"]["dataset"]["asOf"].is_string(), "{answer}");
    }
    within(
        &process,
        idle,
        &format!("3,000 documents of {FIELDS} fields"),
        DOCUMENTS_CAP,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_apq_store_holds_to_its_cap() {
    // Without the answer cache, which would keep each answer under its 14 KB request.
    let (process, idle) = served(&["--answer-cache-bytes", "0"]).await;
    // APQ registrations of the longest documents, 1.2 times the store's cap (each is
    // kept in the document cache too).
    let padding = "x".repeat(14_000);
    let registrations: Vec<Value> = (0..1_400)
        .map(|n| {
            let text = format!("{{ office(slug: \"{n}-{padding}\") {{ name }} }}");
            let hash = sha256(&text);
            json!({
                "query": text,
                "extensions": { "persistedQuery": { "version": 1, "sha256Hash": hash } },
            })
        })
        .collect();
    for (status, answer) in send_all(&process.address, registrations).await {
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["data"]["office"], Value::Null, "{answer}");
    }
    within(
        &process,
        idle,
        "1,400 APQ registrations of 14 KB",
        DOCUMENTS_CAP + APQ_CAP,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_answer_cache_holds_to_its_cap() {
    let cap = ANSWERS_CAP.to_string();
    let (process, idle) = served(&["--answer-cache-bytes", &cap]).await;
    // Three times the cap's worth of answers, each request distinct by its bytes
    // alone (a variable the document does not read), its body 4 KB; each sent twice,
    // since an answer is kept the second time its request comes.
    let padding = "x".repeat(4_000);
    let count = 3 * ANSWERS_CAP as usize / 4_000;
    let requests: Vec<Value> = (0..count)
        .flat_map(|n| {
            let request =
                json!({ "query": "{ __typename }", "variables": { "n": format!("{n}{padding}") } });
            [request.clone(), request]
        })
        .collect();
    for (status, answer) in send_all(&process.address, requests).await {
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["data"]["__typename"], "Query", "{answer}");
    }
    within(
        &process,
        idle,
        &format!("{count} answers to 4 KB requests"),
        ANSWERS_CAP,
    );
}
