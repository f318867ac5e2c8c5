"""The procurement thresholds of RULES.md as dated data (P-100K, P-NAT, P-EEA).

A limit without a start date was in force before every dated change; the sources do
not give its start. Administrators add new limits (for instance the 300 000 proposed
in Prop. 147 L (2024–2025)) as new rows with their date."""

from datetime import date

from django.db import migrations

THRESHOLDS = [
    ("regulation", 100_000, None,
     "P-100K: FOA § 7-1, regjeringen.no veileder kap. 5"),
    ("national", 1_300_000, None, "P-NAT: ks.no; regjeringen.no terskelverdier"),
    ("eea", 2_200_000, None, "P-EEA: before 14 March 2024, regjeringen.no terskelverdier"),
    ("eea", 2_300_000, date(2024, 3, 14), "P-EEA: 2024–2026, regjeringen.no terskelverdier"),
]


def load(apps, schema_editor):
    Threshold = apps.get_model("procurement", "ProcurementThreshold")
    for kind, amount, valid_from, source in THRESHOLDS:
        Threshold.objects.get_or_create(kind=kind, valid_from=valid_from,
                                        defaults={"amount": amount, "source": source})


def unload(apps, schema_editor):
    Threshold = apps.get_model("procurement", "ProcurementThreshold")
    for kind, amount, valid_from, _source in THRESHOLDS:
        Threshold.objects.filter(kind=kind, valid_from=valid_from, amount=amount).delete()


class Migration(migrations.Migration):
    dependencies = [("procurement", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
