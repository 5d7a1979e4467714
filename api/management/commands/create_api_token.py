"""Make an API token for a person from the command line (as the profile page does) and print it once."""

from django.core.management.base import BaseCommand, CommandError

from api.tokens import TooManyTokens, create_token
from units.models import User


class Command(BaseCommand):
    help = "Make an API token for a user and print it. It is shown only this once; only its hash is kept."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        try:
            _token, text = create_token(user, name)
        except TooManyTokens:
            raise CommandError(f"{username} has too many tokens; revoke some at /profile/tokens/ first.") from None
        self.stdout.write(text)
