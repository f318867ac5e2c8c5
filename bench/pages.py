"""Time the main pages and API lists at 10 and at 357 programmes (issue 10).

Builds the national data set (bench/dataset.py) in a fresh database: first the
programmes of the first 10 municipalities, measured; then the other 347, measured
again. Each page is fetched by Django's test client with DEBUG off and the project's
middleware, logged in as the national user (who sees every programme); after three
warm-up requests, the median time of 15 requests and the number of queries of one
request are printed. The floor is a page that renders only the base template with the
same middleware and login (bench/urls.py): the cost every page pays. The portfolio and
its API are measured when their URLs resolve. Prints PASS/FAIL for the targets, and
never asserts: timings depend on the machine.

    .venv/bin/python bench/pages.py [--programmes 10,357] [--db sqlite|postgres]
                                    [--repeat 15] [--load]

--load runs bench/load.py on the same database afterwards (gunicorn and wrk)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import dataset  # noqa: E402

WARMUP = 3
PROGRAMME_PAGE_TARGET = 5.0  # × the floor
PORTFOLIO_TARGET_MS = 100.0


@dataclass
class Page:
    name: str
    url: str
    api: bool = False
    queries: dict[int, int] = field(default_factory=dict)
    ms: dict[int, float] = field(default_factory=dict)
    status: dict[int, int] = field(default_factory=dict)


def pages(first_programme_pk: int) -> list[Page]:
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    from bench.urls import FLOOR_PATH

    out = [Page("floor (base template)", FLOOR_PATH)]
    try:
        out.append(Page("portfolio", reverse("portfolio:list")))
    except NoReverseMatch:
        print("portfolio: no URL portfolio:list yet, not measured")
    pk = first_programme_pk
    out += [
        Page("programme list", reverse("programmes:list")),
        Page("programme page", reverse("programmes:detail", args=[pk])),
        Page("timeline", reverse("planning:timeline", args=[pk])),
        Page("phase page (pre_study)", reverse("programmes:phase", args=[pk, "pre_study"])),
    ]
    try:
        resolve("/api/v1/portfolio")
        out.append(Page("GET /api/v1/portfolio", "/api/v1/portfolio", api=True))
    except Resolver404:
        print("GET /api/v1/portfolio does not resolve yet, not measured")
    out.append(Page("GET /api/v1/programmes", "/api/v1/programmes", api=True))
    return out


def measure(page: Page, size: int, client, api_headers: dict[str, str], repeat: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = api_headers if page.api else {}
    for _ in range(WARMUP):
        client.get(page.url, **headers)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page.url, **headers)
    page.queries[size] = len(ctx.captured_queries)
    page.status[size] = response.status_code
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(page.url, **headers)
        times.append(time.perf_counter() - start)
    page.ms[size] = statistics.median(times) * 1000


def table(rows: list[Page], sizes: list[int]) -> str:
    lo, hi = sizes[0], sizes[-1]
    floor = rows[0]
    header = (f"| {'page':<24} | {f'queries@{lo}':>11} | {f'queries@{hi}':>11} | "
              f"{f'ms@{lo}':>8} | {f'ms@{hi}':>8} | {f'×floor@{hi}':>10} |")
    lines = [header, "|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|"]
    for page in rows:
        bad = {s: page.status[s] for s in sizes if page.status.get(s) != 200}
        name = page.name + (f" (HTTP {','.join(map(str, bad.values()))})" if bad else "")
        ratio = page.ms[hi] / floor.ms[hi] if floor.ms.get(hi) else float("nan")
        lines.append(
            f"| {name:<24} | {page.queries.get(lo, '-'):>11} | {page.queries.get(hi, '-'):>11} "
            f"| {page.ms.get(lo, float('nan')):>8.1f} | {page.ms.get(hi, float('nan')):>8.1f} "
            f"| {ratio:>9.1f}× |")
    return "\n".join(lines)


def targets(rows: list[Page], sizes: list[int]) -> list[str]:
    lo, hi = sizes[0], sizes[-1]
    out = []
    same = [p.name for p in rows if p.queries.get(lo) != p.queries.get(hi)]
    out.append(f"{'PASS' if not same else 'FAIL'}: query counts identical at {lo} and {hi} "
               f"programmes" + (f" (differ: {', '.join(same)})" if same else ""))
    errors = [p.name for p in rows if any(s != 200 for s in p.status.values())]
    if errors:
        out.append(f"FAIL: pages not answering 200: {', '.join(errors)}")
    floor = rows[0].ms[hi]
    detail = next(p for p in rows if p.name == "programme page")
    ratio = detail.ms[hi] / floor
    out.append(f"{'PASS' if ratio <= PROGRAMME_PAGE_TARGET else 'FAIL'}: programme page "
               f"{ratio:.1f}× the floor (target ≤ {PROGRAMME_PAGE_TARGET:g}×)")
    portfolio = next((p for p in rows if p.name == "portfolio"), None)
    if portfolio is None:
        out.append("n/a: portfolio not present")
    else:
        ms = portfolio.ms[hi]
        out.append(f"{'PASS' if ms < PORTFOLIO_TARGET_MS else 'FAIL'}: portfolio of {hi} "
                   f"programmes {ms:.0f} ms (target < {PORTFOLIO_TARGET_MS:g} ms)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programmes", default="10,357",
                        help="sizes to measure, ascending (the data set grows)")
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--load", action="store_true",
                        help="then run the load test (bench/load.py) on the same database")
    parser.add_argument("--load-duration", type=int, default=30)
    args = parser.parse_args()
    sizes = sorted(int(x) for x in args.programmes.split(","))
    db = dataset.prepare(args.db)
    try:
        from django.conf import settings
        from django.test import Client

        from videreforing.programmes.models import Programme

        print(f"DEBUG={settings.DEBUG}; {len(settings.MIDDLEWARE)} middleware; "
              f"{args.repeat} requests after {WARMUP} warm-up; median")
        people = dataset.users()
        client = Client(raise_request_exception=False)
        client.force_login(people.national)
        rows: list[Page] | None = None
        built = 0
        for size in sizes:
            seconds = dataset.build(built, size)
            built = size
            print(f"built {Programme.objects.count()} programmes in {seconds:.1f} s")
            if rows is None:
                first = Programme.objects.order_by("pk").first()
                assert first is not None
                rows = pages(first.pk)
            for page in rows:
                measure(page, size, client, people.api_headers, args.repeat)
        assert rows is not None
        print()
        print(f"database: {args.db}")
        print(table(rows, sizes))
        print()
        for line in targets(rows, sizes):
            print(line)
        if args.load:
            from bench import load

            first = Programme.objects.order_by("pk").first()
            assert first is not None
            load.run(db, people.national, first.pk, duration=args.load_duration)
    finally:
        dataset.cleanup(db)


if __name__ == "__main__":
    main()
