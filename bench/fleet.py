"""A fleet of phones against gunicorn: what one server core carries at field rates.

    .venv/bin/python bench/fleet.py [--phones 200] [--seconds 60] [--tap-interval 20] [--postgres URL]

Each simulated phone signs in, opens a shift, then taps at random (exponential gaps of
`--tap-interval` seconds on average: a mediator walking a tram) and syncs as the app's
page scheduler does: `--debounce` seconds after the last tap and at the latest
`--longest-wait` seconds after the first tap not yet sent (4 s and 45 s, as
client/js/sync.js), everything pending in one request of at most 200 records, a record
leaving the outbox only on its acknowledgement.
A probe asks `/healthz` five times a second in the same run, so the sync's latency is
read against the server's floor under the same load.

Figures: requests/s, records/s, p50/p99 latency of sync and of /healthz, the server's CPU
(user + system of gunicorn's master and workers, from /proc) per tap, and "phones per
core": how many phones tapping at this rate one core serves, if p99 stayed under 200 ms.

    .venv/bin/python bench/fleet.py --connections 32 [--seconds 20] [--postgres URL]

The closed loop of issue 10 instead: N connections each send a one-record sync as soon as
the previous one is answered, for `--seconds`; then as many connections ask `/healthz` the
same way, for as long. Figures: requests/s, p50/p99 of each, and the ratio of the p99s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from machine import databases, machine_and_commit  # noqa: E402

from tests.reliability.gunicorn_server import GunicornServer, Phone, prepare_database  # noqa: E402

BATCH = 200  # client/js/sync.js: BATCH
QUIET = 4.0  # client/js/sync.js: QUIET_MS
LONGEST_WAIT = 45.0  # client/js/sync.js: LONGEST_WAIT_MS
P99_GOAL = 0.200


def _server_cpu_seconds(master_pid: int) -> float:
    """User + system CPU of gunicorn's master and its workers, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry.name), int(fields[1])
        if pid == master_pid or parent == master_pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class FieldPhone(Phone):
    """A phone of the reliability tests, driven by the clock like a mediator's."""

    def run(self, until: float, tap_interval: float, debounce: float, longest_wait: float, rng: random.Random) -> None:
        next_tap = time.monotonic() + rng.expovariate(1 / tap_interval)
        last_tap = first_unsent = None
        self.taps = 0
        self.requests = 0
        while True:
            now = time.monotonic()
            if now >= until:
                break
            if last_tap is not None and self.outbox:
                # client/js/sync.js SyncScheduler.soon(): a pause of QUIET_MS after the last
                # tap, and at the latest LONGEST_WAIT_MS after the first tap not yet sent.
                sync_due = min(last_tap + debounce, first_unsent + longest_wait)
            else:
                sync_due = float("inf")
            if now >= next_tap:
                self.log(1)
                self.taps += 1
                last_tap = now
                if first_unsent is None:
                    first_unsent = now
                next_tap = now + rng.expovariate(1 / tap_interval)
            elif now >= sync_due:
                self.requests += 1
                # The app forgets its first unsent tap as a sync starts, whatever comes of it.
                first_unsent = None
                if self.sync_once(BATCH) and not self.outbox:
                    last_tap = None
                elif self.outbox:
                    first_unsent = time.monotonic()
            else:
                time.sleep(max(0.0, min(next_tap, sync_due, until) - now))


def _probe(base: str, until: float, latencies: list[float]) -> None:
    with requests.Session() as http:
        while time.monotonic() < until:
            started = time.perf_counter()
            http.get(f"{base}/healthz", timeout=10).raise_for_status()
            latencies.append(time.perf_counter() - started)
            time.sleep(0.2)


