"""Proof at scale: the limits hold on a million terms.

Against a running release server over a generated dataset of at least a million terms
(tests/scale/run.sh starts it), this script

1. sends list fan-out documents through every list field (offices, holders,
   secretaries, terms, servingOn, node; fragments, aliases within the alias limit,
   batches) and documents that pass the limits with as much work as they allow, and
   requires each to be refused or answered within 2 s;
2. measures the server's resident memory: the peak (VmHWM, reset after the load) must
   stay within 256 MiB of its idle size;
3. runs 8 clients sending those documents in a loop while one normal client sends the
   headline query with a random date range (no cache can answer it), and requires
   the normal client's p99 latency under 100 ms.

It prints the figures as Markdown for BENCHMARKS.md and exits non-zero on any miss.
Usage: python3 scale.py URL PID   (the /graphql URL and the server's process id)
"""

import http.client
import json
import random
import statistics
import sys
import threading
import time
import urllib.parse

URL, PID = sys.argv[1], int(sys.argv[2])
PARSED = urllib.parse.urlparse(URL)
HOST, PORT, PATH = PARSED.hostname, PARSED.port, PARSED.path
TIMEOUT = 10  # seconds: every request gives up after this, so a hang fails fast
LIMIT_SECONDS = 2.0
RSS_GROWTH_LIMIT = 256 * 1024 * 1024
P99_LIMIT_MS = 100.0
ATTACKERS = 8
ATTACK_SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 15.0

OIC_ID = "T2ZmaWNlOm9pYy1zZWNyZXRhcnktZ2VuZXJhbA"  # Office:oic-secretary-general


def aliases(count, body):
    return "{ " + " ".join(f"a{i}: {body}" for i in range(count)) + " }"


# name -> request body (a dict, or a list for a batch)
FAN_OUTS = {
    "the issue's document": "{ offices { holders { terms { office { holders { name } } } } } }",
    "offices > terms > secretary > terms": "{ offices { terms(first: 100) { nodes { secretary { terms { office { name } } } } } } }",
    "organizations > offices > holders": "{ organizations { offices { holders { name } } } }",
    "offices > holders": "{ offices { slug holders { name } } }",
    "secretaries > terms > office > terms": "{ secretaries(first: 100) { nodes { terms { office { terms(first: 100) { nodes { ordinal } } } } } } }",
    "terms > office > holders": "{ terms { edges { node { office { holders { name } } } } } }",
    "servingOn a busy day": "{ servingOn(date: \"1950-06-01\") { office { name } secretary { name } } }",
    "node > holders > terms > office > holders": "{ node(id: \"%s\") { ... on Office { holders { terms { office { holders { name } } } } } } }" % OIC_ID,
    "fragments": "query { ...F } fragment F on Query { offices { ...O } } fragment O on Office { holders { terms { office { ...P } } } } fragment P on Office { holders { name } }",
    "15 aliases of offices": aliases(15, "offices { holders { name } }"),
    "15 aliases of servingOn": aliases(15, "servingOn(date: \"1950-06-01\") { ordinal }"),
    "15 aliased name searches": aliases(15, "secretaries(search: \"a\", first: 100) { totalCount nodes { name } }"),
    "a batch of 10 fan-outs": [{"query": "{ offices { holders { terms { office { holders { name } } } } } }"}] * 10,
    "a batch of 10 near-limit documents": [{"query": "{ offices { name slug abbreviation postTitle } }"}] * 10,
    # Documents that pass the limits with as much work as they allow:
    "every office, 4 fields": "{ offices { name slug abbreviation postTitle } }",
    "15 aliased country filters": aliases(15, "secretaries(country: \"SA\", first: 10) { totalCount nodes { name } }"),
    "a one-letter name search": "{ secretaries(search: \"a\", first: 100) { totalCount nodes { name } } }",
    "15 wide ranges counted": aliases(15, "terms(during: { from: \"1900-01-01\", to: \"2100-01-01\" }, first: 10) { totalCount nodes { ordinal } }"),
    "15 aliased incumbents": aliases(15, "office(slug: \"oic-secretary-general\") { incumbent { ordinal secretary { name terms { ordinal } } } }"),
}


def post(connection, body):
    data = json.dumps(body if not isinstance(body, str) else {"query": body})
    started = time.perf_counter()
    connection.request(
        "POST",
        PATH,
        body=data,
        headers={"content-type": "application/json", "accept": "application/json"},
    )
    response = connection.getresponse()
    payload = response.read()
    return response.status, payload, time.perf_counter() - started


def connect():
    return http.client.HTTPConnection(HOST, PORT, timeout=TIMEOUT)


def status_field(name):
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {name} for {PID}")


