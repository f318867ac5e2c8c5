import json
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.procurement.helpers import pass_deadline
from videreforing.accounts.models import Membership
from videreforing.audit.models import AuditEntry
from videreforing.procurement.models import Bid, QualificationRequirement, Supplier, Tender

pytestmark = pytest.mark.django_db


def _past_deadline(tender_id: int) -> None:
    pass_deadline(Tender.objects.get(pk=tender_id))




@pytest.mark.parametrize("value,regime,doffin,ted,min_days", [
    (99_999, "below_regulation", False, False, None),
    (450_000, "part_1", False, False, None),
    (1_300_000, "part_2", True, False, None),
    (2_300_000, "part_3", True, True, 30),
])
def test_create_tender_contract(api, programme, value, regime, doffin, ted, min_days):
    response = api("POST", f"/programmes/{programme.pk}/tenders",
                   {"title": "Prosessleder", "description": "Forstudium",
                    "estimated_value": value})
    assert response.status_code == 201
    body = response.json()
    assert (body["regime"], body["doffin_required"], body["ted_required"],
            body["min_tender_days"]) == (regime, doffin, ted, min_days)
    assert body["procedure"] == "open"
    assert Tender.objects.get(pk=body["id"]).regime == regime


def test_restricted_procedure_above_eea_has_25_days(api, programme):
    body = api("POST", f"/programmes/{programme.pk}/tenders", {
        "title": "X", "description": "", "estimated_value": 3_000_000,
        "procedure": "restricted"}).json()
    assert body["min_tender_days"] == 25 and body["min_request_days"] == 30


def test_near_threshold_warning(api, programme):
    body = api("POST", f"/programmes/{programme.pk}/tenders", {
        "title": "X", "description": "", "estimated_value": 1_250_000}).json()
    assert [w["code"] for w in body["warnings"]] == ["near_threshold"]


