from hypothesis import given
from hypothesis import strategies as st

from videreforing.rules import mcda


def test_totals_and_ranking_with_a_tie():
    points = [[8, 6], [6, 9], [7, 7.5]]
    weights = [50, 50]
    totals = mcda.weighted_totals(points, weights)
    assert totals == [7.0, 7.5, 7.25]
    assert mcda.competition_ranks(totals) == [3, 1, 2]
    assert mcda.competition_ranks([7.0, 7.0, 6.0]) == [1, 1, 3]


def test_weight_range_by_hand():
    # A: (10, 0), B: (0, 10) weighted 60/40: A leads 6 to 4.
    # A stays first while w1 ≥ 50, so criterion 1 ranges over 50–100 and
    # criterion 2 (w2 = 100 − w1) over 0–50.
    ranges = mcda.weight_stability([[10, 0], [0, 10]], [60, 40])
    assert (ranges[0].min_weight, ranges[0].max_weight) == (50, 100)
    assert (ranges[1].min_weight, ranges[1].max_weight) == (0, 50)
    assert ranges[0].smallest_change == 10
    assert ranges[1].smallest_change == 10


def test_a_criterion_that_cannot_change_the_winner_ranges_over_everything():
    # Both score the same on criterion 2, so its weight never changes the order.
    ranges = mcda.weight_stability([[9, 5], [4, 5]], [70, 30])
    assert ranges[1].whole_range
    assert ranges[1].smallest_change is None


def test_close_call_within_five_percent():
    assert mcda.close_call([8.0, 7.7])
    assert not mcda.close_call([8.0, 7.5])


@given(st.lists(st.lists(st.integers(0, 10), min_size=3, max_size=3), min_size=2, max_size=5),
       st.lists(st.integers(1, 50), min_size=3, max_size=3))
def test_leader_stays_first_inside_the_range_and_not_beyond(points, raw):
    weights = [100 * w / sum(raw) for w in raw]
    totals = mcda.weighted_totals(points, weights)
    leader = max(range(len(points)), key=lambda i: totals[i])
    for r in mcda.weight_stability(points, weights):
        assert r.min_weight <= r.weight <= r.max_weight
        for w in (r.min_weight, (r.min_weight + r.weight) / 2, r.max_weight):
            rest = 100 - r.weight
            scaled = [w if j == r.criterion else
                      (weights[j] * (100 - w) / rest if rest else (100 - w) / (len(weights) - 1))
                      for j in range(len(weights))]
            t = mcda.weighted_totals(points, scaled)
            assert t[leader] >= max(t) - 1e-6


def test_rank_sum_weights_by_hand():
    # three criteria ranked 1, 2, 3: points 3, 2, 1 of 6
    weights = mcda.rank_sum_weights([1, 2, 3])
    assert [round(w, 2) for w in weights] == [50.0, 33.33, 16.67]
    assert mcda.rank_sum_weights([1, 1]) == [50.0, 50.0]
