"""Stored, never stale forecasts (issue 10, point 1): every kind of plan change bumps
the plan version in its transaction; the figures shown are never for an older plan
version; lists read the stored figures in one query."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from videreforing.planning import forecasts
from videreforing.planning.models import Forecast
from videreforing.programmes import services
from videreforing.programmes.models import Programme, Task

pytestmark = pytest.mark.django_db


def version(programme) -> int:
    return Programme.objects.values_list("plan_version", flat=True).get(pk=programme.pk)


def _task(programme, title="Kartlegg næringslivet"):
    return services.create_task(user=programme.created_by, programme=programme,
                                phase="pre_study", title=title)


def _fresh(task):
    return Task.objects.get(pk=task.pk)


CHANGES = {
    "create task": lambda p, o: _task(p),
    "task estimate": lambda p, o: (lambda t: services.update_task(
        user=o, task=t, expected_version=t.version, optimistic_days=5, likely_days=10,
        pessimistic_days=20))(p.continuation.tasks.first()),
    "task done": lambda p, o: (lambda t: services.update_task(
        user=o, task=t, expected_version=t.version, done=True))(p.continuation.tasks.first()),
    "dependency": lambda p, o: (lambda a, b: services.update_task(
        user=o, task=_fresh(b), expected_version=_fresh(b).version, depends_on=[(a, 3)]))(
        _task(p, "A"), _task(p, "B")),
    "remove task": lambda p, o: services.remove_task(user=o, task=p.continuation.tasks.last()),
    "phase plan": lambda p, o: services.plan_phase(
        user=o, programme=p, kind="main_project", planned_start=None, planned_end=None,
        optimistic_days=30, likely_days=60, pessimistic_days=90),
    "phase start": lambda p, o: services.start_phase(user=o, programme=p, kind="pre_study",
                                                     started_on=date(2026, 1, 5)),
    "period": lambda p, o: services.update_programme(user=o, programme=p,
                                                     period_end=date(2029, 6, 30)),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_kind_of_plan_change_bumps_the_plan_version(programme, owner, change):
    before = version(programme)
    CHANGES[change](programme, owner)
    assert version(programme) > before


def test_gate_decisions_and_their_corrections_bump_the_plan_version(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    steps = [
        lambda: services.record_gate_decision(
            user=owner, programme=programme, kind="pre_study",
            deciding_body="restructuring_board", decided_on=date(2026, 6, 1),
            outcome="approved", document=None),
        lambda: services.correct_gate_decision(
            user=owner, programme=programme, kind="pre_study", reason="Feil dato",
            expected_version=programme.continuation.phases.get(kind="pre_study").gate.version,
            decided_on=date(2026, 6, 2)),
        lambda: services.withdraw_gate_decision(user=owner, programme=programme,
                                                kind="pre_study", reason="Feil vedtak"),
    ]
    for step in steps:
        before = version(programme)
        step()
        assert version(programme) > before


def test_a_name_change_is_not_a_plan_change(programme, owner):
    before = version(programme)
    services.update_programme(user=owner, programme=programme, name="Nytt navn")
    assert version(programme) == before


def test_figures_follow_the_plan_version(programme, owner):
    first = forecasts.current_forecast(programme)
    assert first.plan_version == version(programme)
    assert first.computed_on == timezone.localdate()
    assert first.samples > 0 and first.probability_on_time is not None
    # Unchanged plan: the stored row is read, not recomputed.
    assert forecasts.current_forecast(programme).computed_at == first.computed_at
    task = programme.continuation.tasks.first()
    services.update_task(user=owner, task=task, expected_version=task.version,
                         optimistic_days=400, likely_days=500, pessimistic_days=900)
    programme.refresh_from_db()
    # The list never shows the figures for the older plan.
    assert forecasts.forecasts_for([programme])[programme.pk] is None
    second = forecasts.current_forecast(programme)
    assert second.plan_version == version(programme) > first.plan_version
    assert second.forecast_operative > first.forecast_operative


def test_the_change_recomputes_after_commit(programme, owner,
                                            django_capture_on_commit_callbacks):
    forecasts.current_forecast(programme)
    with django_capture_on_commit_callbacks(execute=True):
        _task(programme, "Ny oppgave")
    stored = Forecast.objects.get(programme=programme)
    assert stored.plan_version == version(programme)


def test_bulk_changes_are_recomputed_by_the_worker(programme, owner,
                                                   django_capture_on_commit_callbacks):
    forecasts.current_forecast(programme)
    # A bulk change (queryset update, no signals) says so itself.
    Task.objects.filter(continuation__programme=programme).update(likely_days=40)
    with django_capture_on_commit_callbacks(execute=True):
        forecasts.bump_plan_versions([programme.pk])
    # The immediate task backend ran the job.
    assert Forecast.objects.get(programme=programme).plan_version == version(programme)


def test_stored_figures_for_an_older_plan_are_never_on_the_page(client, programme, owner):
    stale = forecasts.current_forecast(programme)
    Forecast.objects.filter(pk=stale.pk).update(probability_on_time=0.123456)
    client.force_login(owner)
    page = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert "12 %" in page.content.decode()  # stored figures for the current plan
    Task.objects.filter(continuation__programme=programme).update(likely_days=41)
    forecasts.bump_plan_version(programme.pk)
    page = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert "12 %" not in page.content.decode()
    assert Forecast.objects.get(programme=programme).plan_version == version(programme)


def test_same_plan_gives_the_same_stored_figures(programme):
    """Two servers computing the same plan store the same figures (the simulation's
    seed comes from the plan)."""
    first, _plan = forecasts.refresh_forecast(programme)
    values = (first.forecast_operative, first.probability_on_time, first.p50, first.p80)
    second, _plan = forecasts.refresh_forecast(Programme.objects.get(pk=programme.pk))
    assert (second.forecast_operative, second.probability_on_time, second.p50,
            second.p80) == values


def _programmes(owner, count):
    numbers = ["1837", "1838", "1839", "1840", "1841", "1845", "1848", "1851", "1853",
               "1856"]
    for i in range(count):
        programme = services.create_programme(
            user=owner, name=f"Program {i}", municipality_numbers=[numbers[i % 10]],
            period_start=date(2023, 1, 1), period_end=date(2028, 12, 31))
        forecasts.current_forecast(programme)


@pytest.mark.parametrize("url", ["/program/", "/api/v1/programmes"])
def test_lists_make_as_many_queries_for_30_programmes_as_for_3(client, owner, token_for, url):
    headers = token_for(owner) if url.startswith("/api") else {}
    client.force_login(owner)
    _programmes(owner, 3)
    few = _queries_with(client, url, headers)
    _programmes(owner, 27)
    many = _queries_with(client, url, headers)
    assert few == many


def _queries_with(client, url, headers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200
    if url.startswith("/api"):
        assert len(response.json()) == Programme.objects.count()
    return len(ctx.captured_queries)
