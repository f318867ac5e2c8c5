"""JSON API of the programmes: programmes, their history, phases and gate decisions, tasks,
members and stakeholders. Calls the same services and access helpers as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from videreforing.accounts import services as member_services
from videreforing.accounts.models import Membership
from videreforing.api.body import body_doc, optional_body
from videreforing.api.schemas import ErrorOut
from videreforing.audit.describe import describe
from videreforing.lib.bounds import COUNT
from videreforing.programmes import schemas as s
from videreforing.programmes import selectors, services
from videreforing.programmes.access import get_programme_for, get_stakeholder_for, get_task_for
from videreforing.programmes.models import Programme, Stakeholder, Task

router = Router()


def _field_error(field: str, message: str) -> DjangoValidationError:
    return DjangoValidationError({field: [message]})


# ---------------------------------------------------------------- serialisers


def _programme_out(programme: Programme) -> dict:
    # Prefetched phases (with their gate decisions) and municipalities when the caller
    # prefetched them (the list); otherwise a query each.
    phases = sorted(programme.continuation.phases.all(), key=lambda p: p.order)
    started = selectors.continuation_start(programme)
    return {
        "id": programme.pk,
        "name": programme.name,
        "municipalities": [
            {"number": m.number, "name": m.name, "county_number": m.county_id,
             "county_name": m.county.name}
            for m in sorted(programme.municipalities.all(), key=lambda m: m.number)
        ],
        "period_start": programme.period_start,
        "period_end": programme.period_end,
        "warnings": selectors.programme_warnings(programme),
        "continuation": {
            "latest_start": programme.latest_start,
            "operative_deadline": programme.operative_deadline,
            "status": selectors.continuation_status(programme),
            # R-START: the first phase's actual start, and whether it was in time.
            "started_on": started.started_on if started else None,
            "started_in_time": started.in_time if started else None,
            "phases": [_phase_out(p) for p in phases],
        },
        "version": programme.version,
        "is_demo": programme.is_demo,
        "access": getattr(programme, "access", "read"),
    }


def _phase_out(phase) -> dict:
    gate = phase.gate
    return {
        "kind": phase.kind, "status": phase.status,
        "planned_start": phase.planned_start, "planned_end": phase.planned_end,
        "actual_start": phase.actual_start, "actual_end": phase.actual_end,
        "override_reason": phase.override_reason,
        "gate": _gate_out(gate) if gate else None,
    }


def _gate_out(gate) -> dict:
    return {
        "id": gate.pk, "deciding_body": gate.deciding_body, "decided_on": gate.decided_on,
        "outcome": gate.outcome, "case_number": gate.case_number, "note": gate.note,
        "document": gate.document_id, "version": gate.version,
    }


def _task_out(task: Task) -> dict:
    return {
        "id": task.pk, "phase": task.phase, "title": task.title,
        "description": task.description, "responsible_role": task.responsible_role,
        "assignee": task.assignee.email if task.assignee else None,
        "due_date": task.due_date, "done": task.done, "started_on": task.started_on,
        "rule_id": task.rule_id, "version": task.version,
        "duration_days": task.duration_days, "optimistic_days": task.optimistic_days,
        "likely_days": task.likely_days, "pessimistic_days": task.pessimistic_days,
        "estimate_basis": task.estimate_basis,
        "depends_on": [{"task": d.predecessor_id, "lag_days": d.lag_days}
                       for d in task.dependencies.order_by("predecessor_id")],
    }


def _resolve_dependencies(programme: Programme, items) -> list[tuple[Task, int]] | None:
    if items is None:
        return None
    pairs = [(i["task"], i.get("lag_days") or 0) if isinstance(i, dict)
             else (i.task, i.lag_days or 0) for i in items]
    tasks = {t.pk: t for t in Task.objects.filter(
        pk__in=[pk for pk, _lag in pairs if 0 < pk <= COUNT.maximum],
        continuation__programme=programme, removed_at__isnull=True)}
    unknown = [pk for pk, _lag in pairs if pk not in tasks]
    if unknown:
        raise _field_error("depends_on", _("Ukjent oppgave i avhengighetene: %(ids)s.") % {
            "ids": ", ".join(map(str, unknown))})
    return [(tasks[pk], lag) for pk, lag in pairs]


def _member_out(m: Membership) -> dict:
    return {"id": m.pk, "email": m.user.email, "name": m.user.get_full_name(), "role": m.role}


def _stakeholder_out(st: Stakeholder) -> dict:
    return {f: getattr(st, f) for f in (
        "id", "name", "kind", "org_number", "contact_name", "contact_email", "contact_phone",
        "notes", "version")}


def _numbers(items) -> list[str]:
    return [item if isinstance(item, str) else item.number for item in items]


def _resolve_assignee(programme: Programme, value):
    """An assignee is given by e-mail or user id and must be a member."""
    if value in (None, ""):
        return None
    query = Membership.objects.filter(programme=programme).select_related("user")
    if isinstance(value, int) or str(value).isdigit():
        # An id beyond any integer column is nobody (and must not reach the database).
        membership = (query.filter(user_id=int(value)).first()
                      if 0 < int(value) <= COUNT.maximum else None)
    else:
        membership = query.filter(user__email__iexact=str(value).strip()).first()
    if membership is None:
        raise _field_error("assignee", _("Den ansvarlige må være med i programmet."))
    return membership.user


# ---------------------------------------------------------------- programmes


@router.get("/programmes", response=list[s.ProgrammeOut], tags=["programmes"])
def list_programmes(request):
    """Every programme the user may read. The queries do not grow with the number of
    programmes (issue 10): phases, gates and municipalities are prefetched and the
    access levels read in one query."""
    from videreforing.programmes.access import access_levels

    programmes = list(selectors.programme_list_for(request.auth))
    levels = access_levels(request.auth, programmes)
    result = []
    for programme in programmes:
        programme.access = levels[programme.pk]
        programme.can_edit = levels[programme.pk] == "edit"
        result.append(_programme_out(programme))
    return result


@router.post("/programmes", response={201: s.ProgrammeOut}, tags=["programmes"])
def create_programme(request, payload: s.ProgrammeIn):
    programme = services.create_programme(
        user=request.auth, name=payload.name,
        municipality_numbers=_numbers(payload.municipalities),
        period_start=payload.period_start, period_end=payload.period_end,
    )
    return Status(201, _programme_out(get_programme_for(request.auth, programme.pk)))


@router.get("/programmes/{int:programme_id}", response=s.ProgrammeOut, tags=["programmes"])
def get_programme(request, programme_id: int):
    return _programme_out(get_programme_for(request.auth, programme_id))


@router.patch("/programmes/{int:programme_id}", response=s.ProgrammeOut, tags=["programmes"])
def patch_programme(request, programme_id: int, payload: s.ProgrammePatch):
    programme = get_programme_for(request.auth, programme_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    if "municipalities" in changes:
        changes.pop("municipalities")
        changes["municipality_numbers"] = _numbers(payload.municipalities or [])
    for key in ("name", "period_start", "period_end"):
        if key in changes and changes[key] is None:
            raise _field_error(key, _("Feltet kan ikke være tomt."))
    services.update_programme(
        user=request.auth, programme=programme, expected_version=version, **changes
    )
    return _programme_out(get_programme_for(request.auth, programme_id))


@router.get("/programmes/{int:programme_id}/history", response=list[s.HistoryOut],
            tags=["programmes"])
def programme_history(request, programme_id: int, limit: int = Query(100, ge=1, le=1000)):
    programme = get_programme_for(request.auth, programme_id)
    return [
        {"id": e.pk, "action": e.action, "description": describe(e),
         "actor": e.actor.email if e.actor else None, "created_at": e.created_at,
         "data": e.data}
        for e in programme.audit_entries.select_related("actor")[:limit]
    ]


# ---------------------------------------------------------------- phases and gates


@router.post("/programmes/{int:programme_id}/phases/{kind}/start",
             response={200: s.PhaseOut, 409: ErrorOut}, tags=["phases"],
             openapi_extra=body_doc(s.StartIn))
def start_phase(request, programme_id: int, kind: s.PhaseKind):
    programme = get_programme_for(request.auth, programme_id, write=True)
    payload = optional_body(request, s.StartIn)
    phase = services.start_phase(
        user=request.auth, programme=programme, kind=kind,
        override_reason=payload.override_reason or "",
    )
    return Status(200, _phase_out(phase))


@router.patch("/programmes/{int:programme_id}/phases/{kind}/start",
              response={200: s.PhaseOut, 409: ErrorOut}, tags=["phases"])
def correct_start(request, programme_id: int, kind: s.PhaseKind, payload: s.StartPatch):
    """Correct the date the phase started, with a `reason`."""
    programme = get_programme_for(request.auth, programme_id, write=True)
    phase = services.correct_phase_start(user=request.auth, programme=programme, kind=kind,
                                         started_on=payload.started_on, reason=payload.reason)
    return Status(200, _phase_out(phase))


@router.post("/programmes/{int:programme_id}/phases/{kind}/start/undo",
             response={200: s.PhaseOut, 409: ErrorOut}, tags=["phases"])
def undo_start(request, programme_id: int, kind: s.PhaseKind, payload: s.UndoStartIn):
    """Take back a start made by mistake, with a `reason`. 409 while the phase has a
    decision or once the next phase has started."""
    programme = get_programme_for(request.auth, programme_id, write=True)
    phase = services.undo_phase_start(user=request.auth, programme=programme, kind=kind,
                                      reason=payload.reason)
    return Status(200, _phase_out(phase))


@router.post("/programmes/{int:programme_id}/phases/{kind}/gate",
             response={201: s.GateRecordOut, 409: ErrorOut}, tags=["phases"])
def record_gate(request, programme_id: int, kind: s.PhaseKind, payload: s.GateIn):
    """Record the phase's gate decision. An approval while tasks of the phase are open
    is recorded (no confirmation in the API) and answers with
    `warnings: [{"code": "open_tasks", "tasks": [ids]}]`; the decision keeps the list."""
    programme = get_programme_for(request.auth, programme_id, write=True)
    document = None
    if payload.document is not None:
        document = programme.documents.filter(pk=payload.document).first()
        if document is None:
            raise _field_error("document", _("Ukjent dokument i dette programmet."))
    decision = services.record_gate_decision(
        user=request.auth, programme=programme, kind=kind,
        deciding_body=payload.deciding_body, decided_on=payload.decided_on,
        outcome=payload.outcome, case_number=payload.case_number or "",
        note=payload.note or "", document=document,
    )
    open_ids = [item["id"] for item in decision.open_tasks_at_decision or []]
    warnings = [{"code": "open_tasks", "tasks": open_ids}] if open_ids else []
    return Status(201, {**_gate_out(decision), "warnings": warnings})


@router.patch("/programmes/{int:programme_id}/phases/{kind}/gate",
              response={200: s.GateOut, 409: ErrorOut}, tags=["phases"])
def patch_gate(request, programme_id: int, kind: s.PhaseKind, payload: s.GatePatch):
    """Correct the phase's current gate decision: the changed fields, a `reason` and
    the `version` read. 409 on a stale version (with current_version), and on a change
    of outcome after the next phase has started."""
    programme = get_programme_for(request.auth, programme_id, write=True)
    changes = payload.dict(exclude_unset=True)
    reason = changes.pop("reason")
    version = changes.pop("version")
    decision = services.correct_gate_decision(
        user=request.auth, programme=programme, kind=kind, reason=reason,
        expected_version=version, **changes,
    )
    return Status(200, _gate_out(decision))


@router.post("/programmes/{int:programme_id}/phases/{kind}/gate/withdraw",
             response={200: s.PhaseOut, 409: ErrorOut}, tags=["phases"])
def withdraw_gate(request, programme_id: int, kind: s.PhaseKind, payload: s.GateWithdrawIn):
    """Withdraw the phase's current gate decision with a `reason`; the phase reopens.
    409 when the next phase has started."""
    programme = get_programme_for(request.auth, programme_id, write=True)
    phase = services.withdraw_gate_decision(
        user=request.auth, programme=programme, kind=kind, reason=payload.reason,
        expected_version=payload.version,
    )
    return Status(200, _phase_out(phase))


# ---------------------------------------------------------------- tasks


@router.get("/programmes/{int:programme_id}/tasks", response=list[s.TaskOut], tags=["tasks"])
def list_tasks(request, programme_id: int, phase: s.Stage | None = None):
    programme = get_programme_for(request.auth, programme_id)
    qs = programme.continuation.tasks.filter(removed_at__isnull=True).select_related("assignee")
    if phase:
        qs = qs.filter(phase=phase)
    return [_task_out(t) for t in qs.order_by("order", "pk")]


@router.post("/programmes/{int:programme_id}/tasks", response={201: s.TaskOut}, tags=["tasks"])
def create_task(request, programme_id: int, payload: s.TaskIn):
    programme = get_programme_for(request.auth, programme_id, write=True)
    task = services.create_task(
        user=request.auth, programme=programme, phase=payload.phase, title=payload.title,
        description=payload.description or "", responsible_role=payload.responsible_role or "",
        assignee=_resolve_assignee(programme, payload.assignee), due_date=payload.due_date,
        done=bool(payload.done), started_on=payload.started_on,
        duration_days=payload.duration_days, optimistic_days=payload.optimistic_days,
        likely_days=payload.likely_days, pessimistic_days=payload.pessimistic_days,
        depends_on=_resolve_dependencies(programme, payload.depends_on),
    )
    return Status(201, _task_out(task))


@router.get("/tasks/{int:task_id}", response=s.TaskOut, tags=["tasks"])
def get_task(request, task_id: int):
    return _task_out(get_task_for(request.auth, task_id))


@router.patch("/tasks/{int:task_id}", response={200: s.TaskOut, 409: ErrorOut}, tags=["tasks"])
def patch_task(request, task_id: int, payload: s.TaskPatch):
    task = get_task_for(request.auth, task_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    if "assignee" in changes:
        changes["assignee"] = _resolve_assignee(task.continuation.programme, changes["assignee"])
    if "depends_on" in changes:
        changes["depends_on"] = _resolve_dependencies(task.continuation.programme,
                                                      changes["depends_on"] or [])
    for key in ("phase", "title", "done"):
        if key in changes and changes[key] is None:
            raise _field_error(key, _("Feltet kan ikke være tomt."))
    for key in ("description", "responsible_role"):
        if key in changes and changes[key] is None:
            changes[key] = ""
    task = services.update_task(user=request.auth, task=task, expected_version=version, **changes)
    return Status(200, _task_out(task))


@router.delete("/tasks/{int:task_id}", response={204: None}, tags=["tasks"])
def delete_task(request, task_id: int):
    task = get_task_for(request.auth, task_id, write=True)
    services.remove_task(user=request.auth, task=task)
    return Status(204, None)


# ---------------------------------------------------------------- members


def _membership(programme, member_id: int) -> Membership:
    membership = (
        Membership.objects.filter(programme=programme, pk=member_id).select_related("user")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


@router.get("/programmes/{int:programme_id}/members", response=list[s.MemberOut], tags=["members"])
def list_members(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id)
    return [_member_out(m) for m in programme.memberships.select_related("user").order_by("pk")]


@router.post("/programmes/{int:programme_id}/members", response={201: s.MemberOut},
             tags=["members"])
def add_member(request, programme_id: int, payload: s.MemberIn):
    programme = get_programme_for(request.auth, programme_id, write=True)
    membership = member_services.add_member(
        user=request.auth, programme=programme, email=payload.email, role=payload.role
    )
    return Status(201, _member_out(membership))


@router.patch("/programmes/{int:programme_id}/members/{int:member_id}",
              response={200: s.MemberOut, 409: ErrorOut}, tags=["members"])
def patch_member(request, programme_id: int, member_id: int, payload: s.MemberPatch):
    programme = get_programme_for(request.auth, programme_id, write=True)
    membership = member_services.change_member_role(
        user=request.auth, membership=_membership(programme, member_id), role=payload.role
    )
    return Status(200, _member_out(membership))


@router.delete("/programmes/{int:programme_id}/members/{int:member_id}",
               response={204: None, 409: ErrorOut}, tags=["members"])
def delete_member(request, programme_id: int, member_id: int):
    programme = get_programme_for(request.auth, programme_id, write=True)
    member_services.remove_member(user=request.auth,
                                  membership=_membership(programme, member_id))
    return Status(204, None)


# ---------------------------------------------------------------- stakeholders


@router.get("/programmes/{int:programme_id}/stakeholders", response=list[s.StakeholderOut],
            tags=["stakeholders"])
def list_stakeholders(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id)
    return [_stakeholder_out(x) for x in
            programme.stakeholders.filter(removed_at__isnull=True).order_by("name")]


@router.post("/programmes/{int:programme_id}/stakeholders", response={201: s.StakeholderOut},
             tags=["stakeholders"])
def create_stakeholder(request, programme_id: int, payload: s.StakeholderIn):
    programme = get_programme_for(request.auth, programme_id, write=True)
    values = {k: v or "" for k, v in payload.dict().items()}
    stakeholder = services.create_stakeholder(user=request.auth, programme=programme, **values)
    return Status(201, _stakeholder_out(stakeholder))


@router.get("/programmes/{int:programme_id}/stakeholders/{int:stakeholder_id}",
            response=s.StakeholderOut, tags=["stakeholders"])
def get_stakeholder(request, programme_id: int, stakeholder_id: int):
    programme = get_programme_for(request.auth, programme_id)
    return _stakeholder_out(get_stakeholder_for(request.auth, programme, stakeholder_id))


@router.patch("/programmes/{int:programme_id}/stakeholders/{int:stakeholder_id}",
              response={200: s.StakeholderOut, 409: ErrorOut}, tags=["stakeholders"])
def patch_stakeholder(request, programme_id: int, stakeholder_id: int,
                      payload: s.StakeholderPatch):
    programme = get_programme_for(request.auth, programme_id, write=True)
    stakeholder = get_stakeholder_for(request.auth, programme, stakeholder_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    for key in ("name", "kind"):
        if key in changes and changes[key] is None:
            raise _field_error(key, _("Feltet kan ikke være tomt."))
    changes = {k: ("" if v is None else v) for k, v in changes.items()}
    stakeholder = services.update_stakeholder(
        user=request.auth, stakeholder=stakeholder, expected_version=version, **changes
    )
    return Status(200, _stakeholder_out(stakeholder))


@router.delete("/programmes/{int:programme_id}/stakeholders/{int:stakeholder_id}",
               response={204: None}, tags=["stakeholders"])
def delete_stakeholder(request, programme_id: int, stakeholder_id: int):
    programme = get_programme_for(request.auth, programme_id, write=True)
    services.remove_stakeholder(
        user=request.auth, stakeholder=get_stakeholder_for(request.auth, programme,
                                                            stakeholder_id)
    )
    return Status(204, None)
