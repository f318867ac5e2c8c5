"""portfolio_rows: scope, columns, the risk with each reason, filters and sorting."""

from datetime import date

import pytest
from django.db.models import F

from videreforing.planning.forecasts import current_forecast
from videreforing.planning.models import Forecast
from videreforing.portfolio.selectors import portfolio_rows
from videreforing.programmes import services
from videreforing.programmes.models import Programme
from videreforing.rules import portfolio as rules

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 1)


def set_forecast(programme, **values):
    """Store the forecast of the current plan, then set the figures a test is about."""
    current_forecast(programme, today=TODAY)
    Forecast.objects.filter(programme=programme).update(**values)


def only_row(user, **filters):
    rows = portfolio_rows(user, today=TODAY, **filters)
    assert len(rows) == 1
    return rows[0]


def test_adviser_sees_the_programmes_of_their_counties(adviser, programme, oslo_programme):
    rows = portfolio_rows(adviser, today=TODAY)
    assert [r.name for r in rows] == ["Omstilling Meløy"]
    row = rows[0]
    assert row.programme == programme
    assert row.municipalities == ["Meløy"]
    assert row.county_numbers == ["18"]
    assert row.county_names == ["Nordland - Nordlánnda"]
    assert row.period_end == date(2028, 12, 31)
    assert row.latest_start == date(2026, 12, 31)
    assert row.status == "not_started"
    assert row.status_label == "Ikke startet"
    assert row.current_phase is None
    assert row.updated_at is not None


def test_national_user_sees_every_programme(national, programme, oslo_programme):
    assert {r.name for r in portfolio_rows(national, today=TODAY)} == {
        "Omstilling Meløy", "Omstilling Oslo"}


def test_members_and_outsiders_have_no_portfolio(owner, reader, outsider, programme):
    for user in (owner, reader, outsider):
        assert portfolio_rows(user, today=TODAY) == []


def test_adviser_who_is_a_member_elsewhere_sees_only_their_counties(
        adviser, oslo_programme, programme):
    from videreforing.accounts.models import Membership

    Membership.objects.create(programme=oslo_programme, user=adviser, role="observer")
    assert [r.name for r in portfolio_rows(adviser, today=TODAY)] == ["Omstilling Meløy"]


def test_started_programme_shows_phase_and_start_in_time(adviser, owner, programme):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    set_forecast(programme, slack_days=100, probability_on_time=0.9)
    row = only_row(adviser)
    assert row.status == "in_progress"
    assert row.current_phase == "pre_study"
    assert row.current_phase_label == "Forstudium"
    assert row.started_on == date(2026, 1, 5)
    assert row.started_in_time is True
    forecast = Forecast.objects.get(programme=programme)
    assert row.forecast_operative == forecast.forecast_operative
    assert row.slack_days == 100
    assert row.probability_on_time == 0.9


# ---------------------------------------------------------------- RAG, one per reason


def test_green_when_nothing_is_wrong(adviser, programme):
    set_forecast(programme, slack_days=200, probability_on_time=0.95)
    row = only_row(adviser)
    assert (row.rag, row.rag_reasons, row.rag_label) == ("green", [], "Grønn")
    assert row.rag_reason == "Ingen varsler"


def test_red_when_the_forecast_is_after_the_deadline(adviser, programme):
    set_forecast(programme, slack_days=-12, probability_on_time=0.9)
    row = only_row(adviser)
    assert row.rag == "red" and row.rag_reasons == [rules.FORECAST_LATE]
    assert row.rag_reason == ("Prognosen for operativ enhet er 12 dager etter fristen "
                              "31. desember 2028")


def test_red_when_the_latest_start_passed_without_a_start(adviser, make_programme):
    make_programme("Sent ute", period_end=date(2027, 12, 31), today=TODAY)
    programme = Forecast.objects.get().programme
    Forecast.objects.filter(programme=programme).update(slack_days=10,
                                                        probability_on_time=0.9)
    row = only_row(adviser)
    assert row.status == "overdue"
    assert row.rag == "red" and row.rag_reasons == [rules.LATEST_START_PASSED]
    assert "Seneste oppstart 31. desember 2025 er passert" in row.rag_reason


def test_amber_when_the_probability_is_under_the_reminder_threshold(adviser, programme):
    set_forecast(programme, slack_days=5, probability_on_time=0.42)
    row = only_row(adviser)
    assert row.rag == "amber" and row.rag_reasons == [rules.LOW_PROBABILITY]
    assert row.rag_reason == "Sannsynligheten for operativ enhet i tide er under 50 %"


def test_amber_when_the_latest_start_is_within_the_due_soon_window(adviser, make_programme):
    programme = make_programme("Snart frist", period_end=date(2028, 4, 30), today=TODAY)
    Forecast.objects.filter(programme=programme).update(slack_days=40,
                                                        probability_on_time=0.9)
    row = only_row(adviser)
    assert row.status == "due_soon"
    assert row.rag == "amber" and row.rag_reasons == [rules.LATEST_START_SOON]
    assert "Seneste oppstart er 30. april 2026" in row.rag_reason


