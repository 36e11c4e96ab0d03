"""`tidings app-password USERNAME [--label L]`: an app password for a reader's feed app."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from tidings.readers.app_passwords import create_app_password


class Command(BaseCommand):
    help = (
        "Make an app password for USERNAME's feed reader app (Google Reader or Fever API); "
        "it is printed once and cannot be shown again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="feed reader", help="what the password is for")

    def handle(self, *args, username: str, label: str, **options):
        reader = User.objects.filter(username__iexact=username).first()
        if reader is None:
            raise CommandError(f"No account is named {username!r}.")
        try:
            password = create_app_password(reader, label)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(password)
        self.stderr.write(
            f"App password {label!r} for {reader.get_username()}: it is shown only now. "
            "Give your app this site's /api/greader (Google Reader) or /api/fever/ address."
        )
