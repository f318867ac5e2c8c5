"""Bring values stored before the bounds existed into range, so that the next migration
can add its CheckConstraints (issue 8, point 1).

What is changed, and why that is the careful choice:
- criterion weights outside 0–100 % and scores outside 0–10 are clamped to the nearest
  end of the range (the services never accepted such values; only a hand-made row can
  hold one);
- ranks and orders outside the integer column are clamped to it;
- a stakeholder input dated outside 1990-01-01 – 2100-12-31 gets the nearest end of that
  range (the date is required, so it cannot be emptied); its text says what it was;
- a catalogue "checked on" date outside the range is emptied (it then reads "not checked
  against the source yet", which is the honest state).

Reversing does nothing: the original out-of-range values are not kept (they could not
be stored once the constraints exist)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

DATE_MIN = date(1990, 1, 1)
DATE_MAX = date(2100, 12, 31)
INT_MAX = 2_147_483_647


def _clamp(model, field, low, high):
    model.objects.filter(**{f"{field}__lt": low}).update(**{field: low})
    model.objects.filter(**{f"{field}__gt": high}).update(**{field: high})


def bring_into_bounds(apps, schema_editor):
    Criterion = apps.get_model("options", "Criterion")
    Alternative = apps.get_model("options", "Alternative")
    Score = apps.get_model("options", "Score")
    StakeholderInput = apps.get_model("options", "StakeholderInput")
    OrganisationalForm = apps.get_model("options", "OrganisationalForm")

    _clamp(Criterion, "weight", Decimal(0), Decimal(100))
    _clamp(Criterion, "rank", 0, INT_MAX)
    _clamp(Criterion, "order", 0, INT_MAX)
    _clamp(Alternative, "order", 0, INT_MAX)
    _clamp(Score, "score", Decimal(0), Decimal(10))
    for item in StakeholderInput.objects.exclude(held_on__range=(DATE_MIN, DATE_MAX)):
        original = item.held_on
        item.held_on = DATE_MIN if original < DATE_MIN else DATE_MAX
        item.summary = f"{item.summary}\n\n(Datoen var lagret som {original.isoformat()}.)"
        item.save(update_fields=["held_on", "summary"])
    OrganisationalForm.objects.exclude(checked_on__isnull=True).exclude(
        checked_on__range=(DATE_MIN, DATE_MAX)).update(checked_on=None)


class Migration(migrations.Migration):

    dependencies = [
        ("options", "0002_catalogue"),
    ]

    operations = [
        migrations.RunPython(bring_into_bounds, migrations.RunPython.noop),
    ]
