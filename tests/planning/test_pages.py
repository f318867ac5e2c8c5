import pytest
from django.urls import reverse

from videreforing.programmes import services
from videreforing.programmes.models import Task, TaskDependency

pytestmark = pytest.mark.django_db


def test_timeline_page_shows_svg_with_text_alternative_and_critical_path(client, owner,
                                                                        programme):
    client.force_login(owner)
    response = client.get(reverse("planning:timeline", args=[programme.pk]))
    text = response.content.decode()
    assert '<svg class="gantt"' in text and 'role="img"' in text
    assert '<desc id="gantt-desc">' in text
    assert text.count('class="bar critical"') >= 5
    assert "Planen i tabellform" in text
    # numbers in SVG attributes are never localised with a decimal comma
    import re
    assert not re.search(r'(x|width)="\d+,\d', text)
    assert "Seneste oppstart" in text and "I dag" in text
    assert "Prognose for operativ enhet" in text


def test_overview_shows_forecast_and_probability(client, owner, programme):
    client.force_login(owner)
    text = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    assert 'data-testid="forecast"' in text
    assert 'data-testid="probability"' in text


def test_task_form_sets_estimate_and_dependency(client, owner, programme):
    client.force_login(owner)
    predecessor = programme.continuation.tasks.get(order=14)
    response = client.post(reverse("programmes:task-create", args=[programme.pk]), {
        "phase": "pre_project", "title": "Studietur", "optimistic_days": "3",
        "likely_days": "5", "pessimistic_days": "10", "depends_on": [str(predecessor.pk)],
        "lag_days": "2"})
    assert response.status_code == 302
    task = Task.objects.get(title="Studietur")
    assert task.three_point == (3, 5, 10)
    dep = TaskDependency.objects.get(task=task)
    assert (dep.predecessor, dep.lag_days) == (predecessor, 2)


def test_task_form_cycle_shows_message_at_field(client, owner, programme):
    client.force_login(owner)
    a = services.create_task(user=owner, programme=programme, phase="pre_study", title="A")
    b = services.create_task(user=owner, programme=programme, phase="pre_study", title="B",
                             depends_on=[(a, 0)])
    response = client.post(reverse("programmes:task-edit", args=[programme.pk, a.pk]), {
        "phase": "pre_study", "title": "A", "version": a.version,
        "depends_on": [str(b.pk)]})
    assert response.status_code == 200
    assert "sirkel" in response.context["form"].errors["depends_on"][0]
    assert not TaskDependency.objects.filter(task=a).exists()


def test_phase_estimate_is_editable(client, owner, programme):
    client.force_login(owner)
    response = client.post(reverse("programmes:phase-plan", args=[programme.pk, "pre_study"]),
                           {"optimistic_days": "40", "likely_days": "60",
                            "pessimistic_days": "90"})
    assert response.status_code == 302
    phase = programme.continuation.phases.get(kind="pre_study")
    assert phase.three_point == (40, 60, 90) and phase.estimate_basis == ""
    bad = client.post(reverse("programmes:phase-plan", args=[programme.pk, "pre_study"]),
                      {"optimistic_days": "90", "likely_days": "60", "pessimistic_days": "90"})
    assert bad.status_code == 400
    phase.refresh_from_db()
    assert phase.three_point == (40, 60, 90)


def test_timeline_ticks_are_half_years_for_a_normal_plan_and_years_for_a_long_span():
    from datetime import date

    from videreforing.planning.timeline import MAX_TICKS, _ticks

    def x(day):
        return 0.0

    normal = [label for _x, label in _ticks(date(2026, 11, 14), date(2029, 1, 14), x)]
    assert normal == ["01.2027", "07.2027", "01.2028", "07.2028", "01.2029"]
    # A stored date far away widens the chart to the bounds (1990–2100) at most.
    long = [label for _x, label in _ticks(date(1990, 1, 1), date(2100, 12, 31), x)]
    assert len(long) <= MAX_TICKS and long[0] == "1990" and long[-1] == "2100"
