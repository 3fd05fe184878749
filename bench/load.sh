#!/usr/bin/env bash
# Loading at scale: generates datasets of 12, 10 000 and 1 000 000 terms with
# `tenure generate` (plus the bundled office's 12), then starts the release server on
# each and reports how long loading and indexing took (the server's own log line) and
# the peak resident memory (VmHWM) once it listens. Medians over ROUNDS starts.
#
# Usage: bench/load.sh            (ROUNDS=3, SIZES="1x12 100x100 10000x100")
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ROUNDS="${ROUNDS:-3}"
SIZES="${SIZES:-1x12 100x100 10000x100}"
WORK="$(mktemp -d /tmp/tenure-load-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

cargo build --release --bin tenure >&2
# The build's folder: $CARGO_TARGET_DIR as cargo reads it (from the repository root), or target/.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
TENURE="$TARGET_DIR/release/tenure"

echo "tenure load benchmark: $(date -Iseconds) · nproc $(nproc) · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · commit $(git rev-parse --short HEAD)"
echo
echo "| offices × terms | terms | files (MB) | load + index, median ms | peak RSS, median MB |"
echo "|---|--:|--:|--:|--:|"
for size in $SIZES; do
  offices="${size%x*}"; terms="${size#*x}"
  dir="$WORK/$size"
  "$TENURE" generate --offices "$offices" --terms-per-office "$terms" --seed 1 --out "$dir" >&2
  total=$("$TENURE" check --data "$dir" | sed -E 's/.* ([0-9]+) terms.*/\1/')
  mb=$(du -sm "$dir" | cut -f1)
  millis=(); rss=()
  for _ in $(seq "$ROUNDS"); do
    log="$WORK/serve.log"
    RUST_LOG=info NO_COLOR=1 "$TENURE" serve --listen 127.0.0.1:0 --data "$dir" --workers 1 >"$log.out" 2>"$log" &
    pid=$!
    for _ in $(seq 600); do grep -q listening "$log.out" 2>/dev/null && break; sleep 0.05; done
    millis+=("$(grep -o 'millis=[0-9]*' "$log" | cut -d= -f2)")
    rss+=("$(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pid/status")")
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  echo "| $offices × $terms | $total | $mb | $(median "${millis[@]}") | $(median "${rss[@]}") |"
done