def run_fleet(
    uri: str, phones: int, seconds: float, tap_interval: float, debounce: float, longest_wait: float, workers: int
) -> dict:
    emails = prepare_database(uri, phones)
    server = GunicornServer(uri, workers=workers)
    server.start()
    try:
        with ThreadPoolExecutor(8) as pool:  # argon2 sign-ins: a few at a time
            fleet = list(pool.map(lambda item: FieldPhone(server.url, item[1], item[0]), enumerate(emails)))
        for phone in fleet:  # open every shift before the clock starts
            phone.sync_once(BATCH)
            phone.latencies.clear()
        until = time.monotonic() + seconds
        cpu_before = _server_cpu_seconds(server.process.pid)
        probe_latencies: list[float] = []
        threads = [threading.Thread(target=_probe, args=(server.url, until, probe_latencies))]
        threads += [
            threading.Thread(
                target=phone.run, args=(until, tap_interval, debounce, longest_wait, random.Random(number))
            )
            for number, phone in enumerate(fleet)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        cpu = _server_cpu_seconds(server.process.pid) - cpu_before
    finally:
        server.stop()
    taps = sum(phone.taps for phone in fleet)
    sent = sum(phone.requests for phone in fleet)
    latencies = [value for phone in fleet for value in phone.latencies]
    failures = [failure for phone in fleet for failure in phone.failures]
    stored = taps - sum(len(phone.outbox) for phone in fleet)
    cpu_per_tap = cpu / taps if taps else float("nan")
    p99 = _percentile(latencies, 0.99)
    return {
        "taps": taps,
        "requests": sent,
        "requests_per_s": sent / elapsed,
        "records_per_s": stored / elapsed,
        "sync_p50": _percentile(latencies, 0.5),
        "sync_p99": p99,
        "healthz_p50": _percentile(probe_latencies, 0.5),
        "healthz_p99": _percentile(probe_latencies, 0.99),
        "cpu_per_tap": cpu_per_tap,
        "cpu_share": cpu / elapsed,
        # A core gives one CPU-second per second; each phone asks cpu_per_tap every tap_interval.
        "phones_per_core": tap_interval / cpu_per_tap if p99 < P99_GOAL else None,
        "requests_per_100_taps": 100 * sent / taps if taps else float("nan"),
        "failures": failures,
        "mean_latency": statistics.fmean(latencies) if latencies else float("nan"),
    }


def _closed_loop(call, connections: int, seconds: float) -> tuple[list[float], float]:
    latencies: list[list[float]] = [[] for _ in range(connections)]

    def loop(mine: list[float]) -> None:
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            started = time.perf_counter()
            call(len(mine))
            mine.append(time.perf_counter() - started)

    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(loop, latencies))
    return [value for mine in latencies for value in mine], time.monotonic() - started


def run_closed_loop(uri: str, connections: int, seconds: float, workers: int) -> dict:
    """One-record syncs back to back on N connections, then /healthz the same way."""
    emails = prepare_database(uri, connections)
    server = GunicornServer(uri, workers=workers)
    server.start()
    try:
        with ThreadPoolExecutor(8) as pool:
            fleet = list(pool.map(lambda item: FieldPhone(server.url, item[1], item[0]), enumerate(emails)))
        for phone in fleet:
            phone.sync_once(BATCH)
        pool_of = {}

        def sync(_count: int) -> None:
            phone = fleet[pool_of.setdefault(threading.get_ident(), len(pool_of))]
            phone.log(1)
            phone.sync_once(BATCH)

        sync_latencies, sync_elapsed = _closed_loop(sync, connections, seconds)
        sessions = {}

        def health(_count: int) -> None:
            http = sessions.setdefault(threading.get_ident(), requests.Session())
            http.get(f"{server.url}/healthz", timeout=30).raise_for_status()

        health_latencies, health_elapsed = _closed_loop(health, connections, seconds)
    finally:
        server.stop()
    return {
        "sync_per_s": len(sync_latencies) / sync_elapsed,
        "sync_p50": _percentile(sync_latencies, 0.5),
        "sync_p99": _percentile(sync_latencies, 0.99),
        "health_per_s": len(health_latencies) / health_elapsed,
        "health_p50": _percentile(health_latencies, 0.5),
        "health_p99": _percentile(health_latencies, 0.99),
        "failures": [failure for phone in fleet for failure in phone.failures],
    }


