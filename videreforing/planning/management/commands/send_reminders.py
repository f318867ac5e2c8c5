from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from videreforing.planning.forecasts import recompute
from videreforing.planning.reminders import send_reminders


class Command(BaseCommand):
    help = ("Recompute the stored forecasts computed on an earlier day, then queue today's "
            "reminder e-mails (latest start, tasks due or overdue, gates waiting, risk). "
            "Safe to run more than once a day: each reminder goes once.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="run as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, date=None, **options):
        try:
            today = _parse(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        computed = recompute(today=today)
        queued, skipped = send_reminders(today)
        self.stdout.write(f"{computed} forecasts recomputed; "
                          f"{queued} reminders queued, {skipped} already sent")


def _parse(value: str) -> date:
    return date.fromisoformat(value)
