from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from videreforing.advisers.digest import send_digests


class Command(BaseCommand):
    help = ("Queue the weekly digest to each adviser and national user (changes, programmes "
            "that turned red, latest starts within 90 days, gates waiting). Safe to run more "
            "than once a week: each person gets one digest per ISO week.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, date=None, **options):
        try:
            today = _parse(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        queued, skipped = send_digests(today)
        self.stdout.write(f"{queued} digests queued, {skipped} already sent or empty")


def _parse(value: str) -> date:
    return date.fromisoformat(value)
