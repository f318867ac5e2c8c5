"""Background work, run by the django-tasks worker so that no request waits on it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_reminder_email(user_id: int, subject: str, body: str) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email_reminders:
        return False
    send_mail(subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL,
              recipient_list=[user.email])
    return True


@task()
def recompute_forecasts(programme_ids: list[int]) -> int:
    """Recompute the stored forecasts that are not for the current plan version (a bulk
    plan change, or stale rows found by a list)."""
    from .forecasts import recompute

    return recompute(programme_ids)
