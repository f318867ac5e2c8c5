"""Extreme and malformed values sent to every form and every API endpoint that writes.

Property (issue: nothing lost, nothing stuck): whatever a user or a client sends, the
answer is never a 5xx, and a refused request stores nothing — no row changed, no audit
entry written. The API endpoints come from the OpenAPI document and the forms from the
pages themselves (a crawl of every page of a programme), so a new endpoint or form is
covered without listing it here."""

import json
import os
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from videreforing.api.api import api
from videreforing.businessplan import services as businessplan
from videreforing.options import services as options
from videreforing.procurement import services as procurement
from videreforing.programmes import services

pytestmark = pytest.mark.django_db

EXAMPLES_API = int(os.environ.get("PROPERTY_EXAMPLES_API", "12"))
EXAMPLES_FORM = int(os.environ.get("PROPERTY_EXAMPLES_FORM", "6"))
HYPOTHESIS = settings(max_examples=EXAMPLES_API, deadline=None, derandomize=True,
                      database=None, suppress_health_check=list(HealthCheck))

# Values people and programs send by mistake or on purpose.
EXTREME_STRINGS = [
    "99999999999999999999999", "1e30", "-1e30", "1e-30", "-1", "0", "abc", "", " ",
    "NaN", "Infinity", "-Infinity", "9999-12-31", "0001-01-01", "1989-12-31", "2101-01-01",
    "2020-02-30", "31.12.2024", "\x00", "a\x00b", "tab\tand\x07bell", "x" * 10_001,
    "Ø" * 301, "💥" * 200, "<script>alert(1)</script>", "'; DROP TABLE x; --",
    "10000000001", "100.5", "10,5", "2147483648", "-2147483649",
]
EXTREME_NUMBERS = [0, -1, 1, 11, 101, 2**31, 2**63, 10**30, -(10**30), 1e30, -1e30, 1e-30,
                   0.5, 10_000_000_001, 3651]
EXTREME_OTHER = [None, True, False, [], {}, [1, "x"], {"1": 99}]

extreme = st.sampled_from(EXTREME_STRINGS + EXTREME_NUMBERS + EXTREME_OTHER)

# Models whose rows must stay as they were when a request is refused.
SNAPSHOT_APPS = ("programmes", "procurement", "options", "audit", "documents",
                 "attachments", "businessplan")


def snapshot() -> dict:
    state = {}
    for label in SNAPSHOT_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state


# ---------------------------------------------------------------- the world


@pytest.fixture
def world(programme, owner):
    task = programme.continuation.tasks.first()
    stakeholder = services.create_stakeholder(user=owner, programme=programme, name="Lag",
                                              kind="organisation")
    member = programme.memberships.get(user=owner)
    supplier = procurement.create_supplier(user=owner, org_number="974760673", name="Alfa")
    tender = procurement.create_tender(user=owner, programme=programme, title="Åpen",
                                       estimated_value=200_000)
    requirement = procurement.add_requirement(user=owner, tender=tender, text="Skatteattest")
    price = procurement.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                                      weight=60)
    procurement.add_criterion(user=owner, tender=tender, name="Kvalitet", kind="quality",
                              weight=40)
    bid = procurement.register_bid(user=owner, tender=tender, supplier=supplier,
                                   price=100_000)
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2025, 1, 6))
    gate = services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2025, 3, 3), outcome="approved", case_number="25/12")
    analysis = options.create_analysis(user=owner, programme=programme)
    alternative = options.add_alternative(user=owner, analysis=analysis, name="KF",
                                          organisational_form="kf")
    criterion = options.add_criterion(user=owner, analysis=analysis, name="Kontroll",
                                      weight=100)
    score = options.set_score(user=owner, analysis=analysis, alternative=alternative,
                              criterion=criterion, score=7, reason="God")
    business_plan = businessplan.create_plan(user=owner, programme=programme)
    activity = businessplan.add_activity(user=owner, plan=business_plan, name="Næringshage",
                                         decision="carry_on")
    objects = {
        "business_plan": business_plan, "activity": activity,
        "programme": programme, "gate": gate, "task": task, "stakeholder": stakeholder,
        "member": member,
        "supplier": supplier, "tender": tender, "requirement": requirement, "bid": bid,
        "criterion": price, "analysis": analysis, "alternative": alternative,
        "options_criterion": criterion, "options_score": score,
        # An adviser's remark (stored directly: the owner here is no adviser).
        "remark": apps.get_model("advisers", "Remark").objects.create(
            programme=programme, author=owner, text="Merknad"),
    }
    attachment_model = _attachment_model()
    if attachment_model is not None:
        objects["attachment"] = None  # made on demand by the upload endpoint
    return objects


