"""Proof at scale: the limits hold on a million terms, and the proof fails closed.

Given the release binary and a generated dataset of at least a million terms
(tests/scale/run.sh makes one), this script starts the servers itself and proves:

1. Alone: each fan-out document of fanouts.FAN_OUTS (list fields nested through
   offices, holders, secretaries, terms, servingOn and node; fragments, 15 aliases,
   batches of 10; and documents that pass the limits with as much work as they allow),
   sent once with fresh variables to a server with the default settings, is refused or
   answered within 2 s.
2. Under attack, default settings: 8 attackers send those documents in a loop for
   --attack-seconds (20 by default: long enough for the answer and document caches to
   fill), each request with fresh random variables (and a quarter of them with a new
   document text, SCALE_FRESH_DOCUMENTS), so neither cache serves them.
   Meanwhile a normal client asks the headline query about a random generated office
   and a random range of up to five years around the start of one of its terms, and
   checks every answer (200, no errors, the office's terms non-empty and holding that
   term). Required: every attack request refused or answered within 2 s; the server's
   peak resident memory (VmHWM, reset once idle) within 256 MiB of its idle size; the
   normal client's p99 under 100 ms.
3. Under attack, rate limit on: a second server with `--rate-limit-cost-per-minute`
   and `--trusted-proxy 127.0.0.1/32`, the attackers and the normal client each a
   client of their own (X-Forwarded-For). Required: every attacker is refused with
   429 and RATE_LIMITED, those refusals are fast (p99 under 50 ms, none over 2 s), and
   the normal client, who stays within its budget, is still answered, every request,
   with a p99 under 100 ms.

It fails closed: every request has a timeout, and its status and outcome are recorded
per thread. Any 5xx, exception (a reset, a timeout), unreadable answer, error that is
no refusal, thread that died or never ended, client that made fewer requests than the
stated minimum, or phase that measured nothing fails the run. "refused" is said only of
refusals (a 4xx, or an error with a refusal code); answers with data are "answered".

It prints the figures as Markdown and exits 1 listing every miss.
Usage: python3 scale.py --tenure BINARY --data DIR [--attack-seconds N]   (see run.sh)
"""

import argparse
import collections
import os
import random
import sys
import threading
import time