def test_supplier_org_number_is_checked(api, programme):
    bad = api("POST", "/suppliers", {"org_number": "123456789", "name": "Feil AS"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "org_number"
    ok = api("POST", "/suppliers", {"org_number": "974760673", "name": "Alfa AS"})
    assert ok.status_code == 201 and ok.json()["org_number"] == "974760673"
    assert Supplier.objects.count() == 1


def test_full_tender_through_the_api(api, programme):
    tender = api("POST", f"/programmes/{programme.pk}/tenders", {
        "title": "Prosessleder", "description": "", "estimated_value": 400_000}).json()
    for org, name in (("974760673", "Alfa AS"), ("988077917", "Beta AS"),
                      ("971526157", "Gamma AS")):
        api("POST", "/suppliers", {"org_number": org, "name": name})
    tid = tender["id"]
    price = api("POST", f"/tenders/{tid}/criteria", {"name": "Pris", "kind": "price",
                                                     "weight": 40, "price_model": "linear"})
    assert price.status_code == 201
    quality = api("POST", f"/tenders/{tid}/criteria",
                  {"name": "Kompetanse", "kind": "quality", "weight": 50}).json()
    early = api("GET", f"/tenders/{tid}/evaluation")
    assert early.status_code == 422
    assert early.json()["detail"][0]["loc"][-1] == "weight"
    method = api("POST", f"/tenders/{tid}/criteria",
                 {"name": "Metode", "kind": "method", "weight": 10}).json()
    q, m, p = str(quality["id"]), str(method["id"]), str(price.json()["id"])
    bids = [
        api("POST", f"/tenders/{tid}/bids", {"supplier_org_number": "974760673",
                                            "price": 200_000, "scores": {q: 8, m: 6},
                                            "qualified": True}),
        api("POST", f"/tenders/{tid}/bids", {"supplier_org_number": "988077917",
                                            "price": 500_000, "scores": {q: 10, m: 10},
                                            "qualified": True}),
        api("POST", f"/tenders/{tid}/bids", {"supplier_org_number": "971526157",
                                            "price": 100_000, "scores": {q: 9, m: 9},
                                            "qualified": False,
                                            "rejection_reason": "Ikke skatteattest"}),
    ]
    assert [b.status_code for b in bids] == [201, 201, 201]
    result = api("GET", f"/tenders/{tid}/evaluation").json()
    rows = {r["supplier_org_number"]: r for r in result["ranking"]}
    # Lowest qualified price 200 000. Beta: price points 10 − 10 × 300 000 / 200 000 = −5.
    assert rows["988077917"]["scores"][p] == -5.0
    # Alfa: 0.4 × 10 + 0.5 × 8 + 0.1 × 6 = 8.60; Beta: −2 + 5 + 1 = 4.00
    assert rows["974760673"]["total"] == 8.6 and rows["974760673"]["rank"] == 1
    assert rows["988077917"]["total"] == 4.0 and rows["988077917"]["rank"] == 2
    assert "971526157" not in rows
    assert result["winner"] == bids[0].json()["id"]
    # Without a deadline (and before it) the award is refused (issue 9, point 5).
    refused = api("POST", f"/tenders/{tid}/award", {"bid": bids[0].json()["id"]})
    assert refused.status_code == 409 and refused.json()["code"] == "deadline_not_passed"
    _past_deadline(tid)
    awarded = api("POST", f"/tenders/{tid}/award", {"bid": bids[0].json()["id"]})
    assert awarded.status_code == 200 and awarded.json()["status"] == "awarded"


def test_bid_with_unknown_supplier_or_bad_score_is_422(api, programme):
    tid = api("POST", f"/programmes/{programme.pk}/tenders", {
        "title": "X", "description": "", "estimated_value": 1}).json()["id"]
    cid = api("POST", f"/tenders/{tid}/criteria",
              {"name": "K", "kind": "quality", "weight": 100}).json()["id"]
    unknown = api("POST", f"/tenders/{tid}/bids", {"supplier_org_number": "974760673",
                                                  "price": 10, "scores": {}})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"][-1] == "supplier_org_number"
    api("POST", "/suppliers", {"org_number": "974760673", "name": "Alfa AS"})
    bad = api("POST", f"/tenders/{tid}/bids", {"supplier_org_number": "974760673",
                                              "price": 10, "scores": {str(cid): 11}})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "scores"
    assert not Bid.objects.exists()


def test_adviser_can_suggest_a_consultancy(client, token_for, programme, adviser, reader,
                                           owner):
    headers = token_for(adviser)
    refused = client.post("/api/v1/suppliers", data=json.dumps({"org_number": "974760673",
                                                                "name": "Alfa AS"}),
                          content_type="application/json", **headers)
    assert refused.status_code == 403 and not Supplier.objects.exists()
    client.post("/api/v1/suppliers", data=json.dumps({"org_number": "974760673",
                                                      "name": "Alfa AS"}),
                content_type="application/json", **token_for(owner))
    ok = client.post(f"/api/v1/programmes/{programme.pk}/supplier-suggestions",
                     data=json.dumps({"supplier_org_number": "974760673", "note": "Erfaren"}),
                     content_type="application/json", **headers)
    assert ok.status_code == 201
    assert programme.supplier_suggestions.get().suggested_by == adviser
    observer = client.post(f"/api/v1/programmes/{programme.pk}/supplier-suggestions",
                           data=json.dumps({"supplier_org_number": "974760673"}),
                           content_type="application/json", **token_for(reader))
    assert observer.status_code == 403


# ---------------------------------------------------------------- corrections (issue 8)


@pytest.fixture
def open_tender(api, programme):
    tid = api("POST", f"/programmes/{programme.pk}/tenders", {
        "title": "Prosessleder", "description": "", "estimated_value": 400_000}).json()["id"]
    api("POST", "/suppliers", {"org_number": "974760673", "name": "Alfa AS",
                               "contact_email": "post@alfa.example"})
    api("POST", "/suppliers", {"org_number": "988077917", "name": "Beta AS"})
    price = api("POST", f"/tenders/{tid}/criteria", {"name": "Pris", "kind": "price",
                                                     "weight": 40}).json()
    quality = api("POST", f"/tenders/{tid}/criteria", {"name": "Kompetanse",
                                                       "kind": "quality",
                                                       "weight": 60}).json()
    requirement = api("POST", f"/tenders/{tid}/requirements", {"text": "Skateattest"}).json()
    bids = [api("POST", f"/tenders/{tid}/bids", {"supplier_org_number": org,
                                                "price": price_}).json()
            for org, price_ in (("974760673", 200_000), ("988077917", 250_000))]
    return {"id": tid, "price": price, "quality": quality, "requirement": requirement,
            "bids": bids}


def test_patch_bid_scores_a_bid_registered_without_scores(api, open_tender):
    tid, q = open_tender["id"], open_tender["quality"]["id"]
    assert api("GET", f"/tenders/{tid}/evaluation").status_code == 422
    a, b = open_tender["bids"]
    patched = api("PATCH", f"/bids/{a['id']}", {"version": a["version"],
                                                "scores": {str(q): 8},
                                                "justifications": {str(q): "God"}})
    assert patched.status_code == 200
    body = patched.json()
    assert body["version"] == 2 and body["scores"] == {str(q): 8.0}
    assert body["justifications"] == {str(q): "God"}
    api("PATCH", f"/bids/{b['id']}", {"version": 1, "scores": {str(q): 9}})
    result = api("GET", f"/tenders/{tid}/evaluation").json()
    assert result["winner"] == a["id"]
    entry = AuditEntry.objects.filter(action="procurement.bid.updated").last()
    assert entry.data["before"]["scores"] == {}
    # The bid offers no process leader: the register's general address is not used.
    _past_deadline(tid)
    awarded = api("POST", f"/tenders/{tid}/award", {"bid": a["id"]}).json()
    assert awarded["process_leader"] == {"outcome": "none", "email": None}
    assert not Membership.objects.filter(user__email="post@alfa.example").exists()
    assert mail.outbox == []


def test_award_adds_the_process_leader_the_bid_offers(api, open_tender, programme,
                                                      django_capture_on_commit_callbacks):
    tid, q = open_tender["id"], open_tender["quality"]["id"]
    a, b = open_tender["bids"]
    api("PATCH", f"/bids/{a['id']}", {"version": 1, "scores": {str(q): 8},
                                      "justifications": {str(q): "God"},
                                      "contact_email": "Kari@Alfa.example"})
    api("PATCH", f"/bids/{b['id']}", {"version": 1, "scores": {str(q): 7},
                                      "justifications": {str(q): "Grei"}})
    _past_deadline(tid)
    with django_capture_on_commit_callbacks(execute=True):
        awarded = api("POST", f"/tenders/{tid}/award", {"bid": a["id"]}).json()
    assert awarded["process_leader"] == {"outcome": "added", "email": "kari@alfa.example"}
    assert programme.memberships.get(user__email="kari@alfa.example").role == (
        "process_leader")
    assert not Membership.objects.filter(user__email="post@alfa.example").exists()
    assert [m.to for m in mail.outbox] == [["kari@alfa.example"]]


def test_patch_bid_stale_version_is_409_with_the_current_version(api, open_tender):
    a = open_tender["bids"][0]
    assert api("PATCH", f"/bids/{a['id']}", {"version": 1, "price": 190_000}
               ).status_code == 200
    stale = api("PATCH", f"/bids/{a['id']}", {"version": 1, "price": 1})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2 and stale.json()["code"] == "stale_version"
    assert Bid.objects.get(pk=a["id"]).price == 190_000


@pytest.mark.parametrize("body,field", [
    ({"price": "1e30"}, "price"),
    ({"price": 0}, "price"),
    ({"received_on": "9999-12-31"}, "received_on"),
    ({"contact_email": "ikke"}, "contact_email"),
    ({"documents": "a\u0000b"}, "documents"),
    ({"scores": {"999999": 5}}, "scores"),
    ({"rejected": True}, "rejection_reason"),
    ({}, "version"),
])
def test_patch_bid_bad_input_is_422_naming_the_field_and_changes_nothing(
        api, open_tender, body, field):
    a = open_tender["bids"][0]
    if field == "scores":
        body = {"scores": {str(open_tender["quality"]["id"]): 11}}
    payload = {"version": 1} | body if field != "version" else {"price": 5}
    response = api("PATCH", f"/bids/{a['id']}", payload)
    assert response.status_code == 422, response.content
    assert field in [d["loc"][-1] for d in response.json()["detail"]]
    bid = Bid.objects.get(pk=a["id"])
    assert (bid.price, bid.version, bid.rejected) == (200_000, 1, False)
    assert not AuditEntry.objects.filter(action="procurement.bid.updated").exists()


def test_after_the_award_bids_need_a_reopening(api, open_tender):
    tid, q = open_tender["id"], open_tender["quality"]["id"]
    a, b = open_tender["bids"]
    for bid, score in ((a, 8), (b, 9)):
        api("PATCH", f"/bids/{bid['id']}", {"version": 1, "scores": {str(q): score}})
    _past_deadline(tid)
    tender = api("POST", f"/tenders/{tid}/award", {"bid": a["id"]}).json()
    refused = api("PATCH", f"/bids/{b['id']}", {"version": 2, "price": 1})
    assert refused.status_code == 409 and refused.json()["code"] == "awarded"
    assert api("DELETE", f"/bids/{b['id']}").status_code == 409
    no_reason = api("POST", f"/tenders/{tid}/award/reopen", {"reason": ""})
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"][0]["loc"][-1] == "reason"
    stale = api("POST", f"/tenders/{tid}/award/reopen", {"reason": "Feil", "version": 1})
    assert stale.status_code == 409 and stale.json()["current_version"] == tender["version"]
    reopened = api("POST", f"/tenders/{tid}/award/reopen",
                   {"reason": "Feil pris for Beta", "version": tender["version"]})
    assert reopened.status_code == 200
    assert reopened.json()["status"] == "draft" and reopened.json()["winner"] is None
    assert AuditEntry.objects.get(action="procurement.tender.reopened").data["reason"] == (
        "Feil pris for Beta")
    assert api("PATCH", f"/bids/{b['id']}", {"version": 2, "price": 150_000}
               ).status_code == 200


def test_delete_bid(api, open_tender):
    a = open_tender["bids"][0]
    response = api("DELETE", f"/bids/{a['id']}", {"reason": "Trukket", "version": 1})
    assert response.status_code == 204
    assert not Bid.objects.filter(pk=a["id"]).exists()
    assert AuditEntry.objects.get(action="procurement.bid.removed").data["reason"] == "Trukket"
    assert api("DELETE", f"/bids/{a['id']}").status_code == 404


def test_patch_and_delete_requirement(api, open_tender):
    r = open_tender["requirement"]
    bad = api("PATCH", f"/requirements/{r['id']}", {"text": "x" * 301})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "text"
    ok = api("PATCH", f"/requirements/{r['id']}", {"text": "Skatteattest", "version": 1})
    assert ok.status_code == 200 and ok.json() == {
        "id": r["id"], "text": "Skatteattest", "documentation": "", "version": 2}
    stale = api("PATCH", f"/requirements/{r['id']}", {"text": "X", "version": 1})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert api("DELETE", f"/requirements/{r['id']}").status_code == 204
    assert not QualificationRequirement.objects.exists()


def test_patch_and_delete_criterion_until_they_lock(api, open_tender):
    from datetime import timedelta

    from django.utils import timezone

    p = open_tender["price"]
    over = api("PATCH", f"/criteria/{p['id']}", {"weight": 50})
    assert over.status_code == 422 and over.json()["detail"][0]["loc"][-1] == "weight"
    big = api("PATCH", f"/criteria/{p['id']}", {"weight": "1e30"})
    assert big.status_code == 422 and big.json()["detail"][0]["loc"][-1] == "weight"
    ok = api("PATCH", f"/criteria/{p['id']}", {"name": "Pris og vilkår",
                                               "price_model": "proportional",
                                               "version": 1})
    assert ok.status_code == 200
    assert ok.json()["price_model"] == "proportional" and ok.json()["version"] == 2
    Tender.objects.update(tender_deadline=timezone.localdate() - timedelta(days=1))
    locked = api("PATCH", f"/criteria/{p['id']}", {"weight": 30})
    assert locked.status_code == 409 and locked.json()["code"] == "criteria_locked"
    assert api("DELETE", f"/criteria/{p['id']}").status_code == 409
    Tender.objects.update(tender_deadline=None)
    assert api("DELETE", f"/criteria/{p['id']}").status_code == 204


def test_patch_and_delete_supplier(api, open_tender, client, token_for, reader, programme):
    alfa = Supplier.objects.get(org_number="974760673")
    reader_call = client.generic("PATCH", f"/api/v1/suppliers/{alfa.pk}",
                                 data=json.dumps({"name": "Hacket"}),
                                 content_type="application/json", **token_for(reader))
    assert reader_call.status_code == 403
    bad = api("PATCH", f"/suppliers/{alfa.pk}", {"org_number": "123456789"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "org_number"
    ok = api("PATCH", f"/suppliers/{alfa.pk}", {"name": "Alfa Råd AS", "version": 1})
    assert ok.status_code == 200 and ok.json()["version"] == 2
    with_bids = api("DELETE", f"/suppliers/{alfa.pk}")
    assert with_bids.status_code == 409 and with_bids.json()["code"] == "supplier_has_bids"
    lone = api("POST", "/suppliers", {"org_number": "971526157", "name": "Gamma AS"}).json()
    assert api("DELETE", f"/suppliers/{lone['id']}").status_code == 204
    assert Supplier.objects.get(pk=alfa.pk).name == "Alfa Råd AS"
    assert api("PATCH", "/suppliers/99999999999999999999", {"name": "X"}).status_code == 404


def test_patch_tender_corrects_and_is_versioned(api, programme, owner):
    created = api("POST", f"/programmes/{programme.pk}/tenders", {
        "title": "T", "description": "", "estimated_value": 400_000}).json()
    tid = created["id"]
    assert created["authority_name"] == "Meløy kommune"
    assert created["authority_org_number"] == ""
    assert created["deadline_time"] == "12:00:00"
    assert created["submission_address"] == owner.email
    tomorrow = timezone.localdate() + timedelta(days=1)
    patched = api("PATCH", f"/tenders/{tid}", {
        "version": 1, "title": "Prosessleder", "estimated_value": 1_500_000,
        "procedure": "restricted", "contract_start": "2027-01-01",
        "contract_end": "2027-12-31", "tender_deadline": tomorrow.isoformat(),
        "authority_name": "Meløy kommune", "authority_org_number": "974760673",
        "deadline_time": "09:30", "submission_address": "postmottak@meloy.kommune.no"})
    assert patched.status_code == 200, patched.content
    body = patched.json()
    assert (body["title"], body["estimated_value"], body["procedure"]) == (
        "Prosessleder", 1_500_000, "restricted")
    assert body["regime"] == "part_2" and body["version"] == 2
    assert body["authority_org_number"] == "974760673"
    assert body["contract_start"] == "2027-01-01"
    assert body["deadline_time"] == "09:30:00"
    assert body["submission_address"] == "postmottak@meloy.kommune.no"
    assert body["award_possible_from"] == (tomorrow + timedelta(days=1)).isoformat()
    stale = api("PATCH", f"/tenders/{tid}", {"version": 1, "title": "Gammel"})
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    bad = api("PATCH", f"/tenders/{tid}", {"version": 2, "authority_org_number": "123"})
    assert bad.status_code == 422
    assert "authority_org_number" in [d["loc"][-1] for d in bad.json()["detail"]]
    tender = Tender.objects.get(pk=tid)
    assert (tender.title, tender.version, tender.authority_org_number) == (
        "Prosessleder", 2, "974760673")
    entry = AuditEntry.objects.filter(action="procurement.tender.updated").get()
    assert "authority_org_number" in entry.data["fields"]


def test_documents_are_listed_with_download_urls(api, client, owner, outsider, token_for,
                                                 open_tender):
    tid = open_tender["id"]
    before = api("GET", f"/tenders/{tid}/documents").json()
    assert [(d["kind"], d["format"], d["audience"]) for d in before] == [
        ("tender_document", "docx", "suppliers"), ("procurement_record", "docx", "buyer"),
        ("procurement_record", "pdf", "buyer")]
    q = open_tender["quality"]["id"]
    a, b = open_tender["bids"]
    for bid, score in ((a, 8), (b, 9)):
        api("PATCH", f"/bids/{bid['id']}", {"version": 1, "scores": {str(q): score}})
    _past_deadline(tid)
    assert api("POST", f"/tenders/{tid}/award", {"bid": a["id"]}).status_code == 200
    listed = api("GET", f"/tenders/{tid}/documents").json()
    letters = [d for d in listed if d["kind"] == "award_letter"]
    assert {(d["bid"], d["format"]) for d in letters} == {
        (a["id"], "docx"), (a["id"], "pdf"), (b["id"], "docx"), (b["id"], "pdf")}
    client.force_login(owner)
    for doc in listed:
        assert doc["url"].startswith("http://testserver/")
        response = client.get(doc["url"].removeprefix("http://testserver"))
        assert response.status_code == 200, doc
        assert response.content[:4] in (b"PK\x03\x04", b"%PDF"), doc
    client.logout()
    client.force_login(outsider)
    assert client.get(listed[0]["url"].removeprefix("http://testserver")).status_code == 404
    assert client.get(f"/api/v1/tenders/{tid}/documents",
                      **token_for(outsider)).status_code == 404
