#!/usr/bin/env bash
# HTTP benchmark of tenure's POST /graphql against a static baseline.
#
# For each benchmark query (bench/queries), the same
# wrk load is sent to
#   - tenure:          `tenure serve --workers 1`, pinned to CPU 0, and
#   - static-baseline: an actix-web server answering every request with the exact bytes
#                      tenure returned for that query (bench/static_baseline.rs), on CPU 0;
# wrk itself runs on CPU 1 (`taskset -c 1 wrk -t1 -c32 -dDURATIONs --latency`). Only one
# server is under load at a time, and the runs are interleaved (tenure, baseline, next
# case, ... for each round), so slow drift on the machine hits both sides alike. The
# ratio column says how close the GraphQL path comes to serving the same bytes
# statically.
#
# Cases: holders-during, holders-during-random (a fresh random from/to per request,
# built in bench/random-range.lua, so no cache can answer it; its static baseline
# serves the fixed holders-during answer), holders-during-random-id (the same random
# ranges, the document named by its `documentId` instead of its text: tenure is
# started with --trusted-documents holding it, so the two rows compare a persisted
# document with the full text in the same run), holders-during-random-noplans (the
# same random ranges against a tenure started with --no-plans, so every request runs
# on async-graphql: what prepared plans are worth, in the same run), incumbent,
# all-terms, introspection, and incumbent-nocache and all-terms-nocache (a tenure
# started with --answer-cache-bytes 0, so every request executes).
#
# The headline cases (holders-during, holders-during-random and
# holders-during-random-id) also run against a second baseline, handler-baseline
# (bench/handler_baseline.rs): a hand-written actix-web handler that computes the
# headline answer from the same catalog with serde and no GraphQL, checked to answer
# tenure's bytes; "÷ handler" is tenure's throughput as a share of it.
#
# Usage (from anywhere):  bench/http.sh
# Environment:
#   DURATION  seconds per wrk run (default 10)
#   ROUNDS    interleaved rounds; the table shows medians over them (default 3)
#   DATA      dataset directory (default: the repository's data/; a relative path is
#             taken from the directory you run the script in)
#   STARTUP_TIMEOUT  seconds to wait for a server to answer (default 60)
#   RUST_LOG  passed to tenure as usual (its default, info, logs every request)
#   COMPARE   another tenure binary (e.g. one built from an earlier commit) to run
#             beside this one, case by case in the same rounds; the table then shows
#             its figures and this build's throughput as a ratio of it
#
# Prints the Markdown table on stdout (progress goes to stderr) and keeps every raw wrk
# output, the request bodies and tenure's responses in a temporary directory whose path
# it prints. Needs: bash, curl, python3, taskset, at least 2 CPUs; installs wrk from
# Debian's packages when it is missing.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CALLER_DIR="$PWD"
QUERIES="$ROOT/bench/queries"
DURATION="${DURATION:-10}"
DURATION="${DURATION%s}"
ROUNDS="${ROUNDS:-3}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-60}"
CONNECTIONS=32
CASES=(holders-during holders-during-random holders-during-random-id holders-during-random-noplans incumbent all-terms introspection incumbent-nocache all-terms-nocache)

log() { printf '[http.sh %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
    printf 'http.sh: error: %s\n' "$*" >&2
    exit 1
}

