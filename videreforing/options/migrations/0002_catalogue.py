"""Load the catalogue of organisational forms (O-UNIT … O-EXISTING). Idempotent: an
existing row (perhaps edited by an administrator) is left as it is."""

from django.db import migrations

from videreforing.options.catalogue import EXAMPLES, FORMS


def load(apps, schema_editor):
    OrganisationalForm = apps.get_model("options", "OrganisationalForm")
    for form in FORMS:
        OrganisationalForm.objects.get_or_create(
            key=form["key"], defaults={**form, "examples": EXAMPLES.get(form["key"], "")})


def unload(apps, schema_editor):
    apps.get_model("options", "OrganisationalForm").objects.filter(
        key__in=[f["key"] for f in FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("options", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
