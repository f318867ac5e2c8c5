"""Bring values stored before the bounds existed into range, so that the constraints of
the next migration can be added and every page can read them again.

Before this, the tender form and the API stored an estimated value such as
99 999 999 999 999 999 999 999 (on SQLite a number with more digits than the column's
14 cannot even be read back: every page showing the tender failed). Each value outside
its bound (lib/bounds.py) is set to the nearest end of the bound: an amount above
10 000 000 000 kr becomes 10 000 000 000, a negative amount 0, a bid price under 1 kr
becomes 1, a weight outside 0–100 % the nearest end, a date outside 1990-01-01 –
2100-12-31 the nearest of those days. Each change gets an entry in the programme's
history (procurement.value.corrected) naming the field and the new value, so nobody is
surprised. The rows are changed with UPDATE and never loaded through the ORM, because
loading the out-of-range number is exactly what fails.

It also records who registered each supplier, read from the history of
procurement.supplier.created, so the one who registered it may correct it.

Reversing leaves the values as they now are (the old ones were unusable) and clears the
registrant."""

from datetime import date
from decimal import Decimal

from django.db import migrations

AMOUNT_MAX = Decimal(10_000_000_000)
DATE_MIN, DATE_MAX = date(1990, 1, 1), date(2100, 12, 31)

# (model, field, minimum, maximum, path to the programme)
BOUNDS = [
    ("Tender", "estimated_value", Decimal(0), AMOUNT_MAX, "programme_id"),
    ("Tender", "contract_start", DATE_MIN, DATE_MAX, "programme_id"),
    ("Tender", "contract_end", DATE_MIN, DATE_MAX, "programme_id"),
    ("Tender", "tender_deadline", DATE_MIN, DATE_MAX, "programme_id"),
    ("Tender", "awarded_on", DATE_MIN, DATE_MAX, "programme_id"),
    ("Bid", "price", Decimal(1), AMOUNT_MAX, "tender__programme_id"),
    ("Bid", "received_on", DATE_MIN, DATE_MAX, "tender__programme_id"),
    ("AwardCriterion", "weight", Decimal(0), Decimal(100), "tender__programme_id"),
    ("BidScore", "score", Decimal(0), Decimal(10), "bid__tender__programme_id"),
    ("ProcurementThreshold", "amount", Decimal(0), AMOUNT_MAX, None),
    ("ProcurementThreshold", "valid_from", DATE_MIN, DATE_MAX, None),
]


def bring_into_bounds(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    for model_name, field, minimum, maximum, programme_path in BOUNDS:
        model = apps.get_model("procurement", model_name)
        for lookup, value in ((f"{field}__lt", minimum), (f"{field}__gt", maximum)):
            rows = model.objects.filter(**{lookup: value})
            columns = ["pk", programme_path] if programme_path else ["pk"]
            found = list(rows.values_list(*columns))
            if not found:
                continue
            model.objects.filter(pk__in=[row[0] for row in found]).update(**{field: value})
            AuditEntry.objects.bulk_create(
                AuditEntry(action="procurement.value.corrected",
                           programme_id=row[1] if programme_path else None,
                           object_type=f"procurement.{model_name.lower()}",
                           object_id=str(row[0]),
                           data={"field": field, "after": str(value),
                                 "reason": "outside_bounds"})
                for row in found)


def record_registrants(apps, schema_editor):
    Supplier = apps.get_model("procurement", "Supplier")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    entries = AuditEntry.objects.filter(action="procurement.supplier.created",
                                        object_type="procurement.supplier",
                                        actor__isnull=False)
    for object_id, actor_id in entries.values_list("object_id", "actor_id"):
        if object_id.isdigit():
            Supplier.objects.filter(pk=int(object_id), created_by__isnull=True).update(
                created_by_id=actor_id)


def forwards(apps, schema_editor):
    bring_into_bounds(apps, schema_editor)
    record_registrants(apps, schema_editor)


def backwards(apps, schema_editor):
    apps.get_model("procurement", "Supplier").objects.update(created_by=None)


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0003_supplier_owner_and_versions"),
        ("audit", "0002_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
