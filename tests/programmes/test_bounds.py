"""Bounds of every programme value (issue 8, point 1): refused at the field with a
Norwegian message, enforced by the database, and rows stored before the bounds are
brought into range by the data migration."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry
from videreforing.programmes import services
from videreforing.programmes.models import Phase, Task, TaskDependency

pytestmark = pytest.mark.django_db


def test_a_task_started_on_9999_12_31_cannot_be_entered_by_service(programme, owner):
    count = Task.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.create_task(user=owner, programme=programme, phase="pre_study", title="X",
                             started_on=date(9999, 12, 31))
    assert exc.value.message_dict == {
        "started_on": ["Oppgi en dato fra 01.01.1990 til 31.12.2100."]}
    task = programme.continuation.tasks.first()
    with pytest.raises(ValidationError) as exc:
        services.update_task(user=owner, task=task, expected_version=1,
                             started_on=date(9999, 12, 31), due_date=date(1989, 12, 31))
    assert set(exc.value.message_dict) == {"started_on", "due_date"}
    task.refresh_from_db()
    assert task.started_on is None and task.version == 1
    assert Task.objects.count() == count


def test_a_task_started_on_9999_12_31_cannot_be_entered_by_page(client, owner, programme):
    client.force_login(owner)
    task = programme.continuation.tasks.first()
    response = client.post(reverse("programmes:task-edit", args=[programme.pk, task.pk]), {
        "phase": task.phase, "title": task.title, "started_on": "9999-12-31",
        "version": str(task.version)})
    assert response.context["form"].errors["started_on"] == [
        "Oppgi en dato fra 01.01.1990 til 31.12.2100."]
    task.refresh_from_db()
    assert task.started_on is None


def test_every_service_checks_its_bounds_and_reports_all_fields(programme, owner):
    with pytest.raises(ValidationError) as exc:
        services.plan_phase(user=owner, programme=programme, kind="pre_study",
                            planned_start=date(1900, 1, 1), planned_end=date(2200, 1, 1),
                            optimistic_days=1, likely_days=2, pessimistic_days=3651)
    assert set(exc.value.message_dict) == {"planned_start", "planned_end", "pessimistic_days"}
    with pytest.raises(ValidationError) as exc:
        services.start_phase(user=owner, programme=programme, kind="pre_study",
                             started_on=date(2101, 1, 1))
    assert set(exc.value.message_dict) == {"started_on"}
    with pytest.raises(ValidationError) as exc:
        services.update_programme(user=owner, programme=programme, name="N" * 201,
                                  period_end=date(3000, 1, 1))
    assert set(exc.value.message_dict) == {"name", "period_end"}
    with pytest.raises(ValidationError) as exc:
        services.create_stakeholder(user=owner, programme=programme, name="A\x00",
                                    kind="other", contact_name="B" * 201)
    assert set(exc.value.message_dict) == {"name", "contact_name"}
    first, second = programme.continuation.tasks.order_by("order")[:2]
    with pytest.raises(ValidationError) as exc:
        services.update_task(user=owner, task=second, expected_version=1,
                             depends_on=[(first, 3651)])
    assert "depends_on" in exc.value.message_dict
    assert Phase.objects.filter(actual_start__isnull=False).count() == 0
    assert not TaskDependency.objects.filter(lag_days__gt=3650).exists()


def test_the_database_refuses_values_out_of_bounds(programme):
    task = programme.continuation.tasks.first()
    for field, value in [("started_on", date(9999, 12, 31)), ("duration_days", 4000)]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Task.objects.filter(pk=task.pk).update(**{field: value})
    with pytest.raises(IntegrityError), transaction.atomic():
        Phase.objects.filter(continuation__programme=programme).update(
            planned_end=date(1989, 1, 1))


@pytest.mark.django_db(transaction=True)
def test_migration_brings_stored_values_into_range_and_records_it(owner):
    """Rows stored before the bounds (a task started 9999-12-31) are clamped, so the
    constraint migration can run, and each change is in the programme's history."""
    executor = MigrationExecutor(connection)
    before = [("programmes", "0005_gatedecision_document"), ("audit", "0002_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Programme = old.get_model("programmes", "Programme")
    Continuation = old.get_model("programmes", "Continuation")
    OldTask = old.get_model("programmes", "Task")
    OldPhase = old.get_model("programmes", "Phase")
    programme = Programme.objects.create(name="Gammel", period_start=date(2101, 1, 1),
                                         period_end=date(9999, 1, 1))
    continuation = Continuation.objects.create(programme=programme)
    task = OldTask.objects.create(continuation=continuation, phase="pre_study", title="T",
                                  started_on=date(9999, 12, 31), due_date=date(1, 1, 1),
                                  optimistic_days=10, likely_days=5000, pessimistic_days=9000)
    phase = OldPhase.objects.create(continuation=continuation, kind="pre_study", order=1,
                                    planned_start=date(2200, 1, 1),
                                    planned_end=date(2300, 1, 1))

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    task = Task.objects.get(pk=task.pk)
    assert (task.started_on, task.due_date) == (date(2100, 12, 31), date(1990, 1, 1))
    assert (task.optimistic_days, task.likely_days, task.pessimistic_days) == (10, 3650, 3650)
    phase = Phase.objects.get(pk=phase.pk)
    assert phase.planned_start == phase.planned_end == date(2100, 12, 31)
    entries = AuditEntry.objects.filter(action="programmes.bounds.clamped",
                                        programme_id=programme.pk)
    started = entries.get(object_id=str(task.pk), data__field="started_on")
    assert started.data["before"] == "9999-12-31"
    assert "ble endret fra 31. desember 9999 til 31. desember 2100" in describe(started)
    programme = Programme.objects.get(pk=programme.pk)
    # Both ends clamp to 2100-12-31; the start moves a day back so the end stays after it.
    assert (programme.period_start, programme.period_end) == (date(2100, 12, 30),
                                                              date(2100, 12, 31))
    # 4 task values, 2 phase dates, the two period ends
    assert entries.count() == 8
