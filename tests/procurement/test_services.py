from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from videreforing.accounts.models import Membership
from videreforing.audit.models import AuditEntry
from videreforing.lib.errors import DomainError
from videreforing.procurement import services
from videreforing.procurement.evaluation import EvaluationError, evaluate
from videreforing.procurement.models import AwardCriterion, Bid, Supplier, Tender

pytestmark = pytest.mark.django_db


def test_regime_is_computed_from_dated_thresholds(owner, programme):
    cases = {99_999: "below_regulation", 100_000: "part_1", 1_300_000: "part_2",
             2_300_000: "part_3"}
    for value, regime in cases.items():
        t = services.create_tender(user=owner, programme=programme, title=str(value),
                                   estimated_value=value)
        assert t.regime == regime
    assert AuditEntry.objects.filter(action="procurement.tender.created").count() == 4


def test_evaluation_by_hand_with_a_disqualified_lowest_bid(scored_tender):
    result = evaluate(scored_tender["tender"])
    # The disqualified 150 000 bid does not set the lowest price: 200 000 does.
    assert result.lowest_price == D(200_000)
    a, b = result.rows
    assert (a.bid, a.rank, a.total) == (scored_tender["a"], 1, D("8.8"))
    # B: price 10 − 10 × 50 000 / 200 000 = 7.5 → 0.4 × 7.5 + 0.6 × 9 = 8.4
    assert (b.bid, b.rank, b.total) == (scored_tender["b"], 2, D("8.4"))
    assert b.points[scored_tender["price"].pk] == D("7.5")
    assert result.excluded == [scored_tender["c"]]
    assert result.winner == scored_tender["a"]


def test_ties_share_a_rank(owner, tender, suppliers):
    quality = services.add_criterion(user=owner, tender=tender, name="Kvalitet",
                                     kind="quality", weight=100)
    for key in ("a", "b", "c"):
        services.register_bid(user=owner, tender=tender, supplier=suppliers[key],
                              price=100_000, scores={quality.pk: (7 if key != "c" else 5, "")})
    ranks = sorted((r.bid.supplier.name, r.rank) for r in evaluate(tender).rows)
    assert ranks == [("Alfa Råd AS", 1), ("Beta Analyse AS", 1), ("Gamma Konsult AS", 3)]


def test_weights_not_summing_to_100_are_refused(owner, tender):
    services.add_criterion(user=owner, tender=tender, name="Pris", kind="price", weight=30)
    with pytest.raises(EvaluationError) as exc:
        evaluate(tender)
    assert "30 %" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        services.add_criterion(user=owner, tender=tender, name="Kvalitet", kind="quality",
                               weight=80)
    assert "110 %" in exc.value.message_dict["weight"][0]
    assert tender.criteria.count() == 1


def test_missing_score_is_named(owner, tender, suppliers):
    services.add_criterion(user=owner, tender=tender, name="Pris", kind="price", weight=50)
    services.add_criterion(user=owner, tender=tender, name="Metode", kind="method", weight=50)
    services.register_bid(user=owner, tender=tender, supplier=suppliers["a"], price=1000)
    with pytest.raises(EvaluationError) as exc:
        evaluate(tender)
    assert "«Alfa Råd AS» mangler poeng på «Metode»" in exc.value.message


def test_climate_under_30_percent_needs_a_documented_exception(owner, tender):
    with pytest.raises(ValidationError) as exc:
        services.add_criterion(user=owner, tender=tender, name="Klima", kind="climate",
                               weight=20)
    assert "P-CLIMATE" in exc.value.message_dict["weight"][0]
    services.add_criterion(user=owner, tender=tender, name="Klima", kind="climate", weight=20,
                           climate_exception="Rådgivningsoppdrag med lite klimaavtrykk.")
    tender.refresh_from_db()
    assert tender.climate_exception == "Rådgivningsoppdrag med lite klimaavtrykk."
    entry = AuditEntry.objects.get(action="procurement.criterion.added")
    assert entry.data["climate_exception"].startswith("Rådgivningsoppdrag")


