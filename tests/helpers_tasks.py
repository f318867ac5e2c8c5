"""A task for the multi-process tests (tests/test_multiprocess.py): importable by the
`db_worker` processes as `tests.helpers_tasks`. Each run writes one audit entry, so the
test can count how often each job ran."""

import os
import time

from django_tasks import task

from videreforing.audit.models import AuditEntry

ACTION = "tests.job.ran"


@task()
def record_run(number: int, seconds: float = 0.0) -> int:
    time.sleep(seconds)  # long enough that both workers are busy at the same time
    AuditEntry.objects.create(action=ACTION, data={"number": number, "pid": os.getpid()})
    return number
