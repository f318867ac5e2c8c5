"""The contracting authority on the tender (issue 9, point 6). Tenders already stored get
the programme's first municipality as authority name; the organisation number stays
empty for the user to fill in (the municipality register has none)."""

import videreforing.lib.orgnumber
from django.db import migrations, models


def fill_authority(apps, schema_editor):
    Tender = apps.get_model("procurement", "Tender")
    for tender in Tender.objects.filter(authority_name=""):
        first = tender.programme.municipalities.order_by("number").first()
        if first is not None:
            tender.authority_name = f"{first.name} kommune"
            tender.save(update_fields=["authority_name"])


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0006_supplier_phone_validator'),
    ]

    operations = [
        migrations.AddField(
            model_name='tender',
            name='authority_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='oppdragsgiver'),
        ),
        migrations.AddField(
            model_name='tender',
            name='authority_org_number',
            field=models.CharField(blank=True, max_length=9, validators=[videreforing.lib.orgnumber.validate_org_number], verbose_name='oppdragsgivers organisasjonsnummer'),
        ),
        migrations.RunPython(fill_authority, migrations.RunPython.noop),
    ]