def test_amber_when_a_gate_waits_for_its_decision(adviser, owner, programme):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    for task in programme.continuation.tasks.filter(phase="pre_study"):
        services.update_task(user=owner, task=task, expected_version=task.version, done=True)
    set_forecast(programme, slack_days=40, probability_on_time=0.9)
    row = only_row(adviser)
    assert row.gate_pending is True
    assert row.rag == "amber" and row.rag_reasons == [rules.GATE_PENDING]
    assert "Alle oppgavene i forstudium er utført" in row.rag_reason


def test_no_gate_waiting_while_a_task_of_the_phase_is_open(adviser, owner, programme):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    tasks = list(programme.continuation.tasks.filter(phase="pre_study"))
    for task in tasks[1:]:
        services.update_task(user=owner, task=task, expected_version=task.version, done=True)
    assert only_row(adviser).gate_pending is False


def test_amber_when_tasks_are_overdue(adviser, owner, programme):
    services.create_task(user=owner, programme=programme, phase="initiation",
                         title="Send invitasjon", due_date=date(2026, 2, 1))
    services.create_task(user=owner, programme=programme, phase="initiation",
                         title="Ferdig", due_date=date(2026, 2, 1), done=True)
    services.create_task(user=owner, programme=programme, phase="initiation",
                         title="Senere", due_date=date(2026, 4, 1))
    set_forecast(programme, slack_days=40, probability_on_time=0.9)
    row = only_row(adviser)
    assert row.overdue_tasks == 1
    assert row.rag == "amber" and row.rag_reasons == [rules.OVERDUE_TASKS]
    assert row.rag_reason == "1 oppgave på overtid"


def test_unknown_while_the_forecast_is_being_computed(adviser, programme):
    set_forecast(programme, slack_days=40, probability_on_time=0.9)
    services.create_task(user=owner_of(programme), programme=programme, phase="initiation",
                         title="Ny")  # the plan changes: the stored forecast is stale
    row = only_row(adviser)
    assert row.forecast_pending is True
    assert row.forecast_operative is None and row.probability_on_time is None
    assert row.rag == "unknown" and row.rag_label == "Beregnes"
    assert row.rag_reasons == [rules.FORECAST_PENDING]


def owner_of(programme):
    return programme.memberships.get(role="programme_manager").user


def test_several_reasons_are_joined(adviser, owner, programme):
    services.create_task(user=owner, programme=programme, phase="initiation",
                         title="Send invitasjon", due_date=date(2026, 2, 1))
    set_forecast(programme, slack_days=-3, probability_on_time=0.2)
    row = only_row(adviser)
    assert row.rag == "red"
    assert row.rag_reason == (
        "Prognosen for operativ enhet er 3 dager etter fristen 31. desember 2028; "
        "Sannsynligheten for operativ enhet i tide er under 50 %; 1 oppgave på overtid")


# ---------------------------------------------------------------- filters and sort


@pytest.fixture
def three(national, make_programme, oslo_programme):
    """Red (Meløy, county 18), amber (Bodø, 18) and green (Oslo, 03)."""
    red = make_programme("Meløy", numbers=["1837"], today=TODAY)
    Forecast.objects.filter(programme=red).update(slack_days=-5, probability_on_time=0.3)
    amber = make_programme("Bodø", numbers=["1804"], today=TODAY)
    Forecast.objects.filter(programme=amber).update(slack_days=3, probability_on_time=0.4)
    current_forecast(oslo_programme, today=TODAY)
    Forecast.objects.filter(programme=oslo_programme).update(slack_days=300,
                                                             probability_on_time=0.99)
    return red, amber, oslo_programme


def names(rows):
    return [r.name for r in rows]


def test_filter_by_county(national, three):
    assert names(portfolio_rows(national, county="18", today=TODAY)) == ["Meløy", "Bodø"]
    assert names(portfolio_rows(national, county="03", today=TODAY)) == ["Omstilling Oslo"]


def test_filter_by_risk(national, three):
    assert names(portfolio_rows(national, risk="amber", today=TODAY)) == ["Bodø"]
    assert names(portfolio_rows(national, risk="green", today=TODAY)) == ["Omstilling Oslo"]


def test_filter_by_status_and_phase(national, owner, three):
    red, _amber, _oslo = three
    services.start_phase(user=owner, programme=red, kind="pre_study",
                         started_on=date(2026, 1, 5))
    assert names(portfolio_rows(national, status="in_progress", today=TODAY)) == ["Meløy"]
    assert names(portfolio_rows(national, phase="pre_study", today=TODAY)) == ["Meløy"]
    assert set(names(portfolio_rows(national, phase="none", today=TODAY))) == {
        "Bodø", "Omstilling Oslo"}


def test_default_sort_is_most_urgent_first(national, three):
    assert names(portfolio_rows(national, today=TODAY)) == ["Meløy", "Bodø",
                                                            "Omstilling Oslo"]


