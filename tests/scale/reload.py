"""Reproduction at a million terms: a reload whose files vanish while it reads ends,
reports the failure and keeps the old data served; the next reload succeeds; SIGTERM
during a reload exits promptly with status 0.

On a copy of the generated dataset (so the original is never touched), with a server
it starts itself (so it can read the exit status), this script

1. sends SIGHUP and, once the reload is reading the office files (the server has
   read dataset.json, people.json and MID_READ of the office files' bytes since the
   signal, by /proc/PID/io: about 1.3 s after it on the 2-core machine), removes the
   copy's `offices/` directory;
2. polls `{ dataset { lastReload { at succeeded version problems } } }` and requires,
   within RELOAD_DEADLINE seconds, a lastReload that reports the failure (not
   succeeded, a problem that names offices/, none that names a host path) while every
   poll is answered; the old dataset is still served: the same version and term count
   (a million), the headline query answers, /readyz is 200 and shows the failure;
3. restores `offices/`, sends SIGHUP again and requires a successful reload of the
   same version;
4. sends SIGHUP once more and, while that reload reads office files, SIGTERM, and
   requires the
   process to exit within `--shutdown-timeout-secs` + EXIT_MARGIN seconds with status 0.

Every request has a timeout; any miss fails the run. Prints the figures as Markdown.
Usage: python3 reload.py --tenure BINARY --data DIR
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from harness import Client, Server, get, prove

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADLINE_PATH = os.path.join(ROOT, "bench", "queries", "holders-during.graphql")
HEADLINE_VARIABLES = os.path.join(ROOT, "bench", "queries", "holders-during.variables.json")

MIN_TERMS = 1_000_000
SHUTDOWN_TIMEOUT = 5  # --shutdown-timeout-secs
EXIT_MARGIN = 5  # seconds past the shutdown timeout the process may take to exit
RELOAD_DEADLINE = 30  # seconds from SIGHUP to a lastReload that reports it
MID_READ = 0.25  # the share of the office files' bytes read when offices/ is removed
READ_DEADLINE = 10  # seconds from SIGHUP for the reload to get there
POLL_EVERY = 0.25
STATUS = "{ dataset { version termCount lastReload { at succeeded version problems } } }"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tenure", required=True, help="the release binary")
    parser.add_argument("--data", required=True, help="a generated dataset of at least a million terms")
    return parser.parse_args()


def dataset_status(client, failures, step):
    """`dataset { ... }` as served now, or None (a failure) if it was not answered."""
    result, answer = client.query(STATUS)
    ok = result.status == 200 and isinstance(answer, dict) and not answer.get("errors") and answer.get("data")
    what = result.error or result.payload[:300]
    if not failures.check(ok, f"{step}: the dataset query got {result.status}: {what!r}"):
        return None
    return answer["data"]["dataset"]


def wait_for_reload(client, failures, step, signalled, done):
    """Polls until `done(lastReload)` holds, RELOAD_DEADLINE seconds after `signalled`
    at most; every poll must be answered. Returns (dataset, seconds, polls)."""
    polls = 0
    while True:
        dataset = dataset_status(client, failures, step)
        polls += 1
        elapsed = time.monotonic() - signalled
        if dataset is None:
            return None, elapsed, polls
        if dataset["lastReload"] is not None and done(dataset["lastReload"]):
            return dataset, elapsed, polls
        if elapsed > RELOAD_DEADLINE:
            failures.add(f"{step}: no lastReload reported it within {RELOAD_DEADLINE} s: {dataset['lastReload']}")
            return None, elapsed, polls
        time.sleep(POLL_EVERY)


def directory_bytes(path):
    return sum(os.path.getsize(os.path.join(path, name)) for name in os.listdir(path))


def check_old_data_served(server, client, failures, baseline, workdir):
    """After the failed reload: the same dataset, the headline query, /readyz."""
    step = "after the failed reload"
    with open(HEADLINE_PATH, encoding="utf-8") as f:
        headline = f.read()
    with open(HEADLINE_VARIABLES, encoding="utf-8") as f:
        variables = json.load(f)
    result, answer = client.query(headline, variables)
    terms = (((answer or {}).get("data") or {}).get("office") or {}).get("terms") or {}
    failures.check(
        result.status == 200 and not (answer or {}).get("errors") and terms.get("totalCount"),
        f"{step}: the headline query got {result.status}: {result.error or result.payload[:300]!r}",
    )
    status, body, _ = get(server.host, server.port, "/readyz")
    failures.check(status == 200, f"{step}: /readyz answered {status}: {body[:300]!r}")
    failures.check(b'"succeeded":false' in body, f"{step}: /readyz does not show the failure: {body[:300]!r}")
    failures.check(workdir.encode() not in body, f"{step}: /readyz names a host path: {body[:300]!r}")


def wait_until_reading_offices(server, failures, step, copy, read_before, signalled):
    """Waits until the reload has read MID_READ of the office files (after
    dataset.json and people.json). Returns the bytes read since the signal."""
    head = sum(os.path.getsize(os.path.join(copy, name)) for name in ("dataset.json", "people.json"))
    target = head + MID_READ * directory_bytes(os.path.join(copy, "offices"))
    while True:
        read = server.bytes_read() - read_before
        if read >= target:
            return read
        if time.monotonic() - signalled > READ_DEADLINE:
            failures.add(f"{step}: {READ_DEADLINE} s after SIGHUP the reload had read {read / 2**20:.0f} MiB")
            return read
        time.sleep(0.005)


def failed_reload(server, client, failures, baseline, copy, workdir):
    """Step 1 and 2. Returns the figures."""
    step = "reload with offices/ removed"
    offices = os.path.join(copy, "offices")
    total = sum(os.path.getsize(os.path.join(copy, name)) for name in ("dataset.json", "people.json"))
    total += directory_bytes(offices)
    read_before = server.bytes_read()
    signalled = time.monotonic()
    server.signal(signal.SIGHUP)
    read = wait_until_reading_offices(server, failures, step, copy, read_before, signalled)
    shutil.rmtree(offices)
    removed = time.monotonic() - signalled

    dataset, seconds, polls = wait_for_reload(client, failures, step, signalled, lambda r: True)
    figures = {"read": read, "total": total, "removed": removed, "seconds": seconds, "polls": polls, "report": None}
    if dataset is None:
        return figures
    report = figures["report"] = dataset["lastReload"]
    problems = report["problems"]
    if report["succeeded"]:
        failures.add(
            f"{step}: the reload succeeded: it had read {read / 2**20:.0f} of {total / 2**20:.0f} MiB "
            f"when offices/ was removed {removed:.2f} s after SIGHUP, so nothing was proven; lower MID_READ"
        )
        return figures
    failures.check(problems, f"{step}: lastReload reports a failure with no problem")
    failures.check(
        any(p.startswith("offices/") for p in problems),
        f"{step}: no problem names a file under offices/: {problems[:3]}",
    )
    failures.check(not any(workdir in p for p in problems), f"{step}: a problem names a host path: {problems[:3]}")
    failures.check(
        report["version"] == baseline["version"] == dataset["version"],
        f"{step}: the served version changed: {baseline['version']} -> {dataset['version']} "
        f"(lastReload says {report['version']})",
    )
    failures.check(
        dataset["termCount"] == baseline["termCount"],
        f"{step}: the term count changed: {baseline['termCount']} -> {dataset['termCount']}",
    )
    check_old_data_served(server, client, failures, baseline, workdir)
    return figures


def restored_reload(server, client, failures, baseline, original, copy, previous):
    """Step 3: the files back, a reload that succeeds (a lastReload other than
    `previous`, the failed one's). Returns (succeeded, seconds)."""
    step = "reload with offices/ restored"
    subprocess.run(["cp", "-r", os.path.join(original, "offices"), os.path.join(copy, "offices")], check=True)
    signalled = time.monotonic()
    server.signal(signal.SIGHUP)
    done = lambda report: report["succeeded"] and report != previous  # noqa: E731
    dataset, seconds, polls = wait_for_reload(client, failures, step, signalled, done)
    if dataset is not None:
        report = dataset["lastReload"]
        failures.check(not report["problems"], f"{step}: a successful reload lists problems: {report['problems'][:3]}")
        failures.check(
            dataset["version"] == report["version"] == baseline["version"],
            f"{step}: the same files give version {dataset['version']}, not {baseline['version']}",
        )
        failures.check(
            dataset["termCount"] == baseline["termCount"],
            f"{step}: {dataset['termCount']} terms after the reload, not {baseline['termCount']}",
        )
    return dataset is not None, seconds


def terminate_while_reloading(server, failures, copy):
    """Step 4. Returns (exit status, seconds from SIGHUP to SIGTERM, seconds from
    SIGTERM to exit)."""
    step = "SIGTERM during a reload"
    read_before = server.bytes_read()
    signalled = time.monotonic()
    server.signal(signal.SIGHUP)
    wait_until_reading_offices(server, failures, step, copy, read_before, signalled)
    into = time.monotonic() - signalled
    status, seconds = server.terminate(SHUTDOWN_TIMEOUT + EXIT_MARGIN)
    if status is None:
        failures.add(f"{step}: still running {SHUTDOWN_TIMEOUT + EXIT_MARGIN} s later (killed)")
    else:
        failures.check(status == 0, f"{step}: exit status {status}: {server.log_tail()}")
    return status, into, seconds


def print_report(baseline, failed, restored, terminated):
    print("| step | measured | limit |")
    print("| --- | --: | --: |")
    print(f"| served before | {baseline['termCount']} terms, version {baseline['version']} | ≥ {MIN_TERMS} terms |")
    print(
        f"| SIGHUP, then offices/ removed after {failed['removed']:.2f} s | the reload had read "
        f"{failed['read'] / 2**20:.0f} of {failed['total'] / 2**20:.0f} MiB of the dataset's files "
        f"| into the office files |"
    )
    report = failed["report"]
    if report is None:
        seen = f"no report within {failed['seconds']:.1f} s"
    else:
        shown = "; ".join(p.replace("|", "\\|") for p in report["problems"][:2])
        seen = (
            f"after {failed['seconds']:.1f} s ({failed['polls']} polls, all answered): succeeded "
            f"{str(report['succeeded']).lower()}, {len(report['problems'])} problem(s), e.g. {shown}"
        )
    print(f"| lastReload reports the failure; the old data is served | {seen} | {RELOAD_DEADLINE} s |")
    succeeded, seconds = restored
    seen = f"succeeded after {seconds:.1f} s, same version" if succeeded else f"no success within {seconds:.1f} s"
    print(f"| SIGHUP with offices/ restored | {seen} | {RELOAD_DEADLINE} s |")
    status, into, seconds = terminated
    print(
        f"| SIGTERM {into:.2f} s into a reload (reading office files) | exit status {status} after {seconds:.2f} s "
        f"| status 0 within {SHUTDOWN_TIMEOUT + EXIT_MARGIN} s |"
    )


def run(args, failures, workdir):
    copy = os.path.join(workdir, "data")
    subprocess.run(["cp", "-r", args.data, copy], check=True)
    server = Server(args.tenure, copy, workdir, "reload", ["--shutdown-timeout-secs", str(SHUTDOWN_TIMEOUT)])
    client = Client(server)
    try:
        baseline = dataset_status(client, failures, "before the reloads")
        if baseline is None:
            return
        failures.check(baseline["termCount"] >= MIN_TERMS, f"the dataset holds {baseline['termCount']} terms")
        failures.check(baseline["lastReload"] is None, f"lastReload before any reload: {baseline['lastReload']}")
        failed = failed_reload(server, client, failures, baseline, copy, workdir)
        restored = restored_reload(server, client, failures, baseline, args.data, copy, failed["report"])
        client.close()
        terminated = terminate_while_reloading(server, failures, copy)
    finally:
        client.close()
        server.kill()
    print_report(baseline, failed, restored, terminated)


def main():
    prove("reload", run, parse_args())


if __name__ == "__main__":
    sys.exit(main())
