"""The OpenAPI document tells the truth (issue 11, point 3).

- Schema names are unique: django-ninja files every schema under its class name in
  `components.schemas`, so two classes with the same name silently overwrite each other
  and one of the endpoints then documents the other's shape.
- Every GET endpoint of the document, called for the demo data with real ids, answers
  with a body that fits its documented response schema (checked with jsonschema, the
  `#/components/schemas/...` references resolved against the document itself)."""

import re
import typing
from collections import defaultdict

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator
from ninja import Schema
from pydantic import BaseModel

from videreforing.accounts.models import User
from videreforing.advisers import services as advisers
from videreforing.api.api import api
from videreforing.attachments.models import Attachment
from videreforing.businessplan import services as businessplan
from videreforing.businessplan.models import Activity, BusinessPlan
from videreforing.options.models import Alternative, Criterion, OptionsAnalysis, Score
from videreforing.procurement.models import Tender
from videreforing.programmes import services as programmes
from videreforing.programmes.models import Programme, Stakeholder, Task

NATIONAL = "nasjonal@videreforing.example"  # the national team: every programme
MANAGER = "omstillingsleder@videreforing.example"  # programme manager of every demo programme
ADVISER = "radgiver@videreforing.example"

# GET endpoints whose answer is a file, not JSON: there is no JSON schema to check the
# body against, so the test checks the content type instead (the path parameters -> the
# content type expected).
FILES = {
    "/programmes/{programme_id}/calendar.ics": lambda params: "text/calendar",
    "/programmes/{programme_id}/attachments/{attachment_id}/download":
        lambda params: Attachment.objects.get(pk=params["attachment_id"]).content_type,
}

# Answers that are refusals by design, not documented as a response of the operation:
# the portfolio is for advisers and the national team (a programme's own people get 403).
REFUSED = {(MANAGER, "/portfolio"): 403}


# ---------------------------------------------------------------- unique schema names


