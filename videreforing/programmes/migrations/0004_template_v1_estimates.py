"""Give template version 1 its estimates, dependencies and phase estimates, and copy
them to the tasks and phases already created from it (where they have none).

Reversible: the reverse clears what this migration set."""

from django.db import migrations

from videreforing.programmes.template_tasks import ESTIMATES_V1, PHASE_ESTIMATES_V1


def apply_estimates(apps, schema_editor):
    TaskTemplate = apps.get_model("programmes", "TaskTemplate")
    Task = apps.get_model("programmes", "Task")
    Phase = apps.get_model("programmes", "Phase")
    TaskDependency = apps.get_model("programmes", "TaskDependency")
    template = TaskTemplate.objects.filter(version=1).first()
    if template is None:
        return
    template.phase_estimates = PHASE_ESTIMATES_V1
    template.save(update_fields=["phase_estimates"])
    by_order = {}
    for tt in template.tasks.all():
        if tt.order not in ESTIMATES_V1:
            continue
        o, m, p, basis, depends_on = ESTIMATES_V1[tt.order]
        tt.optimistic_days, tt.likely_days, tt.pessimistic_days = o, m, p
        tt.estimate_basis, tt.depends_on = basis, depends_on
        tt.save()
        by_order[tt.order] = tt
    for continuation_id in Task.objects.filter(template_task__template=template).values_list(
        "continuation_id", flat=True
    ).distinct():
        tasks = {t.template_task.order: t for t in Task.objects.filter(
            continuation_id=continuation_id, template_task__template=template
        ).select_related("template_task")}
        for order, task in tasks.items():
            tt = by_order.get(order)
            if tt is None or task.likely_days is not None or task.duration_days is not None:
                continue
            task.optimistic_days, task.likely_days = tt.optimistic_days, tt.likely_days
            task.pessimistic_days, task.estimate_basis = tt.pessimistic_days, tt.estimate_basis
            task.save()
            for pred_order in tt.depends_on:
                if pred_order in tasks:
                    TaskDependency.objects.get_or_create(task=task,
                                                         predecessor=tasks[pred_order])
    for phase in Phase.objects.filter(continuation__template_version=template,
                                      likely_days__isnull=True):
        est = PHASE_ESTIMATES_V1.get(phase.kind)
        if est:
            phase.optimistic_days, phase.likely_days = est["optimistic"], est["likely"]
            phase.pessimistic_days, phase.estimate_basis = est["pessimistic"], est["basis"]
            phase.save()


def clear_estimates(apps, schema_editor):
    TaskTemplate = apps.get_model("programmes", "TaskTemplate")
    template = TaskTemplate.objects.filter(version=1).first()
    if template is None:
        return
    template.tasks.update(optimistic_days=None, likely_days=None, pessimistic_days=None,
                          estimate_basis="", depends_on=[])
    template.phase_estimates = {}
    template.save(update_fields=["phase_estimates"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_estimates_and_dependencies")]
    operations = [migrations.RunPython(apply_estimates, clear_estimates)]
