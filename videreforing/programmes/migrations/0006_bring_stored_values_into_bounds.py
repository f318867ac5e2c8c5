"""Bring values stored before the bounds existed into range, so the constraints of the
next migration can be added.

Dates outside 1990-01-01 – 2100-12-31 (a task "started" 9999-12-31, say) are moved to
the nearest end of the range; numbers of days above 3650 become 3650. Clamping keeps
the order of two values (planned start ≤ planned end, optimistic ≤ likely ≤
pessimistic); a programme period whose start and end meet at a limit after clamping
gets its start moved one day earlier (its end must come after its start). Each row
is updated in one statement, so the existing "end after start" checks hold.

Every changed value is written to the programme's history (action
`programmes.bounds.clamped`, with the field and the value before and after), so
nothing is changed silently.

Not reversible in data: the reverse step does nothing (the original values are in the
history entries, not restored automatically)."""

from datetime import date, timedelta

from django.db import migrations
from django.db.models import Q

DATE_MIN = date(1990, 1, 1)
DATE_MAX = date(2100, 12, 31)
DAYS_MAX = 3650

# model -> (date fields, day fields, path from the model to its programme id)
FIELDS = {
    "Programme": (("period_start", "period_end"), (), "pk"),
    "Phase": (("planned_start", "planned_end", "actual_start", "actual_end"),
              ("optimistic_days", "likely_days", "pessimistic_days"),
              "continuation__programme_id"),
    "GateDecision": (("decided_on",), (), "phase__continuation__programme_id"),
    "Task": (("due_date", "started_on"),
             ("duration_days", "optimistic_days", "likely_days", "pessimistic_days"),
             "continuation__programme_id"),
    "TaskDependency": ((), ("lag_days",), "task__continuation__programme_id"),
    "TemplateTask": ((), ("optimistic_days", "likely_days", "pessimistic_days"), None),
}


def _clamp(value, is_date: bool):
    if is_date:
        return min(max(value, DATE_MIN), DATE_MAX)
    return min(value, DAYS_MAX)


def clamp(apps, schema_editor):
    """Each row is changed in one UPDATE with all its values clamped together, so the
    constraints already in place (end after start) hold at every step."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    entries = []
    for model_name, (date_fields, day_fields, programme_path) in FIELDS.items():
        model = apps.get_model("programmes", model_name)
        outside = Q(pk__in=[])
        for field in date_fields:
            outside |= Q(**{f"{field}__lt": DATE_MIN}) | Q(**{f"{field}__gt": DATE_MAX})
        for field in day_fields:
            outside |= Q(**{f"{field}__gt": DAYS_MAX})
        fields = (*date_fields, *day_fields)
        values = ["pk", *fields] + ([programme_path] if programme_path else [])
        for row in model.objects.filter(outside).values_list(*values):
            pk, stored = row[0], dict(zip(fields, row[1:1 + len(fields)], strict=True))
            programme_id = row[-1] if programme_path else None
            after = {f: (None if v is None else _clamp(v, f in date_fields))
                     for f, v in stored.items()}
            if model_name == "Programme" and after["period_end"] <= after["period_start"]:
                # Both ends met at a limit: the end must still come after the start.
                if after["period_end"] > DATE_MIN:
                    after["period_start"] = after["period_end"] - timedelta(days=1)
                else:
                    after["period_end"] = after["period_start"] + timedelta(days=1)
            changed = {f: v for f, v in after.items() if v != stored[f]}
            model.objects.filter(pk=pk).update(**changed)
            for field, value in changed.items():
                entries.append(AuditEntry(
                    action="programmes.bounds.clamped", programme_id=programme_id,
                    object_type=f"programmes.{model_name.lower()}", object_id=str(pk),
                    data={"field": field,
                          "label": str(model._meta.get_field(field).verbose_name),
                          "model": model_name, "before": str(stored[field]),
                          "after": str(value)},
                ))
    AuditEntry.objects.bulk_create(entries)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_initial"),
        ("programmes", "0005_gatedecision_document"),
    ]

    operations = [
        migrations.RunPython(clamp, migrations.RunPython.noop),
    ]
