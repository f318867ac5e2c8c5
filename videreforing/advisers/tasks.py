"""Background work for the advisers' remarks and digests, run by the django-tasks
worker so that no request waits on SMTP."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_remark_email(recipients: list[str], subject: str, body: str) -> int:
    """A remark or a reply, to each recipient in a mail of their own (no addresses of
    others are disclosed)."""
    sent = 0
    for address in recipients:
        sent += send_mail(subject=subject, message=body,
                          from_email=settings.DEFAULT_FROM_EMAIL, recipient_list=[address])
    return sent


@task()
def send_digest_email(user_id: int, subject: str, body: str) -> bool:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email_digest:
        return False
    send_mail(subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL,
              recipient_list=[user.email])
    return True


@task()
def send_weekly_digests(day: str | None = None) -> list[int]:
    """The whole weekly run (what `manage.py send_digest` does), for a scheduler that
    enqueues tasks instead of running commands. Returns [queued, skipped]."""
    from datetime import date

    from django.utils import timezone

    from .digest import send_digests

    queued, skipped = send_digests(date.fromisoformat(day) if day else timezone.localdate())
    return [queued, skipped]
