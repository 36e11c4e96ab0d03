import getpass
import os
import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tidings.sources.models import Source
from tidings.sources.services import import_opml

STARTER_OPML = Path(__file__).resolve().parents[2] / "starter.opml"
ADMIN = "admin"


class Command(BaseCommand):
    help = (
        "Create the database and the admin account 'admin'. On a terminal it asks for the "
        "password; without one it writes a generated password to a file only you can read."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--starter", action="store_true", help="also follow the bundled starter list of feeds"
        )

    def handle(self, *args, starter=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Database ready ({settings.DATABASES['default']['NAME']}).")
        self.create_admin()
        if starter:
            created, existing = import_opml(STARTER_OPML.read_bytes())
            self.stdout.write(
                f"Following {len(created)} starter sources ({existing} were there already)."
            )
        elif not Source.objects.exists():
            self.stdout.write(
                "No sources yet: `tidings init --starter` follows a starter list of public "
                "broadcasters and newspapers, `tidings sources add URL` follows one feed."
            )

    def create_admin(self) -> None:
        users = get_user_model()
        if users.objects.filter(username=ADMIN).exists():
            self.stdout.write(f"The admin account '{ADMIN}' exists already; left as it is.")
            return
        user = users(username=ADMIN, is_staff=True, is_superuser=True)
        if sys.stdin.isatty():
            user.set_password(ask_password(user))
            user.save()
            self.stdout.write(f"Created the admin account '{ADMIN}'.")
            return
        password = secrets.token_urlsafe(18)
        user.set_password(password)
        path = Path(settings.TIDINGS_HOME) / "admin-password.txt"
        if path.exists():
            path.unlink()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(password + "\n")
        user.save()
        self.stdout.write(
            f"Created the admin account '{ADMIN}'; its password is in {path} "
            "(readable only by you)."
        )


def ask_password(user) -> str:
    try:
        while True:
            password = getpass.getpass(f"Password for '{user.username}': ")
            if password != getpass.getpass("The same again: "):
                sys.stderr.write("The two passwords differ; try again.\n")
                continue
            try:
                password_validation.validate_password(password, user)
            except ValidationError as error:
                sys.stderr.write(" ".join(error.messages) + "\n")
                continue
            return password
    except (EOFError, KeyboardInterrupt):
        raise CommandError("No password given; nothing created.") from None
