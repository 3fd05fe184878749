#!/usr/bin/env bash
# Failover test of the `scale` topology of docker-compose.yml, run natively (no Docker
# engine needed): three `tenure serve --workers 1` replicas on 127.0.0.1 and nginx (from
# Debian's packages) in front of them with the repository's deploy/nginx.conf, in which
# only the `user`, `listen` and `server tenure-N:8080` lines are rewritten to local
# addresses (the script checks that nothing else differs).
#
# Under a load of the headline query (POST /graphql through nginx, CONNECTIONS
# keep-alive connections for DURATION seconds, every status and body recorded), one
# replica is killed with SIGKILL at KILL_AT seconds. The test passes when
#   - every request through nginx answered 200 with exactly the reference answer
#     (zero failed requests: nginx retried the killed replica's requests elsewhere),
#   - the killed replica had served requests before the kill, and nginx's log shows it
#     failing over (an attempt on it that failed and was retried on another replica),
#   - the two survivors answer the headline query and the benchmark-style queries
#     identically, byte for byte, and equal to the reference.
# It prints "N requests, 0 failed" and exits non-zero on any failure.
#
# Usage (from anywhere):  tests/ops/failover.sh
# Environment: DURATION (default 6), KILL_AT (default 2), CONNECTIONS (default 8),
#   STARTUP_TIMEOUT (default 60), KEEP=1 keeps the temporary directory.
# Needs: cargo, curl, python3; installs nginx from Debian's packages when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-6}"
KILL_AT="${KILL_AT:-2}"
CONNECTIONS="${CONNECTIONS:-8}"
STARTUP_TIMEOUT="${STARTUP_TIMEOUT:-60}"

log() { printf '[failover %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
    printf 'failover: FAILED: %s\n' "$*" >&2
    exit 1
}

for tool in cargo curl python3; do
    command -v "$tool" >/dev/null || die "$tool is needed but not installed"
done
if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
    log "nginx is missing: installing it from Debian's packages"
    [[ "$(id -u)" -eq 0 ]] || die "nginx is missing and installing it needs root"
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; } || die "apt-get install nginx failed"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[[ "$(id -u)" -eq 0 ]] || die "run as root: nginx runs here with \`user root;\` from a temporary prefix"

