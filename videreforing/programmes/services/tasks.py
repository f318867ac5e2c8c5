"""Tasks of a programme's continuation: create, versioned update, removal, their
dependencies (no cycles), estimates, and ticking off tasks when an event in another
app completes them."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import READ_ONLY_ROLES, Role
from videreforing.audit.services import log_action
from videreforing.lib.bounds import DAYS
from videreforing.rules import schedule as schedule_rules

from ..models import Programme, Task, TaskDependency, TaskEvent
from ._common import _bounded, _check_version, _label

TASK_FIELDS = (
    "phase", "title", "description", "responsible_role", "assignee", "due_date", "done",
    "started_on", "duration_days", "optimistic_days", "likely_days", "pessimistic_days",
)
ESTIMATE_FIELDS = ("duration_days", "optimistic_days", "likely_days", "pessimistic_days")


def _clean_task(programme: Programme, values: dict[str, Any],
                task: Task | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "title" in values and not (values["title"] or "").strip():
        errors["title"] = [_("Skriv inn en tittel på oppgaven.")]
    if "phase" in values and values["phase"] not in Task.Stage.values:
        errors["phase"] = [
            _("Velg en fase: oppstart, forstudium, forprosjekt eller hovedprosjekt.")
        ]
    role = values.get("responsible_role")
    if role and role not in Role.values:
        errors["responsible_role"] = [_("Ukjent rolle: %(role)s.") % {"role": role}]
    assignee = values.get("assignee")
    unchanged = task is not None and assignee is not None and assignee.pk == task.assignee_id
    if assignee is not None and not unchanged:
        # Only a member who may edit can be responsible; an observer is read-only and an
        # adviser is not a member. (A task keeps its assignee if they later lose that.)
        role = (Membership.objects.filter(programme=programme, user=assignee)
                .values_list("role", flat=True).first())
        if role is None:
            errors["assignee"] = [_("Den ansvarlige må være med i programmet.")]
        elif role in READ_ONLY_ROLES:
            errors["assignee"] = [_("En observatør kan bare lese og kan ikke være ansvarlig "
                                    "for en oppgave. Velg en person med en annen rolle.")]
    clean_estimate(values, errors)
    _bounded(Task, {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()},
             errors)
    if errors:
        raise ValidationError(errors)
    if "title" in values:
        values["title"] = values["title"].strip()
    if "description" in values:
        values["description"] = (values["description"] or "").strip()
    if "responsible_role" in values:
        values["responsible_role"] = values["responsible_role"] or ""
    return values


def clean_estimate(values: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """Either one duration or three points with optimistic ≤ likely ≤ pessimistic."""
    for key in ESTIMATE_FIELDS:
        value = values.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not DAYS.minimum <= value <= DAYS.maximum):
            errors[key] = [_("Oppgi et helt antall dager mellom 0 og 3650.")]
    if errors:
        return
    points = [values.get(k) for k in ("optimistic_days", "likely_days", "pessimistic_days")]
    given = [p is not None for p in points]
    if any(given) and not all(given):
        missing = [k for k, g in zip(("optimistic_days", "likely_days", "pessimistic_days"),
                                     given, strict=True) if not g]
        for key in missing:
            errors[key] = [_("Oppgi alle tre estimatene (optimistisk, mest sannsynlig og "
                             "pessimistisk), eller bare varighet.")]
    elif all(given):
        o, m, p = (int(x) for x in points if x is not None)
        if not o <= m <= p:
            errors["likely_days"] = [_("Estimatene må være i rekkefølgen optimistisk ≤ mest "
                                       "sannsynlig ≤ pessimistisk.")]
        elif values.get("duration_days") is not None:
            errors["duration_days"] = [_("Oppgi enten varighet eller tre estimater, ikke "
                                         "begge.")]


def _task_snapshot(task: Task) -> dict[str, Any]:
    return {
        "phase": task.phase, "title": task.title, "description": task.description,
        "responsible_role": task.responsible_role,
        "assignee": task.assignee.email if task.assignee else None,
        "due_date": task.due_date, "done": task.done, "started_on": task.started_on,
        "duration_days": task.duration_days, "optimistic_days": task.optimistic_days,
        "likely_days": task.likely_days, "pessimistic_days": task.pessimistic_days,
        "depends_on": [
            {"task": d.predecessor_id, "lag_days": d.lag_days}
            for d in task.dependencies.order_by("predecessor_id")
        ] if task.pk else [],
    }


def _set_dependencies(task: Task, depends_on: list[tuple[Task, int]]) -> None:
    """Replace the task's predecessors; refuse a cycle, naming the tasks in it."""
    errors = []
    for predecessor, lag in depends_on:
        if predecessor.continuation_id != task.continuation_id or predecessor.removed_at:
            errors.append(_("Oppgaven %(id)s finnes ikke i dette programmet.")
                          % {"id": predecessor.pk})
        elif (not isinstance(lag, int) or isinstance(lag, bool)
              or not DAYS.minimum <= lag <= DAYS.maximum):
            errors.append(_("Forsinkelsen må være mellom 0 og 3650 dager."))
    if errors:
        raise ValidationError({"depends_on": errors})
    edges: dict[int, list[int]] = {}  # task → its predecessors
    for dep in TaskDependency.objects.filter(
        task__continuation_id=task.continuation_id, task__removed_at__isnull=True,
        predecessor__removed_at__isnull=True,
    ).exclude(task=task):
        edges.setdefault(dep.task_id, []).append(dep.predecessor_id)
    edges[task.pk] = [p.pk for p, _lag in depends_on]
    for node in list(edges):
        for pred in edges[node]:
            edges.setdefault(pred, [])
    cycle = schedule_rules.find_cycle(edges)
    if cycle:
        titles = dict(Task.objects.filter(pk__in=list(cycle)).values_list("pk", "title"))
        message = _("Avhengighetene danner en sirkel: %(cycle)s.") % {
            "cycle": " → ".join(f"«{titles[pk]}» ({pk})" for pk in cycle + cycle[:1])}
        raise ValidationError({"depends_on": ValidationError(
            message.replace("%", "%%"), code="cycle", params={"cycle": cycle})})
    task.dependencies.all().delete()
    TaskDependency.objects.bulk_create(
        TaskDependency(task=task, predecessor=p, lag_days=lag) for p, lag in depends_on
    )


