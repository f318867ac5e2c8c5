"""Background work for accounts, run by the django-tasks worker."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_password_reset_email(to: str, subject: str, body: str) -> None:
    """Sent by the worker, so that the reset page answers as fast for an address that
    has an account as for one that has none."""
    send_mail(subject=subject, message=body, from_email=settings.DEFAULT_FROM_EMAIL,
              recipient_list=[to])
