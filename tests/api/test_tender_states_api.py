"""The tender's states through the API (issue 9, point 5): announce, notice, contract,
`status` and `standstill_ends` in GET /tenders/{id}, every refusal with its code."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.procurement.helpers import pass_deadline
from videreforing.accounts.models import Membership
from videreforing.procurement.models import Contract, Tender

pytestmark = pytest.mark.django_db


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).isoformat()


@pytest.fixture
def part_two(api, programme):
    """A part II tender with two scored bids, deadline ahead."""
    tender = api("POST", f"/programmes/{programme.pk}/tenders", {
        "title": "Prosessleder", "description": "", "estimated_value": 1_500_000,
        "tender_deadline": day(5)}).json()
    tid = tender["id"]
    quality = api("POST", f"/tenders/{tid}/criteria",
                  {"name": "Kompetanse", "kind": "quality", "weight": 60}).json()
    api("POST", f"/tenders/{tid}/criteria",
        {"name": "Pris", "kind": "price", "weight": 40, "price_model": "linear"})
    for org, name in (("974760673", "Alfa AS"),
                      ("988077917", "Beta AS")):
        api("POST", "/suppliers", {"org_number": org, "name": name})
    a = api("POST", f"/tenders/{tid}/bids", {
        "supplier_org_number": "974760673", "price": 200_000,
        "scores": {str(quality["id"]): 9}, "contact_email": "anne@alfa.example"}).json()
    api("POST", f"/tenders/{tid}/bids", {
        "supplier_org_number": "988077917", "price": 250_000,
        "scores": {str(quality["id"]): 6}})
    return {"id": tid, "bid": a["id"]}


def test_announce_notice_contract(api, programme, part_two, django_capture_on_commit_callbacks):
    tid = part_two["id"]
    assert api("GET", f"/tenders/{tid}").json()["status"] == "draft"
    response = api("POST", f"/tenders/{tid}/announce",
                   {"announced_on": day(-40), "channels": ["doffin"],
                    "reference": "2026-123456"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["announced_on"], body["announcement_channels"]) == (
        "announced", day(-40), ["doffin"])
    pass_deadline(Tender.objects.get(pk=tid), days=30)
    assert api("GET", f"/tenders/{tid}").json()["status"] == "evaluated"
    award = api("POST", f"/tenders/{tid}/award", {"bid": part_two["bid"],
                                                  "decided_on": day(-25)})
    assert award.status_code == 200 and award.json()["status"] == "awarded"
    early = api("POST", f"/tenders/{tid}/contract", {"signed_on": day(0), "value": 200_000})
    assert early.status_code == 409 and early.json()["code"] == "notice_required"
    with django_capture_on_commit_callbacks(execute=True):
        noticed = api("POST", f"/tenders/{tid}/notice",
                      {"sent_on": day(-5), "advantages": "Best på kompetanse."})
    assert noticed.status_code == 200
    body = noticed.json()
    assert (body["status"], body["notice_sent_on"], body["standstill_ends"]) == (
        "standstill", day(-5), day(5))
    # Only the bidder with an address gets the notice by e-mail, with its letter.
    assert [m.to for m in mail.outbox] == [["anne@alfa.example"]]
    assert mail.outbox[0].attachments[0][2] == "application/pdf"
    refused = api("POST", f"/tenders/{tid}/contract", {"signed_on": day(0), "value": 200_000})
    assert refused.status_code == 409 and refused.json()["code"] == "standstill"
    assert not Contract.objects.exists()
    Tender.objects.filter(pk=tid).update(notice_sent_on=timezone.localdate() - timedelta(20),
                                         standstill_ends=timezone.localdate() - timedelta(10))
    assert api("GET", f"/tenders/{tid}").json()["status"] == "notice_sent"
    signed = api("POST", f"/tenders/{tid}/contract", {
        "signed_on": day(0), "value": 200_000, "period_start": day(1), "period_end": day(300),
        "contact_name": "Anne Alfa", "contact_email": "anne@alfa.example"})
    assert signed.status_code == 201, signed.json()
    body = signed.json()
    assert body["status"] == "contract_signed"
    assert body["contract"] == {"signed_on": day(0), "value": 200_000,
                                "period_start": day(1), "period_end": day(300),
                                "contact_name": "Anne Alfa",
                                "contact_email": "anne@alfa.example"}
    assert body["process_leader"]["email"] == "anne@alfa.example"
    assert Membership.objects.get(programme=programme,
                                  user__email="anne@alfa.example").role == "process_leader"
    again = api("POST", f"/tenders/{tid}/contract", {"signed_on": day(0), "value": 1})
    assert again.status_code == 409 and again.json()["code"] == "contract_signed"


def test_refusals_carry_their_codes(api, part_two):
    tid = part_two["id"]
    for path, body, code in (
        ("notice", {"advantages": "x"}, "not_awarded"),
        ("contract", {"signed_on": day(0), "value": 1}, "not_awarded"),
        ("award", {"bid": part_two["bid"]}, "deadline_not_passed"),
    ):
        response = api("POST", f"/tenders/{tid}/{path}", body)
        assert response.status_code == 409 and response.json()["code"] == code, path
    assert api("POST", f"/tenders/{tid}/announce", {"channels": ["doffin"]}).status_code == 200
    twice = api("POST", f"/tenders/{tid}/announce", {"channels": ["doffin"]})
    assert twice.status_code == 409 and twice.json()["code"] == "already_announced"


@pytest.mark.parametrize("body,field", [
    ({"channels": []}, "channels"),
    ({"channels": ["invited"]}, "channels"),
    ({"channels": ["doffin"], "announced_on": "2099-01-01"}, "announced_on"),
    ({"channels": ["doffin"], "announced_on": "31.12.2026"}, "announced_on"),
    ({"channels": "doffin"}, "channels"),
])
def test_bad_announcements_answer_422_naming_the_field(api, part_two, body, field):
    tid = part_two["id"]
    response = api("POST", f"/tenders/{tid}/announce", body)
    assert response.status_code == 422
    assert field in str(response.json()["detail"])
    assert Tender.objects.get(pk=tid).status == "draft"


def test_stale_version_is_refused(api, part_two):
    tid = part_two["id"]
    version = api("GET", f"/tenders/{tid}").json()["version"]
    api("PATCH", f"/tenders/{tid}", {"title": "Nytt navn", "version": version})
    stale = api("POST", f"/tenders/{tid}/announce", {"channels": ["doffin"],
                                                     "version": version})
    assert stale.status_code == 409 and stale.json()["code"] == "stale_version"
    assert Tender.objects.get(pk=tid).status == "draft"


def test_not_announced_tender_is_still_draft_after_its_deadline(api, part_two):
    tid = part_two["id"]
    pass_deadline(Tender.objects.get(pk=tid))
    assert api("GET", f"/tenders/{tid}").json()["status"] == "draft"
