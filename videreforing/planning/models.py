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
