"""Correct and withdraw (issue 8, point 3): bids until the award, and after it only by
reopening the award with a reason; requirements and criteria until they lock; suppliers
by the one who registered them. Every change is versioned and audited with before and
after."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.procurement.helpers import pass_deadline
from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry
from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.procurement import services
from videreforing.procurement.evaluation import EvaluationError, evaluate
from videreforing.procurement.models import (
    AwardCriterion,
    Bid,
    BidScore,
    QualificationRequirement,
    Supplier,
    Tender,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unscored(owner, tender, suppliers):
    """A tender whose two bids were registered without scores: the stuck path."""
    price = services.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                                   weight=40)
    quality = services.add_criterion(user=owner, tender=tender, name="Kompetanse",
                                     kind="quality", weight=60)
    a = services.register_bid(user=owner, tender=tender, supplier=suppliers["a"],
                              price=200_000)
    b = services.register_bid(user=owner, tender=tender, supplier=suppliers["b"],
                              price=250_000)
    return {"tender": tender, "price": price, "quality": quality, "a": a, "b": b}


def test_a_bid_registered_without_scores_is_scored_afterwards_and_awarded(owner, unscored):
    tender, quality = unscored["tender"], unscored["quality"]
    with pytest.raises(EvaluationError):
        evaluate(tender)
    a = services.update_bid(user=owner, bid=unscored["a"], expected_version=1,
                            scores={quality.pk: (D(8), "God erfaring")})
    services.update_bid(user=owner, bid=unscored["b"], expected_version=1,
                        scores={quality.pk: 9}, justifications={quality.pk: "Svært god"})
    assert a.version == 2
    result = evaluate(tender)
    assert [r.bid.pk for r in result.rows] == [unscored["a"].pk, unscored["b"].pk]
    assert result.rows[0].total == D("8.8")
    entry = AuditEntry.objects.filter(action="procurement.bid.updated").first()
    assert entry.data["fields"] == ["scores"]
    assert entry.data["before"]["scores"] == {}
    assert entry.data["after"]["scores"] == {
        "Kompetanse": {"score": "9.00", "justification": "Svært god"}}
    pass_deadline(tender)
    assert services.award_tender(user=owner, tender=tender, bid=a).status == "awarded"


def test_correcting_a_bid_records_before_and_after(owner, unscored):
    bid = services.update_bid(user=owner, bid=unscored["a"], expected_version=1,
                              price="210000", rejected=True, rejection_reason="For sent",
                              contact_name="Anne", contact_email="anne@alfa.example")
    assert (bid.price, bid.rejected, bid.rejection_reason) == (D(210_000), True, "For sent")
    entry = AuditEntry.objects.get(action="procurement.bid.updated")
    assert entry.data["before"]["price"] == "200000"
    assert entry.data["after"]["price"] == "210000"
    assert entry.data["before"]["rejected"] is False and entry.data["after"]["rejected"]
    assert "rettet tilbudet fra «Alfa Råd AS»" in describe(entry)


def test_a_stale_bid_edit_is_refused_and_changes_nothing(owner, unscored):
    services.update_bid(user=owner, bid=unscored["a"], expected_version=1, price=1000)
    with pytest.raises(StaleVersion) as exc:
        services.update_bid(user=owner, bid=unscored["a"], expected_version=1, price=5000)
    assert exc.value.data["current_version"] == 2
    assert Bid.objects.get(pk=unscored["a"].pk).price == 1000
    assert AuditEntry.objects.filter(action="procurement.bid.updated").count() == 1


def test_bad_input_to_a_bid_edit_changes_nothing(owner, unscored):
    quality = unscored["quality"]
    with pytest.raises(ValidationError) as exc:
        services.update_bid(user=owner, bid=unscored["a"], expected_version=1,
                            price="1e30", scores={quality.pk: 11}, contact_email="nei")
    assert {"price", "scores", "contact_email"} <= set(exc.value.message_dict)
    bid = Bid.objects.get(pk=unscored["a"].pk)
    assert (bid.price, bid.version, bid.contact_email) == (D(200_000), 1, "")
    assert not BidScore.objects.exists()


def test_rejecting_in_an_edit_needs_a_reason(owner, unscored):
    with pytest.raises(ValidationError) as exc:
        services.update_bid(user=owner, bid=unscored["a"], expected_version=1, rejected=True)
    assert "rejection_reason" in exc.value.message_dict


def test_a_score_can_be_cleared_again(owner, unscored):
    quality = unscored["quality"]
    services.update_bid(user=owner, bid=unscored["a"], scores={quality.pk: (7, "Ok")})
    services.update_bid(user=owner, bid=unscored["a"], scores={quality.pk: None})
    assert not BidScore.objects.exists()


def test_bids_are_locked_after_the_award_until_it_is_reopened(owner, closed_tender):
    tender = services.award_tender(user=owner, tender=closed_tender["tender"],
                                   bid=closed_tender["a"])
    with pytest.raises(DomainError) as exc:
        services.update_bid(user=owner, bid=closed_tender["b"], price=1)
    assert exc.value.code == "awarded" and "Gjenåpne tildelingen" in exc.value.message
    with pytest.raises(DomainError):
        services.remove_bid(user=owner, bid=closed_tender["b"])
    with pytest.raises(ValidationError) as reason:
        services.reopen_award(user=owner, tender=tender, reason="  ")
    assert "reason" in reason.value.message_dict
    assert Tender.objects.get(pk=tender.pk).status == "awarded"

    reopened = services.reopen_award(user=owner, tender=tender,
                                     reason="Feil poeng på kompetanse for Beta.",
                                     expected_version=tender.version)
    assert (reopened.status, reopened.winner, reopened.awarded_on) == ("draft", None, None)
    entry = AuditEntry.objects.get(action="procurement.tender.reopened")
    assert entry.data["reason"] == "Feil poeng på kompetanse for Beta."
    assert entry.data["before"]["winner"] == "Alfa Råd AS"
    assert entry.data["after"]["winner"] is None
    assert "Begrunnelse: Feil poeng" in describe(entry)
    services.update_bid(user=owner, bid=closed_tender["b"],
                        scores={closed_tender["quality"].pk: (10, "Rettet")})
    assert evaluate(reopened).rows[0].bid == closed_tender["b"]


def test_reopening_needs_an_award(owner, tender):
    with pytest.raises(DomainError) as exc:
        services.reopen_award(user=owner, tender=tender, reason="Hvorfor ikke")
    assert exc.value.code == "not_awarded"


def test_removing_a_bid_keeps_what_it_was_in_the_history(owner, scored_tender):
    services.remove_bid(user=owner, bid=scored_tender["b"], reason="Trukket av leverandøren")
    assert not Bid.objects.filter(pk=scored_tender["b"].pk).exists()
    entry = AuditEntry.objects.get(action="procurement.bid.removed")
    assert entry.data["reason"] == "Trukket av leverandøren"
    assert entry.data["before"]["price"] == "250000"
    assert entry.data["before"]["scores"]["Kompetanse"]["justification"] == "Svært god erfaring"
    # The supplier may now deliver again.
    services.register_bid(user=owner, tender=scored_tender["tender"],
                          supplier=scored_tender["b"].supplier, price=240_000)


def test_requirement_and_criterion_are_corrected_until_they_lock(owner, tender):
    requirement = services.add_requirement(user=owner, tender=tender, text="Skateattest")
    requirement = services.update_requirement(user=owner, requirement=requirement,
                                              expected_version=1, text="Skatteattest")
    assert requirement.text == "Skatteattest" and requirement.version == 2
    entry = AuditEntry.objects.get(action="procurement.requirement.updated")
    assert (entry.data["before"], entry.data["after"]) == (
        {"text": "Skateattest"}, {"text": "Skatteattest"})
    with pytest.raises(StaleVersion):
        services.update_requirement(user=owner, requirement=requirement,
                                    expected_version=1, text="X")

    price = services.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                                   weight=40)
    quality = services.add_criterion(user=owner, tender=tender, name="Kvalitet",
                                     kind="quality", weight=60)
    with pytest.raises(ValidationError) as exc:
        services.update_criterion(user=owner, criterion=price, weight=50)
    assert "110 %" in exc.value.message_dict["weight"][0]
    price = services.update_criterion(user=owner, criterion=price, expected_version=1,
                                      weight=30, price_model="proportional")
    assert (price.weight, price.price_model, price.version) == (D(30), "proportional", 2)
    entry = AuditEntry.objects.get(action="procurement.criterion.updated")
    assert entry.data["before"] == {"weight": "40.00", "price_model": "linear"}

    Tender.objects.filter(pk=tender.pk).update(
        tender_deadline=timezone.localdate() - timedelta(days=1))
    for call in (lambda: services.update_criterion(user=owner, criterion=quality, weight=70),
                 lambda: services.remove_criterion(user=owner, criterion=quality),
                 lambda: services.update_requirement(user=owner, requirement=requirement,
                                                     text="Y")):
        with pytest.raises(DomainError) as locked:
            call()
        assert locked.value.code == "criteria_locked"
    assert AwardCriterion.objects.get(pk=quality.pk).weight == 60
    assert QualificationRequirement.objects.get().text == "Skatteattest"


def test_supplier_is_corrected_and_one_with_bids_is_kept(owner, scored_tender, suppliers):
    supplier = services.update_supplier(user=owner, supplier=suppliers["c"],
                                        expected_version=1, name="Gamma Konsult AS (ny)",
                                        org_number="971 526 157")
    assert supplier.name == "Gamma Konsult AS (ny)" and supplier.version == 2
    entry = AuditEntry.objects.get(action="procurement.supplier.updated")
    assert entry.data["fields"] == ["name"]
    with pytest.raises(ValidationError) as exc:
        services.update_supplier(user=owner, supplier=supplier, org_number="974760673")
    assert "finnes allerede" in exc.value.message_dict["org_number"][0]
    with pytest.raises(DomainError) as kept:
        services.remove_supplier(user=owner, supplier=supplier)
    assert kept.value.code == "supplier_has_bids"
    assert "har levert tilbud i 1 konkurranse" in kept.value.message
    assert Supplier.objects.filter(pk=supplier.pk).exists()

    lone = services.create_supplier(user=owner, org_number="923609016", name="Delta AS")
    assert lone.created_by == owner
    services.remove_supplier(user=owner, supplier=lone)
    entry = AuditEntry.objects.get(action="procurement.supplier.removed")
    assert entry.data["before"]["name"] == "Delta AS"


def test_a_suggested_supplier_stays_in_the_register(owner, programme, suppliers, adviser):
    services.suggest_supplier(user=adviser, programme=programme, supplier=suppliers["c"])
    with pytest.raises(DomainError) as exc:
        services.remove_supplier(user=owner, supplier=suppliers["c"])
    assert exc.value.code == "supplier_suggested"
    assert programme.supplier_suggestions.count() == 1


def test_award_says_what_happened_to_the_process_leader(owner, closed_tender):
    tender = services.award_tender(user=owner, tender=closed_tender["tender"],
                                   bid=closed_tender["a"])
    assert (tender.leader.kind, tender.leader.email) == ("added", "anne@alfa.example")


def test_award_without_contact_adds_nobody(owner, tender, suppliers, programme):
    services.add_criterion(user=owner, tender=tender, name="Pris", kind="price", weight=100)
    bid = services.register_bid(user=owner, tender=tender, supplier=suppliers["c"],
                                price=100)
    members = programme.memberships.count()
    pass_deadline(tender)
    tender = services.award_tender(user=owner, tender=tender, bid=bid)
    assert tender.leader.kind == "none"
    assert programme.memberships.count() == members
    entry = AuditEntry.objects.get(action="procurement.tender.awarded")
    assert entry.data["process_leader"] is None
    assert entry.data["process_leader_outcome"] == "none"


def test_a_climate_exception_given_in_a_criterion_edit_is_recorded(owner, tender):
    climate = services.add_criterion(user=owner, tender=tender, name="Klima", kind="climate",
                                     weight=30)
    climate = services.update_criterion(user=owner, criterion=climate, weight=20,
                                        climate_exception="Lite klimaavtrykk.")
    tender.refresh_from_db()
    assert tender.climate_exception == "Lite klimaavtrykk." and climate.weight == 20
    entry = AuditEntry.objects.get(action="procurement.criterion.updated")
    assert entry.data["after"] == {"weight": "20", "climate_exception": "Lite klimaavtrykk."}
