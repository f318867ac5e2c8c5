import json

import pytest

from videreforing.procurement.models import Bid, Supplier, Tender

pytestmark = pytest.mark.django_db




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


def test_supplier_org_number_is_checked(api):
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


def test_adviser_can_suggest_a_consultancy(client, token_for, programme, adviser, reader):
    headers = token_for(adviser)
    client.post("/api/v1/suppliers", data=json.dumps({"org_number": "974760673",
                                                      "name": "Alfa AS"}),
                content_type="application/json", **headers)
    ok = client.post(f"/api/v1/programmes/{programme.pk}/supplier-suggestions",
                     data=json.dumps({"supplier_org_number": "974760673", "note": "Erfaren"}),
                     content_type="application/json", **headers)
    assert ok.status_code == 201
    assert programme.supplier_suggestions.get().suggested_by == adviser
    observer = client.post(f"/api/v1/programmes/{programme.pk}/supplier-suggestions",
                           data=json.dumps({"supplier_org_number": "974760673"}),
                           content_type="application/json", **token_for(reader))
    assert observer.status_code == 403
