"""What tests/scale/scale.py and tests/scale/reload.py share: starting and stopping a
tenure server, HTTP requests that always time out, sorting each answer into an outcome,
per-thread tallies, and the list of failures a run ends on.

Everything here fails closed: a request that raises is an outcome ("exception
TypeName"), an answer that cannot be read is an outcome, and only the outcomes
"answered" and "refused CODE" (for the codes a phase allows) are acceptable.
Standard library only.
"""

import base64
import collections
import http.client
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

REQUEST_TIMEOUT = 10.0  # seconds: every HTTP request gives up after this
STARTUP_TIMEOUT = float(os.environ.get("STARTUP_TIMEOUT", "120"))

# The codes of refusals: a limit, the rate limit, a deadline (README, "Command line").
REFUSAL_CODES = frozenset(
    {
        "MAX_CHARACTERS_EXCEEDED",
        "MAX_TOKENS_EXCEEDED",
        "MAX_ALIASES_EXCEEDED",
        "MAX_DIRECTIVES_EXCEEDED",
        "MAX_DEPTH_EXCEEDED",
        "MAX_COST_EXCEEDED",
        "MAX_ANSWER_ITEMS_EXCEEDED",
        "TIMEOUT",
        "BATCH_LIMIT",
        "PAYLOAD_TOO_LARGE",
        "REQUEST_TIMEOUT",
        "RATE_LIMITED",
    }
)
ANSWERED = "answered"


class Failures:
    """The misses of a run; a run passes only if this stays empty."""

    def __init__(self):
        self._lock = threading.Lock()
        self.messages = []

    def add(self, message):
        with self._lock:
            self.messages.append(message)

    def check(self, ok, message):
        if not ok:
            self.add(message)
        return ok

    def finish(self):
        """Prints every failure and exits 1, or exits 0 if there were none."""
        if self.messages:
            print()
            for message in self.messages:
                print(f"FAILED: {message}")
            sys.exit(1)
        print()
        print("PASSED: every check above held.")
        sys.exit(0)


def prove(name, run, args):
    """Runs `run(args, failures, workdir)` in a fresh temporary directory, then prints
    every failure and exits. A crash of the proof itself is a failure, never a pass."""
    failures = Failures()
    with tempfile.TemporaryDirectory(prefix=f"tenure-{name}-", ignore_cleanup_errors=True) as workdir:
        try:
            run(args, failures, workdir)
        except Exception as e:
            traceback.print_exc()
            failures.add(f"the {name} proof stopped: {type(e).__name__}: {e}")
    failures.finish()


# ---------------------------------------------------------------------------------------
# The server


class Server:
    """A `tenure serve` on 127.0.0.1 and a free port, started by this process (so its
    exit status can be read), its output in files under `workdir`."""

    def __init__(self, binary, data, workdir, name, extra_args=()):
        self.name = name
        self.out_path = os.path.join(workdir, f"{name}.out.log")
        self.err_path = os.path.join(workdir, f"{name}.err.log")
        args = [binary, "serve", "--listen", "127.0.0.1:0", "--data", data, *extra_args]
        self.args = args
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen(args, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        self.pid = self.process.pid
        try:
            self.url = self._wait_until_listening()
            parsed = urllib.parse.urlparse(self.url)
            self.host, self.port = parsed.hostname, parsed.port
            status, _, _ = get(self.host, self.port, "/healthz")
            if status != 200:
                raise RuntimeError(f"{name}: /healthz answered {status}")
        except BaseException:
            self.kill()  # never leave a server behind
            raise

    def _wait_until_listening(self):
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            with open(self.out_path, encoding="utf-8", errors="replace") as f:
                for word in f.read().split():
                    if word.startswith("http://127.0.0.1:"):
                        return word.rstrip("/")
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with status {self.process.returncode}: {self.log_tail()}")
            time.sleep(0.1)
        raise RuntimeError(f"{self.name} did not listen within {STARTUP_TIMEOUT:.0f} s")

    def exited(self):
        """The exit status if the process has ended, else None."""
        return self.process.poll()

    def status_bytes(self, field):
        """A field of /proc/PID/status (VmRSS, VmHWM), in bytes."""
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
        raise RuntimeError(f"no {field} in /proc/{self.pid}/status")

    def reset_peak(self):
        """Resets VmHWM to the current size (clear_refs 5)."""
        with open(f"/proc/{self.pid}/clear_refs", "w") as f:
            f.write("5")

    def bytes_read(self):
        """Bytes the process has read so far (/proc/PID/io rchar)."""
        with open(f"/proc/{self.pid}/io") as f:
            for line in f:
                if line.startswith("rchar:"):
                    return int(line.split()[1])
        raise RuntimeError(f"no rchar in /proc/{self.pid}/io")

    def signal(self, number):
        self.process.send_signal(number)

    def terminate(self, wait_seconds):
        """SIGTERM, then the exit status and the seconds it took; (None, seconds) if
        the process had not exited within `wait_seconds` (it is then killed)."""
        started = time.monotonic()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(wait_seconds)
        except subprocess.TimeoutExpired:
            status = None
            self.kill()
        return status, time.monotonic() - started

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines=15):
        try:
            with open(self.err_path, encoding="utf-8", errors="replace") as f:
                return "".join(collections.deque(f, lines)).strip()
        except OSError as e:
            return f"(no log: {e})"


