from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from videreforing.rules.schedule import (
    Activity,
    CycleError,
    compute_schedule,
    simulate_finish,
    simulate_finish_python,
    simulate_risk,
)

TODAY = date(2027, 1, 1)


def d(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def fixed(id, days, *preds, **kw):
    return Activity.fixed(id, id, days, predecessors=tuple(
        p if isinstance(p, tuple) else (p, 0) for p in preds), **kw)


def test_parallel_branches_by_hand():
    plan = [fixed("A", 3), fixed("B", 5, "A"), fixed("C", 2, "A"), fixed("D", 2, "B", "C")]
    s = compute_schedule(plan, TODAY)
    assert s.finish == d(10)
    assert (s.activities["C"].earliest_start, s.activities["C"].earliest_finish) == (d(3), d(5))
    assert (s.activities["C"].latest_start, s.activities["C"].latest_finish) == (d(6), d(8))
    assert s.activities["C"].slack_days == 3
    assert s.critical_path == ["A", "B", "D"]
    assert all(s.activities[x].slack_days == 0 for x in "ABD")


def test_lag_delays_the_successor():
    s = compute_schedule([fixed("A", 3), fixed("B", 2, ("A", 4))], TODAY)
    assert s.activities["B"].earliest_start == d(7)
    assert s.finish == d(9)
    assert s.critical_path == ["A", "B"]


def test_finished_and_started_work_keep_their_actual_dates():
    plan = [
        fixed("A", 10, actual_start=date(2026, 12, 1), actual_finish=date(2026, 12, 20)),
        fixed("B", 20, "A", actual_start=date(2026, 12, 21)),
        fixed("C", 5, "B"),
    ]
    s = compute_schedule(plan, TODAY)
    assert s.activities["A"].earliest_finish == date(2026, 12, 20)
    assert s.activities["A"].done and not s.activities["A"].critical
    assert s.activities["B"].earliest_start == date(2026, 12, 21)
    assert s.activities["B"].earliest_finish == date(2027, 1, 10)
    assert s.activities["C"].earliest_start == date(2027, 1, 10)
    assert s.finish == date(2027, 1, 15)
    assert s.critical_path == ["B", "C"]


def test_overrun_started_work_finishes_no_earlier_than_today():
    s = compute_schedule([fixed("A", 3, actual_start=date(2026, 11, 1))], TODAY)
    assert s.activities["A"].earliest_finish == TODAY


def test_not_started_work_starts_today_at_the_earliest():
    s = compute_schedule([fixed("A", 4)], TODAY)
    assert s.activities["A"].earliest_start == TODAY


def test_a_plan_that_misses_the_deadline():
    plan = [fixed("A", 100), fixed("B", 100, "A")]
    risk = simulate_risk(plan, TODAY, deadline=d(150), samples=500)
    assert risk.probability_on_time == 0.0
    assert risk.p50 == d(200) == risk.p80
    assert compute_schedule(plan, TODAY).finish == d(200)


def test_cycle_is_refused_naming_the_tasks_in_it():
    plan = [fixed("A", 1, "C"), fixed("B", 1, "A"), fixed("C", 1, "B"), fixed("D", 1)]
    with pytest.raises(CycleError) as exc:
        compute_schedule(plan, TODAY)
    assert sorted(exc.value.cycle) == ["A", "B", "C"]


def test_self_dependency_is_a_cycle():
    with pytest.raises(CycleError) as exc:
        compute_schedule([fixed("A", 1, "A")], TODAY)
    assert exc.value.cycle == ["A"]


def test_three_point_estimates_give_a_spread_and_are_reproducible():
    plan = [Activity("A", "A", 30, 45, 90), Activity("B", "B", 10, 20, 60, (("A", 0),))]
    first = simulate_risk(plan, TODAY, deadline=d(70), samples=4000)
    again = simulate_risk(plan, TODAY, deadline=d(70), samples=4000)
    assert first == again
    assert 0.0 < first.probability_on_time < 1.0
    assert d(40) <= first.p50 <= first.p80 <= d(150)


def test_vectorised_and_per_sample_python_agree():
    plan = [Activity("A", "A", 1, 2, 9), Activity("B", "B", 3, 4, 5, (("A", 2),)),
            Activity("C", "C", 2, 6, 7, (("A", 0),)),
            Activity("D", "D", 1, 1, 3, (("B", 0), ("C", 1)))]
    import numpy as np

    from videreforing.rules.schedule import pert_samples, topological_order
    rng = np.random.default_rng(7)
    by_id = {a.id: a for a in plan}
    durations = {n: pert_samples(rng, by_id[n], 300) for n in topological_order(plan)}
    python = simulate_finish_python(plan, TODAY, durations)
    vectorised, _seed = simulate_finish(plan, TODAY, samples=300, seed=7)
    assert list(vectorised) == python


# ---------------------------------------------------------------- properties


@st.composite
def plans(draw, three_point=False):
    n = draw(st.integers(min_value=1, max_value=12))
    acts = []
    for i in range(n):
        preds = draw(st.lists(st.integers(min_value=0, max_value=max(i - 1, 0)),
                              max_size=3, unique=True)) if i else []
        lags = [draw(st.integers(min_value=0, max_value=5)) for _ in preds]
        low = draw(st.integers(min_value=0, max_value=30))
        if three_point:
            mode = low + draw(st.integers(min_value=0, max_value=20))
            high = mode + draw(st.integers(min_value=0, max_value=20))
        else:
            mode = high = low
        acts.append(Activity(f"T{i}", f"T{i}", low, mode, high,
                             tuple((f"T{p}", lag) for p, lag in zip(preds, lags, strict=True))))
    return acts


@settings(max_examples=150, deadline=None)
@given(plans())
def test_slack_is_never_negative_and_zero_exactly_on_the_critical_path(plan):
    s = compute_schedule(plan, TODAY)
    for node, act in s.activities.items():
        assert act.slack_days >= 0
        if node not in s.critical_path:
            assert act.slack_days > 0
        assert act.latest_finish <= s.finish
        assert act.earliest_finish <= act.latest_finish
    assert max(a.earliest_finish for a in s.activities.values()) == s.finish
    assert s.critical_path, "a plan always has a critical activity"


@settings(max_examples=60, deadline=None)
@given(plans(), st.integers(min_value=-10, max_value=200))
def test_a_deterministic_plan_gives_probability_zero_or_one(plan, deadline_offset):
    risk = simulate_risk(plan, TODAY, deadline=d(deadline_offset), samples=200)
    finish = compute_schedule(plan, TODAY).finish
    assert risk.probability_on_time == (1.0 if finish <= d(deadline_offset) else 0.0)
    assert risk.p50 == risk.p80 == finish


@settings(max_examples=40, deadline=None)
@given(plans(three_point=True))
def test_simulated_finish_lies_between_optimistic_and_pessimistic_plans(plan):
    def as_fixed(field):
        return [Activity.fixed(a.id, a.name, getattr(a, field), predecessors=a.predecessors)
                for a in plan]
    low = compute_schedule(as_fixed("optimistic"), TODAY).finish
    high = compute_schedule(as_fixed("pessimistic"), TODAY).finish
    finish, _ = simulate_finish(plan, TODAY, samples=300)
    assert d(int(finish.min())) >= low and d(int(finish.max())) <= high


# ------------------------------------------- stored values outside the bounds (issue 8)

HUGE = 2_147_483_647


def test_dates_saturate_instead_of_overflowing():
    acts = [
        Activity("a", "A", 5, 10, 20, actual_start=date.max),  # "started" 9999-12-31
        Activity("b", "B", 1, 2, 3, predecessors=(("a", HUGE),)),
        Activity("c", "C", HUGE, HUGE, HUGE, actual_finish=date.min),
    ]
    schedule = compute_schedule(acts, TODAY)
    assert schedule.finish == date.max
    assert schedule.activities["a"].earliest_start == date.max
    assert schedule.activities["b"].earliest_finish == date.max
    assert schedule.activities["c"].earliest_start == date.min
    risk = simulate_risk(acts, TODAY, date(2030, 1, 1), samples=100)
    assert risk.p50 == risk.p80 == date.max
    assert risk.probability_on_time == 0


def test_points_out_of_order_are_read_in_order():
    import numpy as np

    from videreforing.rules.schedule import pert_samples

    draws = pert_samples(np.random.default_rng(1), Activity("x", "X", 30, 200, 10), 1000)
    assert draws.min() >= 10 and draws.max() <= 200
    draws = pert_samples(np.random.default_rng(1), Activity("y", "Y", 50, 1, 10), 1000)
    assert draws.min() >= 1 and draws.max() <= 50


stored_day = st.one_of(st.none(), st.dates(), st.sampled_from([date.min, date.max]))
stored_days = st.one_of(st.integers(0, 3650), st.sampled_from([HUGE, 2**63 - 1]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(stored_days, stored_days, stored_days, stored_day, stored_day,
                          stored_days), min_size=1, max_size=6),
       st.sampled_from([TODAY, date.min, date.max]))
def test_any_stored_dates_and_durations_give_a_schedule(rows, today):
    acts = []
    for i, (o, m, p, started, finished, lag) in enumerate(rows):
        if started and finished and started > finished:
            started = None  # as plan.build_plan reads them
        preds = ((i - 1, lag),) if i else ()
        acts.append(Activity(i, str(i), o, m, p, predecessors=preds,
                             actual_start=started, actual_finish=finished))
    schedule = compute_schedule(acts, today)
    assert date.min <= schedule.finish <= date.max
    risk = simulate_risk(acts, today, date(2030, 1, 1), samples=50)
    assert 0 <= risk.probability_on_time <= 1 and risk.p50 <= risk.p80
