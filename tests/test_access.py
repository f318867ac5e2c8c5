"""Walk every programme URL and API endpoint for every standing user.

owner: reads and writes; reader (observer) and the adviser of the programme's county:
read, 403 on writes; outsider and the adviser of another county: 404 everywhere."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse

from tests.procurement.helpers import pass_deadline
from videreforing.advisers import services as advisers
from videreforing.advisers.urls import urlpatterns as adviser_urls
from videreforing.api.api import api
from videreforing.attachments import services as attachments
from videreforing.attachments.access import resolve_target
from videreforing.attachments.urls import urlpatterns as attachment_urls
from videreforing.businessplan import services as businessplan
from videreforing.businessplan.urls import urlpatterns as businessplan_urls
from videreforing.documents.models import GeneratedDocument
from videreforing.options import services as options
from videreforing.options.urls import urlpatterns as options_urls
from videreforing.planning.urls import urlpatterns as planning_urls
from videreforing.portfolio.urls import urlpatterns as portfolio_urls
from videreforing.procurement import services as procurement
from videreforing.procurement.urls import urlpatterns as procurement_urls
from videreforing.programmes import services
from videreforing.programmes.urls import urlpatterns as programme_urls

pytestmark = pytest.mark.django_db

# Page URL name -> (method, is_write). GET of a form page counts as a write.
PAGES = {
    "detail": ("GET", False),
    "edit": ("GET", True),
    "phase": ("GET", False),
    "phase-start": ("POST", True),
    "phase-plan": ("POST", True),
    "phase-start-edit": ("GET", True),
    "phase-start-undo": ("GET", True),
    "gate-record": ("POST", True),
    "gate-edit": ("GET", True),
    "gate-withdraw": ("GET", True),
    "task-create": ("GET", True),
    "task-edit": ("GET", True),
    "task-toggle": ("POST", True),
    "task-remove": ("GET", True),
    "people": ("GET", False),
    "member-edit": ("POST", True),
    "member-remove": ("GET", True),
    "stakeholders": ("GET", False),
    "stakeholder-edit": ("GET", True),
    "stakeholder-remove": ("GET", True),
    "history": ("GET", False),
    "planning:timeline": ("GET", False),
    "planning:programme-ics": ("GET", False),
    "procurement:list": ("GET", False),
    "procurement:suggest": ("POST", "adviser"),
    "procurement:tender": ("GET", False),
    "procurement:tender-edit": ("POST", True),
    "procurement:requirement-add": ("POST", True),
    "procurement:criterion-add": ("POST", True),
    "procurement:bid-add": ("POST", True),
    "procurement:award": ("POST", True),
    "procurement:remove-item": ("GET", True),
    "procurement:requirement-edit": ("GET", True),
    "procurement:criterion-edit": ("GET", True),
    "procurement:bid-edit": ("GET", True),
    "procurement:bid-remove": ("GET", True),
    "procurement:award-reopen": ("GET", True),
    "procurement:announce": ("POST", True),
    "procurement:notice": ("POST", True),
    "procurement:contract": ("POST", True),
    "procurement:contract-copy": ("POST", True),
    "procurement:tender-document": ("GET", False),
    "procurement:record-docx": ("GET", False),
    "procurement:record-pdf": ("GET", False),
    "procurement:award-letter": ("GET", False),
    "procurement:award-letter-pdf": ("GET", False),
    "options:list": ("GET", False),
    "options:analysis": ("GET", False),
    "options:alternative-add": ("POST", True),
    "options:criterion-add": ("POST", True),
    "options:criteria-suggested": ("POST", True),
    "options:weights": ("POST", True),
    "options:scores": ("POST", True),
    "options:input-add": ("POST", True),
    "options:texts": ("POST", True),
    "options:report-generate": ("POST", True),
    "options:remove-item": ("GET", True),
    "options:alternative-edit": ("GET", True),
    "options:criterion-edit": ("GET", True),
    "options:input-edit": ("GET", True),
    "options:document-docx": ("GET", False),
    "options:document-pdf": ("GET", False),
    "attachments:archive": ("GET", False),
    "attachments:upload": ("GET", True),
    "attachments:download": ("GET", False),
    "attachments:remove": ("GET", True),
    "businessplan:plan": ("GET", False),
    "businessplan:start": ("POST", True),
    "businessplan:activity-add": ("POST", True),
    "businessplan:activity-edit": ("GET", True),
    "businessplan:activity-remove": ("GET", True),
    "businessplan:import": ("GET", True),
    "businessplan:template-xlsx": ("GET", False),
    "businessplan:template-csv": ("GET", False),
    # Remarks are written by the advisers only (members read and answer them), and
    # corrected by their author (here the adviser); replies by editors and advisers.
    "advisers:remark-create": ("POST", "adviser_only"),
    "advisers:remark-edit": ("GET", "adviser_only"),
    "advisers:remark-reply": ("POST", "adviser"),
}
UNSCOPED_PAGES = {"list", "create"}
# Pages about the signed-in user only (no programme): every signed-in user reaches them.
USER_PAGES = {"planning:settings", "planning:feed-create", "planning:feed-revoke",
              "planning:feed", "procurement:suppliers", "options:catalogue",
              "procurement:supplier-edit", "procurement:supplier-remove"}
# The adviser's portfolio (no programme): advisers (of any county) and the national team
# reach it; everyone else gets 404 (test_portfolio_access).
PORTFOLIO_PAGES = {"portfolio:list", "portfolio:export-csv", "portfolio:export-xlsx"}


@pytest.fixture(autouse=True)
def attachment_storage(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "attachments"}}}


@pytest.fixture
def objects(programme, owner, adviser):
    task = programme.continuation.tasks.first()
    stakeholder = services.create_stakeholder(user=owner, programme=programme, name="Lag",
                                              kind="organisation")
    member = programme.memberships.get(user=owner)
    supplier = procurement.create_supplier(user=owner, org_number="974760673", name="Alfa")
    tender = procurement.create_tender(user=owner, programme=programme, title="Åpen",
                                       estimated_value=200_000)
    requirement = procurement.add_requirement(user=owner, tender=tender, text="Skatteattest")
    tender_criterion = procurement.add_criterion(user=owner, tender=tender, name="Kvalitet",
                                                 kind="quality", weight=50)
    awarded = procurement.create_tender(user=owner, programme=programme, title="Tildelt",
                                        estimated_value=200_000)
    procurement.add_criterion(user=owner, tender=awarded, name="Pris", kind="price",
                              weight=100)
    bid = procurement.register_bid(user=owner, tender=awarded, supplier=supplier,
                                   price=100_000)
    pass_deadline(awarded)  # the award is refused before the deadline (issue 9)
    procurement.award_tender(user=owner, tender=awarded, bid=bid)
    analysis = options.create_analysis(user=owner, programme=programme)
    alternative = options.add_alternative(user=owner, analysis=analysis, name="KF",
                                          organisational_form="kf")
    criterion = options.add_criterion(user=owner, analysis=analysis, name="Kontroll",
                                      weight=100)
    options_score = options.set_score(user=owner, analysis=analysis, alternative=alternative,
                                      criterion=criterion, score=7, reason="God")
    # Access is about who reaches the stored report, not its contents: skip rendering.
    document = GeneratedDocument.objects.create(
        programme=programme, kind="pre_study_report", source_id=analysis.pk, version=1,
        title="Forstudierapport", docx=b"PK", pdf=b"%PDF-1.7")
    attachment = attachments.upload_attachment(
        user=owner, target=resolve_target(programme),
        upload=SimpleUploadedFile("Protokoll.pdf", b"%PDF-1.4\n%%EOF\n"))
    business_plan = businessplan.create_plan(user=owner, programme=programme)
    activity = businessplan.add_activity(user=owner, plan=business_plan, name="Næringshage",
                                         decision="carry_on")
    return {"business_plan": business_plan, "activity": activity,
            "task": task, "stakeholder": stakeholder, "member": member, "tender": tender,
            "requirement": requirement, "awarded": awarded, "bid": bid,
            "analysis": analysis, "alternative": alternative, "document": document,
            "options_criterion": criterion, "options_score": options_score,
            "options_input": options.add_input(
                user=owner, analysis=analysis, stakeholder=stakeholder,
                held_on=date(2026, 1, 5), summary="Møte"),
            "tender_criterion": tender_criterion, "supplier": supplier,
            "attachment": attachment,
            "remark": advisers.create_remark(user=adviser, programme=programme,
                                             text="Husk forankring i kommunestyret.")}


def page_url(name, programme, objects):
    kwargs = {"pk": programme.pk}
    if name.startswith(("phase", "gate-")):
        kwargs["kind"] = "pre_study"
    if name.startswith("task-") and name != "task-create":
        kwargs["task_id"] = objects["task"].pk
    if name.startswith("member-"):
        kwargs["member_id"] = objects["member"].pk
    if name.startswith("stakeholder-"):
        kwargs["stakeholder_id"] = objects["stakeholder"].pk
    if name.startswith("procurement:") and name not in ("procurement:list",
                                                        "procurement:suggest"):
        kwargs["tender_id"] = objects["tender"].pk
    if name == "procurement:remove-item":
        kwargs.update(kind="krav", item_id=objects["requirement"].pk)
    if name == "procurement:requirement-edit":
        kwargs["item_id"] = objects["requirement"].pk
    if name == "procurement:criterion-edit":
        kwargs["item_id"] = objects["tender_criterion"].pk
    if name in ("procurement:bid-edit", "procurement:bid-remove", "procurement:award-reopen"):
        kwargs["tender_id"] = objects["awarded"].pk
    if name in ("procurement:bid-edit", "procurement:bid-remove"):
        kwargs["bid_id"] = objects["bid"].pk
    if name.startswith("options:") and name not in ("options:list",):
        if name.startswith("options:document-"):
            kwargs["document_id"] = objects["document"].pk
        else:
            kwargs["analysis_id"] = objects["analysis"].pk
    if name == "options:remove-item":
        kwargs.update(kind="alternativ", item_id=objects["alternative"].pk)
    if name == "options:alternative-edit":
        kwargs["alternative_id"] = objects["alternative"].pk
    if name == "options:criterion-edit":
        kwargs["criterion_id"] = objects["options_criterion"].pk
    if name == "options:input-edit":
        kwargs["input_id"] = objects["options_input"].pk
    if name in ("procurement:award-letter", "procurement:award-letter-pdf"):
        kwargs.update(tender_id=objects["awarded"].pk, bid_id=objects["bid"].pk)
    if name in ("attachments:download", "attachments:remove"):
        kwargs["attachment_id"] = objects["attachment"].pk
    if name in ("advisers:remark-edit", "advisers:remark-reply"):
        kwargs["remark_id"] = objects["remark"].pk
    if name in ("businessplan:activity-edit", "businessplan:activity-remove"):
        kwargs["activity_id"] = objects["activity"].pk
    return reverse(name if ":" in name else f"programmes:{name}", kwargs=kwargs)


def test_every_programme_page_is_in_the_table():
    names = ({p.name for p in programme_urls} | {f"planning:{p.name}" for p in planning_urls}
             | {f"procurement:{p.name}" for p in procurement_urls}
             | {f"options:{p.name}" for p in options_urls}
             | {f"attachments:{p.name}" for p in attachment_urls}
             | {f"businessplan:{p.name}" for p in businessplan_urls}
             | {f"portfolio:{p.name}" for p in portfolio_urls}
             | {f"advisers:{p.name}" for p in adviser_urls})
    assert names == set(PAGES) | UNSCOPED_PAGES | USER_PAGES | PORTFOLIO_PAGES


@pytest.mark.parametrize("who", ["owner", "reader", "adviser", "outsider", "other_adviser"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(client, request, programme, objects, who, name):
    user = request.getfixturevalue(who)
    client.force_login(user)
    method, is_write = PAGES[name]
    url = page_url(name, programme, objects)
    response = client.get(url) if method == "GET" else client.post(url, {})
    if who in ("outsider", "other_adviser"):
        assert response.status_code == 404
    elif is_write == "adviser_only" and who != "adviser":
        assert response.status_code == 403
    elif is_write == "adviser" and who == "reader":
        assert response.status_code == 403
    elif who in ("reader", "adviser") and is_write is True:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 302, 400, 409), response.status_code


def test_anonymous_is_sent_to_login(client, programme):
    response = client.get(reverse("programmes:detail", args=[programme.pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# API: (method, path template, is_write, body)
ENDPOINTS = [
    ("GET", "/programmes/{programme}", False, None),
    ("PATCH", "/programmes/{programme}", True, {"name": "Nytt"}),
    ("GET", "/programmes/{programme}/history", False, None),
    ("GET", "/programmes/{programme}/schedule", False, None),
    ("GET", "/programmes/{programme}/calendar.ics", False, None),
    ("POST", "/programmes/{programme}/phases/pre_study/start", True, {}),
    ("PATCH", "/programmes/{programme}/phases/pre_study/start", True,
     {"started_on": "2024-01-01", "reason": "Feil dato"}),
    ("POST", "/programmes/{programme}/phases/pre_study/start/undo", True, {"reason": "Feil"}),
    ("POST", "/programmes/{programme}/phases/pre_study/gate", True,
     {"deciding_body": "other", "decided_on": "2020-01-01", "outcome": "approved"}),
    ("PATCH", "/programmes/{programme}/phases/pre_study/gate", True,
     {"case_number": "2020/1", "reason": "Feil", "version": 1}),
    ("POST", "/programmes/{programme}/phases/pre_study/gate/withdraw", True, {"reason": "Feil"}),
    ("GET", "/programmes/{programme}/tasks", False, None),
    ("POST", "/programmes/{programme}/tasks", True, {"phase": "pre_study", "title": "Ny"}),
    ("GET", "/tasks/{task}", False, None),
    ("PATCH", "/tasks/{task}", True, {"version": 1, "done": True}),
    ("DELETE", "/tasks/{task}", True, None),
    ("GET", "/programmes/{programme}/members", False, None),
    ("POST", "/programmes/{programme}/members", True, {"email": "x@example.com",
                                                       "role": "observer"}),
    ("PATCH", "/programmes/{programme}/members/{member}", True, {"role": "project_owner"}),
    ("DELETE", "/programmes/{programme}/members/{member}", True, None),
    ("GET", "/programmes/{programme}/stakeholders", False, None),
    ("POST", "/programmes/{programme}/stakeholders", True, {"name": "A", "kind": "other"}),
    ("GET", "/programmes/{programme}/stakeholders/{stakeholder}", False, None),
    ("PATCH", "/programmes/{programme}/stakeholders/{stakeholder}", True, {"name": "B"}),
    ("DELETE", "/programmes/{programme}/stakeholders/{stakeholder}", True, None),
    ("GET", "/programmes/{programme}/tenders", False, None),
    ("POST", "/programmes/{programme}/tenders", True,
     {"title": "T", "description": "", "estimated_value": 1000}),
    ("GET", "/tenders/{tender}", False, None),
    ("PATCH", "/tenders/{tender}", True, {"title": "Rettet"}),
    ("GET", "/tenders/{tender}/documents", False, None),
    ("POST", "/tenders/{tender}/requirements", True, {"text": "Krav"}),
    ("GET", "/tenders/{tender}/criteria", False, None),
    ("POST", "/tenders/{tender}/criteria", True, {"name": "Pris", "kind": "price",
                                                  "weight": 100}),
    ("GET", "/tenders/{tender}/bids", False, None),
    ("POST", "/tenders/{tender}/bids", True, {"supplier_org_number": "974760673",
                                              "price": 1000}),
    ("GET", "/tenders/{tender}/evaluation", False, None),
    ("POST", "/tenders/{tender}/award", True, {"bid": 1}),
    ("POST", "/tenders/{awarded}/award/reopen", True, {"reason": "Feil vinner"}),
    ("POST", "/tenders/{tender}/announce", True, {"channels": ["invited"]}),
    ("POST", "/tenders/{awarded}/notice", True, {"advantages": "Best kompetanse"}),
    ("POST", "/tenders/{awarded}/contract", True, {"signed_on": "2026-01-01",
                                                   "value": 100000}),
    ("PATCH", "/bids/{bid}", True, {"version": 1, "price": 1000}),
    ("DELETE", "/bids/{bid}", True, None),
    ("PATCH", "/criteria/{criterion}", True, {"name": "Kompetanse"}),
    ("DELETE", "/criteria/{criterion}", True, None),
    ("PATCH", "/requirements/{requirement}", True, {"text": "Skatteattest"}),
    ("DELETE", "/requirements/{requirement}", True, None),
    ("POST", "/programmes/{programme}/supplier-suggestions", "adviser",
     {"supplier_org_number": "974760673"}),
    ("POST", "/programmes/{programme}/options-analysis", True, {}),
    ("GET", "/programmes/{programme}/options-analyses", False, None),
    ("GET", "/options-analyses/{analysis}", False, None),
    ("POST", "/options-analyses/{analysis}/alternatives", True,
     {"name": "AS", "organisational_form": "as"}),
    ("POST", "/options-analyses/{analysis}/criteria", True, {"name": "K", "weight": 0}),
    ("POST", "/options-analyses/{analysis}/scores", True,
     {"alternative": 1, "criterion": 1, "score": 5, "reason": "x"}),
    ("GET", "/options-analyses/{analysis}/result", False, None),
    ("POST", "/options-analyses/{analysis}/report", True, None),
    ("GET", "/alternatives/{alternative}", False, None),
    ("PATCH", "/alternatives/{alternative}", True, {"version": 1, "name": "KF 2"}),
    ("DELETE", "/alternatives/{alternative}", True, None),
    ("GET", "/options-criteria/{options_criterion}", False, None),
    ("PATCH", "/options-criteria/{options_criterion}", True, {"version": 1, "name": "K 2"}),
    ("DELETE", "/options-criteria/{options_criterion}", True, None),
    ("GET", "/options-scores/{options_score}", False, None),
    ("PATCH", "/options-scores/{options_score}", True, {"version": 1, "score": 6}),
    ("DELETE", "/options-scores/{options_score}", True, None),
    ("GET", "/programmes/{programme}/attachments", False, None),
    ("POST", "/programmes/{programme}/attachments", True, None),
    ("GET", "/programmes/{programme}/attachments/{attachment}", False, None),
    ("GET", "/programmes/{programme}/attachments/{attachment}/download", False, None),
    ("DELETE", "/programmes/{programme}/attachments/{attachment}", True, None),
    ("POST", "/programmes/{programme}/business-plan", True, None),
    ("GET", "/business-plans/{business_plan}", False, None),
    ("GET", "/business-plans/{business_plan}/activities", False, None),
    ("POST", "/business-plans/{business_plan}/activities", True,
     {"name": "Kurs", "decision": "end", "reason": "Fullført"}),
    ("GET", "/activities/{activity}", False, None),
    ("PATCH", "/activities/{activity}", True, {"version": 1, "owner": "Kommunen"}),
    ("DELETE", "/activities/{activity}", True, None),
    ("GET", "/programmes/{programme}/remarks", False, None),
    ("POST", "/programmes/{programme}/remarks", "adviser_only", {"text": "Merknad"}),
    ("PATCH", "/remarks/{remark}", "adviser_only", {"version": 1, "text": "Rettet"}),
    ("POST", "/remarks/{remark}/replies", "adviser", {"text": "Takk"}),
]
UNSCOPED_ENDPOINTS = {("GET", "/municipalities"), ("GET", "/programmes"),
                      ("POST", "/programmes"), ("GET", "/suppliers"), ("POST", "/suppliers"),
                      ("PATCH", "/suppliers/{supplier}"), ("DELETE", "/suppliers/{supplier}"),
                      ("GET", "/organisational-forms"), ("GET", "/portfolio")}


def _api_operations():
    """Every operation in the OpenAPI schema, with path parameters named as in ENDPOINTS."""
    ops = set()
    for path, methods in api.get_openapi_schema()["paths"].items():
        path = path.removeprefix("/api/v1")
        for name in ("programme", "task", "member", "stakeholder", "tender", "analysis",
                     "attachment", "alternative", "options_criterion", "options_score",
                     "bid", "criterion", "requirement", "supplier", "remark",
                     "business_plan", "activity"):
            path = path.replace("{%s_id}" % name, "{%s}" % name)
        if path.endswith(("/award/reopen", "/notice", "/contract")):
            path = path.replace("{tender}", "{awarded}")
        path = path.replace("{kind}", "pre_study")
        ops |= {(method.upper(), path) for method in methods}
    return ops


def test_every_api_endpoint_is_in_the_table():
    listed = {(m, p) for m, p, _w, _b in ENDPOINTS} | UNSCOPED_ENDPOINTS
    assert _api_operations() == listed


@pytest.mark.parametrize("who", ["owner", "reader", "adviser", "outsider", "other_adviser"])
@pytest.mark.parametrize("method,path,is_write,body", ENDPOINTS)
def test_api_access(client, request, token_for, programme, objects, who, method, path,
                    is_write, body):
    user = request.getfixturevalue(who)
    url = "/api/v1" + path.format(programme=programme.pk, task=objects["task"].pk,
                                  member=objects["member"].pk,
                                  stakeholder=objects["stakeholder"].pk,
                                  tender=objects["tender"].pk,
                                  analysis=objects["analysis"].pk,
                                  attachment=objects["attachment"].pk,
                                  alternative=objects["alternative"].pk,
                                  options_criterion=objects["options_criterion"].pk,
                                  options_score=objects["options_score"].pk,
                                  awarded=objects["awarded"].pk, bid=objects["bid"].pk,
                                  criterion=objects["tender_criterion"].pk,
                                  requirement=objects["requirement"].pk,
                                  remark=objects["remark"].pk,
                                  business_plan=objects["business_plan"].pk,
                                  activity=objects["activity"].pk)
    kwargs = token_for(user)
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    response = client.generic(method, url, **kwargs)
    if who in ("outsider", "other_adviser"):
        assert response.status_code == 404
    elif is_write == "adviser_only" and who != "adviser":
        assert response.status_code == 403
    elif is_write == "adviser" and who == "reader":
        assert response.status_code == 403
    elif who in ("reader", "adviser") and is_write is True:
        assert response.status_code == 403
    else:
        assert response.status_code < 500 and response.status_code not in (401, 403, 404), (
            response.status_code, response.content)


def test_api_without_token_is_401(client, programme):
    assert client.get(f"/api/v1/programmes/{programme.pk}").status_code == 401
    assert client.get("/api/v1/programmes", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_outsider_lists_no_programmes(client, token_for, programme, outsider, other_adviser):
    for user in (outsider, other_adviser):
        response = client.get("/api/v1/programmes", **token_for(user))
        assert response.json() == []


def test_resolver_has_no_other_programme_routes():
    # Guard against a new page mounted outside the programmes app without access rules.
    patterns = [str(p.pattern) for p in get_resolver().url_patterns]
    assert patterns == ["", "konto/", "program/", "", "", "", "", "", "", "", "api/v1/",
                        "i18n/", "admin/"]


@pytest.mark.parametrize("who", ["owner", "reader", "adviser", "outsider", "other_adviser"])
@pytest.mark.parametrize("name", sorted(PORTFOLIO_PAGES))
def test_portfolio_access(client, request, token_for, programme, who, name):
    """Advisers (the other county's too: their own, empty, portfolio) reach the portfolio
    and its exports; members and outsiders get 404 on the pages and 403 in the API."""
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(reverse(name))
    api_response = client.get("/api/v1/portfolio", **token_for(user))
    if who in ("adviser", "other_adviser"):
        assert response.status_code == 200
        assert api_response.status_code == 200
        shown = [r["name"] for r in api_response.json()["results"]]
        assert shown == (["Omstilling Meløy"] if who == "adviser" else [])
    else:
        assert response.status_code == 404
        assert api_response.status_code == 403


# The shared supplier register (no programme): every signed-in user reads it; its
# writes are for the registrant (here the owner) and administrators, 403 for the rest.
SUPPLIER_WRITES = [
    ("page", "procurement:supplier-edit", "GET"),
    ("page", "procurement:supplier-remove", "GET"),
    ("page", "procurement:suppliers", "POST"),
    ("api", "/suppliers/{supplier}", "PATCH"),
    ("api", "/suppliers/{supplier}", "DELETE"),
    ("api", "/suppliers", "POST"),
]


@pytest.mark.parametrize("who", ["owner", "reader", "adviser", "outsider", "other_adviser"])
@pytest.mark.parametrize("kind,target,method", SUPPLIER_WRITES)
def test_supplier_register_access(client, request, token_for, programme, objects, who,
                                  kind, target, method):
    user = request.getfixturevalue(who)
    supplier = objects["supplier"]
    if kind == "page":
        client.force_login(user)
        url = reverse(target, args=[] if target.endswith("suppliers") else [supplier.pk])
        response = client.generic(method, url)
    else:
        response = client.generic(
            method, "/api/v1" + target.format(supplier=supplier.pk),
            data=json.dumps({"name": "Alfa"} if method == "PATCH" else
                            {"org_number": "988077917", "name": "Beta"}),
            content_type="application/json", **token_for(user))
    if who == "owner":
        assert response.status_code in (200, 201, 302, 400, 409), response.status_code
    else:
        assert response.status_code == 403, response.status_code
