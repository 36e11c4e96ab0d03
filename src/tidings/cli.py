"""The `tidings` command: every subcommand is a Django management command."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidings.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    from tidings.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as error:
        sys.stderr.write(f"tidings: configuration error: {error}\n")
        raise SystemExit(2) from None
    from django.core.management import execute_from_command_line

    if not args or args[0] in {"-h", "--help"}:
        args = ["help", "--commands"] if not args else ["help"]
        sys.stdout.write(USAGE)
    execute_from_command_line(["tidings", *args])


USAGE = """\
tidings: a news site that writes itself from publishers' feeds.

  tidings demo                 ingest the bundled demo feeds and serve the site
  tidings init [--starter]     create the database and the admin account
  tidings run                  web server, worker and scheduler in one process
  tidings worker               background workers alone
  tidings sources add|list|remove|import|export
  tidings fetch [--once] [--source ID]
  tidings extract FILE_OR_URL... [--jsonl]
  tidings help COMMAND         help on one command; every Django command works too

"""