import fanouts
from fanouts import FAN_OUTS, FRESH_DOCUMENTS
from harness import (
    ANSWERED,
    REFUSAL_CODES,
    Client,
    Server,
    Tally,
    acceptable,
    check_threads,
    merged,
    office_id,
    outcome,
    percentile,
    prove,
    run_threads,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADLINE_PATH = os.path.join(ROOT, "bench", "queries", "holders-during.graphql")

MIN_TERMS = 1_000_000
LIMIT_SECONDS = 2.0  # each fan-out refused or answered within this
RSS_GROWTH_LIMIT = 256 * 2**20
P99_LIMIT_MS = 100.0  # the normal client's p99, in both attack phases
ATTACKERS = 8
MIN_REQUESTS_PER_ATTACKER = 20  # in each attack phase
MIN_ATTACK_REQUESTS = 1000  # all attackers together, in each attack phase
MIN_NORMAL_REQUESTS = 200  # the normal client, in each attack phase
NORMAL_PAUSE = 0.005  # seconds between the normal client's requests, without a rate limit

# The rate-limited phase: each client may spend RATE_LIMIT a minute. The attackers, who
# send as fast as they can, spend theirs within seconds and are then refused. The
# normal client paces itself to spend at most NORMAL_BUDGET_SHARE of what its budget
# allows over the phase (the bucket plus its refill), at most NORMAL_MOST_PER_SECOND
# requests a second: its headline query costs 1 219 on the generated data, so over
# 15 s it sends 10 a second.
RATE_LIMIT = 300_000
NORMAL_BUDGET_SHARE = 0.6
NORMAL_MOST_PER_SECOND = 10.0
RATE_LIMITED_P99_LIMIT_MS = 50.0
NORMAL_CLIENT_ADDRESS = "198.51.100.1"


def attacker_address(index):
    return f"203.0.113.{index + 1}"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tenure", required=True, help="the release binary")
    parser.add_argument("--data", required=True, help="a generated dataset of at least a million terms")
    parser.add_argument("--attack-seconds", type=float, default=20.0)
    return parser.parse_args()


# ---------------------------------------------------------------------------------------
# The clients


def attacker(server, data, index, stop, allowed, forwarded_for=None):
    """An attacker's loop: the fan-outs in turn, each with fresh random variables."""

    def body(tally):
        client = Client(server, forwarded_for)
        rng = random.Random(1000 + index)
        i = index
        while not stop.is_set():
            document = FAN_OUTS[i % len(FAN_OUTS)]
            i += 1
            result = client.send(document.body(rng, data, fresh=rng.random() < FRESH_DOCUMENTS))
            tally.record(document.name, result, outcome(result, allowed))
        client.close()

    return body


def normal_client(server, data, headline, stop, pause, forwarded_for=None):
    """The normal client's loop: the headline query on a random generated office and
    range, every answer checked; no refusal is acceptable."""

    def body(tally):
        client = Client(server, forwarded_for)
        rng = random.Random(7)
        while not stop.is_set():
            variables, ordinal = fanouts.headline_request(rng, data)
            result, answer = client.query(headline, variables)
            text = outcome(result, allowed_codes=frozenset())
            tally.record("headline", result, text)
            if text == ANSWERED:
                problem = fanouts.headline_problem(answer, ordinal)
                if problem:
                    tally.bad_answer("headline", result, problem, f"(term {ordinal}, variables {variables})")
            time.sleep(pause)
        client.close()

    return body


def all_seconds(tally):
    return [s for seconds in tally.seconds_by_outcome.values() for s in seconds]


# ---------------------------------------------------------------------------------------
# The phases


def check_dataset(server, failures):
    """The served dataset holds a million terms, and the IDs the node fan-out sends
    are the server's. Returns the term count."""
    client = Client(server)
    result, answer = client.query("{ dataset { termCount } office(slug: \"office-000001\") { id } }")
    client.close()
    if result.status != 200 or not isinstance(answer, dict) or not answer.get("data"):
        failures.add(f"the dataset query failed: status {result.status} {result.error or result.payload[:300]!r}")
        return 0
    terms = answer["data"]["dataset"]["termCount"]
    failures.check(terms >= MIN_TERMS, f"the dataset holds {terms} terms, fewer than {MIN_TERMS}")
    served_id = (answer["data"].get("office") or {}).get("id")
    failures.check(
        served_id == office_id("office-000001"),
        f"office-000001's ID is {served_id!r}, not {office_id('office-000001')!r}: fix harness.office_id",
    )
    return terms


def phase_alone(server, data, failures):
    """Each fan-out once, on a connection of its own. Returns {name: (status, outcome, seconds)}."""
    allowed = REFUSAL_CODES - {"RATE_LIMITED"}
    rng = random.Random(1)
    rows = {}
    for document in FAN_OUTS:
        client = Client(server)
        result = client.send(document.body(rng, data))
        client.close()
        text = outcome(result, allowed)
        rows[document.name] = (result.status, text, result.seconds)
        failures.check(acceptable(text), f"alone: {document.name}: {text}: {result.error or result.payload[:300]!r}")
        failures.check(
            result.seconds <= LIMIT_SECONDS,
            f"alone: {document.name}: took {result.seconds:.3f} s (limit {LIMIT_SECONDS} s)",
        )
    failures.check(len(rows) == len(FAN_OUTS), f"alone: {len(rows)} of {len(FAN_OUTS)} documents measured")
    return rows


def phase_attack(server, data, headline, seconds, failures):
    """8 attackers and the normal client on the default server, with the peak memory.
    Returns (attacker tallies, normal tally, idle bytes, peak bytes)."""
    warm = Client(server)
    for _ in range(3):
        warm.query("{ dataset { termCount } }")
    warm.close()
    idle = server.status_bytes("VmRSS")
    server.reset_peak()

    allowed = REFUSAL_CODES - {"RATE_LIMITED"}
    stop = threading.Event()
    attackers = [Tally(f"attacker-{i}") for i in range(ATTACKERS)]
    normal = Tally("normal client")
    bodies = [attacker(server, data, i, stop, allowed) for i in range(ATTACKERS)]
    bodies.append(normal_client(server, data, headline, stop, NORMAL_PAUSE))
    alive = run_threads(bodies, attackers + [normal], seconds, stop)

    phase = "under attack"
    peak = server.status_bytes("VmHWM") if check_server(server, failures, phase) else float("nan")
    check_threads(failures, phase, attackers, alive, MIN_REQUESTS_PER_ATTACKER)
    check_threads(failures, phase, [normal], alive, MIN_NORMAL_REQUESTS)
    check_attack_totals(failures, phase, attackers)
    failures.check(
        not peak - idle >= RSS_GROWTH_LIMIT,  # a nan peak failed above
        f"{phase}: peak RSS grew by {(peak - idle) / 2**20:.1f} MiB (limit {RSS_GROWTH_LIMIT / 2**20:.0f} MiB)",
    )
    check_p99(failures, phase, normal)
    return attackers, normal, idle, peak


def phase_rate_limited(server, data, headline, seconds, failures):
    """8 attackers and the normal client, each a client of its own, on the rate-limited
    server. Returns (attacker tallies, normal tally)."""
    pause = normal_pause(server, headline, data, seconds, failures)
    if pause is None:
        return [], Tally("normal client")
    stop = threading.Event()
    attackers = [Tally(f"attacker-{i}") for i in range(ATTACKERS)]
    normal = Tally("normal client")
    bodies = [attacker(server, data, i, stop, REFUSAL_CODES, attacker_address(i)) for i in range(ATTACKERS)]
    bodies.append(normal_client(server, data, headline, stop, pause, NORMAL_CLIENT_ADDRESS))
    alive = run_threads(bodies, attackers + [normal], seconds, stop)

    phase = "rate limited"
    check_server(server, failures, phase)
    check_threads(failures, phase, attackers, alive, MIN_REQUESTS_PER_ATTACKER)
    check_threads(failures, phase, [normal], alive, minimum_normal_rate_limited(seconds, pause))
    check_attack_totals(failures, phase, attackers)
    for tally in attackers:
        failures.check(
            tally.seconds_by_outcome.get("refused RATE_LIMITED"),
            f"{phase}: {tally.name} was never refused with 429 RATE_LIMITED",
        )
    refusals = [s for t in attackers for s in t.seconds_by_outcome.get("refused RATE_LIMITED", [])]
    if failures.check(refusals, f"{phase}: no request was refused with 429 RATE_LIMITED"):
        p99 = percentile(refusals, 0.99) * 1000
        failures.check(
            p99 < RATE_LIMITED_P99_LIMIT_MS,
            f"{phase}: the 429 refusals' p99 was {p99:.1f} ms (limit {RATE_LIMITED_P99_LIMIT_MS:.0f} ms)",
        )
        failures.check(
            max(refusals) <= LIMIT_SECONDS,
            f"{phase}: a 429 refusal took {max(refusals):.3f} s (limit {LIMIT_SECONDS} s)",
        )
    check_p99(failures, phase, normal)
    return attackers, normal


def normal_pause(server, headline, data, seconds, failures):
    """The pause between the normal client's requests that keeps it within its
    budget: one request measures the headline query's cost (extensions.cost)."""
    client = Client(server, NORMAL_CLIENT_ADDRESS)
    variables, _ = fanouts.headline_request(random.Random(0), data)
    result, answer = client.query(headline, variables)
    client.close()
    cost = ((answer or {}).get("extensions") or {}).get("cost", {}).get("requestedQueryCost")
    if not failures.check(
        result.status == 200 and isinstance(cost, int) and cost > 0,
        f"rate limited: the headline query's cost could not be read: status {result.status} "
        f"{result.error or result.payload[:300]!r}",
    ):
        return None
    allowed = RATE_LIMIT * (1 + seconds / 60) * NORMAL_BUDGET_SHARE
    per_second = min(NORMAL_MOST_PER_SECOND, allowed / cost / max(seconds, 1.0))
    return 1 / per_second


def minimum_normal_rate_limited(seconds, pause):
    """Half the requests the normal client's pace allows, and at least 100 (a p99)."""
    return max(100, int(seconds / pause / 2))


def check_attack_totals(failures, phase, attackers):
    total = sum(t.requests for t in attackers)
    failures.check(
        total >= MIN_ATTACK_REQUESTS,
        f"{phase}: the attackers made {total} requests in all (at least {MIN_ATTACK_REQUESTS} needed)",
    )
    for name, slowest in merged_slowest(attackers).items():
        failures.check(
            slowest <= LIMIT_SECONDS,
            f"{phase}: a request of {name!r} took {slowest:.3f} s (limit {LIMIT_SECONDS} s)",
        )
    missing = [d.name for d in FAN_OUTS if d.name not in merged_slowest(attackers)]
    failures.check(not missing, f"{phase}: never sent: {', '.join(missing)}")


def check_p99(failures, phase, normal):
    latencies = all_seconds(normal)
    if failures.check(latencies, f"{phase}: the normal client measured nothing"):
        p99 = percentile(latencies, 0.99) * 1000
        failures.check(
            p99 < P99_LIMIT_MS,
            f"{phase}: the normal client's p99 was {p99:.1f} ms (limit {P99_LIMIT_MS:.0f} ms)",
        )


def merged_slowest(tallies):
    slowest = {}
    for tally in tallies:
        for name, seconds in tally.slowest.items():
            slowest[name] = max(slowest.get(name, 0.0), seconds)
    return slowest


def check_server(server, failures, phase):
    """Whether the server still runs; a failure if it exited."""
    status = server.exited()
    return failures.check(
        status is None,
        f"{phase}: the server ({server.name}) exited with status {status}; its log ends: {server.log_tail(3)}",
    )


# ---------------------------------------------------------------------------------------
# The report


def counts(tallies, name):
    """`outcome ×n` for each outcome of document `name`, most frequent first."""
    by = collections.Counter()
    for (document, text), n in merged(tallies, "by_outcome").items():
        if document == name:
            by[text] += n
    return ", ".join(f"{text} ×{n}" for text, n in by.most_common()) or "not sent"


def print_report(terms, alone, attack, limited, seconds):
    attackers, normal, idle, peak = attack
    limited_attackers, limited_normal = limited
    print(f"dataset: {terms} terms")
    print(
        f"attack requests: fresh random variables each; {FRESH_DOCUMENTS:.0%} with a new document text; "
        f"{ATTACKERS} attackers, {seconds:.0f} s per attack phase"
    )
    print()
    print(
        f"| document | alone: status | alone: outcome | alone: time | under attack: outcomes "
        f"| under attack: slowest | rate limited: outcomes |"
    )
    print("| --- | --: | --- | --: | --- | --: | --- |")
    slowest = merged_slowest(attackers)
    for document in FAN_OUTS:
        status, text, took = alone.get(document.name, ("-", "not measured", float("nan")))
        print(
            f"| {document.name} | {status} | {text} | {took * 1000:.1f} ms | {counts(attackers, document.name)} "
            f"| {slowest.get(document.name, float('nan')) * 1000:.1f} ms | {counts(limited_attackers, document.name)} |"
        )
    print()
    print("| figure | measured | limit |")
    print("| --- | --: | --: |")
    took = [row[2] for row in alone.values()]
    print(f"| slowest document alone | {max(took, default=float('nan')) * 1000:.1f} ms | {LIMIT_SECONDS:.0f} s |")
    print(f"| idle RSS | {idle / 2**20:.1f} MiB | |")
    print(
        f"| peak RSS (VmHWM, reset once idle) under attack | {peak / 2**20:.1f} MiB "
        f"(+{(peak - idle) / 2**20:.1f} MiB) | idle + {RSS_GROWTH_LIMIT / 2**20:.0f} MiB |"
    )
    print_attack_figures("under attack", attackers, normal, seconds)
    print_attack_figures("rate limited", limited_attackers, limited_normal, seconds)
    refusals = [s for t in limited_attackers for s in t.seconds_by_outcome.get("refused RATE_LIMITED", [])]
    print(
        f"| rate limited: 429 RATE_LIMITED refusals, p50 / p99 / slowest | {len(refusals)}: "
        f"{percentile(refusals, 0.5) * 1000:.2f} / {percentile(refusals, 0.99) * 1000:.2f} / "
        f"{max(refusals, default=float('nan')) * 1000:.2f} ms | p99 < {RATE_LIMITED_P99_LIMIT_MS:.0f} ms |"
    )


def print_attack_figures(phase, attackers, normal, seconds):
    total = sum(t.requests for t in attackers)
    fewest = min((t.requests for t in attackers), default=0)
    statuses = merged(attackers, "by_status")
    status_text = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items(), key=lambda kv: str(kv[0])))
    slowest = max(merged_slowest(attackers).values(), default=float("nan"))
    print(
        f"| {phase}: requests by {len(attackers)} attackers in {seconds:.0f} s (fewest by one; by status) "
        f"| {total} ({fewest}; {status_text}), slowest {slowest * 1000:.1f} ms "
        f"| ≥ {MIN_ATTACK_REQUESTS} ({MIN_REQUESTS_PER_ATTACKER}); each ≤ {LIMIT_SECONDS:.0f} s, no 5xx |"
    )
    latencies = all_seconds(normal)
    answered = len(normal.seconds_by_outcome.get(ANSWERED, []))
    print(
        f"| {phase}: the normal client's headline query: answered / sent, p50 / p99 "
        f"| {answered} / {normal.requests}, {percentile(latencies, 0.5) * 1000:.2f} / "
        f"{percentile(latencies, 0.99) * 1000:.2f} ms | all, p99 < {P99_LIMIT_MS:.0f} ms |"
    )


# ---------------------------------------------------------------------------------------


def run(args, failures, workdir):
    data = fanouts.Dataset(args.data)
    headline = fanouts.headline(HEADLINE_PATH)
    seconds = args.attack_seconds

    server = Server(args.tenure, args.data, workdir, "default")
    try:
        terms = check_dataset(server, failures)
        alone = phase_alone(server, data, failures)
        attack = phase_attack(server, data, headline, seconds, failures)
    finally:
        server.kill()

    flags = ["--rate-limit-cost-per-minute", str(RATE_LIMIT), "--trusted-proxy", "127.0.0.1/32"]
    server = Server(args.tenure, args.data, workdir, "rate-limited", flags)
    try:
        limited = phase_rate_limited(server, data, headline, seconds, failures)
    finally:
        server.kill()

    print_report(terms, alone, attack, limited, seconds)


def main():
    prove("scale", run, parse_args())


if __name__ == "__main__":
    sys.exit(main())
