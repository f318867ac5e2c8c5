"""Apply the three municipality name changes that took effect on 1 January 2026."""

from django.db import migrations

from videreforing.municipalities.register import NAME_CHANGES_2026, REGISTER_2024_VALID_FROM


def apply_names(apps, schema_editor):
    Municipality = apps.get_model("municipalities", "Municipality")
    for number, (_old, new) in NAME_CHANGES_2026["names"].items():
        Municipality.objects.filter(number=number).update(
            name=new, name_valid_from=NAME_CHANGES_2026["valid_from"]
        )


def restore_names(apps, schema_editor):
    Municipality = apps.get_model("municipalities", "Municipality")
    for number, (old, _new) in NAME_CHANGES_2026["names"].items():
        Municipality.objects.filter(number=number).update(
            name=old, name_valid_from=REGISTER_2024_VALID_FROM
        )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0002_load_register_2024")]
    operations = [migrations.RunPython(apply_names, restore_names)]
