import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with e-mail and password."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-postadresse"), unique=True)
    email_reminders = models.BooleanField(
        _("påminnelser på e-post"), default=True,
        help_text=_("Frister, oppgaver og vedtak som venter."),
    )
    # Innovasjon Norge's national team (F-ROLES): reads every programme, like an adviser
    # of every county (issue 10). Administrators (superusers) read every programme too.
    national_access = models.BooleanField(
        _("nasjonalt team (Innovasjon Norge)"), default=False,
        help_text=_("Leser alle omstillingsprogrammer i porteføljen."),
    )
    email_digest = models.BooleanField(
        _("ukentlig oppsummering på e-post"), default=True,
        help_text=_("For rådgivere: hva som er endret i porteføljen den siste uken."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def sees_every_programme(self) -> bool:
        """The national team and administrators read every programme (issue 10)."""
        return bool(self.is_active and (self.national_access or self.is_superuser))


class Membership(models.Model):
    """A user's role in one programme."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_membership_per_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class AdviserAssignment(models.Model):
    """An Innovasjon Norge adviser follows every programme in a county (R-ADVISER)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adviser_assignments"
    )
    county = models.ForeignKey(
        "municipalities.County", on_delete=models.PROTECT, related_name="advisers"
    )

    class Meta:
        verbose_name = _("rådgiver for fylke")
        verbose_name_plural = _("rådgivere for fylker")
        constraints = [
            models.UniqueConstraint(fields=["user", "county"], name="one_assignment_per_county")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.county}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("navn"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, *, user, name: str = "") -> tuple["ApiToken", str]:
        raw = "vf_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:8])
        return token, raw