def office_id(slug):
    """The global ID tenure gives an office: base64 of `Office:<slug>`, unpadded."""
    return base64.b64encode(f"Office:{slug}".encode()).decode().rstrip("=")


# ---------------------------------------------------------------------------------------
# HTTP


class Result:
    """One request: its status (None if it raised), body, seconds, and exception."""

    __slots__ = ("status", "payload", "seconds", "error")

    def __init__(self, status, payload, seconds, error=None):
        self.status, self.payload, self.seconds, self.error = status, payload, seconds, error


class Client:
    """One keep-alive connection to `/graphql`. Every request times out after
    REQUEST_TIMEOUT; a request that raises is returned as a Result with its exception,
    and the next request opens a new connection. `forwarded_for` sets X-Forwarded-For,
    which names the client to a server started with `--trusted-proxy 127.0.0.1/32`.

    A connection left idle for IDLE_RETRY seconds or more may have been closed by the
    server meanwhile (its keep-alive timeout is 5 s), as HTTP allows: a request that
    finds it closed before any answer is sent again once on a new connection, as
    HTTP clients do. Attackers and the measured clients never idle that long, so no
    failure under load is retried away."""

    IDLE_RETRY = 1.0

    def __init__(self, server, forwarded_for=None):
        self.host, self.port = server.host, server.port
        self.headers = {"content-type": "application/json", "accept": "application/json"}
        if forwarded_for:
            self.headers["x-forwarded-for"] = forwarded_for
        self.connection = None
        self.last_used = time.monotonic()

    def send(self, body):
        """POSTs `body` (a dict, or a list for a batch) and returns a Result."""
        data = json.dumps(body)
        idle = self.connection is not None and time.monotonic() - self.last_used >= self.IDLE_RETRY
        started = time.perf_counter()
        try:
            try:
                return self._send(data, started)
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                if not idle:
                    raise
                self.close()
                return self._send(data, started)
        except Exception as e:  # every failure is a recorded outcome, never a crash
            self.close()
            return Result(None, b"", time.perf_counter() - started, e)
        finally:
            self.last_used = time.monotonic()

    def _send(self, data, started):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        self.connection.request("POST", "/graphql", body=data, headers=self.headers)
        response = self.connection.getresponse()
        payload = response.read()
        return Result(response.status, payload, time.perf_counter() - started)

    def query(self, document, variables=None):
        """Sends one operation; returns (Result, decoded answer or None)."""
        result = self.send({"query": document, "variables": variables or {}})
        return result, decode(result)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def get(host, port, path):
    """GET `path`; returns (status, body, seconds). Raises on a transport failure."""
    connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT)
    started = time.perf_counter()
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read(), time.perf_counter() - started
    finally:
        connection.close()


def decode(result):
    """The JSON answer of a Result, or None if there is none or it is not JSON."""
    if result.status is None:
        return None
    try:
        return json.loads(result.payload)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# Outcomes


def outcome(result, allowed_codes):
    """What happened to a request, as a short text; see `acceptable`.

    "answered"           200, every operation has data and no error;
    "refused CODE"       every operation refused with a code in `allowed_codes`
                         (a 4xx carries one, e.g. 429 RATE_LIMITED);
    anything else        "exception TYPE", "HTTP 5xx", "unreadable answer",
                         "error CODE" (an error that is no allowed refusal),
                         "HTTP 4xx without a refusal", "no data".
    A batch whose operations end differently joins their outcomes with " + ".
    """
    if result.error is not None:
        return f"exception {type(result.error).__name__}"
    if result.status >= 500:
        return f"HTTP {result.status}"
    answer = decode(result)
    if not isinstance(answer, (dict, list)) or (isinstance(answer, list) and not answer):
        return "unreadable answer"
    answers = answer if isinstance(answer, list) else [answer]
    outcomes = sorted({_operation_outcome(a, allowed_codes) for a in answers})
    joined = " + ".join(outcomes)
    if result.status == 429 and joined != "refused RATE_LIMITED":
        return f"HTTP 429 with {joined}"
    if result.status != 200 and not joined.startswith("refused"):
        return f"HTTP {result.status} without a refusal ({joined})"
    if result.status == 200 and "RATE_LIMITED" in joined:
        return f"HTTP 200 with {joined}"
    return joined


