from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from videreforing.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a user (by e-mail) and print it as the last line."

    def add_arguments(self, parser):
        parser.add_argument("username", help="the user's e-mail address")
        parser.add_argument("--name", default="", help="a label for the token")

    def handle(self, *args, username, name, **options):
        User = get_user_model()
        try:
            user = User.objects.get(email__iexact=username.strip())
        except User.DoesNotExist as exc:
            raise CommandError(f"No user with e-mail {username!r}") from exc
        _token, raw = ApiToken.issue(user=user, name=name or "cli")
        self.stdout.write(raw)
