"""The pure RAG rule: one test per reason, and how reasons combine."""

from videreforing.rules import portfolio as rules
from videreforing.rules.deadlines import ContinuationStatus as S

THRESHOLD = 0.5


def facts(**changes) -> rules.PortfolioFacts:
    values = {"status": S.IN_PROGRESS, "forecast_known": True, "slack_days": 30,
              "probability_on_time": 0.9, "overdue_tasks": 0, "gate_pending": False}
    return rules.PortfolioFacts(**{**values, **changes})


def assess(**changes) -> rules.Assessment:
    return rules.assess(facts(**changes), risk_threshold=THRESHOLD)


def test_nothing_wrong_is_green():
    assert assess() == rules.Assessment(rules.GREEN, ())


def test_forecast_after_the_deadline_is_red():
    assert assess(slack_days=-1) == rules.Assessment(rules.RED, (rules.FORECAST_LATE,))
    assert assess(slack_days=0).rag == rules.GREEN


def test_latest_start_passed_without_a_start_is_red():
    assert assess(status=S.OVERDUE) == rules.Assessment(rules.RED,
                                                        (rules.LATEST_START_PASSED,))


def test_probability_under_the_reminder_threshold_is_amber():
    assert assess(probability_on_time=0.49) == rules.Assessment(rules.AMBER,
                                                                (rules.LOW_PROBABILITY,))
    assert assess(probability_on_time=0.5).rag == rules.GREEN


def test_low_probability_does_not_count_once_completed():
    assert assess(status=S.COMPLETED, probability_on_time=0.1).rag == rules.GREEN


def test_latest_start_soon_is_amber():
    assert assess(status=S.DUE_SOON) == rules.Assessment(rules.AMBER,
                                                         (rules.LATEST_START_SOON,))


def test_gate_waiting_is_amber():
    assert assess(gate_pending=True) == rules.Assessment(rules.AMBER, (rules.GATE_PENDING,))


def test_overdue_tasks_are_amber():
    assert assess(overdue_tasks=2) == rules.Assessment(rules.AMBER, (rules.OVERDUE_TASKS,))


def test_every_reason_is_listed_red_first():
    result = assess(slack_days=-10, probability_on_time=0.2, overdue_tasks=1,
                    gate_pending=True)
    assert result.rag == rules.RED
    assert result.reasons == (rules.FORECAST_LATE, rules.LOW_PROBABILITY,
                              rules.GATE_PENDING, rules.OVERDUE_TASKS)


def test_forecast_being_computed_is_unknown_with_the_known_amber_reasons():
    result = assess(forecast_known=False, slack_days=None, probability_on_time=None,
                    overdue_tasks=1)
    assert result == rules.Assessment(rules.UNKNOWN, (rules.FORECAST_PENDING,
                                                      rules.OVERDUE_TASKS))


def test_a_known_red_reason_wins_over_a_forecast_being_computed():
    result = assess(forecast_known=False, status=S.OVERDUE)
    assert result == rules.Assessment(rules.RED, (rules.LATEST_START_PASSED,))


def test_gate_pending_needs_a_phase_in_progress_with_every_task_done():
    assert rules.gate_pending(phase_in_progress=True, tasks=3, open_tasks=0)
    assert not rules.gate_pending(phase_in_progress=True, tasks=3, open_tasks=1)
    assert not rules.gate_pending(phase_in_progress=True, tasks=0, open_tasks=0)
    assert not rules.gate_pending(phase_in_progress=False, tasks=3, open_tasks=0)


def test_current_phase():
    assert rules.current_phase([("pre_study", "not_started")]) is None
    assert rules.current_phase([("pre_study", "completed"),
                                ("pre_project", "in_progress")]) == "pre_project"
    assert rules.current_phase([("pre_study", "completed"), ("pre_project", "stopped"),
                                ("main_project", "not_started")]) == "pre_project"