def _models_in(annotation) -> typing.Iterator[type[BaseModel]]:
    """Every pydantic model in a type annotation (X, list[X], X | None, dict[int, X]…)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def _operation_schemas() -> set[type[BaseModel]]:
    """Every schema class the operations of every router use, in request parameters and
    bodies and in responses, with the schemas nested in them."""
    todo: list[type[BaseModel]] = []
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                # django-ninja's own wrappers (PathParams, BodyParams, NinjaResponseSchema…)
                # are not in the document; their fields hold the project's schemas.
                wrappers = [*operation.models,
                            *(m for m in operation.response_models.values() if m)]
                for wrapper in wrappers:
                    for field in wrapper.model_fields.values():
                        todo.extend(_models_in(field.annotation))
    seen: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for field in model.model_fields.values():
            todo.extend(_models_in(field.annotation))
    return seen


def _project_schemas() -> set[type[Schema]]:
    """Every ninja Schema subclass defined in the project (also those only documented
    through `openapi_extra`, such as optional bodies)."""
    found: set[type[Schema]] = set()
    todo = list(Schema.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("videreforing."):
            found.add(cls)
    return found


def _clashes(classes) -> dict[str, list[str]]:
    by_name: dict[str, set] = defaultdict(set)
    for cls in classes:
        by_name[cls.__name__].add(cls)
    return {name: sorted(f"{c.__module__}.{c.__qualname__}" for c in group)
            for name, group in by_name.items() if len(group) > 1}


def test_schema_names_are_unique_across_the_document():
    used = _operation_schemas()
    assert {"ProgrammeOut", "TaskOut", "TenderOut", "AttachmentOut"} <= {
        c.__name__ for c in used}
    assert _clashes(used) == {}
    assert _clashes(used | _project_schemas()) == {}
    # Every schema an operation uses is in the document under its own name.
    components = api.get_openapi_schema()["components"]["schemas"]
    assert {c.__name__ for c in used} <= set(components)


# ---------------------------------------------------------------- responses of the demo data


@pytest.fixture
def demo(db):
    call_command("load_demo")
    manager = User.objects.get(email=MANAGER)
    meloy = Programme.objects.get(is_demo=True, name__endswith="Meløy")
    # What the demo data does not have, so that these endpoints answer with content too.
    programmes.create_stakeholder(user=manager, programme=meloy, name="Meløy Næringsforum",
                                  kind="organisation", contact_email="post@forum.example")
    remark = advisers.create_remark(user=User.objects.get(email=ADVISER), programme=meloy,
                                    text="Husk styrevedtaket før forprosjektet.")
    advisers.reply_to_remark(user=manager, remark=remark, text="Takk, det er på plass.")
    if not BusinessPlan.objects.filter(programme=meloy).exists():
        plan = businessplan.create_plan(user=manager, programme=meloy)
        businessplan.add_activity(user=manager, plan=plan, name="Næringshage",
                                  decision="hand_over", handed_to="Regionrådet",
                                  yearly_cost=450_000)


def _parameters() -> dict[str, list[dict[str, int]]]:
    """The stored objects of the demo data, as path parameters (the most specific
    parameter of a path -> every set of values for the path's parameters)."""
    demo = Programme.objects.filter(is_demo=True).order_by("pk")
    return {
        "programme_id": [{"programme_id": p.pk} for p in demo],
        "task_id": [{"task_id": pk} for pk in Task.objects.filter(
            continuation__programme__in=demo, removed_at__isnull=True)
            .order_by("pk").values_list("pk", flat=True)],
        "stakeholder_id": [
            {"programme_id": s.programme_id, "stakeholder_id": s.pk}
            for s in Stakeholder.objects.filter(programme__in=demo, removed_at__isnull=True)],
        "attachment_id": [
            {"programme_id": a.programme_id, "attachment_id": a.pk}
            for a in Attachment.objects.filter(programme__in=demo, removed_at__isnull=True)],
        "tender_id": [{"tender_id": pk} for pk in Tender.objects.filter(
            programme__in=demo).order_by("pk").values_list("pk", flat=True)],
        "analysis_id": [{"analysis_id": pk} for pk in OptionsAnalysis.objects.filter(
            programme__in=demo).values_list("pk", flat=True)],
        "alternative_id": [{"alternative_id": pk} for pk in Alternative.objects.filter(
            analysis__programme__in=demo).values_list("pk", flat=True)],
        "options_criterion_id": [{"options_criterion_id": pk} for pk in Criterion.objects
                                 .filter(analysis__programme__in=demo)
                                 .values_list("pk", flat=True)],
        "options_score_id": [{"options_score_id": pk} for pk in Score.objects.filter(
            alternative__analysis__programme__in=demo).values_list("pk", flat=True)],
        "business_plan_id": [{"business_plan_id": pk} for pk in BusinessPlan.objects.filter(
            programme__in=demo).values_list("pk", flat=True)],
        "activity_id": [{"activity_id": pk} for pk in Activity.objects.filter(
            plan__programme__in=demo).values_list("pk", flat=True)],
    }


def _calls(document: dict) -> list[tuple[str, dict, dict[str, int]]]:
    """(path, operation, path parameters) for every GET of the document and every stored
    object its path parameters can name."""
    parameters = _parameters()
    calls = []
    for full_path, methods in document["paths"].items():
        if "get" not in methods:
            continue
        path = full_path.removeprefix("/api/v1")
        names = re.findall(r"\{(\w+)\}", path)
        if not names:
            calls.append((path, methods["get"], {}))
            continue
        rows = parameters[names[-1]]
        assert rows, f"no demo object for {names[-1]} in {path}"
        for row in rows:
            assert set(row) == set(names), (path, row)
            calls.append((path, methods["get"], row))
    return calls


def _documented(operation: dict, status: int) -> dict | None:
    responses = {str(code): value for code, value in operation["responses"].items()}
    return responses.get(str(status))


@pytest.mark.parametrize("email", [NATIONAL, MANAGER])
def test_every_get_response_fits_its_documented_schema(client, token_for, demo, email):
    document = api.get_openapi_schema()
    headers = token_for(User.objects.get(email=email))
    failures, called = [], set()
    for path, operation, params in _calls(document):
        response = client.get("/api/v1" + path.format(**params), **headers)
        where = f"GET {path.format(**params)}"
        if (email, path) in REFUSED:
            assert response.status_code == REFUSED[email, path], (where, response.content)
            called.add(path)
            continue
        assert response.status_code == 200, (where, response.status_code, response.content)
        documented = _documented(operation, 200)
        assert documented is not None, where
        if path in FILES:
            # A file: no JSON body to check against a schema, only its content type.
            assert response["Content-Type"].split(";")[0] == FILES[path](params), where
            assert response.getvalue() if response.streaming else response.content, where
            called.add(path)
            continue
        schema = documented["content"]["application/json"]["schema"]
        validator = Draft202012Validator({**schema, "components": document["components"]},
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        for error in validator.iter_errors(response.json()):
            failures.append(f"{where}: {'/'.join(map(str, error.absolute_path))}: "
                            f"{error.message}")
        called.add(path)
    gets = {p.removeprefix("/api/v1") for p, m in document["paths"].items() if "get" in m}
    assert called == gets
    assert failures == [], "\n".join(failures)