def test_criteria_lock_when_the_deadline_has_passed(owner, tender):
    Tender.objects.filter(pk=tender.pk).update(
        tender_deadline=timezone.localdate() - timedelta(days=1))
    tender.refresh_from_db()
    with pytest.raises(DomainError) as exc:
        services.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                               weight=100)
    assert exc.value.code == "criteria_locked"
    assert not AwardCriterion.objects.exists()


def test_price_criterion_gets_a_model_and_others_cannot(owner, tender):
    price = services.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                                   weight=30)
    assert price.price_model == "linear"
    with pytest.raises(ValidationError) as exc:
        services.add_criterion(user=owner, tender=tender, name="K", kind="quality",
                               weight=30, price_model="linear")
    assert "price_model" in exc.value.message_dict


def test_disqualified_bid_without_a_reason_gets_the_plain_one(owner, tender, suppliers):
    bid = services.register_bid(user=owner, tender=tender, supplier=suppliers["a"],
                                price=100, qualified=False)
    assert bid.rejection_reason == "Kvalifikasjonskravene er ikke oppfylt."
    assert Bid.objects.get().excluded


def test_criterion_kind_aliases(owner, tender):
    criterion = services.add_criterion(user=owner, tender=tender, name="Kompetanse",
                                       kind="competence", weight=50)
    assert criterion.kind == "quality"


def test_supplier_org_number_is_validated_and_unique(owner, suppliers):
    with pytest.raises(ValidationError) as exc:
        services.create_supplier(user=owner, org_number="974760674", name="Feil AS")
    assert "MOD11" in exc.value.message_dict["org_number"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_supplier(user=owner, org_number="974 760 673", name="Kopi AS")
    assert "finnes allerede" in exc.value.message_dict["org_number"][0]
    assert Supplier.objects.count() == 3


def test_award_to_rank_one_sets_process_leader(owner, closed_tender,
                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tender = services.award_tender(user=owner, tender=closed_tender["tender"],
                                       bid=closed_tender["a"])
    assert tender.status == "awarded" and tender.winner == closed_tender["a"]
    membership = Membership.objects.get(programme=tender.programme,
                                        user__email="anne@alfa.example")
    assert membership.role == "process_leader"
    entry = AuditEntry.objects.get(action="procurement.tender.awarded")
    assert entry.data["winner"] == "Alfa Råd AS" and entry.data["rank"] == 1
    with pytest.raises(DomainError):
        services.add_requirement(user=owner, tender=tender, text="For sent")


def test_award_to_another_than_rank_one_needs_a_reason(owner, closed_tender):
    with pytest.raises(ValidationError) as exc:
        services.award_tender(user=owner, tender=closed_tender["tender"],
                              bid=closed_tender["b"])
    assert "reason" in exc.value.message_dict
    tender = Tender.objects.get(pk=closed_tender["tender"].pk)
    assert tender.status == "draft" and tender.winner is None
    services.award_tender(user=owner, tender=tender, bid=closed_tender["b"],
                          reason="Bedre lokalkunnskap dokumentert i intervju.")
    tender.refresh_from_db()
    assert tender.winner == closed_tender["b"]


def test_excluded_bid_cannot_win(owner, closed_tender):
    with pytest.raises(ValidationError):
        services.award_tender(user=owner, tender=closed_tender["tender"],
                              bid=closed_tender["c"], reason="Billigst")


def test_sensitivity_tells_how_far_each_weight_must_move(scored_tender):
    result = evaluate(scored_tender["tender"])
    by_name = {s.criterion.name: s for s in result.sensitivity}
    # A: points (10, 8), B: (7.5, 9). A leads while 10w + 8(100 − w) ≥ 7.5w + 9(100 − w),
    # i.e. 3.5w ≥ 100: w ≥ 28.57 for price (now 40); quality at most 71.43 (now 60).
    assert by_name["Pris"].min_weight == pytest.approx(28.57, abs=0.01)
    assert by_name["Pris"].smallest_change == pytest.approx(11.43, abs=0.01)
    assert by_name["Kompetanse"].max_weight == pytest.approx(71.43, abs=0.01)
    assert date.today()  # the evaluation does not depend on the date
