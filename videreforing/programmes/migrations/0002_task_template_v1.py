"""Create version 1 of the task template (R-INITIATIVE … R-MAIN) and make it active.

Reversible: the reverse removes template version 1 if no continuation uses it."""

from django.db import migrations

from videreforing.programmes.template_tasks import TEMPLATE_V1


def create_template(apps, schema_editor):
    TaskTemplate = apps.get_model("programmes", "TaskTemplate")
    TemplateTask = apps.get_model("programmes", "TemplateTask")
    template, created = TaskTemplate.objects.get_or_create(
        version=TEMPLATE_V1["version"],
        defaults={"name": TEMPLATE_V1["name"], "is_active": True},
    )
    if not created:
        return
    TemplateTask.objects.bulk_create(
        TemplateTask(template=template, stage=stage, order=order, title=title,
                     description=description, responsible_role=role, rule_id=rule)
        for order, (stage, title, description, role, rule) in enumerate(TEMPLATE_V1["tasks"], 1)
    )


def remove_template(apps, schema_editor):
    TaskTemplate = apps.get_model("programmes", "TaskTemplate")
    Continuation = apps.get_model("programmes", "Continuation")
    template = TaskTemplate.objects.filter(version=TEMPLATE_V1["version"]).first()
    if template and not Continuation.objects.filter(template_version=template).exists():
        template.delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]
    operations = [migrations.RunPython(create_template, remove_template)]