def _say_failures(label: str, failures: list[str]) -> None:
    # On stderr, beside the table: what failed, so that a count is never all a run leaves.
    for failure in sorted(set(failures))[:5]:
        print(f"{label} failure ({failures.count(failure)}×): {failure[:300]}", file=sys.stderr)


def closed_loop_main(args) -> None:
    """Print the closed-loop table (--connections)."""
    print(
        f"{args.connections} connections, one-record syncs back to back for {args.seconds:.0f} s, then "
        f"/healthz the same way; gunicorn {args.workers} workers; the load generator shares the machine's "
        "cores with the server\n"
    )
    columns = ["sync requests/s", "sync p50 / p99 (ms)", "/healthz requests/s", "/healthz p50 / p99 (ms)"]
    _print_table(
        args.postgres,
        [*columns, "p99 ratio", "failures"],
        lambda uri: run_closed_loop(uri, args.connections, args.seconds, args.workers),
        lambda figures: [
            f"{figures['sync_per_s']:.0f}",
            f"{figures['sync_p50'] * 1000:.1f} / {figures['sync_p99'] * 1000:.1f}",
            f"{figures['health_per_s']:.0f}",
            f"{figures['health_p50'] * 1000:.1f} / {figures['health_p99'] * 1000:.1f}",
            f"{figures['sync_p99'] / figures['health_p99']:.1f}×",
            f"{len(figures['failures'])}",
        ],
    )


def _print_table(postgres: str | None, columns: list[str], run, cells) -> None:
    """A Markdown table, a row per database: `run(uri)` measures on it, `cells(figures)` are the
    row's after the database's name; each run's failures are said on stderr."""
    print(f"| database | {' | '.join(columns)} |")
    print("| --- |" + " ---: |" * len(columns))
    for label, uri in databases(postgres):
        with tempfile.TemporaryDirectory() as folder:
            figures = run(uri or f"sqlite:///{Path(folder) / 'fleet.db'}")
        print(f"| {label} | {' | '.join(cells(figures))} |")
        _say_failures(label, figures["failures"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--tap-interval", type=float, default=20, help="mean seconds between two taps of a phone")
    parser.add_argument("--debounce", type=float, default=QUIET, help="seconds after the last tap before a sync")
    parser.add_argument(
        "--longest-wait", type=float, default=LONGEST_WAIT, help="at most this long after the first unsent tap"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--connections", type=int, help="closed loop on this many connections instead of phones")
    args = parser.parse_args()
    print(machine_and_commit())
    if args.connections:
        closed_loop_main(args)
        return
    print(
        f"{args.phones} phones for {args.seconds:.0f} s, a tap every {args.tap_interval:g} s on average, "
        f"sync {args.debounce:g} s after the last tap (at most {args.longest_wait:g} s after the first unsent "
        f"one), gunicorn {args.workers} workers; the load generator "
        "shares the machine's cores with the server\n"
    )
    columns = ["taps", "requests/s", "records/s", "sync p50 / p99 (ms)", "/healthz p50 / p99 (ms)"]
    _print_table(
        args.postgres,
        [*columns, "server CPU per tap (ms)", "server CPU (cores)", "phones per core (p99 < 200 ms)", "failures"],
        lambda uri: run_fleet(
            uri, args.phones, args.seconds, args.tap_interval, args.debounce, args.longest_wait, args.workers
        ),
        lambda figures: [
            f"{figures['taps']:,}",
            f"{figures['requests_per_s']:.1f}",
            f"{figures['records_per_s']:.1f}",
            f"{figures['sync_p50'] * 1000:.1f} / {figures['sync_p99'] * 1000:.1f}",
            f"{figures['healthz_p50'] * 1000:.1f} / {figures['healthz_p99'] * 1000:.1f}",
            f"{figures['cpu_per_tap'] * 1000:.2f}",
            f"{figures['cpu_share']:.2f}",
            f"{figures['phones_per_core']:,.0f}" if figures["phones_per_core"] else "p99 over goal",
            f"{len(figures['failures'])}",
        ],
    )


if __name__ == "__main__":
    main()