def _attachment_model():
    try:
        return apps.get_model("attachments", "Attachment")
    except LookupError:
        return None


# ---------------------------------------------------------------- API

# The collection a path segment names -> the object of the `world` it refers to.
SEGMENT_OBJECT = {
    "programmes": "programme", "tasks": "task", "members": "member",
    "stakeholders": "stakeholder", "tenders": "tender", "bids": "bid",
    "criteria": "criterion", "requirements": "requirement", "suppliers": "supplier",
    "options-analyses": "analysis", "alternatives": "alternative",
    "options-criteria": "options_criterion", "options-scores": "options_score",
    "attachments": "attachment", "remarks": "remark",
    "business-plans": "business_plan", "activities": "activity",
}


def _writing_operations() -> list[tuple[str, str, dict]]:
    schema = api.get_openapi_schema()
    ops = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method in ("post", "patch", "put"):
                ops.append((method.upper(), path, operation))
    return sorted(ops, key=lambda op: (op[1], op[0]))


def _resolve(ref: dict, components: dict) -> dict:
    while "$ref" in ref:
        ref = components[ref["$ref"].rsplit("/", 1)[-1]]
    return ref


def _body_properties(operation: dict) -> tuple[dict, str]:
    components = api.get_openapi_schema()["components"]["schemas"]
    content = operation.get("requestBody", {}).get("content", {})
    for media in ("application/json", "multipart/form-data"):
        if media in content:
            schema = _resolve(content[media]["schema"], components)
            props = {}
            for name, prop in schema.get("properties", {}).items():
                props[name] = _resolve(prop, components) if "$ref" in prop else prop
            return props, media
    return {}, ""


def _typed(prop: dict):
    """Plausible values of the property's own type, besides the extreme ones."""
    if "enum" in prop:
        return st.sampled_from(prop["enum"])
    kinds = {p.get("type") for p in prop.get("anyOf", [prop])}
    formats = {p.get("format") for p in prop.get("anyOf", [prop])}
    if "date" in formats:
        return st.dates().map(lambda d: d.isoformat())
    if "integer" in kinds:
        return st.integers(min_value=-(10**12), max_value=10**12)
    if "number" in kinds:
        return st.decimals(allow_nan=False, allow_infinity=False, places=2,
                           min_value=-(10**12), max_value=10**12).map(str)
    if "boolean" in kinds:
        return st.booleans()
    if "object" in kinds:
        return st.dictionaries(st.sampled_from(["1", "2", "999999"]), extreme, max_size=2)
    return st.text(max_size=40)


def _body_strategy(props: dict):
    if not props:
        return st.just({})
    return st.fixed_dictionaries(
        {}, optional={name: st.one_of(extreme, _typed(prop)) for name, prop in props.items()})


def _url(path: str, world: dict) -> str:
    parts = path.split("/")
    for i, part in enumerate(parts):
        match = re.fullmatch(r"\{(\w+)\}", part)
        if not match:
            continue
        name = match.group(1)
        if name == "kind":
            parts[i] = "pre_study"
            continue
        key = name.removesuffix("_id")
        if key not in world:
            key = SEGMENT_OBJECT.get(parts[i - 1], "")
        if key not in world:
            pytest.fail(f"No object for path parameter {name!r} in {path}: add it to "
                        "SEGMENT_OBJECT and the world fixture.")
        obj = world[key]
        if obj is None:
            pytest.skip(f"{path} needs a stored {key}")
        parts[i] = str(obj.pk)
    return "/".join(parts)


@pytest.mark.parametrize("method,path,operation", _writing_operations(),
                         ids=[f"{m} {p}" for m, p, _o in _writing_operations()])
