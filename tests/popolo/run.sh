#!/usr/bin/env bash
# Popolo conformance: `tenure export popolo` writes valid Popolo that EveryPolitician's
# own Python reader reads back as the dataset says.
#
# In a fresh venv (tests/popolo/requirements.txt pins every package), check_export.py
# validates every object of an export against the Popolo JSON Schemas (draft-03, local
# copies in tests/fixtures/popolo/schemas/) and compares what popolo_data reads with the
# tenure data directory's raw files. It runs on:
#   1. the export of data/;
#   2. two broken copies of it, which it must reject (so the check can fail);
#   3. the export of each EveryPolitician fixture after `tenure import popolo`;
# and each export must come back byte for byte after import and export again (cmp).
#
# Usage (from anywhere):  tests/popolo/run.sh [TENURE_BINARY]
# Without TENURE_BINARY it runs `cargo build --release --bin tenure` (a no-op when the
# release build is fresh) and uses $CARGO_TARGET_DIR/release/tenure (default target/).
# Needs: python3 with venv and pip (Debian: python3-venv), PyPI for the pins, cmp, diff.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

log() { printf '[popolo %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
    printf 'popolo: error: %s\n' "$*" >&2
    exit 1
}

for tool in python3 cmp diff; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done

if [[ $# -ge 1 ]]; then
    TENURE="$1"
    [[ "$TENURE" = /* ]] || TENURE="$PWD/$TENURE"
else
    log "building: cargo build --release --bin tenure"
    (cd "$ROOT" && cargo build --release --bin tenure) || die "cargo build --release --bin tenure failed"
    # The build's folder: $CARGO_TARGET_DIR as cargo reads it (from the repository root), or target/.
    TARGET_DIR="${CARGO_TARGET_DIR:-target}"
    [[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
    TENURE="$TARGET_DIR/release/tenure"
fi
[[ -x "$TENURE" ]] || die "no tenure binary at $TENURE"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenure-popolo.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log "creating a venv and installing tests/popolo/requirements.txt (pinned)"
python3 -m venv "$WORK/venv" ||
    die "python3 -m venv failed: venv/ensurepip is missing (Debian: apt-get install python3-venv)"
PY="$WORK/venv/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check --no-input -r "$HERE/requirements.txt" ||
    die "pip install -r tests/popolo/requirements.txt failed"
"$PY" -m pip check --disable-pip-version-check >/dev/null ||
    die "the pinned packages are inconsistent: $("$PY" -m pip check 2>&1)"

# Its report goes to standard error with the log lines, in order.
check() { "$PY" "$HERE/check_export.py" "$@" >&2; }

export_popolo() { # DATA_DIR OUT
    "$TENURE" export popolo --data "$1" --out "$2" || die "tenure export popolo --data $1 failed"
}

import_popolo() { # FILE OUT_DIR
    "$TENURE" import popolo "$1" --out "$2" 2>"$WORK/import.log" || {
        cat "$WORK/import.log" >&2
        die "tenure import popolo $1 failed"
    }
    sed 's/^/    /' "$WORK/import.log" >&2
}

# export -> import -> export gives the same bytes; otherwise says what differs.
round_trip() { # NAME EXPORT
    local name="$1" first="$2"
    local dir="$WORK/round-trip/$name"
    import_popolo "$first" "$dir"
    export_popolo "$dir" "$dir.json"
    if cmp -s "$first" "$dir.json"; then
        log "round trip $name: export -> import -> export is byte-identical ($(wc -c <"$first") bytes)"
        return
    fi
    log "round trip $name: the second export differs from the first"
    cmp "$first" "$dir.json" >&2 || true
    "$PY" - "$first" "$dir.json" >&2 <<'EOF' || true
import json, sys
a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
if list(a) != list(b):
    print(f"top-level members: {list(a)} then {list(b)}")
for key in list(a) + [k for k in b if k not in a]:
    xs, ys = a.get(key, []), b.get(key, [])
    if len(xs) != len(ys):
        print(f"{key}: {len(xs)} objects, then {len(ys)}")
    shown = 0
    for i, (x, y) in enumerate(zip(xs, ys)):
        if x != y and shown < 5:
            shown += 1
            print(f"{key}[{i}]:\n  first:  {json.dumps(x, ensure_ascii=False)[:400]}"
                  f"\n  second: {json.dumps(y, ensure_ascii=False)[:400]}")
EOF
    diff -u "$first" "$dir.json" | head -n 60 >&2 || true
    die "round trip $name: export -> import -> export is not byte-identical (above)"
}

log "tenure export popolo --data data"
export_popolo "$ROOT/data" "$WORK/data.json"
check "$WORK/data.json" "$ROOT/data"
round_trip data "$WORK/data.json"

# The check must be able to fail: a date that is no Popolo date (schema), and a day
# widened to its year, still valid Popolo but not the dataset's date (reader). Each
# broken copy must make check_export.py exit 1 with a FAIL line.
log "the check rejects broken copies of the export"
"$PY" - "$WORK/data.json" "$WORK/broken" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()

def broken(name, change):
    document = json.loads(text)
    change(document["memberships"])
    with open(f"{sys.argv[2]}-{name}.json", "w", encoding="utf-8") as f:
        json.dump(document, f, ensure_ascii=False, indent=2)

def schema(memberships):
    memberships[0]["start_date"] = "31/12/2004"

def reader(memberships):
    m = next(m for m in memberships if len(m.get("end_date", "")) == 10)
    m["end_date"] = m["end_date"][:4]

broken("schema", schema)
broken("reader", reader)
EOF
for variant in schema reader; do
    status=0
    check "$WORK/broken-$variant.json" "$ROOT/data" >"$WORK/broken.out" 2>&1 || status=$?
    if [[ "$status" -ne 1 ]] || ! grep -q '^FAIL: ' "$WORK/broken.out"; then
        cat "$WORK/broken.out" >&2
        die "check_export.py exited $status on a broken export ($variant): it must fail with 1"
    fi
    log "broken export ($variant) rejected: $(grep -m1 '^FAIL: ' "$WORK/broken.out" | cut -c1-200)"
done

for fixture in "$ROOT"/tests/fixtures/popolo/everypolitician/*.json; do
    name="$(basename "$fixture" .json)"
    log "EveryPolitician $name: tenure import popolo, then export popolo"
    import_popolo "$fixture" "$WORK/ep/$name"
    export_popolo "$WORK/ep/$name" "$WORK/ep/$name.json"
    check "$WORK/ep/$name.json" "$WORK/ep/$name"
    round_trip "$name" "$WORK/ep/$name.json"
done

log "passed: the exports are valid Popolo, popolo_data reads them as the datasets say, and they round-trip"