def _operation_outcome(answer, allowed_codes):
    if not isinstance(answer, dict):
        return "unreadable answer"
    errors = answer.get("errors") or []
    if not errors:
        return ANSWERED if answer.get("data") else "no data"
    codes = sorted({str((e.get("extensions") or {}).get("code", "none")) for e in errors})
    if all(code in allowed_codes for code in codes):
        return "refused " + ",".join(codes)
    return "error " + ",".join(codes)


def acceptable(text):
    """Whether an outcome is one a passing run may have: answered or refused, for
    every operation of the request."""
    return all(part == ANSWERED or part.startswith("refused ") for part in text.split(" + "))


class Tally:
    """What one thread saw: requests by status and by (document, outcome), the slowest
    request per document, the times of requests of each outcome, and the first few
    unacceptable answers. `finished` is set when the thread's body returns, `crash`
    holds what it raised."""

    SAMPLES = 3

    def __init__(self, name):
        self.name = name
        self.requests = 0
        self.by_status = collections.Counter()
        self.by_outcome = collections.Counter()  # (document, outcome) -> requests
        self.slowest = {}  # document -> seconds
        self.seconds_by_outcome = collections.defaultdict(list)
        self.bad = collections.Counter()  # unacceptable outcome -> requests
        self.samples = []  # the first few unacceptable answers, for the report
        self.exceptions = collections.Counter()  # "Type: message" -> requests
        self.finished = False
        self.crash = None

    def record(self, document, result, text):
        self.requests += 1
        self.by_status[result.status if result.status is not None else "no answer"] += 1
        self.by_outcome[(document, text)] += 1
        self.slowest[document] = max(self.slowest.get(document, 0.0), result.seconds)
        self.seconds_by_outcome[text].append(result.seconds)
        if result.error is not None:
            self.exceptions[f"{type(result.error).__name__}: {result.error}"] += 1
        if not acceptable(text):
            self.bad[text] += 1
            if len(self.samples) < self.SAMPLES:
                what = result.error if result.error is not None else f"status {result.status}: {result.payload[:300]!r}"
                self.samples.append(f"{document}: {text}: {what}")

    def bad_answer(self, document, result, problem, detail=""):
        """Records a request whose answer was acceptable in form but wrong in content."""
        self.bad[problem] += 1
        if len(self.samples) < self.SAMPLES:
            self.samples.append(f"{document}: {problem} {detail}: status {result.status}: {result.payload[:300]!r}")


def run_threads(bodies, tallies, seconds, stop):
    """Runs each body(tally) on a thread of its own for `seconds`, then sets `stop`
    and joins them. Returns the names of threads still alive after the join."""

    def guarded(body, tally):
        try:
            body(tally)
            tally.finished = True
        except BaseException as e:  # recorded and reported: a thread that died fails the run
            tally.crash = f"{type(e).__name__}: {e}\n{traceback.format_exc()}"

    threads = [
        threading.Thread(target=guarded, args=(body, tally), name=tally.name, daemon=True)
        for body, tally in zip(bodies, tallies)
    ]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    deadline = time.monotonic() + REQUEST_TIMEOUT + 5
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    return [t.name for t in threads if t.is_alive()]


def check_threads(failures, phase, tallies, alive, minimum):
    """Fails the run for a thread still alive, one that died, one that did not reach
    its end, one that made fewer than `minimum` requests, and every unacceptable or
    exceptional request, each with what it saw."""
    for name in [t.name for t in tallies if t.name in alive]:
        failures.add(f"{phase}: thread {name} was still running {REQUEST_TIMEOUT + 5:.0f} s after the stop")
    for tally in tallies:
        if tally.crash:
            failures.add(f"{phase}: thread {tally.name} died: {tally.crash.strip()}")
        elif not tally.finished and tally.name not in alive:
            failures.add(f"{phase}: thread {tally.name} did not reach its end")
        failures.check(
            tally.requests >= minimum,
            f"{phase}: {tally.name} made {tally.requests} requests (at least {minimum} needed)",
        )
        for text, count in sorted(tally.bad.items()):
            if not text.startswith("exception "):  # listed with their messages below
                failures.add(f"{phase}: {tally.name}: {count} request(s) {text}")
        for text, count in sorted(tally.exceptions.items()):
            failures.add(f"{phase}: {tally.name}: {count} request(s) raised {text}")
        for sample in tally.samples:
            failures.add(f"{phase}: {tally.name}: e.g. {sample}")


def percentile(values, fraction):
    """The nearest-rank percentile of `values` (nan if empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def merged(tallies, attribute):
    """The sum of the Counters `attribute` of `tallies`."""
    total = collections.Counter()
    for tally in tallies:
        total.update(getattr(tally, attribute))
    return total
