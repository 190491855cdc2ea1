from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chancery.accounts import devices


class Command(BaseCommand):
    """Removes an account's authenticator app and recovery codes, for an editor who lost both.

    Their next sign-in sets up a new authenticator. Check who is asking before running it:
    until they sign in, the password alone is enough to set one up.
    """

    help = "Remove USER's authenticator and recovery codes; their next sign-in sets up new ones."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            raise CommandError(f"No account with the username {username!r}.") from None
        devices.reset(user)
        self.stdout.write(
            f"Two-step sign-in reset for {user.get_username()}: "
            "they set up a new authenticator at their next sign-in."
        )
