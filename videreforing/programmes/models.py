from datetime import date

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from videreforing.accounts.roles import Role
from videreforing.lib.bounds import COUNT, DATE, DAYS, text_validators
from videreforing.lib.orgnumber import validate_org_number
from videreforing.lib.phone import validate_phone
from videreforing.rules import deadlines, phases

# Longest free text (notes, descriptions, reasons). TextField has no length in the
# database, so the limit is a validator that `check_values` runs for pages and API alike.
TEXT_MAX = 5000
REASON_MAX = 2000


def long_text(max_length: int = TEXT_MAX) -> list:
    return [MaxLengthValidator(max_length), *text_validators(multiline=True)]


def _date_constraints(prefix: str, *fields: str) -> list[models.BaseConstraint]:
    return [DATE.constraint(f, name=f"{prefix}_{f}_in_range") for f in fields]


def _days_constraints(prefix: str, *fields: str) -> list[models.BaseConstraint]:
    return [DAYS.constraint(f, name=f"{prefix}_{f}_in_range") for f in fields]


ESTIMATE_POINTS = ("optimistic_days", "likely_days", "pessimistic_days")


class Programme(models.Model):
    """A restructuring programme of one or more municipalities (F-PERIOD)."""

    name = models.CharField(_("navn"), max_length=200)
    municipalities = models.ManyToManyField(
        "municipalities.Municipality", related_name="programmes", verbose_name=_("kommuner")
    )
    period_start = models.DateField(_("omstillingsperiodens start"),
                                    validators=DATE.validators())
    period_end = models.DateField(_("omstillingsperiodens slutt"), validators=DATE.validators())
    is_demo = models.BooleanField(_("demodata"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # Bumped in the same transaction by every change to the plan (tasks, estimates,
    # dependencies, phases, gates, period): planning.forecasts stores the schedule and
    # risk computed for one plan version and never shows it for another.
    plan_version = models.PositiveIntegerField(default=1, editable=False)

    # Set by the access helper for the requesting user (not stored).
    access: str = ""
    can_edit: bool = False

    class Meta:
        ordering = ["period_end", "name"]
        verbose_name = _("omstillingsprogram")
        verbose_name_plural = _("omstillingsprogrammer")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")),
                name="programme_period_end_after_start",
            ),
            *_date_constraints("programme", "period_start", "period_end"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def latest_start(self) -> date:
        return deadlines.latest_start(self.period_end)  # R-START

    @property
    def operative_deadline(self) -> date:
        return deadlines.operative_deadline(self.period_end)  # R-OPERATIVE


class Continuation(models.Model):
    """The process that builds the permanent development unit; one per programme."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="continuation"
    )
    template_version = models.ForeignKey(
        "TaskTemplate", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("videreføring")
        verbose_name_plural = _("videreføringer")

    def __str__(self) -> str:
        return f"{_('Videreføring')}: {self.programme}"


class Phase(models.Model):
    class Kind(models.TextChoices):
        PRE_STUDY = phases.PRE_STUDY, _("Forstudium")
        PRE_PROJECT = phases.PRE_PROJECT, _("Forprosjekt")
        MAIN_PROJECT = phases.MAIN_PROJECT, _("Hovedprosjekt")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Ikke startet")
        IN_PROGRESS = "in_progress", _("Pågår")
        COMPLETED = "completed", _("Fullført")
        STOPPED = "stopped", _("Stoppet")

    continuation = models.ForeignKey(Continuation, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("fase"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(validators=COUNT.validators())
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    planned_start = models.DateField(_("planlagt start"), null=True, blank=True,
                                     validators=DATE.validators())
    planned_end = models.DateField(_("planlagt slutt"), null=True, blank=True,
                                   validators=DATE.validators())
    actual_start = models.DateField(_("faktisk start"), null=True, blank=True,
                                    validators=DATE.validators())
    actual_end = models.DateField(_("faktisk slutt"), null=True, blank=True,
                                  validators=DATE.validators())
    override_reason = models.TextField(_("begrunnelse for tidlig start"), blank=True,
                                       validators=long_text(REASON_MAX))
    # The phase as a whole, used by the schedule while the phase has no tasks.
    optimistic_days = models.PositiveIntegerField(_("optimistisk (dager)"), null=True, blank=True,
                                                  validators=DAYS.validators())
    likely_days = models.PositiveIntegerField(_("mest sannsynlig (dager)"), null=True, blank=True,
                                              validators=DAYS.validators())
    pessimistic_days = models.PositiveIntegerField(
        _("pessimistisk (dager)"), null=True, blank=True, validators=DAYS.validators()
    )
    estimate_basis = models.CharField(
        _("grunnlag for estimatet"), max_length=32, blank=True,
        help_text=_("Regel-id (f.eks. R-DURATION) eller «assumption» for applikasjonens "
                    "egen antakelse."),
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("fase")
        verbose_name_plural = _("faser")
        constraints = [
            models.UniqueConstraint(fields=["continuation", "kind"], name="one_phase_per_kind"),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="phase_planned_end_after_start",
            ),
            *_date_constraints("phase", "planned_start", "planned_end", "actual_start",
                               "actual_end"),
            *_days_constraints("phase", *ESTIMATE_POINTS),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def three_point(self) -> tuple[int, int, int] | None:
        return estimate_of(self)

    @property
    def estimate_is_assumption(self) -> bool:
        return self.estimate_basis == ASSUMPTION

    @property
    def gate(self) -> "GateDecision | None":
        """The latest gate decision of this phase that is not withdrawn."""
        decisions = getattr(self, "_prefetched_objects_cache", {}).get("gate_decisions")
        if decisions is not None:
            return max((d for d in decisions if d.withdrawn_at is None),
                       key=lambda d: (d.decided_on, d.pk), default=None)
        return (self.gate_decisions.filter(withdrawn_at__isnull=True)
                .order_by("-decided_on", "-pk").first())


class DecidingBody(models.TextChoices):
    RESTRUCTURING_BOARD = "restructuring_board", _("Omstillingsstyret")
    EXECUTIVE_COMMITTEE = "executive_committee", _("Formannskapet")
    MUNICIPAL_COUNCIL = "municipal_council", _("Kommunestyret")
    OTHER = "other", _("Annet")


class GateDecision(models.Model):
    """The decision that closes a phase (R-PHASES)."""

    class Outcome(models.TextChoices):
        APPROVED = phases.APPROVED, _("Godkjent")
        REWORK = phases.REWORK, _("Må bearbeides")
        STOPPED = phases.STOPPED, _("Stoppet")

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="gate_decisions")
    deciding_body = models.CharField(_("vedtaksorgan"), max_length=32, choices=DecidingBody.choices)
    decided_on = models.DateField(_("vedtaksdato"), validators=DATE.validators())
    outcome = models.CharField(_("utfall"), max_length=16, choices=Outcome.choices)
    case_number = models.CharField(_("saksnummer"), max_length=50, blank=True)
    note = models.TextField(_("merknad"), blank=True, validators=long_text())
    document = models.ForeignKey(
        "documents.GeneratedDocument", null=True, blank=True, on_delete=models.PROTECT,
        related_name="gate_decisions", verbose_name=_("dokumentet vedtaket gjelder"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # A withdrawn decision stays (with its reason) for the record; `Phase.gate` skips it.
    withdrawn_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawal_reason = models.TextField(_("begrunnelse for tilbaketrekking"), blank=True,
                                         validators=long_text(REASON_MAX))
    # The phase's tasks still open when the approval was recorded: [{"id", "title"}].
    # Kept as recorded (titles too), so the record stays true if a task is later
    # renamed, ticked off or removed.
    open_tasks_at_decision = models.JSONField(_("åpne oppgaver ved vedtaket"), default=list,
                                              blank=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        constraints = _date_constraints("gate", "decided_on")

    def __str__(self) -> str:
        return f"{self.phase}: {self.get_outcome_display()} ({self.decided_on})"


class TaskTemplate(models.Model):
    """A versioned set of template tasks for a new continuation."""

    version = models.PositiveIntegerField(unique=True)
    name = models.CharField(_("navn"), max_length=200)
    is_active = models.BooleanField(_("i bruk"), default=False)
    phase_estimates = models.JSONField(
        _("estimat per fase"), default=dict, blank=True,
        help_text=_("Per fase: optimistic, likely, pessimistic (dager) og basis."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("oppgavemal")
        verbose_name_plural = _("oppgavemaler")

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class TaskEvent(models.TextChoices):
    """Events of other apps that complete a template task."""

    TENDER_ANNOUNCED = "tender_announced", _("Konkurransen er lyst ut")
    TENDER_AWARDED = "tender_awarded", _("Konkurransen er tildelt")


class TemplateTask(models.Model):
    template = models.ForeignKey(TaskTemplate, on_delete=models.CASCADE, related_name="tasks")
    stage = models.CharField(_("fase"), max_length=20)
    order = models.PositiveSmallIntegerField(default=0, validators=COUNT.validators())
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True, validators=long_text())
    responsible_role = models.CharField(
        _("ansvarlig rolle"), max_length=32, choices=Role.choices, blank=True
    )
    rule_id = models.CharField(_("regel"), max_length=32, blank=True)
    optimistic_days = models.PositiveIntegerField(_("optimistisk (dager)"), null=True, blank=True,
                                                  validators=DAYS.validators())
    likely_days = models.PositiveIntegerField(_("mest sannsynlig (dager)"), null=True, blank=True,
                                              validators=DAYS.validators())
    pessimistic_days = models.PositiveIntegerField(
        _("pessimistisk (dager)"), null=True, blank=True, validators=DAYS.validators()
    )
    estimate_basis = models.CharField(
        _("grunnlag for estimatet"), max_length=32, blank=True,
        help_text=_("Regel-id (f.eks. R-DURATION) eller «assumption» for applikasjonens "
                    "egen antakelse."),
    )
    depends_on = models.JSONField(
        _("avhenger av (rekkefølgenummer i malen)"), default=list, blank=True
    )
    # A task that an event elsewhere in the application completes (for example the
    # tender's award): `services.complete_tasks_for_event` ticks the continuation's
    # tasks made from this template task.
    event = models.CharField(_("hendelse som fullfører oppgaven"), max_length=32,
                             choices=TaskEvent.choices, blank=True)

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("maloppgave")
        verbose_name_plural = _("maloppgaver")
        constraints = _days_constraints("template_task", *ESTIMATE_POINTS)

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    class Stage(models.TextChoices):
        INITIATION = phases.INITIATION, _("Oppstart")
        PRE_STUDY = phases.PRE_STUDY, _("Forstudium")
        PRE_PROJECT = phases.PRE_PROJECT, _("Forprosjekt")
        MAIN_PROJECT = phases.MAIN_PROJECT, _("Hovedprosjekt")

    continuation = models.ForeignKey(Continuation, on_delete=models.CASCADE, related_name="tasks")
    phase = models.CharField(_("fase"), max_length=20, choices=Stage.choices)
    order = models.PositiveIntegerField(default=0, validators=COUNT.validators())
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True, validators=long_text())
    responsible_role = models.CharField(
        _("ansvarlig rolle"), max_length=32, choices=Role.choices, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_tasks", verbose_name=_("ansvarlig person"),
    )
    due_date = models.DateField(_("frist"), null=True, blank=True, validators=DATE.validators())
    done = models.BooleanField(_("utført"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    started_on = models.DateField(_("startet"), null=True, blank=True,
                                  validators=DATE.validators())
    rule_id = models.CharField(_("regel"), max_length=32, blank=True)
    duration_days = models.PositiveIntegerField(_("varighet (dager)"), null=True, blank=True,
                                                validators=DAYS.validators())
    optimistic_days = models.PositiveIntegerField(_("optimistisk (dager)"), null=True, blank=True,
                                                  validators=DAYS.validators())
    likely_days = models.PositiveIntegerField(_("mest sannsynlig (dager)"), null=True, blank=True,
                                              validators=DAYS.validators())
    pessimistic_days = models.PositiveIntegerField(
        _("pessimistisk (dager)"), null=True, blank=True, validators=DAYS.validators()
    )
    estimate_basis = models.CharField(
        _("grunnlag for estimatet"), max_length=32, blank=True,
        help_text=_("Regel-id (f.eks. R-DURATION) eller «assumption» for applikasjonens "
                    "egen antakelse."),
    )
    template_task = models.ForeignKey(
        TemplateTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when an event elsewhere ticked the task off (e.g. the tender's award): which
    # event, what (the tender's title) and a link to it. Cleared when the task reopens.
    done_by_event = models.CharField(_("utført ved hendelse"), max_length=32,
                                     choices=TaskEvent.choices, blank=True)
    done_source = models.CharField(_("utført ved"), max_length=200, blank=True)
    done_link = models.CharField(_("lenke"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("oppgave")
        verbose_name_plural = _("oppgaver")
        constraints = [
            *_date_constraints("task", "due_date", "started_on"),
            *_days_constraints("task", "duration_days", *ESTIMATE_POINTS),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_date and not self.done and self.due_date < timezone.localdate())

    @property
    def three_point(self) -> tuple[int, int, int] | None:
        """(optimistic, likely, pessimistic) in days, or None without an estimate."""
        return estimate_of(self, single=self.duration_days)

    @property
    def estimate_is_assumption(self) -> bool:
        return self.estimate_basis == ASSUMPTION


class TaskDependency(models.Model):
    """Finish-to-start: `task` starts `lag_days` after `predecessor` finishes.

    The lag is a wait, never a lead: 0–3650 days (DAYS); a negative lag (overlap) is
    not part of the model."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="dependencies")
    predecessor = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="successors")
    lag_days = models.PositiveIntegerField(_("forsinkelse (dager)"), default=0,
                                           validators=DAYS.validators())

    class Meta:
        verbose_name = _("avhengighet")
        verbose_name_plural = _("avhengigheter")
        constraints = [
            models.UniqueConstraint(fields=["task", "predecessor"], name="one_dependency_per_pair"),
            models.CheckConstraint(condition=~models.Q(task=models.F("predecessor")),
                                   name="task_not_own_predecessor"),
            *_days_constraints("dependency", "lag_days"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.task}"


ASSUMPTION = "assumption"


def estimate_of(obj, single: int | None = None) -> tuple[int, int, int] | None:
    points = (obj.optimistic_days, obj.likely_days, obj.pessimistic_days)
    if None not in points:
        return points  # type: ignore[return-value]
    if single is not None:
        return (single, single, single)
    return None


class Stakeholder(models.Model):
    """A local business, organisation or public body to involve (R-COOPERATE)."""

    class Kind(models.TextChoices):
        BUSINESS = "business", _("Bedrift")
        ORGANISATION = "organisation", _("Organisasjon")
        PUBLIC_BODY = "public_body", _("Offentlig virksomhet")
        OTHER = "other", _("Annet")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="stakeholders")
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    org_number = models.CharField(
        _("organisasjonsnummer"), max_length=9, blank=True, validators=[validate_org_number]
    )
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True,
                                     validators=[validate_phone])
    notes = models.TextField(_("notater"), blank=True, validators=long_text())
    version = models.PositiveIntegerField(default=1)
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("interessent")
        verbose_name_plural = _("interessenter")

    def __str__(self) -> str:
        return self.name
