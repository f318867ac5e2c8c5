"""Create and update a programme; a new programme's continuation (phases, tasks and
dependencies) from the active task template."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.audit.services import log_action
from videreforing.municipalities.models import Municipality
from videreforing.rules import phases as phase_rules

from ..models import Continuation, Phase, Programme, Task, TaskDependency, TaskTemplate
from ._common import _bounded, _check_version, _label


def _clean_programme_fields(
    *, name: str, municipality_numbers: list[str], period_start, period_end
) -> list[Municipality]:
    errors: dict[str, list[str]] = {}
    _bounded(Programme, {"name": (name or "").strip(), "period_start": period_start,
                         "period_end": period_end}, errors)
    if not (name or "").strip():
        errors["name"] = [_("Skriv inn et navn på programmet.")]
    numbers = [str(n).strip() for n in municipality_numbers or [] if str(n).strip()]
    municipalities: list[Municipality] = []
    if not numbers:
        errors["municipalities"] = [_("Velg minst én kommune.")]
    else:
        found = {m.number: m for m in Municipality.objects.filter(number__in=numbers)}
        unknown = [n for n in numbers if n not in found]
        if unknown:
            errors["municipalities"] = [
                _("Ukjent kommunenummer: %(numbers)s. Kommunenummer har fire siffer, "
                  "for eksempel 0301.") % {"numbers": ", ".join(unknown)}
            ]
        municipalities = [found[n] for n in dict.fromkeys(numbers) if n in found]
    if period_start is None:
        errors["period_start"] = [_("Oppgi når omstillingsperioden startet.")]
    if period_end is None:
        errors["period_end"] = [_("Oppgi når omstillingsperioden slutter.")]
    if (period_start and period_end and "period_start" not in errors
            and "period_end" not in errors and period_end <= period_start):
        errors["period_end"] = [_("Slutten av omstillingsperioden må komme etter starten.")]
    if errors:
        raise ValidationError(errors)
    return municipalities


def _create_continuation(programme: Programme) -> Continuation:
    template = TaskTemplate.objects.filter(is_active=True).order_by("-version").first()
    continuation = Continuation.objects.create(programme=programme, template_version=template)
    phase_estimates = template.phase_estimates if template else {}
    for order, kind in enumerate(phase_rules.PHASE_ORDER, start=1):
        est = phase_estimates.get(kind) or {}
        Phase.objects.create(
            continuation=continuation, kind=kind, order=order,
            optimistic_days=est.get("optimistic"), likely_days=est.get("likely"),
            pessimistic_days=est.get("pessimistic"), estimate_basis=est.get("basis", ""),
        )
    if template is not None:
        template_tasks = list(template.tasks.order_by("order", "pk"))
        tasks = Task.objects.bulk_create(
            Task(
                continuation=continuation,
                phase=tt.stage,
                order=index,
                title=tt.title,
                description=tt.description,
                responsible_role=tt.responsible_role,
                rule_id=tt.rule_id,
                optimistic_days=tt.optimistic_days,
                likely_days=tt.likely_days,
                pessimistic_days=tt.pessimistic_days,
                estimate_basis=tt.estimate_basis,
                template_task=tt,
            )
            for index, tt in enumerate(template_tasks, start=1)
        )
        by_order = {tt.order: task for tt, task in zip(template_tasks, tasks, strict=True)}
        TaskDependency.objects.bulk_create(
            TaskDependency(task=by_order[tt.order], predecessor=by_order[pred])
            for tt in template_tasks
            for pred in (tt.depends_on or [])
            if pred in by_order and pred != tt.order
        )
    return continuation


@transaction.atomic
def create_programme(
    *,
    user,
    name: str,
    municipality_numbers: list[str],
    period_start: date,
    period_end: date,
    is_demo: bool = False,
) -> Programme:
    """Register a programme; its creator becomes programme manager."""
    municipalities = _clean_programme_fields(
        name=name, municipality_numbers=municipality_numbers,
        period_start=period_start, period_end=period_end,
    )
    programme = Programme.objects.create(
        name=name.strip(), period_start=period_start, period_end=period_end,
        is_demo=is_demo, created_by=user,
    )
    programme.municipalities.set(municipalities)
    _create_continuation(programme)
    Membership.objects.create(programme=programme, user=user, role=Role.PROGRAMME_MANAGER)
    log_action(
        action="programmes.programme.created", actor=user, programme=programme, obj=programme,
        data={
            "name": programme.name,
            "municipalities": [m.number for m in municipalities],
            "period_start": period_start, "period_end": period_end,
        },
    )
    return programme


@transaction.atomic
def update_programme(
    *, user, programme: Programme, expected_version: int | None = None, **changes: Any
) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _check_version(
        programme, expected_version,
        _("Noen andre har endret programmet etter at du åpnet det. Se gjennom endringene "
          "deres og prøv igjen."),
    )
    name = changes.get("name", programme.name)
    numbers = changes.get(
        "municipality_numbers", [m.number for m in programme.municipalities.all()]
    )
    period_start = changes.get("period_start", programme.period_start)
    period_end = changes.get("period_end", programme.period_end)
    municipalities = _clean_programme_fields(
        name=name, municipality_numbers=numbers, period_start=period_start, period_end=period_end
    )
    before = {
        "name": programme.name,
        "municipalities": sorted(m.number for m in programme.municipalities.all()),
        "period_start": programme.period_start,
        "period_end": programme.period_end,
    }
    after = {
        "name": name.strip(),
        "municipalities": sorted(m.number for m in municipalities),
        "period_start": period_start,
        "period_end": period_end,
    }
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return programme
    programme.name = after["name"]
    programme.period_start = period_start
    programme.period_end = period_end
    programme.version += 1
    programme.save()
    programme.municipalities.set(municipalities)
    log_action(
        action="programmes.programme.updated", actor=user, programme=programme, obj=programme,
        data={
            "fields": [_label(Programme, k) for k in changed],
            "before": {k: before[k] for k in changed},
            "after": {k: after[k] for k in changed},
        },
    )
    return programme
