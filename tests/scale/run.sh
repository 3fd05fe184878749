#!/usr/bin/env bash
# Proof at scale (run by .ci/run). Generates a dataset of a million terms
# (`tenure generate --offices 1000 --terms-per-office 1000 --seed 7`) and runs, against
# the release build, two scripts that start their own servers:
#
#   tests/scale/scale.py   fan-out documents through every list field, each with fresh
#                          random variables, are refused or answered within 2 s; peak
#                          RSS under attack stays within 256 MiB of idle; 8 attackers
#                          leave a normal client's headline query (random generated
#                          office and range, every answer checked) a p99 under 100 ms;
#                          with --rate-limit-cost-per-minute the attackers get 429
#                          RATE_LIMITED, fast, while the normal client is still served.
#   tests/scale/reload.py  a reload whose offices/ vanishes while it reads reports the
#                          failure in lastReload within 30 s and keeps the old data
#                          served; the next reload succeeds; SIGTERM during a reload
#                          exits with status 0 within the shutdown timeout + 5 s.
#
# Both fail closed (every status, exception and thread is recorded; any 5xx, exception,
# timeout, dead thread, too few requests or empty phase fails) and print Markdown.
#
# Environment:
#   TENURE_BIN             use this tenure binary and skip the build (default: build
#                          with `cargo build --release --bin tenure` in this repository,
#                          into $CARGO_TARGET_DIR if set, else target/)
#   TENURE_SCALE_DATA      use this generated dataset directory instead of generating
#                          one (for quick iteration; it is only read, never changed)
#   ATTACK_SECONDS         length of each attack phase (default 20: long enough for the
#                          caches to fill; at least 10, or the rate-limited normal
#                          client cannot make the 100 requests a p99 needs)
#   SCALE_FRESH_DOCUMENTS  share of attack requests sent with a new document text, so
#                          the document cache does not serve them either (default 0.25)
#   STARTUP_TIMEOUT        seconds a server may take to listen (default 120)
# Needs: python3 (standard library only), and cargo unless TENURE_BIN is set.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/tests/scale"
export ATTACK_SECONDS="${ATTACK_SECONDS:-20}"
export STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-120}"
log() { printf '[scale %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
began=$SECONDS

command -v python3 >/dev/null || { echo "scale: python3 is needed" >&2; exit 1; }

if [[ -n "${TENURE_BIN:-}" ]]; then
    TENURE="$TENURE_BIN"
    log "using $TENURE (TENURE_BIN; not building)"
else
    command -v cargo >/dev/null || { echo "scale: cargo is needed (or set TENURE_BIN)" >&2; exit 1; }
    log "cargo build --release --bin tenure"
    (cd "$ROOT" && cargo build --release --bin tenure)
    # The build's folder: $CARGO_TARGET_DIR as cargo reads it (from the repository root), or target/.
    TARGET_DIR="${CARGO_TARGET_DIR:-target}"
    [[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
    TENURE="$TARGET_DIR/release/tenure"
fi
[[ -x "$TENURE" ]] || { echo "scale: $TENURE is not an executable" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenure-scale.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

if [[ -n "${TENURE_SCALE_DATA:-}" ]]; then
    DATA="$TENURE_SCALE_DATA"
    log "using the dataset in $DATA (TENURE_SCALE_DATA)"
else
    DATA="$WORK/data"
    log "generating a million terms"
    started=$SECONDS
    "$TENURE" generate --offices 1000 --terms-per-office 1000 --seed 7 --out "$DATA" >/dev/null
    log "generated in $((SECONDS - started)) s"
fi

status=0
log "scale.py: alone, under attack, rate limited (${ATTACK_SECONDS} s per attack)"
python3 "$HERE/scale.py" --tenure "$TENURE" --data "$DATA" --attack-seconds "$ATTACK_SECONDS" || status=1
echo
log "reload.py: a million-term reload whose files vanish, then SIGTERM during a reload"
python3 "$HERE/reload.py" --tenure "$TENURE" --data "$DATA" || status=1

log "done in $((SECONDS - began)) s: $([[ $status -eq 0 ]] && echo passed || echo FAILED)"
exit "$status"
