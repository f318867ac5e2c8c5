"""Issue 9, point 1: actual dates drive the plan (gates close a phase's open work, a
started phase anchors its open tasks at its actual start or today)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from videreforing.planning.plan import build_plan, schedule_for
from videreforing.planning.timeline import build_timeline
from videreforing.programmes import services
from videreforing.programmes.models import Task
from videreforing.rules.schedule import Activity, compute_schedule, simulate_risk

pytestmark = pytest.mark.django_db


def _tasks(programme, stage):
    return list(Task.objects.filter(continuation=programme.continuation, phase=stage,
                                    removed_at__isnull=True))


def _tick(owner, task):
    task.refresh_from_db()
    services.update_task(user=owner, task=task, expected_version=task.version, done=True)


def _approve(owner, programme, kind, on):
    return services.record_gate_decision(
        user=owner, programme=programme, kind=kind, deciding_body="restructuring_board",
        decided_on=on, outcome="approved")


def _keys(plan, stage):
    return [k for k, item in plan.items.items() if item.stage == stage]


def test_approved_pre_study_with_open_tasks_and_started_pre_project(programme, owner):
    """The hand-worked case: the initiation is done, the pre-study ran for 60 days and is
    approved today with all its tasks open, the pre-project starts today."""
    today = timezone.localdate()
    for task in _tasks(programme, "initiation"):
        _tick(owner, task)
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=today - timedelta(days=60))
    pre_study = _tasks(programme, "pre_study")
    before = schedule_for(programme, today=today, samples=500)
    _approve(owner, programme, "pre_study", today)
    services.start_phase(user=owner, programme=programme, kind="pre_project",
                         started_on=today)
    plan = schedule_for(programme, today=today, samples=500)
    acts = plan.schedule.activities
    # No pre-study activity finishes after today; the open ones end at the gate.
    for key in _keys(plan, "pre_study"):
        assert acts[key].earliest_finish <= today, plan.items[key].title
        assert acts[key].done and acts[key].slack_days == 0 and not acts[key].critical
    closed = [plan.items[k] for k in _keys(plan, "pre_study") if plan.items[k].closed_at_gate]
    assert len(closed) == len(pre_study) > 0
    # No pre-project task starts before today.
    assert _keys(plan, "pre_project")
    for key in _keys(plan, "pre_project"):
        assert acts[key].earliest_start >= today, plan.items[key].title
    # Hand-worked along the critical path of most likely durations from today:
    # pre-project 105 + 45 = 150, main project 60 + 7 + 90 + 7 = 164: 314 days.
    assert plan.forecast_operative == today + timedelta(days=314)
    assert plan.slack_days == (programme.operative_deadline - plan.forecast_operative).days
    # Before the gate the pre-study's open work (45 + 21 + 21 = 87 days) still lay ahead.
    assert before.forecast_operative == today + timedelta(days=87 + 314)
    assert plan.risk.p50 < before.risk.p50
    assert plan.risk.probability_on_time >= before.risk.probability_on_time
    # The timeline draws no pre-study bar after today and no pre-project bar before it.
    timeline = build_timeline(plan)
    rows = {row.key: row for row in timeline.rows if row.key}
    assert all(rows[k].finish <= today for k in _keys(plan, "pre_study"))
    assert all(rows[k].start >= today for k in _keys(plan, "pre_project"))


def test_task_ticked_after_the_gate_keeps_its_real_date(programme, owner):
    today = timezone.localdate()
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=today - timedelta(days=30))
    _approve(owner, programme, "pre_study", today - timedelta(days=10))
    late = _tasks(programme, "pre_study")[0]
    plan = schedule_for(programme, today=today, samples=0)
    key = f"task:{late.pk}"
    assert plan.items[key].closed_at_gate
    assert plan.schedule.activities[key].earliest_finish == today - timedelta(days=10)
    _tick(owner, late)  # done today, after the gate
    plan = schedule_for(programme, today=today, samples=0)
    assert not plan.items[key].closed_at_gate
    assert plan.schedule.activities[key].earliest_finish == today
    assert plan.items[key] not in plan.missing_estimates


def test_started_phase_anchors_open_tasks_at_today_not_its_past_start(programme, owner):
    today = timezone.localdate()
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=today - timedelta(days=200))
    activities, _items = build_plan(programme)
    for activity in activities:
        if str(activity.id).startswith("task:") and activity.not_before:
            assert activity.actual_start is None
            assert activity.not_before == today - timedelta(days=200)
    plan = schedule_for(programme, today=today, samples=0)
    for key in _keys(plan, "pre_study"):
        assert plan.schedule.activities[key].earliest_start >= today
    # A task with its own recorded start keeps it.
    task = _tasks(programme, "pre_study")[0]
    services.update_task(user=owner, task=task, expected_version=task.version,
                         started_on=today - timedelta(days=5))
    plan = schedule_for(programme, today=today, samples=0)
    assert plan.schedule.activities[f"task:{task.pk}"].earliest_start == (
        today - timedelta(days=5))


def test_not_before_in_the_pure_schedule():
    today = date(2027, 1, 4)
    a = Activity.fixed("a", "A", 10, not_before=date(2027, 2, 1))
    b = Activity.fixed("b", "B", 5, predecessors=(("a", 0),))
    past = Activity.fixed("c", "C", 3, not_before=date(2026, 1, 1))
    s = compute_schedule([a, b, past], today)
    assert s.activities["a"].earliest_start == date(2027, 2, 1)
    assert s.activities["b"].earliest_finish == date(2027, 2, 16)
    assert s.activities["c"].earliest_start == today  # never before today
    risk = simulate_risk([a, b, past], today, date(2027, 2, 16), samples=100)
    assert risk.p50 == date(2027, 2, 16) and risk.probability_on_time == 1.0


def test_withdrawn_gate_puts_the_open_work_back_into_the_plan(programme, owner):
    today = timezone.localdate()
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=today - timedelta(days=30))
    open_plan = schedule_for(programme, today=today, samples=0)
    _approve(owner, programme, "pre_study", today - timedelta(days=2))
    closed_plan = schedule_for(programme, today=today, samples=0)
    # The open initiation (110 days) and pre-study (87) no longer lie ahead of the rest.
    assert closed_plan.forecast_operative == open_plan.forecast_operative - timedelta(days=197)
    services.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                    reason="Feil fase.")
    reopened = schedule_for(programme, today=today, samples=0)
    assert reopened.forecast_operative == open_plan.forecast_operative
    assert not any(item.closed_at_gate for item in reopened.items.values())
