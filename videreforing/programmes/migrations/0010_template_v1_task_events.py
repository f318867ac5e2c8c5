"""Mark the template tasks that the tender's own events complete (issue 9, point 3).

Template version 1 (and any later version copied from it) has one initiation task for
announcing the process leader's assignment (R-TENDER) and one for engaging the process
leader (R-CONSULTANT). They are found by stage and rule id rather than by title, so an
administrator's rewording does not break the link. Reversible: the reverse clears the
marks."""

from django.db import migrations

EVENTS = {
    ("initiation", "R-TENDER"): "tender_announced",
    ("initiation", "R-CONSULTANT"): "tender_awarded",
}


def mark_events(apps, schema_editor):
    TemplateTask = apps.get_model("programmes", "TemplateTask")
    for (stage, rule_id), event in EVENTS.items():
        TemplateTask.objects.filter(stage=stage, rule_id=rule_id, event="").update(event=event)


def clear_events(apps, schema_editor):
    TemplateTask = apps.get_model("programmes", "TemplateTask")
    TemplateTask.objects.filter(event__in=EVENTS.values()).update(event="")


class Migration(migrations.Migration):
    dependencies = [("programmes", "0009_gate_open_tasks_and_task_events")]
    operations = [migrations.RunPython(mark_events, clear_events)]
