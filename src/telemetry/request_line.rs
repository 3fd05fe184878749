//! The one line logged for each request to `/graphql`, written by hand. Formatting it
//! through the subscriber (dispatch, a visitor per field, `Debug` for every value, the
//! clock through `fmt`) cost 6.5 % of a computed request's CPU; writing the same bytes
//! directly into the log buffer costs a fraction of that. Everything else still goes
//! through tracing, and so does this line when the subscriber is not one [`super::init`]
//! set up without colours (colours are for a person at a terminal, not for load).
//!
//! The line keeps the target, level and filter of a `tracing::info!` in
//! `tenure::http::observe`: `RUST_LOG=tenure::http::observe=warn` still silences it.
//! The test below holds the hand-written bytes to the subscriber's, in both formats,
//! for any values.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::{Arc, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::Level;

use super::BufferedStderr;
use crate::config::LogFormat;

/// The target the line is logged under: where it was logged from before it was
/// written by hand, so filters written for it still apply.
const TARGET: &str = "tenure::http::observe";

/// The line's message.
const MESSAGE: &str = "graphql request";

/// Where lines written by hand go, once [`super::init`] installed its subscriber.
static BY_HAND: OnceLock<(LogFormat, Arc<BufferedStderr>)> = OnceLock::new();

/// Has request lines written by hand, in `format`, into `output`.
pub(super) fn write_by_hand(format: LogFormat, output: Arc<BufferedStderr>) {
    let _ = BY_HAND.set((format, output));
}

/// What the log says of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLine<'a> {
    /// The request's number since the process started.
    pub request_id: u64,
    /// The operation's name, `-` when it has none.
    pub operation: &'a str,
    /// The id of a document asked for by id.
    pub document: Option<&'a str>,
    /// From the request's arrival to its response.
    pub duration_us: u64,
    /// How it ended.
    pub outcome: &'a str,
    /// The code of the first refusal it met.
    pub code: Option<&'a str>,
}

impl RequestLine<'_> {
    /// Logs the line, if the filter lets an info line of [`TARGET`] through.
    pub fn log(&self) {
        if !tracing::enabled!(target: TARGET, Level::INFO) {
            return;
        }
        let Some((format, output)) = BY_HAND.get() else {
            self.trace();
            return;
        };
        thread_local! {
            static LINE: RefCell<Vec<u8>> = RefCell::new(Vec::with_capacity(256));
        }
        LINE.with_borrow_mut(|line| {
            line.clear();
            self.write(*format, now(), line);
            // Nowhere to report a failed write to stderr; the next line tries again.
            let _ = (&**output).write_all(line);
        });
    }

    /// Logs the line through tracing.
    fn trace(&self) {
        tracing::info!(
            target: TARGET,
            request_id = self.request_id,
            operation = self.operation,
            document = self.document,
            duration_us = self.duration_us,
            outcome = self.outcome,
            code = self.code,
            "{MESSAGE}"
        );
    }

    /// Writes the line as the subscriber formats it at `time`.
    fn write(&self, format: LogFormat, time: Timestamp, line: &mut Vec<u8>) {
        match format {
            LogFormat::Text => self.write_text(time, line),
            LogFormat::Json => self.write_json(time, line),
        }
    }

    /// `2026-12-03T13:48:59.263693Z  INFO target: message request_id=1 operation="…" …`
    fn write_text(&self, time: Timestamp, line: &mut Vec<u8>) {
        time.write(line);
        line.extend_from_slice(b"  INFO ");
        line.extend_from_slice(TARGET.as_bytes());
        line.extend_from_slice(b": ");
        line.extend_from_slice(MESSAGE.as_bytes());
        line.extend_from_slice(b" request_id=");
        line.extend_from_slice(itoa::Buffer::new().format(self.request_id).as_bytes());
        debug_field(line, "operation", self.operation);
        if let Some(document) = self.document {
            debug_field(line, "document", document);
        }
        line.extend_from_slice(b" duration_us=");
        line.extend_from_slice(itoa::Buffer::new().format(self.duration_us).as_bytes());
        debug_field(line, "outcome", self.outcome);
        if let Some(code) = self.code {
            debug_field(line, "code", code);
        }
        line.push(b'\n');
    }

    /// One JSON object: timestamp, level, message, the fields, target.
    fn write_json(&self, time: Timestamp, line: &mut Vec<u8>) {
        line.extend_from_slice(b"{\"timestamp\":\"");
        time.write(line);
        line.extend_from_slice(b"\",\"level\":\"INFO\",\"message\":");
        json_string(line, MESSAGE);
        line.extend_from_slice(b",\"request_id\":");
        line.extend_from_slice(itoa::Buffer::new().format(self.request_id).as_bytes());
        line.extend_from_slice(b",\"operation\":");
        json_string(line, self.operation);
        if let Some(document) = self.document {
            line.extend_from_slice(b",\"document\":");
            json_string(line, document);
        }
        line.extend_from_slice(b",\"duration_us\":");
        line.extend_from_slice(itoa::Buffer::new().format(self.duration_us).as_bytes());
        line.extend_from_slice(b",\"outcome\":");
        json_string(line, self.outcome);
        if let Some(code) = self.code {
            line.extend_from_slice(b",\"code\":");
            json_string(line, code);
        }
        line.extend_from_slice(b",\"target\":");
        json_string(line, TARGET);
        line.extend_from_slice(b"}\n");
    }
}

