"""Load the 357 municipalities and 15 counties valid from 1 January 2024.

Idempotent (update_or_create), so running it on a database that already has the
register changes nothing. Reversing it leaves the rows: programmes refer to them."""

from django.db import migrations

from videreforing.municipalities.register import REGISTER_2024_VALID_FROM, read_register


def load_register(apps, schema_editor):
    County = apps.get_model("municipalities", "County")
    Municipality = apps.get_model("municipalities", "Municipality")
    for row in read_register():
        county, _ = County.objects.update_or_create(
            number=row.county_number, defaults={"name": row.county_name}
        )
        Municipality.objects.update_or_create(
            number=row.number,
            defaults={"name": row.name, "county": county, "name_valid_from": REGISTER_2024_VALID_FROM},
        )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(load_register, migrations.RunPython.noop)]
