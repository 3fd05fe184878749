#!/usr/bin/env bash
# Soak test of tenure: DURATION seconds (default 60) of mixed queries at 64 connections
# against the release server, watching for errors and memory growth.
#
# tenure (`tenure serve --workers 1`) is pinned to CPU 0 and wrk to CPU 1, as in
# bench/http.sh: `taskset -c 1 wrk -t1 -c64 -dDURATIONs --latency -s bench/soak.lua`.
# Each request is, with equal odds, one of the four benchmark queries
# (bench/queries: holders-during, incumbent, all-terms, introspection) or
# holders-during with a fresh random date range (no cache can answer it); every
# response is checked (200 and no "errors" key). tenure's RSS (VmRSS of
# /proc/PID/status) is sampled every second.
#
# Passes when there are no errors (non-2xx responses, socket errors and responses with
# GraphQL errors all count) and RSS at the end is less than 10% above RSS after the
# WARMUP (default 10 s). Prints a summary and a Markdown block for BENCHMARKS.md;
# exits non-zero on failure.
#
# Usage (from anywhere):  bench/soak.sh
# Environment: DURATION (default 60), WARMUP (default 10), CONNECTIONS (default 64),
#   MAX_GROWTH (percent, default 10), DATA (default the repository's data/),
#   STARTUP_TIMEOUT (default 60), RUST_LOG (passed to tenure; its default, info, logs
#   every request: the log is kept under 64 MiB).
# Needs: bash, curl, python3, taskset, 2 CPUs; installs wrk from Debian when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CALLER_DIR="$PWD"
QUERIES="$ROOT/bench/queries"
DURATION="${DURATION:-60}"
DURATION="${DURATION%s}"
WARMUP="${WARMUP:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
MAX_GROWTH="${MAX_GROWTH:-10}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-60}"

log() { printf '[soak.sh %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
    printf 'soak.sh: error: %s\n' "$*" >&2
    exit 1
}

