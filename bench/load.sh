#!/usr/bin/env bash
# Loading at scale: generates datasets of 12, 10 000 and 1 000 000 terms with
# `tenure generate` (plus the bundled offices' 54), then, for each, times
#   - `tenure check` (read, parse, check, build: the dataset alone), its wall time and
#     peak resident memory (ru_maxrss), and
#   - a server start (`tenure serve --workers 1`): load and index as its own log line
#     gives them, and its peak resident memory (VmHWM) once it listens.
# Medians over ROUNDS. With COMPARE (another tenure binary, e.g. a release build of an
# earlier commit), each measurement is taken for both builds in turn, round by round,
# so the machine's drift hits both alike, and the table gives both.
#
# Usage: bench/load.sh
# Environment: ROUNDS (default 3), SIZES (default "1x12 100x100 1000x1000"), COMPARE.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
ROUNDS="${ROUNDS:-3}"
SIZES="${SIZES:-1x12 100x100 1000x1000}"
WORK="$(mktemp -d /tmp/tenure-load-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

cargo build --release --bin tenure >&2
# The build's folder: $CARGO_TARGET_DIR as cargo reads it (from the repository root), or target/.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
BUILDS=("this=$TARGET_DIR/release/tenure")
if [[ -n "${COMPARE:-}" ]]; then
  [[ -x "$COMPARE" ]] || { echo "load.sh: COMPARE is not an executable: $COMPARE" >&2; exit 1; }
  BUILDS+=("compare=$COMPARE")
fi

echo "tenure load benchmark: $(date -Iseconds) · nproc $(nproc) · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) · commit $(git rev-parse --short HEAD) · load average $(cut -d' ' -f1 /proc/loadavg)"
echo
echo "| offices × terms | terms | files (MB) | build | check, median ms | check peak RSS, MiB | start (load + index), median ms | start peak RSS, MiB |"
echo "|---|--:|--:|---|--:|--:|--:|--:|"
for size in $SIZES; do
  offices="${size%x*}"; terms="${size#*x}"
  dir="$WORK/$size"
  "${BUILDS[0]#*=}" generate --offices "$offices" --terms-per-office "$terms" --seed 7 --out "$dir" >&2
  total=$("${BUILDS[0]#*=}" check --data "$dir" | sed -E 's/.* ([0-9]+) terms.*/\1/')
  mb=$(du -sm "$dir" | cut -f1)
  declare -A check_ms=() check_rss=() start_ms=() start_rss=()
  for _ in $(seq "$ROUNDS"); do
    for build in "${BUILDS[@]}"; do
      name="${build%%=*}"; tenure="${build#*=}"
      # `check`: wall time and peak RSS of the whole process, read by wait4.
      read -r ms rss < <(python3 - "$tenure" "$dir" <<'PY'
import os, subprocess, sys, time
started = time.monotonic()
child = subprocess.Popen([sys.argv[1], "check", "--data", sys.argv[2]], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
elapsed = time.monotonic() - started
if status != 0:
    sys.exit(f"load.sh: {sys.argv[1]} check failed")
print(round(elapsed * 1000), usage.ru_maxrss // 1024)
PY
      )
      check_ms[$name]+=" $ms"; check_rss[$name]+=" $rss"
      log="$WORK/serve.log"
      RUST_LOG=info NO_COLOR=1 "$tenure" serve --listen 127.0.0.1:0 --data "$dir" --workers 1 >"$log.out" 2>"$log" &
      pid=$!
      for _ in $(seq 1200); do grep -q listening "$log.out" 2>/dev/null && break; sleep 0.05; done
      sleep 0.2 # the log buffer is flushed every 100 ms
      start_ms[$name]+=" $(grep -o 'millis=[0-9]*' "$log" | head -1 | cut -d= -f2)"
      start_rss[$name]+=" $(awk '/VmHWM/ {print int($2/1024)}' "/proc/$pid/status")"
      kill "$pid"; wait "$pid" 2>/dev/null || true
    done
  done
  median() { printf '%s\n' $@ | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  for build in "${BUILDS[@]}"; do
    name="${build%%=*}"
    echo "| $offices × $terms | $total | $mb | $name | $(median "${check_ms[$name]}") | $(median "${check_rss[$name]}") | $(median "${start_ms[$name]}") | $(median "${start_rss[$name]}") |"
  done
  unset check_ms check_rss start_ms start_rss
done
