//! The process as an operator runs it: SIGTERM drains the requests in flight on every
//! listener before the process exits, and a reload, whatever its files do, never holds
//! the exit up.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::helpers::{copy_of_data, Process};

/// Sends a POST whose body arrives in two parts, `pause` apart, and returns the
/// response's status line; the request is in flight for the whole pause.
fn slow_post(address: &str, pause: Duration, during: impl FnOnce()) -> String {
    let host = address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("a timeout");
    let body = br#"{"query":"{ dataset { version } }"}"#;
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("headers sent");
    stream.write_all(&body[..10]).expect("half the body sent");
    std::thread::sleep(Duration::from_millis(300));
    during();
    std::thread::sleep(pause);
    // The server may have closed the connection: what it answers is what counts.
    let _ = stream.write_all(&body[10..]);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned()
}

/// SIGTERM stops new connections and lets the request in flight finish, with
/// `/metrics` beside the API or on its own address. Before, the `/metrics` server's
/// quick stop ended the process and cut such a request off.
#[test]
fn sigterm_lets_a_request_in_flight_finish_on_every_layout() {
    for metrics in [false, true] {
        let os = std::ffi::OsStr::new;
        let mut args = vec![os("--shutdown-timeout-secs"), os("10")];
        if metrics {
            args.extend([os("--metrics-listen"), os("127.0.0.1:0")]);
        }
        let mut process = Process::serve(&args);
        let address = process.address.clone();
        let metrics_address = process.metrics_address.clone();
        let mut metrics_during_drain = None;
        let status = slow_post(&address, Duration::from_millis(1500), || {
            process.signal("TERM");
            // `/metrics` on its own address stays up while the API drains.
            if let Some(metrics) = &metrics_address {
                std::thread::sleep(Duration::from_millis(200));
                let client = reqwest::blocking::Client::builder()
                    .timeout(Duration::from_secs(5))
                    .build()
                    .expect("a client");
                metrics_during_drain = Some(
                    client
                        .get(format!("{metrics}/metrics"))
                        .send()
                        .map(|r| r.status().as_u16()),
                );
            }
        });
        if metrics {
            assert!(
                matches!(metrics_during_drain, Some(Ok(200))),
                "/metrics during the drain: {metrics_during_drain:?}"
            );
        }
        assert_eq!(
            status, "HTTP/1.1 200 OK",
            "the request in flight is answered (metrics on their own address: {metrics})"
        );
        assert!(
            process.exits_within(Duration::from_secs(10)),
            "the process exits once drained (metrics on their own address: {metrics})"
        );
    }
}

/// A reload stuck on its files (here a named pipe, which the loader now refuses to
/// read; before, the read waited forever and SIGTERM could not end the process)
/// neither stops the server from answering nor from exiting on SIGTERM.
#[test]
fn sighup_then_sigterm_exits_whatever_the_files_do() {
    let data = copy_of_data();
    let mut process = Process::serve(&["--data".as_ref(), data.path().as_os_str()]);
    let made = std::process::Command::new("mkfifo")
        .arg(data.path().join("offices/stuck.json"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    process.signal("HUP");
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let report = loop {
        let ready: serde_json::Value = client
            .get(format!("{}/readyz", process.address))
            .send()
            .and_then(|r| r.json())
            .expect("/readyz answers");
        if !ready["lastReload"].is_null() {
            break ready["lastReload"].clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the reload reported nothing within 20 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(report["succeeded"], false, "{report}");
    assert!(
        report["problems"][0]
            .as_str()
            .unwrap()
            .starts_with("offices/stuck.json: cannot read the file: it is not a regular file"),
        "{report}"
    );
    process.signal("TERM");
    assert!(
        process.exits_within(Duration::from_secs(10)),
        "SIGTERM ends the process"
    );
}
