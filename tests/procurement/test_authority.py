"""The contracting authority on the tender (issue 9, points 5-6): defaults to the
programme's first municipality, corrected on the tender form with every typed value kept
on a mistake; the award is refused before the deadline, so moving the deadline moves
both the criteria lock and the first day of the award."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from videreforing.audit.models import AuditEntry
from videreforing.lib.errors import DomainError
from videreforing.procurement import services
from videreforing.procurement.models import Tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def _url(name, tender):
    return reverse(f"procurement:{name}", args=[tender.programme_id, tender.pk])


def test_a_new_tender_names_the_first_municipality(owner, programme, tender):
    assert tender.authority_name == "Meløy kommune"
    assert tender.authority_org_number == ""
    other = services.create_tender(user=owner, programme=programme, title="T",
                                   estimated_value=1000, authority_name="Salten IKS",
                                   authority_org_number="974 760 673")
    assert (other.authority_name, other.authority_org_number) == ("Salten IKS", "974760673")


def test_the_create_form_shows_the_default(as_owner, owner, programme):
    page = as_owner.get(reverse("procurement:list", args=[programme.pk])).content.decode()
    assert 'name="authority_name"' in page and 'value="Meløy kommune"' in page
    assert 'name="deadline_time"' in page and 'value="12:00"' in page
    assert 'name="submission_address"' in page and f'value="{owner.email}"' in page


def test_the_tender_form_corrects_the_authority(as_owner, tender):
    data = {"title": tender.title, "description": tender.description,
            "estimated_value": "450000", "procedure": "open",
            "tender_deadline": "2099-01-31", "deadline_time": "12:00",
            "submission_address": tender.submission_address,
            "authority_name": "Meløy kommune, rådmannen",
            "authority_org_number": "123", "version": "1"}
    bad = as_owner.post(_url("tender-edit", tender), data)
    assert bad.status_code == 400
    page = bad.content.decode()
    assert 'value="Meløy kommune, rådmannen"' in page and 'value="123"' in page
    assert 'id="authority_org_number-error"' in page or "authority_org_number" in str(
        bad.context["tender_form"].errors)
    assert Tender.objects.get().version == 1
    good = as_owner.post(_url("tender-edit", tender), data | {
        "authority_org_number": "974 760 673"})
    assert good.status_code == 302
    stored = Tender.objects.get()
    assert (stored.authority_name, stored.authority_org_number, stored.version) == (
        "Meløy kommune, rådmannen", "974760673", 2)
    entry = AuditEntry.objects.get(action="procurement.tender.updated")
    assert set(entry.data["fields"]) == {"authority_name", "authority_org_number"}
    assert entry.data["before"]["authority_name"] == "Meløy kommune"


def test_a_wrong_org_number_is_refused_by_the_service(owner, tender):
    with pytest.raises(Exception) as refused:
        services.update_tender(user=owner, tender=tender, authority_org_number="974760674")
    assert "authority_org_number" in refused.value.message_dict
    assert Tender.objects.get().authority_org_number == ""


def test_moving_the_deadline_moves_the_lock_and_the_award(owner, scored_tender):
    tender = scored_tender["tender"]
    yesterday = timezone.localdate() - timedelta(days=1)
    services.update_tender(user=owner, tender=tender, tender_deadline=yesterday)
    with pytest.raises(DomainError):
        services.add_criterion(user=owner, tender=tender, name="Metode", kind="method",
                               weight=10)
    assert services.award_possible_from(Tender.objects.get()) == timezone.localdate()
    tomorrow = timezone.localdate() + timedelta(days=1)
    tender = services.update_tender(user=owner, tender=Tender.objects.get(),
                                    tender_deadline=tomorrow)
    with pytest.raises(DomainError) as refused:
        services.award_tender(user=owner, tender=tender, bid=scored_tender["a"])
    assert refused.value.code == "deadline_not_passed"
    assert services.award_possible_from(tender) == tomorrow + timedelta(days=1)