def outcome(status, payload):
    answer = json.loads(payload)
    answers = answer if isinstance(answer, list) else [answer]
    codes = sorted({e.get("extensions", {}).get("code", "?") for a in answers for e in a.get("errors", [])})
    if codes:
        return "refused " + ",".join(codes)
    return "answered"


failures = []
connection = connect()

# Warm up the path (first requests parse and cache documents), then take the idle size
# and reset the peak, so the peak measures the attack, not the load.
for _ in range(3):
    post(connection, "{ dataset { termCount } }")
idle = status_field("VmRSS")
with open(f"/proc/{PID}/clear_refs", "w") as f:
    f.write("5")

terms = json.loads(post(connection, "{ dataset { termCount } }")[1])["data"]["dataset"]["termCount"]
if terms < 1_000_000:
    failures.append(f"the dataset holds {terms} terms, fewer than a million")

rows = []
for name, body in FAN_OUTS.items():
    status, payload, seconds = post(connection, body)
    what = outcome(status, payload)
    rows.append((name, status, what, seconds))
    if seconds > LIMIT_SECONDS:
        failures.append(f"{name}: took {seconds:.3f} s (limit {LIMIT_SECONDS} s)")
    if status >= 500:
        failures.append(f"{name}: status {status}")

# The parallel phase: 8 attackers loop over the documents, one client asks headlines.
stop = threading.Event()
attack_counts = [0] * ATTACKERS
attack_slowest = [0.0] * ATTACKERS
bodies = list(FAN_OUTS.values())


def attacker(index):
    conn = connect()
    i = index
    while not stop.is_set():
        status, _, seconds = post(conn, bodies[i % len(bodies)])
        attack_counts[index] += 1
        attack_slowest[index] = max(attack_slowest[index], seconds)
        i += 1


HEADLINE = open(sys.argv[4]).read() if len(sys.argv) > 4 else None
latencies = []


def normal_client():
    conn = connect()
    rng = random.Random(7)
    while not stop.is_set():
        start_year = rng.randint(1972, 2020)
        body = {
            "query": HEADLINE,
            "variables": {
                "from": f"{start_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "to": f"{start_year + rng.randint(0, 3)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            },
        }
        if body["variables"]["from"] > body["variables"]["to"]:
            body["variables"]["from"], body["variables"]["to"] = body["variables"]["to"], body["variables"]["from"]
        status, payload, seconds = post(conn, body)
        if status != 200 or b'"errors"' in payload:
            failures.append(f"the normal client got {status}: {payload[:200]!r}")
            return
        latencies.append(seconds * 1000)
        time.sleep(0.005)


threads = [threading.Thread(target=attacker, args=(i,)) for i in range(ATTACKERS)]
threads.append(threading.Thread(target=normal_client))
for t in threads:
    t.start()
time.sleep(ATTACK_SECONDS)
stop.set()
for t in threads:
    t.join(TIMEOUT + 5)

peak = status_field("VmHWM")
growth = peak - idle
if growth >= RSS_GROWTH_LIMIT:
    failures.append(f"peak RSS grew by {growth / 2**20:.1f} MiB (limit 256 MiB)")
latencies.sort()
p50 = statistics.median(latencies) if latencies else float("nan")
p99 = latencies[int(len(latencies) * 0.99) - 1] if len(latencies) >= 100 else float("nan")
if not latencies or len(latencies) < 100:
    failures.append(f"the normal client made only {len(latencies)} requests")
elif p99 >= P99_LIMIT_MS:
    failures.append(f"the normal client's p99 was {p99:.1f} ms (limit {P99_LIMIT_MS} ms)")
slowest_attack = max(attack_slowest)
if slowest_attack > LIMIT_SECONDS:
    failures.append(f"an attacker's request took {slowest_attack:.3f} s under load")

print(f"dataset: {terms} terms")
print()
print("| document | status | outcome | time |")
print("| --- | --: | --- | --: |")
for name, status, what, seconds in rows:
    print(f"| {name} | {status} | {what} | {seconds * 1000:.1f} ms |")
print()
print(f"- idle RSS {idle / 2**20:.1f} MiB; peak RSS during the run {peak / 2**20:.1f} MiB; growth {growth / 2**20:.1f} MiB (limit 256 MiB)")
print(f"- {ATTACKERS} clients sent {sum(attack_counts)} fan-out requests in {ATTACK_SECONDS:.0f} s (slowest {slowest_attack * 1000:.1f} ms)")
print(f"- meanwhile the normal client's headline query (random range): {len(latencies)} requests, p50 {p50:.2f} ms, p99 {p99:.2f} ms (limit {P99_LIMIT_MS:.0f} ms)")
if failures:
    print()
    for failure in failures:
        print(f"FAILED: {failure}")
    sys.exit(1)
