#!/usr/bin/env bash
# A reload under load: the headline query on random ranges while the server reloads a
# million-term dataset (SIGHUP), against the same load with no reload, same run.
#
# Starts `tenure serve` (release build, default workers: one per core) on DATA, then,
# for each round:
#   - steady: `wrk -t1 -c8 -dWINDOWs --latency` with bench/random-range.lua (every
#     answer checked: a non-200 or an `errors` key counts as failed);
#   - reload: the same wrk run, with SIGHUP sent half a second in; the reload's own log
#     line ("dataset reloaded ... millis=") gives its duration, which must end inside
#     the window.
# wrk shares the two cores with the server and its reload, as a co-located client would.
#
# Usage (from anywhere):  bench/reload.sh
# Environment:
#   DATA     dataset directory (default: a generated one, `tenure generate --offices 1000
#            --terms-per-office 1000 --seed 7`, 1 000 054 terms, in a temporary directory)
#   WINDOW   seconds per wrk run (default 12)
#   ROUNDS   rounds; the table shows medians (default 3)
#
# Prints a Markdown table on stdout; progress on stderr; exits non-zero when any
# request failed or a reload did not succeed within its window.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WINDOW="${WINDOW:-12}"
ROUNDS="${ROUNDS:-3}"

log() { printf '[reload.sh %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
    printf 'reload.sh: error: %s\n' "$*" >&2
    exit 1
}
[[ "$WINDOW" =~ ^[1-9][0-9]*$ ]] || die "WINDOW must be a whole number of seconds, got '$WINDOW'"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive whole number, got '$ROUNDS'"
for tool in curl python3 cargo wrk; do
    command -v "$tool" >/dev/null || die "$tool is needed (wrk: apt-get install wrk)"
done

log "building: cargo build --release --bin tenure"
(cd "$ROOT" && cargo build --release --bin tenure) || die "cargo build --release failed"
TARGET_DIR="$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
TENURE="$TARGET_DIR/release/tenure"

OUT="$(mktemp -d -t tenure-reload.XXXXXX)"
SERVER_PID=""
cleanup() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    return 0
}
trap cleanup EXIT
log "raw outputs go to $OUT"

if [[ -z "${DATA:-}" ]]; then
    DATA="$OUT/data"
    log "generating the million-term dataset into $DATA"
    "$TENURE" generate --offices 1000 --terms-per-office 1000 --seed 7 --out "$DATA" >&2
fi
[[ -d "$DATA" ]] || die "DATA: no such directory: $DATA"

python3 -c 'import json,sys; print(json.dumps(open(sys.argv[1]).read()))' \
    "$ROOT/bench/queries/holders-during.graphql" >"$OUT/query.json"

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
LOG="$OUT/tenure.log"
log "starting tenure on $URL with $DATA"
"$TENURE" serve --listen "127.0.0.1:$PORT" --data "$DATA" >>"$LOG" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1200); do
    curl -s -o /dev/null --max-time 1 "$URL/readyz" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 20 "$LOG" >&2; die "tenure exited"; }
    sleep 0.1
done
curl -sf -o /dev/null --max-time 1 "$URL/readyz" || die "tenure did not become ready"

# run NAME ROUND [reload]: one wrk window; writes $OUT/NAME-ROUND.txt
run() {
    local name="$1" round="$2" reload="${3:-}" file="$OUT/$1-$2.txt"
    local before
    before="$(grep -c 'dataset reloaded' "$LOG" || true)"
    wrk -t1 -c8 -d"${WINDOW}s" --timeout 10s --latency -s "$ROOT/bench/random-range.lua" \
        "$URL/graphql" -- "$OUT/query.json" >"$file" 2>&1 &
    local wrk_pid=$!
    if [[ -n "$reload" ]]; then
        sleep 0.5
        kill -HUP "$SERVER_PID"
    fi
    wait "$wrk_pid" || die "wrk failed: $(cat "$file")"
    if [[ -n "$reload" ]]; then
        sleep 0.3 # the log buffer is flushed every 100 ms
        local line
        line="$(grep "dataset reloaded" "$LOG" | tail -n +$((before + 1)) | head -1 || true)"
        [[ -n "$line" ]] || die "round $round: the reload did not finish within ${WINDOW} s"
        echo "reload millis=$(sed -E 's/.*millis=([0-9]+).*/\1/' <<<"$line")" >>"$file"
    fi
}

for round in $(seq "$ROUNDS"); do
    log "round $round/$ROUNDS: steady"
    run steady "$round"
    log "round $round/$ROUNDS: reload"
    run reload "$round" reload
done

python3 - "$OUT" "$ROUNDS" "$WINDOW" <<'PY'
import re, statistics, sys
from pathlib import Path

out, rounds, window = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

def ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

def read(name, round):
    text = (out / f"{name}-{round}.txt").read_text()
    checked, failed = map(int, re.search(r"random-range: (\d+) responses checked, (\d+) failed", text).groups())
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = sum(map(int, errors.groups())) if errors else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
    top = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", text).group(1)
    reload = re.search(r"reload millis=(\d+)", text)
    return {
        "requests": checked,
        "failed": failed + errors + (int(non2xx.group(1)) if non2xx else 0),
        "p50": ms(latency["50"]),
        "p99": ms(latency["99"]),
        "max": ms(top),
        "reload": int(reload.group(1)) if reload else None,
    }

rows = {name: [read(name, r) for r in range(1, rounds + 1)] for name in ("steady", "reload")}
med = lambda name, key: statistics.median(row[key] for row in rows[name])
print(f"| {window}-second window, medians of {rounds} | requests | failed | p50 | p99 | max | reload |")
print("|---|--:|--:|--:|--:|--:|--:|")
for name, label in (("steady", "no reload"), ("reload", "SIGHUP 0.5 s in")):
    reload = "" if name == "steady" else f"{med(name, 'reload') / 1000:.2f} s"
    failed = sum(row["failed"] for row in rows[name])
    print(f"| {label} | {med(name, 'requests'):,.0f} | {failed} (all rounds) | "
          f"{med(name, 'p50'):.2f} ms | {med(name, 'p99'):.2f} ms | {med(name, 'max'):.1f} ms | {reload} |")
worst = max(row["p99"] for row in rows["reload"])
print(f"\nWorst p99 of a reload window: {worst:.2f} ms; reloads: "
      + ", ".join(f"{row['reload'] / 1000:.2f} s" for row in rows["reload"]) + ".")
bad = sum(row["failed"] for rows_ in rows.values() for row in rows_)
sys.exit(1 if bad else 0)
PY
