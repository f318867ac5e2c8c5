from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from videreforing.audit.models import AuditEntry
from videreforing.options import services
from videreforing.options.models import Alternative, Score
from videreforing.options.result import AnalysisError, analysis_result

pytestmark = pytest.mark.django_db


def test_ranking_by_hand(scored):
    result = analysis_result(scored["analysis"])
    # KF: 0.5×9 + 0.3×4 + 0.2×7 = 4.5 + 1.2 + 1.4 = 7.1
    # AS: 0.5×6 + 0.3×9 + 0.2×7 = 3.0 + 2.7 + 1.4 = 7.1 → a tie shares rank 1
    assert [(r.alternative.name, r.total, r.rank) for r in result.ranking] == [
        ("Meløy Utvikling KF", D("7.1"), 1), ("Utviklingsselskap AS", D("7.1"), 1)]
    assert result.close_call


def test_stability_by_hand_and_a_criterion_that_never_changes_the_winner(owner, scored):
    services.set_score(user=owner, analysis=scored["analysis"], alternative=scored["as"],
                       criterion=scored["business"], score=6, reason="Lavere")
    result = analysis_result(scored["analysis"])
    # KF 7.1 leads AS 6.2. Cost: both score 7, so its weight can go from 0 to 100
    # without changing the winner.
    stability = {s.criterion.name: s for s in result.stability}
    assert (stability["Kostnad"].min_weight, stability["Kostnad"].max_weight) == (0, 100)
    assert stability["Kostnad"].smallest_change is None
    # Næringsliv at weight w; Styring and Kostnad share 100 − w in the ratio 50:20.
    # KF(w) = 0.04w + (100 − w) × 590/7000, AS(w) = 0.06w + (100 − w) × 440/7000.
    # KF ≥ AS ⇔ 150(100 − w) ≥ 140w ⇔ w ≤ 15000/290 = 51.72.
    assert stability["Næringsliv"].max_weight == pytest.approx(51.72, abs=0.01)
    assert stability["Næringsliv"].min_weight == 0
    assert not result.close_call


def test_weights_not_summing_to_100_are_refused(owner, scored):
    with pytest.raises(ValidationError) as exc:
        services.set_weights(user=owner, analysis=scored["analysis"], method="percent",
                             values={scored["control"].pk: 40})
    assert "90 %" in exc.value.messages[0]
    scored["control"].refresh_from_db()
    assert scored["control"].weight == 50


def test_missing_score_is_reported_by_name(owner, scored):
    extra = services.add_alternative(user=owner, analysis=scored["analysis"], name="Næringshage",
                                     organisational_form="existing_body")
    with pytest.raises(AnalysisError) as exc:
        analysis_result(scored["analysis"])
    assert "«Næringshage» på «Styring»" in exc.value.message
    assert {"alternative": extra.pk, "criterion": scored["cost"].pk} in exc.value.missing


def test_ranking_method_converts_ranks_to_weights(owner, analysis):
    for name in ("A", "B", "C"):
        services.add_criterion(user=owner, analysis=analysis, name=name)
    criteria = list(analysis.criteria.all())
    services.set_weights(user=owner, analysis=analysis, method="ranking",
                         values={c.pk: i for i, c in enumerate(criteria, start=1)})
    weights = [c.weight for c in analysis.criteria.all()]
    assert weights == [D("50.00"), D("33.33"), D("16.67")]
    assert sum(weights) == 100


def test_score_needs_a_reason_and_a_range(owner, scored):
    with pytest.raises(ValidationError) as exc:
        services.set_score(user=owner, analysis=scored["analysis"], alternative=scored["kf"],
                           criterion=scored["cost"], score=11, reason="")
    assert {"score", "reason"} <= set(exc.value.message_dict)
    assert Score.objects.get(alternative=scored["kf"], criterion=scored["cost"]).score == 7


def test_free_text_financing_and_scope_are_kept(scored):
    aksje = Alternative.objects.get(pk=scored["as"].pk)
    assert aksje.financing_note.startswith("Kommunen og næringslivet")
    assert (aksje.scope, aksje.scope_note) == ("municipalities", "Meløy og Rødøy")
    assert AuditEntry.objects.filter(action="options.score.set").count() == 6


def test_unknown_form_is_refused(owner, analysis):
    with pytest.raises(ValidationError) as exc:
        services.add_alternative(user=owner, analysis=analysis, name="X",
                                 organisational_form="ltd")
    assert "organisational_form" in exc.value.message_dict
    assert not analysis.alternatives.exists()
