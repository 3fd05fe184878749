#!/usr/bin/env bash
# Proof at scale (run by .ci/run): generates a dataset of a million terms
# (`tenure generate --offices 1000 --terms-per-office 1000 --seed 7`), serves it with
# the release build and default settings, and runs tests/scale/scale.py against it:
# fan-out documents through every list field are refused or answered within 2 s, the
# peak resident memory stays within 256 MiB of idle, and 8 clients sending them leave
# a normal client's headline query with a p99 under 100 ms. Prints the figures.
#
# Environment: ATTACK_SECONDS (default 15), STARTUP_TIMEOUT (default 120).
# Needs: cargo, curl, python3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ATTACK_SECONDS="${ATTACK_SECONDS:-15}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-120}"
log() { printf '[scale %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

for tool in cargo curl python3; do
    command -v "$tool" >/dev/null || { echo "scale: $tool is needed" >&2; exit 1; }
done

log "cargo build --release --bin tenure"
(cd "$ROOT" && cargo build --release --bin tenure)
# The build's folder: $CARGO_TARGET_DIR as cargo reads it (from the repository root), or target/.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
TENURE="$TARGET_DIR/release/tenure"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenure-scale.XXXXXX")"
PID=""
cleanup() {
    if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
        kill "$PID" 2>/dev/null || true
        wait "$PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

log "generating a million terms"
started=$(date +%s.%N)
"$TENURE" generate --offices 1000 --terms-per-office 1000 --seed 7 --out "$WORK/data" >/dev/null
log "generated in $(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')") s"

"$TENURE" serve --listen 127.0.0.1:0 --data "$WORK/data" >"$WORK/out.log" 2>"$WORK/err.log" &
PID=$!
URL=""
for _ in $(seq $((STARTUP_TIMEOUT * 10))); do
    URL="$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/out.log" | head -1 || true)"
    [[ -n "$URL" ]] && break
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/err.log" >&2; echo "scale: tenure exited" >&2; exit 1; }
    sleep 0.1
done
[[ -n "$URL" ]] || { echo "scale: tenure did not listen within $STARTUP_TIMEOUT s" >&2; exit 1; }
curl -fsS --max-time 5 -o /dev/null "$URL/healthz"
log "serving at $URL (pid $PID)"

python3 "$ROOT/tests/scale/scale.py" "$URL/graphql" "$PID" "$ATTACK_SECONDS" \
    "$ROOT/bench/queries/holders-during.graphql"
