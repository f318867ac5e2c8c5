import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A user's secret calendar URL. Revoking it makes the URL answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self) -> str:
        return f"{self.user} ({self.token[:6]}…)"

    @classmethod
    def issue(cls, *, user) -> "CalendarFeed":
        return cls.objects.create(user=user, token=secrets.token_urlsafe(32))


class ReminderLog(models.Model):
    """One reminder that has gone to one person; the key says which and why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    key = models.CharField(max_length=200)
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    subject = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_reminder_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.key}"


class Forecast(models.Model):
    """The schedule and risk figures of a programme's plan, stored for the plan version
    (Programme.plan_version) and the day they were computed for, so that lists read
    them instead of computing a schedule per row (planning/forecasts.py)."""

    programme = models.OneToOneField("programmes.Programme", on_delete=models.CASCADE,
                                     related_name="forecast")
    plan_version = models.PositiveIntegerField()
    computed_on = models.DateField()
    computed_at = models.DateTimeField(auto_now=True)
    forecast_operative = models.DateField(_("prognose for operativ enhet"), null=True)
    operative_deadline = models.DateField(_("frist for operativ enhet"))
    slack_days = models.BigIntegerField(_("slakk (dager)"), null=True)
    probability_on_time = models.FloatField(_("sannsynlighet for å nå fristen"), null=True)
    p50 = models.DateField(null=True)
    p80 = models.DateField(null=True)
    samples = models.PositiveIntegerField(default=0)
    critical_path = models.JSONField(default=list)
    missing_estimates = models.PositiveIntegerField(default=0)
    out_of_range = models.BooleanField(default=False)
    # Facts of the same plan version that the portfolio shows for every programme
    # (issue 10): stored here so that a list of 357 programmes reads one row each
    # instead of their phases and tasks (planning/forecasts.py `plan_facts`).
    started_on = models.DateField(null=True)  # the continuation's first actual start
    current_phase = models.CharField(max_length=20, blank=True)  # "" before any start
    gate_phase = models.CharField(max_length=20, blank=True)  # waiting for its gate
    main_completed = models.BooleanField(default=False)  # the main project approved

    class Meta:
        verbose_name = _("prognose")
        verbose_name_plural = _("prognoser")

    def __str__(self) -> str:
        return f"{self.programme_id} v{self.plan_version}: {self.forecast_operative}"