def test_api_write_never_fails_and_refusal_stores_nothing(
        client, owner, token_for, world, method, path, operation):
    url = _url(path, world)
    headers = token_for(owner)
    props, media = _body_properties(operation)

    @HYPOTHESIS
    @given(body=_body_strategy(props))
    def run(body):
        before = snapshot()
        if media == "multipart/form-data":
            data = {k: ("" if v is None else (json.dumps(v) if isinstance(v, list | dict)
                                             else str(v)).replace("\x00", ""))
                    for k, v in body.items() if k != "file"}
            data["file"] = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n" + b"x" * 20)
            response = client.generic(method, url, data=_multipart(data), **headers,
                                      content_type="multipart/form-data; boundary=BoUnDaRy")
        else:
            response = client.generic(method, url, data=json.dumps(body),
                                      content_type="application/json", **headers)
        assert response.status_code < 500, (method, path, body, response.content[:500])
        if response.status_code >= 400:
            assert snapshot() == before, (method, path, body, response.status_code)
            assert response["Content-Type"].startswith("application/json")
            detail = response.json()["detail"]
            if response.status_code == 422:
                assert detail and all(item.get("loc") and item.get("msg") for item in detail)

    run()


def _multipart(data: dict) -> bytes:
    from django.test.client import encode_multipart

    return encode_multipart("BoUnDaRy", data)


# ---------------------------------------------------------------- forms


class _Forms(HTMLParser):
    """Every <form method=post> on a page with its fields, and every link."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or
                                                                      "get").lower(),
                          "fields": [], "enctype": a.get("enctype", "")}
        elif self._form is not None and tag in ("input", "textarea", "select") and a.get(
                "name"):
            field = {"tag": tag, "name": a["name"], "type": (a.get("type") or "text").lower(),
                     "value": a.get("value", ""), "options": []}
            self._form["fields"].append(field)
            if tag == "select":
                self._select = a["name"]
        elif tag == "option" and self._form is not None and self._select:
            for field in self._form["fields"]:
                if field["name"] == self._select:
                    field["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


SKIP_ACTIONS = ("/i18n/", "/konto/logg-ut", "/logout")
FILE_SUFFIXES = (".ics", ".docx", ".pdf", ".xlsx", ".csv")


def _crawl(client, programme) -> list[tuple[str, dict]]:
    """Every POST form reachable from the programme's pages, with the page it is on."""
    scope = f"/program/{programme.pk}/"
    queue = [scope, "/program/ny/", "/leverandorer/", "/konto/innstillinger/"]
    seen: set[str] = set()
    found: dict[tuple, tuple[str, dict]] = {}
    while queue and len(seen) < 200:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            path = urlparse(action).path
            if form["method"] != "post" or path.startswith(SKIP_ACTIONS):
                continue
            names = tuple(sorted(f["name"] for f in form["fields"]))
            # One form of each shape per action route (rows repeat the same form).
            route = re.sub(r"/\d+/", "/N/", path)
            found.setdefault((route, names), (path, form))
        for href in parser.links:
            target = urlparse(urljoin(url, href)).path
            if (target.startswith(scope) and not target.endswith(FILE_SUFFIXES)
                    and target not in seen):
                queue.append(target)
    return list(found.values())


def _field_strategy(field: dict):
    if field["type"] in ("hidden", "submit"):
        return st.just(field["value"])
    if field["type"] in ("checkbox", "radio"):
        return st.sampled_from([None, field["value"] or "on"])
    if field["tag"] == "select" and field["options"]:
        return st.one_of(st.sampled_from(field["options"]), extreme)
    if field["type"] == "file":
        return st.sampled_from([
            SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 64),
            SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        ])
    return st.one_of(extreme, st.text(max_size=30))


def _encode(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, SimpleUploadedFile):
        value.seek(0)
        return value
    if isinstance(value, list | dict):
        value = json.dumps(value)
    return str(value)


def _fuzz_form(client, path: str, fields: list[dict]) -> None:
    strategy = st.fixed_dictionaries({f["name"]: _field_strategy(f) for f in fields})

    @settings(max_examples=EXAMPLES_FORM, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(values=strategy)
    def run(values):
        data = {k: _encode(v) for k, v in values.items() if _encode(v) is not None}
        before = snapshot()
        response = client.post(path, data)
        assert response.status_code < 500, (path, values)
        if response.status_code not in (301, 302, 303):
            assert snapshot() == before, (path, values, response.status_code)

    run()


def test_every_form_survives_extreme_values_and_refusal_stores_nothing(
        client, owner, world):
    client.force_login(owner)
    forms = _crawl(client, world["programme"])
    assert len(forms) >= 15, [p for p, _f in forms]  # the crawl reached the forms
    failures = []
    for path, form in forms:
        try:
            _fuzz_form(client, path, form["fields"])
        except AssertionError as exc:
            failures.append(f"{path}: {exc}")
    assert not failures, "\n".join(failures)