def test_default_sort_is_worst_first_then_least_slack_then_name(national, make_programme):
    """Red, amber, unknown, green; within a colour the least slack first (the most
    behind), then the name."""
    def made(name, **figures):
        programme = make_programme(name, numbers=["1837"], today=TODAY)
        Forecast.objects.filter(programme=programme).update(**figures)
        return programme

    made("Rød B", slack_days=-5, probability_on_time=0.3)
    made("Rød A", slack_days=-20, probability_on_time=0.2)
    made("Rød C", slack_days=-5, probability_on_time=0.3)
    made("Gul", slack_days=10, probability_on_time=0.4)
    made("Grønn lite", slack_days=30, probability_on_time=0.9)
    made("Grønn mye", slack_days=300, probability_on_time=0.99)
    pending = made("Ny plan", slack_days=100, probability_on_time=0.9)
    Programme.objects.filter(pk=pending.pk).update(plan_version=F("plan_version") + 1)
    rows = portfolio_rows(national, today=TODAY)
    assert [(r.name, r.rag) for r in rows] == [
        ("Rød A", "red"), ("Rød B", "red"), ("Rød C", "red"), ("Gul", "amber"),
        ("Ny plan", "unknown"), ("Grønn lite", "green"), ("Grønn mye", "green")]
    # Turned round, the best first.
    assert names(portfolio_rows(national, sort="-rag", today=TODAY))[:2] == [
        "Grønn mye", "Grønn lite"]


def test_each_reason_is_kept_for_the_page_and_joined_for_the_api(national, make_programme):
    programme = make_programme("Mange varsler", today=TODAY)
    Forecast.objects.filter(programme=programme).update(slack_days=-3,
                                                        probability_on_time=0.2)
    row = only_row(national)
    assert row.rag_reason_texts[0].startswith("Prognosen for operativ enhet er 3 dager")
    assert row.rag_reason_texts[1].startswith("Sannsynligheten for operativ enhet")
    assert row.rag_reason == "; ".join(row.rag_reason_texts)


def test_sort_by_any_column_both_ways(national, three):
    assert names(portfolio_rows(national, sort="name", today=TODAY)) == [
        "Bodø", "Meløy", "Omstilling Oslo"]
    assert names(portfolio_rows(national, sort="-name", today=TODAY)) == [
        "Omstilling Oslo", "Meløy", "Bodø"]
    assert names(portfolio_rows(national, sort="-slack", today=TODAY)) == [
        "Omstilling Oslo", "Bodø", "Meløy"]
    assert names(portfolio_rows(national, sort="probability", today=TODAY)) == [
        "Meløy", "Bodø", "Omstilling Oslo"]
    assert names(portfolio_rows(national, sort="county", today=TODAY))[0] == "Omstilling Oslo"
    for key in ("municipalities", "period_end", "latest_start", "status", "phase",
                "forecast", "overdue", "gate", "changed", "rag"):
        for sort in (key, f"-{key}"):
            assert len(portfolio_rows(national, sort=sort, today=TODAY)) == 3


def test_rows_without_a_value_sort_last_both_ways(national, three, make_programme):
    make_programme("Åpen plan", forecast=False)
    assert names(portfolio_rows(national, sort="slack", today=TODAY))[-1] == "Åpen plan"
    assert names(portfolio_rows(national, sort="-slack", today=TODAY))[-1] == "Åpen plan"


@pytest.mark.parametrize("name,value", [("county", "1"), ("status", "late"),
                                        ("phase", "study"), ("risk", "purple"),
                                        ("sort", "colour")])
def test_unknown_filter_values_are_refused_by_name(national, name, value):
    with pytest.raises(ValueError, match=name):
        portfolio_rows(national, **{name: value})


# ---------------------------------------------------------------- stored facts (issue 10)


def test_the_facts_are_stored_with_the_forecast_of_the_same_plan(adviser, owner, programme):
    from videreforing.planning.forecasts import facts_for, stored_facts

    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    for task in programme.continuation.tasks.filter(phase="pre_study"):
        services.update_task(user=owner, task=task, expected_version=task.version, done=True)
    set_forecast(programme, slack_days=40, probability_on_time=0.9)
    forecast = Forecast.objects.get(programme=programme)
    assert (forecast.started_on, forecast.current_phase, forecast.gate_phase,
            forecast.main_completed) == (date(2026, 1, 5), "pre_study", "pre_study", False)
    # The same facts as read from the phases and tasks for a stale forecast.
    assert stored_facts(forecast) == facts_for([programme.pk])[programme.pk]
    # The row reads the stored facts: no phase or task is read for a current forecast.
    Forecast.objects.filter(programme=programme).update(gate_phase="")
    row = only_row(adviser)
    assert row.gate_pending is False and row.current_phase == "pre_study"


def test_a_stale_forecast_has_its_facts_read_now(adviser, owner, programme):
    set_forecast(programme, slack_days=40, probability_on_time=0.9)
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))  # a new plan version
    row = only_row(adviser)
    assert row.forecast_pending is True and row.rag == "unknown"
    assert row.status == "in_progress" and row.current_phase == "pre_study"
    assert row.started_on == date(2026, 1, 5) and row.started_in_time is True