@transaction.atomic
def create_task(
    *, user, programme: Programme, phase: str, title: str, description: str = "",
    responsible_role: str = "", assignee=None, due_date: date | None = None, done: bool = False,
    started_on: date | None = None, duration_days: int | None = None,
    optimistic_days: int | None = None, likely_days: int | None = None,
    pessimistic_days: int | None = None, depends_on: list[tuple[Task, int]] | None = None,
) -> Task:
    values = _clean_task(programme, {
        "phase": phase, "title": title, "description": description,
        "responsible_role": responsible_role, "assignee": assignee, "due_date": due_date,
        "started_on": started_on, "duration_days": duration_days,
        "optimistic_days": optimistic_days, "likely_days": likely_days,
        "pessimistic_days": pessimistic_days,
    })
    continuation = programme.continuation
    order = (continuation.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
    task = Task.objects.create(
        continuation=continuation, order=order, done=bool(done),
        done_at=timezone.now() if done else None, **values,
    )
    if depends_on:
        _set_dependencies(task, depends_on)
    log_action(
        action="programmes.task.created", actor=user, programme=programme, obj=task,
        data={"title": task.title, "phase": task.phase, **_task_snapshot(task)},
    )
    return task


@transaction.atomic
def update_task(*, user, task: Task, expected_version: int, **changes: Any) -> Task:
    """Versioned edit: a save against a stale version is refused and the other
    person's change is kept."""
    programme = task.continuation.programme
    task = Task.objects.select_for_update().get(pk=task.pk)
    if expected_version is None:
        raise ValidationError({"version": [_("Versjon mangler.")]})
    _check_version(
        task, expected_version,
        _("Noen andre har endret oppgaven etter at du åpnet den. Endringene deres er beholdt; "
          "se gjennom dem og gjør endringen din på nytt."),
    )
    depends_on = changes.pop("depends_on", None)
    unknown = set(changes) - set(TASK_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    if set(changes) & set(ESTIMATE_FIELDS):
        # An estimate replaces the previous one as a whole.
        merged = {k: changes.get(k) for k in ESTIMATE_FIELDS}
        changes.update(merged)
    values = _clean_task(programme, dict(changes), task)
    before = _task_snapshot(task)
    if depends_on is not None:
        _set_dependencies(task, depends_on)
    for key, value in values.items():
        if key == "done":
            value = bool(value)
            if value and not task.done:
                task.done_at = timezone.now()
            elif not value:
                task.done_at = None
                task.done_by_event = task.done_source = task.done_link = ""
        setattr(task, key, value)
    if set(values) & set(ESTIMATE_FIELDS):
        task.estimate_basis = ""  # the user's own estimate from now on
    after = _task_snapshot(task)
    changed = [k for k in after if after[k] != before[k]]
    if not changed:
        return task
    task.version += 1
    task.save()
    data: dict[str, Any]
    if changed == ["done"]:
        action = "programmes.task.completed" if task.done else "programmes.task.reopened"
        data = {"title": task.title}
    else:
        action = "programmes.task.updated"
        data = {
            "title": task.title,
            "fields": [str(_("avhengigheter")) if k == "depends_on"
                       else _label(Task, k) for k in changed],
            "before": {k: before[k] for k in changed},
            "after": {k: after[k] for k in changed},
        }
    log_action(action=action, actor=user, programme=programme, obj=task, data=data)
    return task


@transaction.atomic
def remove_task(*, user, task: Task) -> None:
    """Soft removal, logged with the removed values."""
    programme = task.continuation.programme
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.removed_at is not None:
        return
    task.removed_at = timezone.now()
    task.save(update_fields=["removed_at", "updated_at"])
    log_action(
        action="programmes.task.removed", actor=user, programme=programme, obj=task,
        data={"title": task.title, **_task_snapshot(task)},
    )


@transaction.atomic
def complete_tasks_for_event(*, user, programme: Programme, event: str, link: str = "",
                             source: str = "") -> list[Task]:
    """Tick off the programme's open tasks that `event` completes (template tasks marked
    with that event, e.g. the tender's award), one audit entry per task naming the
    source and its link. Called by other apps (procurement), never the reverse. Tasks
    already done stay as they are; a removed task is left alone."""
    if event not in TaskEvent.values:
        raise ValueError(f"unknown task event {event!r}")
    tasks = list(Task.objects.select_for_update().filter(
        continuation__programme=programme, template_task__event=event, done=False,
        removed_at__isnull=True).order_by("order", "pk"))
    now = timezone.now()
    for task in tasks:
        task.done, task.done_at = True, now
        task.done_by_event, task.done_source, task.done_link = event, source[:200], link
        task.version += 1
        task.save(update_fields=["done", "done_at", "done_by_event", "done_source",
                                 "done_link", "version", "updated_at"])
        log_action(
            action=f"programmes.task.completed_by_{event}", actor=user, programme=programme,
            obj=task, data={"title": task.title, "event": event, "source": source,
                            "link": link},
        )
    return tasks
