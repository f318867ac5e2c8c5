"""Throughput under load: gunicorn (2 sync workers) against the bench database, and
`wrk` with 32 connections for 30 s on the floor page, the programme page and the
portfolio, logged in as the national user (the session cookie in a header).

Prints requests/s, errors (non-2xx/3xx answers and socket errors, as wrk counts them)
and the throughput as a share of the floor's. wrk runs on the same machine as the
server and takes CPU from it: compare the rows with each other, not with another
machine's.

    .venv/bin/python bench/load.py [--programmes 357] [--db sqlite|postgres] [--duration 30]

or `bench/pages.py --load` after the page timings, on the same database. Needs wrk:
`apt-get install -y wrk` (Debian/Ubuntu)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset  # noqa: E402

CONNECTIONS = 32
THREADS = 2
WORKERS = 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_cookie(user) -> str:
    """A logged-in session stored in the bench database, as the browser's cookie."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _wait_up(url: str, cookie: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(url, headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer 200 at {url} within {timeout:.0f} s")


def _number(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else 0.0


def wrk(url: str, cookie: str, duration: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "10s",
         "--latency", "-H", f"Cookie: {cookie}", url],
        capture_output=True, text=True, check=True).stdout
    socket_errors = sum(int(n) for n in re.findall(
        r"(?:connect|read|write|timeout) (\d+)", out.split("Socket errors:", 1)[1])
    ) if "Socket errors:" in out else 0
    return {
        "rps": _number(r"Requests/sec:\s+([\d.]+)", out),
        "requests": _number(r"(\d+) requests in", out),
        "non2xx": _number(r"Non-2xx or 3xx responses: (\d+)", out),
        "socket": float(socket_errors),
        "p50": _latency_ms(out, "50%"),
        "p99": _latency_ms(out, "99%"),
    }


def _latency_ms(out: str, label: str) -> float:
    match = re.search(rf"{re.escape(label)}\s+([\d.]+)(us|ms|s)\b", out)
    if not match:
        return float("nan")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run(db: dataset.BenchDatabase, user, programme_pk: int, *, duration: int = 30) -> None:
    if shutil.which("wrk") is None:
        print("\nwrk is not installed: the load run needs it. Install it with "
              "`apt-get install -y wrk` (Debian/Ubuntu), then run again.")
        return
    from django.db import connections
    from django.urls import NoReverseMatch, reverse

    from bench.urls import FLOOR_PATH

    targets = [("floor (base template)", FLOOR_PATH),
               ("programme page", reverse("programmes:detail", args=[programme_pk]))]
    try:
        targets.append(("portfolio", reverse("portfolio:list")))
    except NoReverseMatch:
        print("portfolio: no URL portfolio:list yet, not measured")
    cookie = _session_cookie(user)
    connections.close_all()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(dataset.ROOT / ".venv" / "bin" / "gunicorn"), "videreforing.wsgi",
         "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "--chdir",
         str(dataset.ROOT), "--log-level", "warning", "--backlog", "256"],
        env=os.environ.copy(), cwd=dataset.ROOT, start_new_session=True)
    results = []
    try:
        _wait_up(base + FLOOR_PATH, cookie)
        for name, path in targets:
            # A short warm-up (imports, template caches of both workers), not counted.
            subprocess.run(["wrk", "-t1", "-c2", "-d2s", "-H", f"Cookie: {cookie}",
                            base + path], capture_output=True, check=True)
            results.append((name, wrk(base + path, cookie, duration)))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    floor = results[0][1]["rps"] or float("nan")
    print()
    print(f"load: gunicorn {WORKERS} sync workers, wrk {THREADS} threads, {CONNECTIONS} "
          f"connections, {duration} s per page, database {db.kind}, same machine")
    header = (f"| {'page':<22} | {'req/s':>7} | {'requests':>8} | {'non-2xx':>7} | "
              f"{'socket err':>10} | {'p50 ms':>7} | {'p99 ms':>7} | {'share of floor':>14} |")
    print(header)
    print("|" + "|".join("-" * len(c) for c in header.split("|")[1:-1]) + "|")
    for name, r in results:
        print(f"| {name:<22} | {r['rps']:>7.1f} | {r['requests']:>8.0f} | {r['non2xx']:>7.0f} | "
              f"{r['socket']:>10.0f} | {r['p50']:>7.0f} | {r['p99']:>7.0f} | "
              f"{r['rps'] / floor:>13.0%} |")
    errors = sum(r["non2xx"] + r["socket"] for _name, r in results)
    print(f"{'PASS' if not errors else 'FAIL'}: {errors:.0f} errors under load")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programmes", type=int, default=357)
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--duration", type=int, default=30)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed. Install it with `apt-get install -y wrk` "
                         "(Debian/Ubuntu), then run again.")
    db = dataset.prepare(args.db)
    try:
        from videreforing.programmes.models import Programme

        people = dataset.users()
        seconds = dataset.build(0, args.programmes)
        print(f"built {args.programmes} programmes in {seconds:.1f} s")
        first = Programme.objects.order_by("pk").first()
        assert first is not None
        run(db, people.national, first.pk, duration=args.duration)
    finally:
        dataset.cleanup(db)


if __name__ == "__main__":
    main()
