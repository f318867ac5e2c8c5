"""Every change to a programme's plan bumps its plan version (planning/forecasts.py):
tasks (their estimates, dates, completion, removal), dependencies, phases, gate
decisions and the programme's period. Connected in PlanningConfig.ready, so that a
change made anywhere (a service, the admin) counts. A queryset `.update()` sends no
signal: bulk changes call forecasts.bump_plan_versions themselves."""

from django.db.models.signals import post_delete, post_save, pre_save

from videreforing.programmes.models import (
    Continuation,
    GateDecision,
    Phase,
    Programme,
    Task,
    TaskDependency,
)

from .forecasts import bump_plan_version


def _programme_of_continuation(continuation_id) -> int | None:
    return (Continuation.objects.filter(pk=continuation_id)
            .values_list("programme_id", flat=True).first())


def task_changed(sender, instance: Task, **kwargs) -> None:
    bump_plan_version(_programme_of_continuation(instance.continuation_id))


def phase_changed(sender, instance: Phase, **kwargs) -> None:
    bump_plan_version(_programme_of_continuation(instance.continuation_id))


def gate_changed(sender, instance: GateDecision, **kwargs) -> None:
    continuation_id = (Phase.objects.filter(pk=instance.phase_id)
                       .values_list("continuation_id", flat=True).first())
    bump_plan_version(_programme_of_continuation(continuation_id))


def dependency_changed(sender, instance: TaskDependency, **kwargs) -> None:
    continuation_id = (Task.objects.filter(pk=instance.task_id)
                       .values_list("continuation_id", flat=True).first())
    bump_plan_version(_programme_of_continuation(continuation_id))


def programme_saving(sender, instance: Programme, **kwargs) -> None:
    """Remember the stored period, to tell after the save whether it changed."""
    stored = None
    if instance.pk is not None:
        stored = (Programme.objects.filter(pk=instance.pk)
                  .values_list("period_start", "period_end").first())
    instance.__dict__["_stored_period"] = stored


def programme_saved(sender, instance: Programme, created: bool, **kwargs) -> None:
    stored = getattr(instance, "_stored_period", None)
    if created or stored != (instance.period_start, instance.period_end):
        bump_plan_version(instance.pk)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(task_changed, sender=Task, dispatch_uid="plan-task")
        signal.connect(phase_changed, sender=Phase, dispatch_uid="plan-phase")
        signal.connect(gate_changed, sender=GateDecision, dispatch_uid="plan-gate")
        signal.connect(dependency_changed, sender=TaskDependency,
                       dispatch_uid="plan-dependency")
    pre_save.connect(programme_saving, sender=Programme, dispatch_uid="plan-programme-pre")
    post_save.connect(programme_saved, sender=Programme, dispatch_uid="plan-programme")