[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a whole number of seconds, got '$DURATION'"
[[ "$WARMUP" =~ ^[0-9]+$ ]] && ((WARMUP < DURATION)) || die "WARMUP must be whole seconds below DURATION"
[[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS must be a positive whole number"

if [[ -z "${DATA:-}" ]]; then
    DATA_DIR="$ROOT/data"
elif [[ "$DATA" = /* ]]; then
    DATA_DIR="$DATA"
else
    DATA_DIR="$CALLER_DIR/$DATA"
fi
[[ -d "$DATA_DIR" ]] || die "DATA: no such directory: $DATA_DIR"

for tool in curl python3 taskset cargo; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done
if ! command -v wrk >/dev/null; then
    log "wrk is missing: installing it from Debian's packages"
    [[ "$(id -u)" -eq 0 ]] || die "wrk is missing and installing it needs root"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
        || die "could not install wrk"
fi
(($(nproc) >= 2)) || die "needs at least 2 CPUs (tenure on CPU 0, wrk on CPU 1)"
for file in holders-during.graphql holders-during.variables.json incumbent.graphql \
    all-terms.graphql introspection.graphql; do
    [[ -f "$QUERIES/$file" ]] || die "missing benchmark query $QUERIES/$file"
done

log "building: cargo build --release --bin tenure"
(cd "$ROOT" && cargo build --release --bin tenure) || die "cargo build --release --bin tenure failed"
# The build's folder: $CARGO_TARGET_DIR as cargo reads it (from the repository root), or target/.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
TENURE="$TARGET_DIR/release/tenure"

OUT="$(mktemp -d "${TMPDIR:-/tmp}/tenure-soak.XXXXXX")"
mkdir -p "$OUT/requests"
log "wrk output, RSS samples and tenure's log go to $OUT"

TENURE_PID=""
cleanup() {
    if [[ -n "$TENURE_PID" ]] && kill -0 "$TENURE_PID" 2>/dev/null; then
        kill "$TENURE_PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$TENURE_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$TENURE_PID" 2>/dev/null || true
    fi
    [[ -n "$TENURE_PID" ]] && wait "$TENURE_PID" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

python3 - "$QUERIES" "$OUT/requests" <<'PY'
import json, pathlib, sys

queries, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for name in ["holders-during", "incumbent", "all-terms", "introspection"]:
    body = {"query": (queries / f"{name}.graphql").read_text()}
    variables = queries / f"{name}.variables.json"
    if variables.exists():
        body["variables"] = json.loads(variables.read_text())
    (out / f"{name}.json").write_text(json.dumps(body))
(out / "holders-during.query.json").write_text(json.dumps((queries / "holders-during.graphql").read_text()))
PY

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
TENURE_LOG="$OUT/tenure.log"
taskset -c 0 "$TENURE" serve --listen "127.0.0.1:$PORT" --data "$DATA_DIR" --workers 1 >>"$TENURE_LOG" 2>&1 &
TENURE_PID=$!
deadline=$((SECONDS + STARTUP_TIMEOUT))
until curl -fsS -o /dev/null --max-time 1 "$URL/healthz" 2>/dev/null; do
    if ! kill -0 "$TENURE_PID" 2>/dev/null || ((SECONDS >= deadline)); then
        tail -n 30 "$TENURE_LOG" >&2 || true
        die "tenure did not answer $URL/healthz (log above)"
    fi
    sleep 0.1
done
for name in holders-during incumbent all-terms introspection; do
    status="$(curl -sS --max-time 10 -o "$OUT/$name.answer.json" -w '%{http_code}' \
        -H 'content-type: application/json' --data-binary @"$OUT/requests/$name.json" "$URL/graphql")"
    [[ "$status" == 200 ]] && ! grep -q '"errors"' "$OUT/$name.answer.json" \
        || die "tenure answers $name with HTTP $status: $(head -c 300 "$OUT/$name.answer.json")"
done
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$TENURE_PID/status"; }
log "tenure is up on $URL (pid $TENURE_PID, CPU 0, 1 worker); RSS $(rss_kib) KiB before load"

START_DATE="$(date -Is)"
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"
log "soak: ${DURATION}s of mixed queries at $CONNECTIONS connections (wrk on CPU 1)"
taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
    -s "$ROOT/bench/soak.lua" "$URL/graphql" -- "$OUT/requests" >"$OUT/wrk.txt" 2>&1 &
WRK_PID=$!
# One RSS sample a second: "seconds-since-start KiB".
: >"$OUT/rss.txt"
started=$EPOCHREALTIME
while kill -0 "$WRK_PID" 2>/dev/null; do
    kill -0 "$TENURE_PID" 2>/dev/null || break
    printf '%s %s\n' "$(python3 -c "print(f'{$EPOCHREALTIME - $started:.1f}')")" "$(rss_kib)" >>"$OUT/rss.txt"
    if [[ "$(stat -c %s "$TENURE_LOG")" -gt $((64 * 1024 * 1024)) ]]; then : >"$TENURE_LOG"; fi
    sleep 1
done
wrk_status=0
wait "$WRK_PID" || wrk_status=$?
kill -0 "$TENURE_PID" 2>/dev/null || {
    tail -n 30 "$TENURE_LOG" >&2
    die "tenure died during the soak (log above)"
}
END_RSS="$(rss_kib)"
printf '%s %s\n' "end" "$END_RSS" >>"$OUT/rss.txt"
((wrk_status == 0)) || {
    cat "$OUT/wrk.txt" >&2
    die "wrk failed (output above)"
}

COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
[[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]] || COMMIT+="-dirty"
python3 - "$OUT" "$WARMUP" "$MAX_GROWTH" "$DURATION" "$CONNECTIONS" "$START_DATE" "$LOADAVG" "$COMMIT" <<'PY'
import pathlib, re, sys

out = pathlib.Path(sys.argv[1])
warmup, max_growth, duration, connections = float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
start_date, loadavg, commit = sys.argv[6], sys.argv[7], sys.argv[8]
text = (out / "wrk.txt").read_text()
samples = []
for line in (out / "rss.txt").read_text().split("\n"):
    if line.strip():
        t, kib = line.split()
        samples.append((float("inf") if t == "end" else float(t), int(kib)))

def get(pattern, default=None):
    m = re.search(pattern, text, re.M)
    return m.groups() if m else default

rps = float(get(r"^Requests/sec:\s+([\d.]+)")[0])
total = int(get(r"^\s+(\d+) requests in")[0])
non2xx = int(get(r"Non-2xx or 3xx responses:\s+(\d+)", ("0",))[0])
socket = get(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", ("0", "0", "0", "0"))
socket_errors = sum(int(x) for x in socket)
checked, failed = (int(x) for x in get(r"soak: (\d+) responses checked, (\d+) failed"))
mix = get(r"soak mix: (.*)", ("?",))[0]
lat = {p: get(rf"^\s+{p}%\s+(\S+)\s*$", ("?",))[0] for p in ("50", "99")}

after_warmup = next(kib for t, kib in samples if t >= warmup)
end = samples[-1][1]
peak = max(kib for _, kib in samples)
growth = 100.0 * (end - after_warmup) / after_warmup
errors = non2xx + socket_errors + failed

ok_errors, ok_growth = errors == 0, growth < max_growth
summary = (
    f"soak: {duration}s, {connections} connections, {total} requests, {rps:,.0f} req/s "
    f"(p50 {lat['50']}, p99 {lat['99']}); errors {errors} (non-2xx {non2xx}, socket {socket_errors}, "
    f"GraphQL errors/other failed checks {failed}); RSS {after_warmup / 1024:.1f} MiB after {warmup:g}s "
    f"-> {end / 1024:.1f} MiB at the end ({growth:+.1f}%, peak {peak / 1024:.1f} MiB)"
)
print(summary)
print()
print(f"Soak ({start_date}, commit {commit}, load average at start {loadavg}): `bench/soak.sh` "
      f"(DURATION={duration}): tenure serve --workers 1 on CPU 0, `taskset -c 1 wrk -t1 -c{connections}` "
      f"with bench/soak.lua (mix: {mix}).")
print()
print("| requests | req/s | p50 | p99 | errors | RSS after warm-up | RSS at end | growth |")
print("|--:|--:|--:|--:|--:|--:|--:|--:|")
print(f"| {total:,} | {rps:,.0f} | {lat['50']} | {lat['99']} | {errors} | {after_warmup / 1024:.1f} MiB "
      f"| {end / 1024:.1f} MiB | {growth:+.1f} % |")
print()
print(f"RSS samples: {out}/rss.txt; wrk output: {out}/wrk.txt")
problems = []
if not ok_errors:
    problems.append(f"{errors} errors (must be 0)")
if not ok_growth:
    problems.append(f"RSS grew {growth:.1f}% after warm-up (must be under {max_growth:g}%)")
if checked + socket_errors < total * 0.99:
    problems.append(f"only {checked} of {total} responses were checked")
if problems:
    sys.exit("soak.sh: FAILED: " + "; ".join(problems))
print("soak.sh: passed")
PY
