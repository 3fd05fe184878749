#!/usr/bin/env bash
# GraphQL over HTTP conformance audit: builds the release server, starts it on a free
# 127.0.0.1 port with the repository's data/, runs audit.mjs (the graphql-http
# package's server audits) against its /graphql, and stops it. Exits non-zero when any
# MUST or SHOULD audit fails.
#
# Usage (from anywhere):  tests/http-audit/run.sh
# Environment: STARTUP_TIMEOUT (seconds, default 60); TENURE_SKIP_WEB_BUILD is passed
# to cargo as usual. Needs: cargo, node >= 18 (for fetch), npm, curl, python3.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-60}"

log() { printf '[http-audit %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
    printf 'http-audit: error: %s\n' "$*" >&2
    exit 1
}

for tool in cargo node npm curl python3; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done

log "installing graphql-http (npm ci: package-lock.json pins it)"
(cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in $HERE"

log "building: cargo build --release --bin tenure"
(cd "$ROOT" && cargo build --release --bin tenure) || die "cargo build --release --bin tenure failed"
# The build's folder: $CARGO_TARGET_DIR as cargo reads it (from the repository root), or target/.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
TENURE="$TARGET_DIR/release/tenure"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenure-http-audit.XXXXXX")"
PID=""
cleanup() {
    if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
        kill "$PID" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$PID" 2>/dev/null || true
    fi
    [[ -n "$PID" ]] && wait "$PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
"$TENURE" serve --listen "127.0.0.1:$PORT" --data "$ROOT/data" --workers 1 >"$WORK/tenure.log" 2>&1 &
PID=$!
deadline=$((SECONDS + STARTUP_TIMEOUT))
until curl -fsS -o /dev/null --max-time 1 "$URL/healthz" 2>/dev/null; do
    if ! kill -0 "$PID" 2>/dev/null || ((SECONDS >= deadline)); then
        tail -n 50 "$WORK/tenure.log" >&2 || true
        die "tenure did not answer $URL/healthz (log above)"
    fi
    sleep 0.1
done
log "tenure is up on $URL (pid $PID); running the graphql-http server audits"

status=0
(cd "$HERE" && TENURE_URL="$URL/graphql" node audit.mjs) || status=$?
if ((status != 0)); then
    log "tenure's log (last 20 lines):"
    tail -n 20 "$WORK/tenure.log" >&2 || true
fi
exit "$status"