[[ "$DURATION" =~ ^[1-9][0-9]*$ ]] || die "DURATION must be a whole number of seconds, got '$DURATION'"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive whole number, got '$ROUNDS'"
[[ "$STARTUP_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "STARTUP_TIMEOUT must be a whole number of seconds"

# --- The dataset -----------------------------------------------------------------------
if [[ -z "${DATA:-}" ]]; then
    DATA=data
    DATA_DIR="$ROOT/data"
elif [[ "$DATA" = /* ]]; then
    DATA_DIR="$DATA"
else
    DATA_DIR="$CALLER_DIR/$DATA"
fi
[[ -d "$DATA_DIR" ]] || die "DATA: no such directory: $DATA_DIR"
DATA_DIR="$(cd "$DATA_DIR" && pwd)"

# --- Tools -----------------------------------------------------------------------------
for tool in curl python3 taskset cargo; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done
if ! command -v wrk >/dev/null; then
    log "wrk is missing: installing it from Debian's packages"
    sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null || die "wrk is missing and installing it needs root (or sudo)"
        sudo=(sudo)
    fi
    { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq wrk >/dev/null; } \
        || die "could not install wrk (apt-get install wrk failed)"
    command -v wrk >/dev/null || die "wrk is still missing after apt-get install wrk"
fi
CPUS="$(nproc)"
((CPUS >= 2)) || die "needs at least 2 CPUs (servers on CPU 0, wrk on CPU 1); nproc says $CPUS"

for file in holders-during.graphql holders-during.variables.json incumbent.graphql \
    all-terms.graphql introspection.graphql; do
    [[ -f "$QUERIES/$file" ]] || die "missing benchmark query $QUERIES/$file"
done

# --- Build -----------------------------------------------------------------------------
log "building: cargo build --release --bin tenure --example static-baseline --example handler-baseline"
(cd "$ROOT" && cargo build --release --bin tenure --example static-baseline --example handler-baseline) \
    || die "cargo build --release failed (see above)"
# The build's folder: $CARGO_TARGET_DIR as cargo reads it (from the repository root), or target/.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
TENURE="$TARGET_DIR/release/tenure"
BASELINE="$TARGET_DIR/release/examples/static-baseline"
HANDLER="$TARGET_DIR/release/examples/handler-baseline"
[[ -x "$TENURE" && -x "$BASELINE" ]] || die "the build did not produce $TENURE and $BASELINE"

OUT="$(mktemp -d "${TMPDIR:-/tmp}/tenure-http-bench.XXXXXX")"
mkdir -p "$OUT/raw" "$OUT/requests" "$OUT/responses"
WARNINGS="$OUT/warnings.txt"
: >"$WARNINGS"
log "raw wrk outputs, request bodies and responses go to $OUT"

# --- Processes -------------------------------------------------------------------------
TENURE_PID=""
BASELINE_PID=""
COMPARE_PID=""
NOCACHE_PID=""
NOPLANS_PID=""
HANDLER_PID=""
if [[ -n "${COMPARE:-}" ]]; then
    [[ -x "$COMPARE" ]] || die "COMPARE=$COMPARE is not an executable"
fi

# Stops one process we started: SIGTERM, then SIGKILL after 5 s.
stop_process() {
    local pid="$1"
    [[ -n "$pid" ]] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop_process "$BASELINE_PID"
    stop_process "$TENURE_PID"
    stop_process "$COMPARE_PID"
    stop_process "$NOCACHE_PID"
    stop_process "$NOPLANS_PID"
    stop_process "$HANDLER_PID"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_ready URL PID NAME LOGFILE: until URL answers 2xx; dies with the log if the
# process exits or does not answer within STARTUP_TIMEOUT.
wait_ready() {
    local url="$1" pid="$2" name="$3" logfile="$4"
    local deadline=$((SECONDS + STARTUP_TIMEOUT))
    while true; do
        if ! kill -0 "$pid" 2>/dev/null; then
            local status=0
            wait "$pid" 2>/dev/null || status=$?
            printf '\n--- %s log (%s) ---\n' "$name" "$logfile" >&2
            tail -n 50 "$logfile" >&2 || true
            printf -- '--- end of log ---\n' >&2
            die "$name exited (status $status) before answering $url"
        fi
        if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then
            return 0
        fi
        if ((SECONDS >= deadline)); then
            printf '\n--- %s log (%s) ---\n' "$name" "$logfile" >&2
            tail -n 50 "$logfile" >&2 || true
            printf -- '--- end of log ---\n' >&2
            die "$name did not answer $url within ${STARTUP_TIMEOUT}s"
        fi
        sleep 0.1
    done
}

# post URL BODY_FILE OUT_FILE HEADERS_FILE: prints the HTTP status.
post() {
    curl -sS --max-time 30 -o "$3" -D "$4" -w '%{http_code}' \
        -H 'content-type: application/json' --data-binary @"$2" "$1"
}

# Warnings for the report, each once.
warn() {
    if ! grep -qxF -- "$1" "$WARNINGS"; then
        log "WARNING: $1"
        printf '%s\n' "$1" >>"$WARNINGS"
    fi
}

# check_keepalive NAME HEADERS_FILE: a server that answers `connection: close` makes
# wrk open a new TCP connection for every request, which then dominates its figures.
# (actix-web closes the connection when a handler leaves the request body unread:
# actix/actix-web#2624.)
check_keepalive() {
    if tr -d '\r' <"$2" | grep -qi '^connection: *close'; then
        warn "$1 answers POST /graphql with \`connection: close\`: every wrk request to it opens a new TCP connection, so its figures are not comparable (a handler that leaves the request body unread gets this from actix-web; see actix/actix-web#2624)"
    fi
}

# --- Request bodies, and the manifest tenure starts with -------------------------------
python3 - "$QUERIES" "$OUT/requests" <<'PY'
import hashlib, json, pathlib, sys

queries, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for name in ["holders-during", "incumbent", "all-terms", "introspection"]:
    body = {"query": (queries / f"{name}.graphql").read_text()}
    variables = queries / f"{name}.variables.json"
    if variables.exists():
        body["variables"] = json.loads(variables.read_text())
    (out / f"{name}.json").write_text(json.dumps(body))
# For bench/random-range.lua: the document alone, as a JSON string literal.
text = (queries / "holders-during.graphql").read_text()
(out / "holders-during.query.json").write_text(json.dumps(text))
# ...and its documentId, with the manifest tenure is started with.
document_id = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
(out / "holders-during.id.json").write_text(json.dumps(document_id))
(out / "manifest.json").write_text(json.dumps({document_id: text}))
body = {"documentId": document_id}
body["variables"] = json.loads((queries / "holders-during.variables.json").read_text())
(out / "holders-during-id.json").write_text(json.dumps(body))
PY

# --- tenure ----------------------------------------------------------------------------
TENURE_LOG="$OUT/tenure.log"
TENURE_PORT="$(free_port)"
TENURE_URL="http://127.0.0.1:$TENURE_PORT"
log "starting tenure on $TENURE_URL (CPU 0, 1 worker, data $DATA_DIR)"
# Appending (>>) so the log can be truncated safely between runs while tenure writes.
taskset -c 0 "$TENURE" serve --listen "127.0.0.1:$TENURE_PORT" --data "$DATA_DIR" --workers 1 \
    --trusted-documents "$OUT/requests/manifest.json" >>"$TENURE_LOG" 2>&1 &
TENURE_PID=$!
wait_ready "$TENURE_URL/healthz" "$TENURE_PID" tenure "$TENURE_LOG"
log "tenure is up (pid $TENURE_PID)"

NOCACHE_LOG="$OUT/tenure-nocache.log"
NOCACHE_PORT="$(free_port)"
NOCACHE_URL="http://127.0.0.1:$NOCACHE_PORT"
log "starting tenure --answer-cache-bytes 0 on $NOCACHE_URL (CPU 0, 1 worker)"
taskset -c 0 "$TENURE" serve --listen "127.0.0.1:$NOCACHE_PORT" --data "$DATA_DIR" --workers 1 \
    --answer-cache-bytes 0 >>"$NOCACHE_LOG" 2>&1 &
NOCACHE_PID=$!
wait_ready "$NOCACHE_URL/healthz" "$NOCACHE_PID" tenure-nocache "$NOCACHE_LOG"

NOPLANS_LOG="$OUT/tenure-noplans.log"
NOPLANS_PORT="$(free_port)"
NOPLANS_URL="http://127.0.0.1:$NOPLANS_PORT"
log "starting tenure --no-plans on $NOPLANS_URL (CPU 0, 1 worker)"
taskset -c 0 "$TENURE" serve --listen "127.0.0.1:$NOPLANS_PORT" --data "$DATA_DIR" --workers 1 \
    --no-plans >>"$NOPLANS_LOG" 2>&1 &
NOPLANS_PID=$!
wait_ready "$NOPLANS_URL/healthz" "$NOPLANS_PID" tenure-noplans "$NOPLANS_LOG"

HANDLER_PORT="$(free_port)"
HANDLER_URL="http://127.0.0.1:$HANDLER_PORT"
log "starting handler-baseline on $HANDLER_URL (CPU 0)"
taskset -c 0 "$HANDLER" "127.0.0.1:$HANDLER_PORT" "$DATA_DIR" >"$OUT/handler.log" 2>&1 &
HANDLER_PID=$!
for _ in $(seq $((STARTUP_TIMEOUT * 10))); do
    curl -s -o /dev/null --max-time 1 "$HANDLER_URL/" 2>/dev/null && break
    kill -0 "$HANDLER_PID" 2>/dev/null || { cat "$OUT/handler.log" >&2; die "handler-baseline exited"; }
    sleep 0.1
done

COMPARE_LOG="$OUT/compare.log"
if [[ -n "${COMPARE:-}" ]]; then
    COMPARE_PORT="$(free_port)"
    COMPARE_URL="http://127.0.0.1:$COMPARE_PORT"
    log "starting the comparison build $COMPARE on $COMPARE_URL (CPU 0, 1 worker)"
    taskset -c 0 "$COMPARE" serve --listen "127.0.0.1:$COMPARE_PORT" --data "$DATA_DIR" --workers 1 \
        >>"$COMPARE_LOG" 2>&1 &
    COMPARE_PID=$!
    wait_ready "$COMPARE_URL/healthz" "$COMPARE_PID" compare "$COMPARE_LOG"
fi

# tenure logs every request at the default level; keep the logs from filling the disk.
trim_tenure_log() {
    for logfile in "$TENURE_LOG" "$COMPARE_LOG" "$NOCACHE_LOG" "$NOPLANS_LOG"; do
        if [[ -f "$logfile" && "$(stat -c %s "$logfile")" -gt $((64 * 1024 * 1024)) ]]; then
            : >"$logfile"
        fi
    done
}

# --- Tenure's real answers ----------------------------------------------------------

for name in holders-during incumbent all-terms introspection; do
    response="$OUT/responses/$name.json"
    status="$(post "$TENURE_URL/graphql" "$OUT/requests/$name.json" "$response" "$OUT/responses/$name.headers")" \
        || die "curl could not POST $name to tenure"
    if [[ "$status" != 200 ]]; then
        head -c 2000 "$response" >&2 || true
        echo >&2
        die "tenure answered $name with HTTP $status (body above)"
    fi
    python3 - "$name" "$response" <<'PY' || die "tenure's answer to $name is not a clean GraphQL result (see above)"
import json, sys

name, path = sys.argv[1], sys.argv[2]
raw = open(path, "rb").read()
try:
    answer = json.loads(raw)
except ValueError as e:
    sys.exit(f"{name}: the response is not JSON ({e}): {raw[:500]!r}")
if not isinstance(answer, dict):
    sys.exit(f"{name}: the response is not a JSON object: {raw[:500]!r}")
if "errors" in answer:
    sys.exit(f"{name}: the response has errors: {json.dumps(answer['errors'])[:2000]}")
if answer.get("data") is None:
    sys.exit(f"{name}: the response has no data: {raw[:500]!r}")
PY
    check_keepalive tenure "$OUT/responses/$name.headers"
    log "tenure answers $name: HTTP 200, $(stat -c %s "$response") bytes, no errors"
done

# The handler must answer the headline query with tenure's exact bytes.
post "$HANDLER_URL/graphql" "$OUT/requests/holders-during.json" "$OUT/handler-check.json" \
    "$OUT/handler-check.headers" >/dev/null || die "curl could not reach handler-baseline"
cmp -s "$OUT/handler-check.json" "$OUT/responses/holders-during.json" \
    || die "handler-baseline does not answer the headline query with tenure's bytes ($OUT/handler-check.json)"
check_keepalive handler-baseline "$OUT/handler-check.headers"

# The document by its id gets the very bytes its text gets.
id_status="$(post "$TENURE_URL/graphql" "$OUT/requests/holders-during-id.json" "$OUT/responses/holders-during-id.json" \
    "$OUT/responses/holders-during-id.headers")" || die "curl could not POST holders-during by documentId"
[[ "$id_status" == 200 ]] || die "tenure answered holders-during by documentId with HTTP $id_status: $(head -c 500 "$OUT/responses/holders-during-id.json")"
cmp -s "$OUT/responses/holders-during-id.json" "$OUT/responses/holders-during.json" \
    || die "tenure's answer to holders-during by documentId differs from its answer to the text"
log "tenure answers holders-during by documentId with the same bytes as by text"

# --- Runs ------------------------------------------------------------------------------
# The benchmark query a case sends.
case_query() {
    case "$1" in
        holders-during-random*) echo holders-during ;;
        *-nocache) echo "${1%-nocache}" ;;
        *) echo "$1" ;;
    esac
}
# The tenure instance a case runs against.
case_url() {
    case "$1" in
        *-nocache) echo "$NOCACHE_URL/graphql" ;;
        *-noplans) echo "$NOPLANS_URL/graphql" ;;
        *) echo "$TENURE_URL/graphql" ;;
    esac
}
case_script() {
    case "$1" in
        holders-during-random*) echo "$ROOT/bench/random-range.lua" ;;
        *) echo "$ROOT/bench/post.lua" ;;
    esac
}
case_script_arg() {
    case "$1" in
        holders-during-random | holders-during-random-noplans) echo "$OUT/requests/holders-during.query.json" ;;
        holders-during-random-id) echo "$OUT/requests/holders-during.id.json" ;;
        *) echo "$OUT/requests/$(case_query "$1").json" ;;
    esac
}
# How bench/random-range.lua names the document: its text, or its documentId.
case_script_key() {
    case "$1" in
        holders-during-random-id) echo documentId ;;
        *) echo query ;;
    esac
}
case_response() {
    echo "$OUT/responses/$(case_query "$1").json"
}

# run_wrk CASE SERVER ROUND URL
run_wrk() {
    local case="$1" server="$2" round="$3" url="$4"
    local out="$OUT/raw/$case.$server.round$round.txt"
    if ! taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
        -s "$(case_script "$case")" "$url" -- "$(case_script_arg "$case")" "$(case_script_key "$case")" \
        >"$out" 2>&1; then
        cat "$out" >&2
        die "wrk failed against $server ($case, round $round); output above"
    fi
    grep -q '^Requests/sec:' "$out" || {
        cat "$out" >&2
        die "wrk printed no Requests/sec line against $server ($case, round $round)"
    }
    local rps warn=""
    rps="$(awk '/^Requests\/sec:/ { print $2 }' "$out")"
    grep -q 'Non-2xx or 3xx responses:' "$out" && warn+=" [non-2xx responses!]"
    grep -q 'Socket errors:' "$out" && warn+=" [socket errors!]"
    grep -Eq 'random-range: [0-9]+ responses checked, [1-9][0-9]* failed' "$out" && warn+=" [failed responses!]"
    log "  $server: $rps req/s$warn"
}

start_baseline() {
    local response="$1"
    local port
    port="$(free_port)"
    BASELINE_URL="http://127.0.0.1:$port"
    taskset -c 0 "$BASELINE" "127.0.0.1:$port" "$response" application/json \
        >"$OUT/static-baseline.log" 2>&1 &
    BASELINE_PID=$!
    wait_ready "$BASELINE_URL/" "$BASELINE_PID" static-baseline "$OUT/static-baseline.log"
}

START_DATE="$(date -Is)"
LOADAVG="$(cut -d' ' -f1-3 /proc/loadavg)"
log "running ${#CASES[@]} cases x 2 servers x $ROUNDS rounds x ${DURATION}s" \
    "(about $((${#CASES[@]} * 2 * ROUNDS * DURATION))s of load)"
for round in $(seq 1 "$ROUNDS"); do
    for case in "${CASES[@]}"; do
        log "round $round/$ROUNDS, $case"
        run_wrk "$case" tenure "$round" "$(case_url "$case")"
        if [[ "$(case_query "$case")" == holders-during ]]; then
            run_wrk "$case" handler "$round" "$HANDLER_URL/graphql"
        fi
        # The earlier build runs with its defaults, on the cases sent as text with the
        # answer cache on (it may know neither --trusted-documents nor the cache flags).
        if [[ -n "${COMPARE:-}" && "$case" != *-id && "$case" != *-nocache && "$case" != *-noplans ]]; then
            run_wrk "$case" compare "$round" "$COMPARE_URL/graphql"
        fi
        trim_tenure_log
        kill -0 "$TENURE_PID" 2>/dev/null || {
            tail -n 50 "$TENURE_LOG" >&2
            die "tenure died during the $case run (log above)"
        }
        start_baseline "$(case_response "$case")"
        # The baseline must serve exactly tenure's bytes (it ignores the request body).
        post "$BASELINE_URL/graphql" "$OUT/requests/holders-during.json" "$OUT/baseline-check.json" \
            "$OUT/baseline-check.headers" >/dev/null || die "curl could not reach static-baseline"
        cmp -s "$OUT/baseline-check.json" "$(case_response "$case")" \
            || die "static-baseline does not serve the bytes of $(case_response "$case")"
        check_keepalive static-baseline "$OUT/baseline-check.headers"
        run_wrk "$case" static "$round" "$BASELINE_URL/graphql"
        stop_process "$BASELINE_PID"
        BASELINE_PID=""
    done
done
stop_process "$TENURE_PID"
TENURE_PID=""
stop_process "$COMPARE_PID"
COMPARE_PID=""
stop_process "$NOCACHE_PID"
NOCACHE_PID=""
stop_process "$NOPLANS_PID"
NOPLANS_PID=""
stop_process "$HANDLER_PID"
HANDLER_PID=""

# --- Report ----------------------------------------------------------------------------
if COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)"; then
    [[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]] || COMMIT+="-dirty"
else
    COMMIT=unknown
fi
CPU_MODEL="$(grep -m1 -E '^(model name|Model|cpu model)' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
DATASET="$("$TENURE" check --data "$DATA_DIR" 2>/dev/null | sed 's/^.*: ok: //')" || DATASET="?"

HEADER="tenure HTTP benchmark: $START_DATE · nproc $CPUS · ${CPU_MODEL:-unknown CPU} · commit $COMMIT · DATA=$DATA · DURATION=${DURATION}s · ROUNDS=$ROUNDS"
METHOD="tenure serve --workers 1 and static-baseline (the same response bytes) pinned to CPU 0, one at a time; taskset -c 1 wrk -t1 -c$CONNECTIONS --latency; medians over rounds; ratio = tenure req/s / static req/s. Dataset: $DATASET. Load average at start: $LOADAVG. RUST_LOG=${RUST_LOG:-unset (info)}."
[[ -n "${COMPARE:-}" ]] && METHOD+=" Comparison build: $COMPARE (same settings, same rounds); vs before = tenure req/s / comparison req/s."
HEADER="$HEADER" METHOD="$METHOD" COMPARING="${COMPARE:+yes}" python3 - "$OUT" "$ROUNDS" "${CASES[@]}" >"$OUT/results.md" <<'PY'
import os, pathlib, re, statistics, sys

out, rounds, cases = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}

def parse(path):
    text = path.read_text()
    result = {"rps": float(re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M).group(1))}
    distribution = text.split("Latency Distribution", 1)[1]
    for pct in ("50", "99"):
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s|m|h)\s*$", distribution, re.M).groups()
        result["p" + pct] = float(value) * UNITS[unit]
    warnings = []
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
        warnings.append(f"{m.group(1)} non-2xx/3xx responses")
    if m := re.search(r"Socket errors:\s+(.*)", text):
        warnings.append(f"socket errors ({m.group(1).strip()})")
    if (m := re.search(r"random-range: (\d+) responses checked, (\d+) failed", text)) and int(m.group(2)):
        warnings.append(f"{m.group(2)} of {m.group(1)} responses were not 200 or held errors")
    return result, warnings

def ms(value):
    return f"{value * 1e3:.0f} us" if value < 1 else f"{value:.2f} ms"

rows = []
medians_by_case = {}
warnings = [line for line in (out / "warnings.txt").read_text().splitlines() if line]
comparing = bool(os.environ.get("COMPARING"))
servers = ("tenure", "compare", "static") if comparing else ("tenure", "static")
for case in cases:
    medians = {}
    for server in servers + ("handler",):
        if server in ("handler", "compare") and not (out / "raw" / f"{case}.{server}.round1.txt").exists():
            continue
        runs = []
        for r in range(1, rounds + 1):
            path = out / "raw" / f"{case}.{server}.round{r}.txt"
            result, warns = parse(path)
            runs.append(result)
            warnings += [f"{server} {case} round {r}: {w} ({path})" for w in warns]
        medians[server] = {k: statistics.median(run[k] for run in runs) for k in ("rps", "p50", "p99")}
    t, s = medians["tenure"], medians["static"]
    medians_by_case[case] = t
    row = (
        f"| {case} | {t['rps']:,.0f} | {ms(t['p50'])} | {ms(t['p99'])} "
        f"| {s['rps']:,.0f} | {ms(s['p50'])} | {ms(s['p99'])} | {100 * t['rps'] / s['rps']:.1f} % |"
    )
    if "handler" in medians:
        h = medians["handler"]
        row += f" {h['rps']:,.0f} | {ms(h['p99'])} | {100 * t['rps'] / h['rps']:.1f} % |"
    else:
        row += " | | |"
    if comparing and "compare" in medians:
        c = medians["compare"]
        row += f" {c['rps']:,.0f} | {ms(c['p99'])} | {100 * t['rps'] / c['rps']:.1f} % |"
    elif comparing:
        row += " n/a | n/a | n/a |"
    rows.append(row)

print(os.environ["HEADER"])
print()
print(os.environ["METHOD"])
print()
head = "| query | tenure req/s | p50 | p99 | static req/s | p50 | p99 | ÷ static | handler req/s | handler p99 | ÷ handler |"
rule = "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
if comparing:
    head += " before req/s | before p99 | vs before |"
    rule += "--:|--:|--:|"
print(head)
print(rule)
print("\n".join(rows))
ids, texts = medians_by_case.get("holders-during-random-id"), medians_by_case.get("holders-during-random")
if ids and texts:
    print()
    print(
        f"holders-during on random ranges by documentId: {ids['rps']:,.0f} req/s, p99 {ms(ids['p99'])}; "
        f"by full text: {texts['rps']:,.0f} req/s, p99 {ms(texts['p99'])}; "
        f"documentId / text = {100 * ids['rps'] / texts['rps']:.1f} %"
    )
if warnings:
    print()
    for w in warnings:
        print(f"**WARNING**: {w}")
print()
print(f"Raw wrk outputs: {out}/raw")
PY
cat "$OUT/results.md"
log "done; table also in $OUT/results.md"
