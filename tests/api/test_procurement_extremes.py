"""Extreme and malformed values in every procurement endpoint that writes: an answer
in the 4xx range with the field, never a 500, and nothing half-saved."""

import pytest

from videreforing.audit.models import AuditEntry
from videreforing.procurement.models import (
    AwardCriterion,
    Bid,
    BidScore,
    QualificationRequirement,
    Supplier,
    Tender,
)

pytestmark = pytest.mark.django_db

WEIRD = ["", None, "\x00", "a\x07b", "a" * 20_000, 1e308, -1, 10**30, "1e999", "NaN",
         "Infinity", "9999-12-31", "0001-01-01", True, [], {}, "💥", {"1": "x"},
         {"99999999999999999999": 1}, {"abc": None}]


@pytest.fixture
def ids(api, programme):
    tid = api("POST", f"/programmes/{programme.pk}/tenders", {
        "title": "T", "description": "", "estimated_value": 400_000}).json()["id"]
    api("POST", "/suppliers", {"org_number": "974760673", "name": "Alfa AS"})
    q = api("POST", f"/tenders/{tid}/criteria", {"name": "K", "kind": "quality",
                                                 "weight": 100}).json()["id"]
    r = api("POST", f"/tenders/{tid}/requirements", {"text": "Krav"}).json()["id"]
    b = api("POST", f"/tenders/{tid}/bids", {"supplier_org_number": "974760673",
                                            "price": 1000}).json()["id"]
    s = Supplier.objects.get().pk
    return {"tender": tid, "criterion": q, "requirement": r, "bid": b, "supplier": s,
            "programme": programme.pk}


CALLS = [
    ("POST", "/programmes/{programme}/tenders",
     {"title": "T", "description": "", "estimated_value": 1000},
     ["title", "description", "estimated_value", "procedure", "contract_start",
      "contract_end", "tender_deadline"]),
    ("POST", "/tenders/{tender}/requirements", {"text": "K"}, ["text", "documentation"]),
    ("POST", "/tenders/{tender}/criteria", {"name": "M", "kind": "method", "weight": 1},
     ["name", "kind", "weight", "price_model", "scoring", "climate_exception"]),
    ("POST", "/suppliers", {"org_number": "988077917", "name": "Beta"},
     ["org_number", "name", "contact_name", "contact_email", "contact_phone",
      "experience"]),
    ("PATCH", "/bids/{bid}", {"version": 1},
     ["version", "price", "scores", "justifications", "qualified", "rejected",
      "rejection_reason", "contact_name", "contact_email", "documents", "received_on"]),
    ("PATCH", "/criteria/{criterion}", {}, ["version", "name", "kind", "weight",
                                            "price_model", "scoring"]),
    ("PATCH", "/requirements/{requirement}", {}, ["version", "text", "documentation"]),
    ("PATCH", "/suppliers/{supplier}", {}, ["version", "org_number", "name",
                                            "contact_email", "experience"]),
    ("POST", "/tenders/{tender}/award", {"bid": 1}, ["bid", "reason"]),
    ("POST", "/tenders/{tender}/award/reopen", {"reason": "x"}, ["reason", "version"]),
    ("DELETE", "/bids/{bid}", {}, ["version", "reason"]),
]


def _state():
    return (list(Tender.objects.values_list("pk", "version")),
            list(Bid.objects.values_list("pk", "version", "price")),
            BidScore.objects.count(), AwardCriterion.objects.count(),
            QualificationRequirement.objects.count(), Supplier.objects.count())


@pytest.mark.parametrize("method,path,base,fields", CALLS)
def test_extreme_values_never_give_a_500(api, ids, method, path, base, fields):
    url = path.format(**ids)
    for field in fields:
        for value in WEIRD:
            before = _state()
            entries = AuditEntry.objects.count()
            response = api(method, url, base | {field: value})
            assert response.status_code < 500, (field, value, response.content[:300])
            if response.status_code >= 400:
                assert _state() == before, (field, value)
                assert AuditEntry.objects.count() == entries, (field, value)
