from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from videreforing.planning.plan import build_plan, schedule_for
from videreforing.programmes import services
from videreforing.programmes.models import Task, TaskDependency

pytestmark = pytest.mark.django_db
TODAY = date(2027, 1, 4)


def test_template_gives_estimates_dependencies_and_a_forecast(programme):
    activities, items = build_plan(programme)
    assert len(activities) == 28  # every template task, no phase placeholders
    tender = Task.objects.get(continuation=programme.continuation, rule_id="R-TENDER")
    assert (tender.optimistic_days, tender.likely_days, tender.pessimistic_days) == (30, 45, 60)
    assert tender.estimate_basis == "P-DEADLINE"
    business_plan = Task.objects.get(continuation=programme.continuation, order=23)
    assert TaskDependency.objects.filter(task=business_plan).count() == 8
    plan = schedule_for(programme, today=TODAY, samples=2000)
    # Hand-worked along the critical path of most likely durations:
    # initiation 21+30+45+14 = 110, pre-study 45+21+21 = 87, pre-project 105+45 = 150,
    # main project 60+7+90+7 = 164: 511 days in all.
    assert plan.forecast_operative == TODAY + timedelta(days=511)
    assert plan.slack_days == (date(2028, 12, 31) - plan.forecast_operative).days
    assert 0 <= plan.risk.probability_on_time <= 1
    assert plan.risk.p50 <= plan.risk.p80


def test_phase_without_tasks_is_scheduled_from_its_own_estimate(programme, owner):
    for task in programme.continuation.tasks.filter(phase="pre_project"):
        services.remove_task(user=owner, task=task)
    activities, items = build_plan(programme)
    assert "phase:pre_project" in items
    placeholder = next(a for a in activities if a.id == "phase:pre_project")
    assert (placeholder.optimistic, placeholder.likely, placeholder.pessimistic) == (120, 150, 180)
    assert placeholder.predecessors  # follows the pre-study's tasks


def test_finished_tasks_use_their_actual_dates(programme, owner):
    first = programme.continuation.tasks.get(order=1)
    services.update_task(user=owner, task=first, expected_version=1, done=True)
    Task.objects.filter(pk=first.pk).update(
        done_at=timezone.make_aware(datetime.combine(date(2026, 12, 1), time(12))))
    plan = schedule_for(programme, today=TODAY, samples=0)
    scheduled = plan.schedule.activities[f"task:{first.pk}"]
    assert scheduled.earliest_finish == date(2026, 12, 1)
    assert scheduled.done and not scheduled.critical


def test_dependency_cycle_is_refused_naming_the_tasks(programme, owner):
    a = services.create_task(user=owner, programme=programme, phase="pre_study", title="A",
                             duration_days=5)
    b = services.create_task(user=owner, programme=programme, phase="pre_study", title="B",
                             duration_days=5, depends_on=[(a, 2)])
    with pytest.raises(ValidationError) as exc:
        services.update_task(user=owner, task=a, expected_version=a.version,
                             depends_on=[(b, 0)])
    message = exc.value.message_dict["depends_on"][0]
    assert "«A»" in message and "«B»" in message
    assert not TaskDependency.objects.filter(task=a).exists()
    assert TaskDependency.objects.get(task=b).lag_days == 2


def test_estimate_must_be_one_duration_or_three_ordered_points(programme, owner):
    with pytest.raises(ValidationError) as exc:
        services.create_task(user=owner, programme=programme, phase="pre_study", title="X",
                             optimistic_days=10, likely_days=5, pessimistic_days=20)
    assert "likely_days" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.create_task(user=owner, programme=programme, phase="pre_study", title="X",
                             optimistic_days=10)
    assert {"likely_days", "pessimistic_days"} <= set(exc.value.message_dict)
    assert not Task.objects.filter(title="X").exists()


def test_changing_an_estimate_marks_it_as_the_users_own(programme, owner):
    task = programme.continuation.tasks.get(order=8)
    assert task.estimate_basis == "assumption"
    services.update_task(user=owner, task=task, expected_version=task.version,
                         duration_days=20)
    task.refresh_from_db()
    assert task.duration_days == 20 and task.likely_days is None
    assert task.estimate_basis == ""
    assert task.three_point == (20, 20, 20)