log "building: cargo build --release --bin tenure"
(cd "$ROOT" && cargo build --release --bin tenure) || die "cargo build --release --bin tenure failed"
# The build's folder: $CARGO_TARGET_DIR as cargo reads it (from the repository root), or target/.
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
[[ "$TARGET_DIR" = /* ]] || TARGET_DIR="$ROOT/$TARGET_DIR"
TENURE="$TARGET_DIR/release/tenure"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tenure-failover.XXXXXX")"
PIDS=()
NGINX_PID=""
cleanup() {
    local pid
    for pid in "$NGINX_PID" "${PIDS[@]}"; do
        [[ -n "$pid" ]] || continue
        kill "$pid" 2>/dev/null || true
    done
    for pid in "$NGINX_PID" "${PIDS[@]}"; do
        [[ -n "$pid" ]] || continue
        for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ "${KEEP:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_ready() { # URL PID NAME LOGFILE
    local deadline=$((SECONDS + STARTUP_TIMEOUT))
    until curl -fsS -o /dev/null --max-time 1 "$1" 2>/dev/null; do
        if ! kill -0 "$2" 2>/dev/null || ((SECONDS >= deadline)); then
            tail -n 30 "$4" >&2 || true
            die "$3 did not answer $1 (log above)"
        fi
        sleep 0.1
    done
}

# --- Three replicas --------------------------------------------------------------------
PORTS=()
for i in 1 2 3; do
    port="$(free_port)"
    PORTS+=("$port")
    "$TENURE" serve --listen "127.0.0.1:$port" --data "$ROOT/data" --workers 1 \
        >"$WORK/tenure-$i.log" 2>&1 &
    PIDS+=($!)
done
for i in 0 1 2; do
    wait_ready "http://127.0.0.1:${PORTS[i]}/healthz" "${PIDS[i]}" "tenure-$((i + 1))" "$WORK/tenure-$((i + 1)).log"
done
log "replicas up: tenure-1 :${PORTS[0]}, tenure-2 :${PORTS[1]}, tenure-3 :${PORTS[2]}"

# --- nginx with the repository's config ------------------------------------------------
NGINX_PORT="$(free_port)"
CONF="$WORK/nginx.conf"
sed -E \
    -e 's/^user nginx;$/user root;/' \
    -e "s/^( *)listen 80;\$/\\1listen 127.0.0.1:$NGINX_PORT;/" \
    -e "s/^( *)server tenure-1:8080 /\\1server 127.0.0.1:${PORTS[0]} /" \
    -e "s/^( *)server tenure-2:8080 /\\1server 127.0.0.1:${PORTS[1]} /" \
    -e "s/^( *)server tenure-3:8080 /\\1server 127.0.0.1:${PORTS[2]} /" \
    "$ROOT/deploy/nginx.conf" >"$CONF"
# Exactly five lines may differ: user, listen and the three servers.
changed="$(diff "$ROOT/deploy/nginx.conf" "$CONF" | grep -c '^>' || true)"
((changed == 5)) || {
    diff "$ROOT/deploy/nginx.conf" "$CONF" >&2 || true
    die "rewriting deploy/nginx.conf changed $changed lines, expected 5 (user, listen, 3 servers)"
}
if diff "$ROOT/deploy/nginx.conf" "$CONF" | grep '^>' | grep -vqE '^> (user root;| +listen 127\.0\.0\.1:[0-9]+;| +server 127\.0\.0\.1:[0-9]+ )'; then
    die "rewriting deploy/nginx.conf changed other lines than user, listen and servers"
fi
NGINX_ARGS=(-p "$WORK" -e "$WORK/error.log" -c "$CONF" -g "daemon off; pid $WORK/nginx.pid;")
"$NGINX" -t -q "${NGINX_ARGS[@]}" || die "nginx -t rejects the rewritten deploy/nginx.conf"
"$NGINX" "${NGINX_ARGS[@]}" >"$WORK/access.log" 2>"$WORK/nginx.stderr" &
NGINX_PID=$!
wait_ready "http://127.0.0.1:$NGINX_PORT/healthz" "$NGINX_PID" nginx "$WORK/nginx.stderr"
log "nginx up on :$NGINX_PORT (deploy/nginx.conf, pid $NGINX_PID)"

# --- Requests --------------------------------------------------------------------------
python3 - "$ROOT" "$WORK" <<'PY'
import json, pathlib, sys
root, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
headline = {
    "query": (root / "bench/queries/holders-during.graphql").read_text(),
    "variables": json.loads((root / "bench/queries/holders-during.variables.json").read_text()),
}
(work / "headline.json").write_text(json.dumps(headline))
others = {
    "incumbent": '{ office(slug: "oic-secretary-general") { incumbent { ordinal start { iso } secretary { name } } } }',
    "all-terms": '{ office(slug: "oic-secretary-general") { terms { totalCount nodes { id ordinal start { iso precision } end { iso precision } secretary { name slug } } } } }',
    "serving-on": '{ servingOn(date: "2004-12-31") { ordinal secretary { name country { code } } } }',
    "dataset": '{ dataset { version asOf } }',
}
for name, query in others.items():
    (work / f"{name}.json").write_text(json.dumps({"query": query}))
PY
post() { # URL BODY_FILE OUT_FILE -> prints the status
    curl -sS --max-time 10 -o "$3" -w '%{http_code}' -H 'content-type: application/json' \
        --data-binary @"$2" "$1/graphql"
}
status="$(post "http://127.0.0.1:${PORTS[0]}" "$WORK/headline.json" "$WORK/reference.json")"
[[ "$status" == 200 ]] || die "tenure-1 answers the headline query with HTTP $status"
python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); sys.exit("errors" in a or a.get("data") is None)' \
    "$WORK/reference.json" || die "the reference answer has errors: $(head -c 500 "$WORK/reference.json")"
status="$(post "http://127.0.0.1:$NGINX_PORT" "$WORK/headline.json" "$WORK/through-nginx.json")"
[[ "$status" == 200 ]] && cmp -s "$WORK/reference.json" "$WORK/through-nginx.json" \
    || die "nginx does not pass the reference answer through (HTTP $status)"

# --- Load, and kill one replica during it ------------------------------------------------
VICTIM=1 # tenure-2
log "load: $CONNECTIONS connections x ${DURATION}s through nginx; SIGKILL tenure-2 (pid ${PIDS[VICTIM]}) at ${KILL_AT}s"
python3 - "127.0.0.1" "$NGINX_PORT" "$WORK/headline.json" "$WORK/reference.json" \
    "$CONNECTIONS" "$DURATION" "$WORK/load.json" <<'PY' &
import http.client, json, sys, threading, time

host, port, body_file, reference_file, connections, duration, out = sys.argv[1:]
body = open(body_file, "rb").read()
reference = open(reference_file, "rb").read()
connections, duration = int(connections), float(duration)
lock = threading.Lock()
total, failures, statuses = 0, [], {}
deadline = time.monotonic() + duration

def worker():
    global total
    conn = None
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            if conn is None:
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
            conn.request("POST", "/graphql", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
            status = response.status
            if response.will_close:
                conn.close()
                conn = None
            problem = None
            if status != 200:
                problem = f"HTTP {status}: {data[:300]!r}"
            elif data != reference:
                problem = f"HTTP 200 with a different body: {data[:300]!r}"
        except Exception as e:  # a connection error through nginx is a failed request
            status, problem = "error", f"{type(e).__name__}: {e}"
            if conn is not None:
                conn.close()
            conn = None
        with lock:
            total += 1
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            if problem:
                failures.append({"at": round(started - (deadline - duration), 3), "problem": problem})

threads = [threading.Thread(target=worker) for _ in range(connections)]
for t in threads:
    t.start()
for t in threads:
    t.join()
json.dump({"total": total, "statuses": statuses, "failures": failures}, open(out, "w"), indent=1)
PY
LOAD_PID=$!
sleep "$KILL_AT"
kill -KILL "${PIDS[VICTIM]}"
wait "${PIDS[VICTIM]}" 2>/dev/null || true
PIDS[VICTIM]=""
log "killed tenure-2 at ~${KILL_AT}s"
wait "$LOAD_PID" || die "the load client crashed"

# --- Verdict ---------------------------------------------------------------------------
curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:${PORTS[VICTIM]}/healthz" 2>/dev/null \
    && die "tenure-2 still answers after SIGKILL"
python3 - "$WORK/load.json" "$WORK/access.log" "127.0.0.1:${PORTS[VICTIM]}" <<'PY' || exit 1
import json, re, sys

load = json.load(open(sys.argv[1]))
victim = sys.argv[3]
lines = [l for l in open(sys.argv[2]) if '"POST /graphql' in l]
served_by_victim = retried = 0
for line in lines:
    addrs = re.search(r"upstream=\[([^\]]*)\]", line).group(1)
    codes = re.search(r"upstream_status=\[([^\]]*)\]", line).group(1)
    tried = [a.strip() for a in re.split(r"[,:] (?=\d)", addrs)]  # "a, b" or "a : b"
    if len(tried) > 1:
        retried += 1
    if tried[-1] == victim and codes.split(",")[-1].strip() == "200":
        served_by_victim += 1
total, failures = load["total"], load["failures"]
print(f"through nginx: {total} requests, {len(failures)} failed; statuses {load['statuses']}; "
      f"{served_by_victim} answered by tenure-2 before the kill; {retried} retried on another replica after a failed attempt")
problems = []
if failures:
    problems.append(f"{len(failures)} requests failed, e.g. " + "; ".join(
        f"at {f['at']}s: {f['problem']}" for f in failures[:5]))
if len(lines) < total:
    problems.append(f"nginx logged {len(lines)} POSTs but the client counted {total} answers")
if total < 100:
    problems.append(f"only {total} requests were made")
if served_by_victim == 0:
    problems.append("tenure-2 answered no request before the kill, so the kill proved nothing")
if retried == 0:
    problems.append("nginx's log shows no retried request: the kill did not exercise failover")
if problems:
    sys.exit("failover: FAILED: " + " | ".join(problems))
PY

# The survivors answer identically, to the headline query and to others.
SURVIVORS=(0 2)
for name in headline incumbent all-terms serving-on dataset; do
    for i in "${SURVIVORS[@]}"; do
        status="$(post "http://127.0.0.1:${PORTS[i]}" "$WORK/$name.json" "$WORK/$name.tenure-$((i + 1)).json")"
        [[ "$status" == 200 ]] || die "tenure-$((i + 1)) answers $name with HTTP $status"
        grep -q '"errors"' "$WORK/$name.tenure-$((i + 1)).json" \
            && die "tenure-$((i + 1)) answers $name with errors: $(head -c 300 "$WORK/$name.tenure-$((i + 1)).json")"
    done
    cmp -s "$WORK/$name.tenure-1.json" "$WORK/$name.tenure-3.json" \
        || die "the survivors tenure-1 and tenure-3 answer $name differently"
done
cmp -s "$WORK/headline.tenure-3.json" "$WORK/reference.json" || die "tenure-3's headline answer differs from the reference"
log "survivors tenure-1 and tenure-3 answer 5 queries identically (headline = reference)"

total="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$WORK/load.json")"
echo "failover: $total requests, 0 failed (tenure-2 killed at ${KILL_AT}s of ${DURATION}s; survivors identical)"
