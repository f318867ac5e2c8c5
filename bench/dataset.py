"""The national data set of the bench runs, in a fresh database.

`prepare(db)` sets the environment (production-like: DEBUG off, collected static files
with the manifest storage, no `.env`) and creates the database: a temporary SQLite file,
or a fresh PostgreSQL database `videreforing_bench` on postgres://postgres@127.0.0.1:5432
(dropped first when it exists, and again by `cleanup`). Then `django.setup()` and
`migrate`, which loads the 357 municipalities and the task template.

`build(start, stop)` adds one programme per municipality (the municipalities sorted by
number, `start` to `stop`), each with the full template plan and a programme manager of
its own, about 50 history entries, a tender every 10th programme, an options analysis
every 15th, a started pre-study every 4th; then the stored forecasts
(`forecasts.recompute()`). `users()` makes the adviser for every county, the national
user (national_access) and an API token for the national user."""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "videreforing_bench"
HISTORY_PER_PROGRAMME = 50


@dataclass
class BenchDatabase:
    kind: str  # "sqlite" or "postgres"
    url: str
    workdir: Path  # temporary: the SQLite file, the collected static files


def prepare(kind: str) -> BenchDatabase:
    """Environment, fresh database, django.setup(), migrate, collectstatic."""
    if kind not in ("sqlite", "postgres"):
        raise SystemExit(f"--db must be sqlite or postgres, not {kind!r}")
    workdir = Path(tempfile.mkdtemp(prefix="videreforing-bench-"))
    if kind == "sqlite":
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        _recreate_pg()
        url = f"{PG_SERVER}/{PG_NAME}"
    env = {
        "ENV_FILE": "",  # not the developer's .env (DEBUG on)
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain HTTP on the loopback: TLS is the proxy's in production.
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "ATTACHMENTS_ROOT": str(workdir / "attachments"),
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(env)
    os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_hex(24))
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"database {kind}: migrated and static files collected in "
          f"{time.perf_counter() - started:.1f} s")
    return BenchDatabase(kind=kind, url=url, workdir=workdir)


def _pg_admin():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True)


def _recreate_pg() -> None:
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{PG_NAME}"')


def cleanup(db: BenchDatabase) -> None:
    from django.db import connections

    connections.close_all()
    if db.kind == "postgres":
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
    shutil.rmtree(db.workdir, ignore_errors=True)


@dataclass
class Users:
    national: object
    adviser: object
    api_headers: dict[str, str]


def users() -> Users:
    from videreforing.accounts.models import AdviserAssignment, ApiToken, User
    from videreforing.municipalities.models import County

    national = User.objects.create_user(email="nasjonal@bench.example", password=None,
                                        first_name="Nora", last_name="Nasjonal",
                                        national_access=True)
    adviser = User.objects.create_user(email="radgiver@bench.example", password=None,
                                       first_name="Rune", last_name="Rådgiver")
    AdviserAssignment.objects.bulk_create(
        AdviserAssignment(user=adviser, county=county) for county in County.objects.all())
    _token, raw = ApiToken.issue(user=national)
    return Users(national=national, adviser=adviser,
                 api_headers={"HTTP_AUTHORIZATION": f"Bearer {raw}"})


def build(start: int, stop: int) -> float:
    """Programmes for the municipalities [start, stop) by number; returns seconds."""
    from dateutil.relativedelta import relativedelta
    from django.utils import timezone

    from videreforing.accounts.models import User
    from videreforing.audit.models import AuditEntry
    from videreforing.municipalities.models import Municipality
    from videreforing.options import services as options
    from videreforing.planning import forecasts
    from videreforing.procurement import services as procurement
    from videreforing.programmes import services
    from videreforing.programmes.models import Programme

    started = time.perf_counter()
    today = timezone.localdate()
    municipalities = list(Municipality.objects.order_by("number"))[start:stop]
    for index, municipality in enumerate(municipalities, start=start):
        manager = User.objects.create_user(
            email=f"leder{index}@bench.example", password=None, first_name="Leder",
            last_name=str(index))
        # Period ends spread over the next six years: every status occurs.
        period_end = today + timedelta(days=120 + (index * 53) % 2100)
        programme = services.create_programme(
            user=manager, name=f"Omstillingsprogrammet i {municipality.name}",
            municipality_numbers=[municipality.number],
            period_start=period_end - relativedelta(years=6), period_end=period_end)
        if index % 4 == 0 and programme.latest_start <= today + timedelta(days=400):
            services.start_phase(user=manager, programme=programme, kind="pre_study",
                                 started_on=today - timedelta(days=30 + index % 90),
                                 override_reason="Bench.")
        if index % 10 == 0:
            tender = procurement.create_tender(
                user=manager, programme=programme,
                title="Ekstern prosessleder for forstudium og forprosjekt",
                estimated_value=450_000 + index * 1000,
                tender_deadline=today + timedelta(days=60))
            procurement.add_requirement(user=manager, tender=tender, text="Skatteattest")
            procurement.add_criterion(user=manager, tender=tender, name="Pris", kind="price",
                                      weight=40, price_model="linear")
            procurement.add_criterion(user=manager, tender=tender, name="Kompetanse",
                                      kind="quality", weight=60, scoring="Erfaring.")
        if index % 15 == 0:
            analysis = options.create_analysis(user=manager, programme=programme)
            options.add_alternative(user=manager, analysis=analysis, name="Utvikling KF",
                                    organisational_form="kf", scope="municipality")
            options.add_criterion(user=manager, analysis=analysis, name="Styring",
                                  weight=100)
        _history(programme, manager, AuditEntry)
    forecasts.recompute(Programme.objects.values_list("pk", flat=True))
    return time.perf_counter() - started


def _history(programme, user, AuditEntry) -> None:
    """Fill the history to HISTORY_PER_PROGRAMME entries: task edits as a programme
    manager would make them (the same actions and data as the task services log)."""
    have = AuditEntry.objects.filter(programme=programme).count()
    tasks = list(programme.continuation.tasks.order_by("order")[:20])
    rows = []
    for n in range(max(0, HISTORY_PER_PROGRAMME - have)):
        task = tasks[n % len(tasks)]
        if n % 3 == 0:
            rows.append(AuditEntry(action="programmes.task.completed", actor=user,
                                   programme=programme, object_type="programmes.task",
                                   object_id=str(task.pk), data={"title": task.title}))
        else:
            rows.append(AuditEntry(
                action="programmes.task.updated", actor=user, programme=programme,
                object_type="programmes.task", object_id=str(task.pk),
                data={"title": task.title, "fields": ["Sannsynlig varighet (dager)"],
                      "before": {"likely_days": 10}, "after": {"likely_days": 12 + n}}))
    AuditEntry.objects.bulk_create(rows)
