#!/usr/bin/env bash
# Popolo export and import at the advertised size: a generated dataset of a million
# terms (`tenure generate --offices 1000 --terms-per-office 1000 --seed 7`), exported
# with `tenure export popolo` and the export imported again with `tenure import popolo`
# (which ends by checking what it wrote, as `tenure check` does). `tenure check` on the
# dataset runs in the same rounds as the baseline: loading the dataset once is what an
# export cannot do without, and what an import's own check repeats.
#
# Each command runs ROUNDS times, interleaved (check, export, import, next round), and
# the table shows the median wall time, CPU time and peak resident memory of each,
# measured by the kernel for the child (getrusage), with the ratio to `check`.
#
# Usage (from anywhere):  bench/popolo.sh
# Environment:
#   ROUNDS  interleaved rounds (default 3)
#   DATA    the dataset to use; generated into a temporary directory when unset
#   TENURE  the binary (default: built with `cargo build --release`)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${ROUNDS:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/tenure-popolo-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [[ -z "${TENURE:-}" ]]; then
  (cd "$root" && cargo build --release --quiet --bin tenure)
  TENURE="${CARGO_TARGET_DIR:-$root/target}/release/tenure"
fi
data="${DATA:-}"
if [[ -z "$data" ]]; then
  data="$work/generated"
  echo "generating a million terms into $data ..." >&2
  "$TENURE" generate --offices 1000 --terms-per-office 1000 --seed 7 --out "$data"
fi

python3 - "$TENURE" "$data" "$work" "$rounds" <<'PY'
import os, resource, shutil, statistics, subprocess, sys, time

tenure, data, work, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
export_file = os.path.join(work, "popolo.json")
imported = os.path.join(work, "imported")

def measure(args):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(args[0], args)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(args)} failed")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024

cases = {
    "tenure check (baseline)": lambda: [tenure, "check", "--data", data],
    "tenure export popolo": lambda: [tenure, "export", "popolo", "--data", data, "--out", export_file],
    "tenure import popolo (with its check)": lambda: [tenure, "import", "popolo", export_file, "--out", imported],
}
results = {name: [] for name in cases}
for round in range(rounds):
    for name, args in cases.items():
        if "import" in name:
            shutil.rmtree(imported, ignore_errors=True)
        results[name].append(measure(args()))
        print(f"round {round + 1} {name}: {results[name][-1][0]:.2f} s wall, "
              f"{results[name][-1][1]:.2f} s CPU, {results[name][-1][2]:.0f} MiB", file=sys.stderr)

size = os.path.getsize(export_file) / 1e6
terms = sum(1 for _ in open(os.path.join(data, "people.json")))  # lines, for a sanity line only
base = statistics.median(r[0] for r in results["tenure check (baseline)"])
print(f"\nexport: {size:.0f} MB of Popolo JSON; medians of {rounds} interleaved rounds\n")
print("| command | wall | CPU | peak RSS | wall ÷ check |")
print("| --- | ---: | ---: | ---: | ---: |")
for name, runs in results.items():
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rss = statistics.median(r[2] for r in runs)
    print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MiB | {wall / base:.2f}× |")
PY
