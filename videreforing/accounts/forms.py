from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from videreforing.lib.forms import DesignsystemetMixin


class LoginForm(DesignsystemetMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-postadresse"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("Feil e-postadresse eller passord. Prøv igjen."),
        "inactive": _("Kontoen er deaktivert."),
    }


class ChoosePasswordForm(DesignsystemetMixin, SetPasswordForm):
    pass


class ResetPasswordForm(DesignsystemetMixin, PasswordResetForm):
    """"Glemt passord?": a link by e-mail to choose a new password.

    The page answers the same whether or not the address has an account, and the
    e-mail goes through the background worker so that the answer takes as long either
    way. A person who was invited but never chose a password may use it too (the same
    link as in the invitation). The link points at SITE_URL, like the invitations."""

    email = forms.EmailField(
        label=_("E-postadresse"), max_length=254,
        help_text=_("Adressen du logger inn med."),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(email__iexact=email.strip(),
                                                         is_active=True)
        return (u for u in users if u.email.casefold() == email.strip().casefold())

    def save(self, *args, extra_email_context=None, **kwargs):
        timeout_days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        context = {"site_url": settings.SITE_URL, "valid_days": timeout_days,
                   **(extra_email_context or {})}
        return super().save(*args, extra_email_context=context, **kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):
        from .tasks import send_password_reset_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_password_reset_email.enqueue(to=to_email, subject=subject, body=body)