/// ` name="value"`, the value quoted and escaped as `{:?}` does.
fn debug_field(line: &mut Vec<u8>, name: &str, value: &str) {
    line.push(b' ');
    line.extend_from_slice(name.as_bytes());
    line.push(b'=');
    // `{:?}` leaves printable ASCII other than `"` and `\` alone, which is all an
    // operation name, an outcome or a code holds; anything else takes the slow road.
    if value
        .bytes()
        .all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
    {
        line.push(b'"');
        line.extend_from_slice(value.as_bytes());
        line.push(b'"');
    } else {
        let mut quoted = String::new();
        let _ = write!(quoted, "{value:?}");
        line.extend_from_slice(quoted.as_bytes());
    }
}

/// A JSON string, escaped as serde_json (the subscriber's JSON writer) escapes it.
fn json_string(line: &mut Vec<u8>, value: &str) {
    let _ = serde_json::to_writer(&mut *line, value);
}

/// A moment, to the microsecond since the Unix epoch.
#[derive(Debug, Clone, Copy)]
struct Timestamp {
    seconds: i64,
    micros: u32,
}

/// The time now.
fn now() -> Timestamp {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Timestamp {
        seconds: i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        micros: since.subsec_micros(),
    }
}

impl Timestamp {
    /// `2026-12-03T13:48:59.263693Z`, as the subscriber writes it. The part up to the
    /// second changes once a second, so each thread keeps the last one it wrote.
    fn write(self, line: &mut Vec<u8>) {
        thread_local! {
            static SECOND: RefCell<(i64, String)> = const { RefCell::new((i64::MIN, String::new())) };
        }
        SECOND.with_borrow_mut(|(second, text)| {
            if *second != self.seconds {
                *second = self.seconds;
                text.clear();
                if let Some(time) = chrono::DateTime::from_timestamp(self.seconds, 0) {
                    let _ = write!(text, "{}", time.format("%Y-%m-%dT%H:%M:%S"));
                }
            }
            line.extend_from_slice(text.as_bytes());
        });
        let mut micros = [b'0'; 6];
        let mut digits = itoa::Buffer::new();
        let written = digits.format(self.micros).as_bytes();
        micros[6 - written.len()..].copy_from_slice(written);
        line.push(b'.');
        line.extend_from_slice(&micros);
        line.push(b'Z');
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use proptest::prelude::*;
    use tracing_subscriber::EnvFilter;

    use super::{now, RequestLine, Timestamp};
    use crate::config::LogFormat;

    /// What the subscriber [`super::super::init`] installs writes for `line`.
    fn traced(line: &RequestLine, format: LogFormat) -> String {
        #[derive(Clone, Default)]
        struct Captured(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Captured {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(bytes);
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber =
            super::super::subscriber(format, false, EnvFilter::new("info"), move || {
                writer.clone()
            });
        tracing::subscriber::with_default(subscriber, || line.trace());
        let bytes = captured.0.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    /// The line written by hand.
    fn by_hand(line: &RequestLine, format: LogFormat, time: Timestamp) -> String {
        let mut bytes = Vec::new();
        line.write(format, time, &mut bytes);
        String::from_utf8(bytes).unwrap()
    }

    /// `text` with its timestamp (the first 27 characters of a text line, the value of
    /// a JSON line's first key) taken out.
    fn untimed(text: &str, format: LogFormat) -> String {
        match format {
            LogFormat::Text => text[27..].to_owned(),
            LogFormat::Json => format!("{}{}", &text[..14], &text[14 + 27..]),
        }
    }

    fn assert_same(line: &RequestLine) {
        for format in [LogFormat::Text, LogFormat::Json] {
            let traced = traced(line, format);
            let by_hand = by_hand(line, format, now());
            assert_eq!(
                untimed(&by_hand, format),
                untimed(&traced, format),
                "{format:?}"
            );
        }
    }

    #[test]
    fn a_line_by_hand_is_the_line_the_subscriber_writes() {
        assert_same(&RequestLine {
            request_id: 1,
            operation: "HoldersDuring",
            document: None,
            duration_us: 691,
            outcome: "ok",
            code: None,
        });
        assert_same(&RequestLine {
            request_id: u64::MAX,
            operation: "A,B",
            document: Some("sha256:4236,\"odd\" é\u{1}\t\\"),
            duration_us: 0,
            outcome: "refused",
            code: Some("BAD_REQUEST"),
        });
        assert_same(&RequestLine {
            request_id: 7,
            operation: "say \"hi\"",
            document: Some("back\\slash"),
            duration_us: 12,
            outcome: "ok",
            code: None,
        });
    }

    #[test]
    fn a_timestamp_is_written_as_rfc_3339_to_the_microsecond() {
        for (seconds, micros, text) in [
            (0, 0, "1970-01-01T00:00:00.000000Z"),
            (1_796_305_739, 263_693, "2026-12-03T13:48:59.263693Z"),
            (1_796_305_739, 7, "2026-12-03T13:48:59.000007Z"),
            (1_796_305_740, 999_999, "2026-12-03T13:49:00.999999Z"),
        ] {
            let mut line = Vec::new();
            Timestamp { seconds, micros }.write(&mut line);
            assert_eq!(String::from_utf8(line).unwrap(), text);
        }
    }

    /// Any text, or printable ASCII alone (which any text would seldom be).
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[ -~]{0,24}"]
    }

    proptest! {
        #[test]
        fn any_line_by_hand_is_the_line_the_subscriber_writes(
            request_id in any::<u64>(),
            operation in text(),
            document in proptest::option::of(text()),
            duration_us in any::<u64>(),
            outcome in "[a-z]{1,12}",
            code in proptest::option::of("[A-Z_]{1,30}"),
        ) {
            let line = RequestLine {
                request_id,
                operation: &operation,
                document: document.as_deref(),
                duration_us,
                outcome: &outcome,
                code: code.as_deref(),
            };
            for format in [LogFormat::Text, LogFormat::Json] {
                let traced = traced(&line, format);
                let by_hand = by_hand(&line, format, now());
                prop_assert_eq!(untimed(&by_hand, format), untimed(&traced, format));
            }
        }

        #[test]
        fn any_timestamp_is_written_as_chrono_writes_rfc_3339(
            seconds in 0i64..253_402_300_800,
            micros in 0u32..1_000_000,
        ) {
            let mut line = Vec::new();
            Timestamp { seconds, micros }.write(&mut line);
            let expected = chrono::DateTime::from_timestamp(seconds, micros * 1000)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            prop_assert_eq!(String::from_utf8(line).unwrap(), expected);
        }
    }
}
