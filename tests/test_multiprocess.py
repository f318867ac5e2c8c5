"""Several processes on one database (issue 10, point 7): what a national deployment
runs, several servers and several `db_worker` processes, must not do work twice.

The processes are real: `manage.py` subprocesses on the test database, whose data the
test commits (`transactional_db`). PostgreSQL only: SQLite has no row locks (jobs are
claimed with SELECT … FOR UPDATE SKIP LOCKED) and is for one server."""

import email
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from email.header import decode_header, make_header
from importlib import import_module
from pathlib import Path
from urllib.parse import quote

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from videreforing.accounts.roles import Role
from videreforing.audit.models import AuditEntry
from videreforing.municipalities.models import Municipality
from videreforing.planning.models import Forecast, ReminderLog
from videreforing.planning.plan import schedule_for
from videreforing.planning.reminders import collect_reminders
from videreforing.programmes import services
from videreforing.programmes.models import Task

from .helpers_tasks import ACTION, record_run

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="multi-process tests need PostgreSQL (row locks; SQLite is for one server)",
)

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60  # seconds for one process; each test takes a few seconds


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    user = quote(db.get("USER") or "", safe="")
    return (f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:"
            f"{db.get('PORT') or 5432}/{db['NAME']}")


def _start(args: list[str], **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args], cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "DATABASE_URL": _database_url(), **env})


def _finish(process: subprocess.Popen) -> str:
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    assert process.returncode == 0, f"exit {process.returncode}\n{out}\n{err}"
    return out


def _together(code: str, tmp_path: Path, count: int = 2, **env: str) -> list[str]:
    """Run `code` in `count` Django processes (`manage.py shell -c`), released at the
    same moment once all have started, so that they race."""
    gate = tmp_path / "gate"
    gate.mkdir()
    prelude = (
        "import os, pathlib, time\n"
        "gate = pathlib.Path(os.environ['TEST_GATE'])\n"
        "(gate / f'ready-{os.getpid()}').touch()\n"
        "while not (gate / 'go').exists():\n"
        "    time.sleep(0.005)\n"
    )
    processes = [_start(["shell", "-c", prelude + code], TEST_GATE=str(gate), **env)
                 for _ in range(count)]
    deadline = time.monotonic() + TIMEOUT
    while len(list(gate.glob("ready-*"))) < count:
        if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
            for p in processes:
                p.kill()
            raise AssertionError("the processes did not start: "
                                 + " ".join(p.communicate()[1] for p in processes))
        time.sleep(0.02)
    (gate / "go").touch()
    return [_finish(p) for p in processes]


def test_two_workers_never_take_the_same_job(transactional_db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    jobs = 40
    results = [record_run.enqueue(number, 0.1) for number in range(jobs)]

    workers = [_start(["db_worker", "--batch", "--no-reload", "--no-startup-delay",
                       "--worker-id", f"worker-{n}", "-v", "0"]) for n in (1, 2)]
    for worker in workers:
        _finish(worker)

    runs = Counter(e.data["number"] for e in AuditEntry.objects.filter(action=ACTION))
    assert runs == dict.fromkeys(range(jobs), 1)  # every job once, none twice
    rows = list(DBTaskResult.objects.filter(id__in=[r.id for r in results]))
    assert len(rows) == jobs
    assert {row.status for row in rows} == {TaskResultStatus.SUCCESSFUL}
    assert all(len(row.worker_ids) == 1 for row in rows)  # claimed once, by one worker
    # Both workers took jobs: the test raced them (each job takes 0.1 s).
    assert {row.worker_ids[0] for row in rows} == {"worker-1", "worker-2"}
    assert len({e.data["pid"] for e in AuditEntry.objects.filter(action=ACTION)}) == 2


@pytest.fixture
def register(transactional_db):
    """The data the migrations load: a flush after a transactional test empties it."""
    if not Municipality.objects.exists():
        from django.apps import apps

        from .browser.conftest import DATA_MIGRATIONS

        for module, function in DATA_MIGRATIONS:
            getattr(import_module(module), function)(apps, None)


def test_two_processes_store_the_same_forecast(register, programme, tmp_path):
    Forecast.objects.filter(programme=programme).delete()  # stale: both compute
    code = (
        "import json\n"
        "from videreforing.planning import forecasts\n"
        "from videreforing.planning.models import Forecast\n"
        f"computed = forecasts.refresh_if_stale({programme.pk})\n"
        f"f = Forecast.objects.get(programme_id={programme.pk})\n"
        "print(json.dumps({'computed': computed, 'version': f.plan_version,\n"
        "    'p50': str(f.p50), 'p80': str(f.p80), 'p': f.probability_on_time,\n"
        "    'forecast': str(f.forecast_operative), 'path': f.critical_path}))\n"
    )
    seen = [json.loads(out.strip().splitlines()[-1]) for out in _together(code, tmp_path)]

    assert any(s["computed"] for s in seen)
    figures = [{k: v for k, v in s.items() if k != "computed"} for s in seen]
    assert figures[0] == figures[1]
    stored = Forecast.objects.get(programme=programme)  # one row
    programme.refresh_from_db()
    plan = schedule_for(programme, today=stored.computed_on)
    assert plan.risk is not None
    assert stored.plan_version == programme.plan_version == figures[0]["version"]
    assert (stored.p50, stored.p80, stored.probability_on_time) == (
        plan.risk.p50, plan.risk.p80, plan.risk.probability_on_time)
    assert figures[0]["p50"] == str(plan.risk.p50)
    assert figures[0]["forecast"] == str(plan.forecast_operative)


def _mails(directory: Path) -> list[email.message.Message]:
    separator = "-" * 79
    messages = []
    for path in sorted(directory.glob("*.log")):
        for chunk in path.read_text(encoding="utf-8").split(separator):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.lstrip("\n")))
    return messages


def test_reminders_from_two_processes_go_once(register, programme, owner, tmp_path):
    today = timezone.localdate()
    # Three more programmes whose latest start is 20 days away, with tasks due soon.
    programmes = [programme]
    for number in ("1804", "1806", "1811"):
        end = today + relativedelta(years=2) + timedelta(days=20)
        programmes.append(services.create_programme(
            user=owner, name=f"Omstilling {number}", municipality_numbers=[number],
            period_start=end - relativedelta(years=6), period_end=end))
    for p in programmes:
        ids = list(p.continuation.tasks.filter(responsible_role=Role.PROGRAMME_MANAGER)
                   .values_list("pk", flat=True)[:5])
        Task.objects.filter(pk__in=ids).update(due_date=today + timedelta(days=3))
    expected = {(r.user.pk, r.key) for r in collect_reminders(today)}
    assert len(expected) >= 15  # 4 × 5 tasks due, 3 latest starts (and risks)
    mail_dir = tmp_path / "mail"

    outs = _together(
        "from django.core.management import call_command\n"
        f"call_command('send_reminders', date='{today.isoformat()}')\n",
        tmp_path,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
    )

    assert set(ReminderLog.objects.values_list("user_id", "key")) == expected
    queued = [int(re.search(r"(\d+) reminders queued", out).group(1)) for out in outs]
    assert sum(queued) == len(expected)  # each reminder queued by one of them
    mails = _mails(mail_dir)
    assert len(mails) == len(expected)
    sent = Counter((m["To"], str(make_header(decode_header(m["Subject"]))),
                    m.get_payload(decode=True)) for m in mails)
    assert set(sent.values()) == {1}  # no message twice
    assert {to for to, _subject, _body in sent} == {owner.email}
