"""The `tidings` command: every subcommand is a Django management command.

Django's own command line is made for the people who wrote the project; this edge adds
what someone who only installed tidings needs: tidings' version, its commands in groups,
each command's help without Django's plumbing options, and a sentence instead of a
traceback when the database is missing, unreachable or not set up.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import metadata

# Every tidings command, once, with one line on what it does (a test keeps this complete).
GROUPS: dict[str, list[tuple[str, str]]] = {
    "Reading and serving": [
        ("demo", "ingest the bundled demo news (no internet needed) and serve the site"),
        ("init", "create the database and the admin account (--starter: a list of feeds)"),
        ("run", "web server, worker and fetch schedule in one process"),
    ],
    "Sources": [
        ("sources", "the feeds you follow: add, list, remove, import, export (OPML)"),
        ("fetch", "fetch sources now (--once) or on their schedule in the foreground"),
    ],
    "Readers": [
        ("app-password", "a reader's password for feed reader apps (Google Reader, Fever API)"),
    ],
    "Pipeline stages (JSON Lines in, JSON Lines out)": [
        ("extract", "the article of an HTML page: text, lead image, caption, credit"),
        ("tag", "hashtags of each article"),
        ("dedupe", "syndicated copies among the articles"),
        ("summarize", "two or three of each article's sentences"),
        ("facts", "numbers, money and dates of each article, with what they count"),
        ("five-w", "who, what, when, where, why and how of each article"),
        ("embed", "one vector per article"),
        ("cluster", "group articles into stories"),
        ("related", "each article's related articles among the others, outside its story"),
        ("story-summary", "a story's summary across its outlets, with citations"),
        ("answer", "a reader's question answered from a story's sentences, cited"),
        ("stance", "whether a text agrees with, disputes or discusses a claim"),
        ("moderate", "spam and toxicity scores of comments, with reasons"),
    ],
    "Evaluation": [
        ("eval", "a stage's scores on labelled data, as JSON"),
    ],
    "Operations": [
        ("worker", "background workers alone, for scale-out"),
        ("reprocess", "run one stage again over every stored article"),
        ("reindex", "rebuild the vector index of related articles (--search: the search index)"),
    ],
}

# Options Django adds to every command: for developers of a Django project, not for people
# running tidings.
PLUMBING = {
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
    "--version",
}
# No tidings command reads --verbosity; Django's own (migrate, ...) keep it.
TIDINGS_PLUMBING = PLUMBING | {"--verbosity"}
HELP_FLAGS = {"-h", "--help"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in HELP_FLAGS or args == ["help"]:
        sys.stdout.write(usage())
        return
    if args[0] in {"--version", "-V"}:
        sys.stdout.write(f"tidings {version()}\n")
        return
    setup_django()
    if args[:2] == ["help", "--all"]:
        from django.core.management import ManagementUtility

        sys.stdout.write(ManagementUtility(["tidings"]).main_help_text() + "\n")
        return
    if args[0] == "help":
        args = [args[1], "--help"]
    run(args)


def usage() -> str:
    width = max(len(name) for commands in GROUPS.values() for name, _ in commands)
    lines = [
        f"tidings {version()}: a news site that writes itself from publishers' feeds.",
        "",
        "Usage: tidings COMMAND [OPTIONS]",
    ]
    for group, commands in GROUPS.items():
        lines += ["", f"{group}:"]
        lines += [f"  {name:<{width}}  {line}" for name, line in commands]
    lines += [
        "",
        "`tidings help COMMAND` (or `tidings COMMAND --help`) shows a command's options;",
        "`tidings help --all` also lists Django's commands (migrate, shell, createsuperuser).",
    ]
    return "\n".join(lines) + "\n"


def version() -> str:
    try:
        return metadata.version("tidings")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidings.settings")
    from tidings.config import ConfigError

    try:
        import django

        django.setup()
    except ConfigError as error:
        sys.stderr.write(f"tidings: configuration error: {error}\n")
        raise SystemExit(2) from None


def run(args: list[str]) -> None:
    """Run one command; a database that is not there or not set up ends it with a sentence
    and exit status 1 (the traceback only with --traceback)."""
    from django.core.management import ManagementUtility
    from django.db import DatabaseError

    argv = ["tidings", *args]
    command = ManagementUtility(argv).fetch_command(args[0])  # exits 1 on unknown commands
    hide_plumbing(command)
    try:
        command.run_from_argv(argv)
    except DatabaseError:
        problem = database_problem()
        if problem is None or "--traceback" in args:
            raise
        sys.stderr.write(f"tidings: {problem}\n")
        raise SystemExit(1) from None


def hide_plumbing(command) -> None:
    """Leave Django's plumbing options out of the command's help; they still work."""
    ours = type(command).__module__.startswith("tidings.")
    hidden = TIDINGS_PLUMBING if ours else PLUMBING
    make_parser = command.create_parser

    def create_parser(prog_name: str, subcommand: str, **kwargs):
        parser = make_parser(prog_name, subcommand, **kwargs)
        for action in parser._actions:
            if hidden.intersection(action.option_strings):
                action.help = argparse.SUPPRESS
        return parser

    command.create_parser = create_parser
    command.get_version = version  # what `tidings COMMAND --version` prints


def database_problem() -> str | None:
    """Why the database cannot serve tidings, in words; None when it looks fine (the error
    that brought us here is then a bug, and its traceback is worth showing)."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    connection = connections[DEFAULT_DB_ALIAS]
    where = describe_database(connection.settings_dict)
    connection.close()  # start afresh: the failed command may have left it mid-transaction
    try:
        connection.ensure_connection()
    except DatabaseError as error:
        return f"cannot connect to {where}: {' '.join(str(error).split())}"
    try:
        executor = MigrationExecutor(connection)
        missing = executor.migration_plan(executor.loader.graph.leaf_nodes())
        set_up = executor.recorder.has_table()
    except DatabaseError as error:
        return f"cannot read the state of {where}: {' '.join(str(error).split())}"
    if missing and not set_up:
        return f"{where} is not set up yet; run `tidings init` first."
    if missing:
        return (
            f"{where} is older than this version of tidings ({len(missing)} changes to "
            "apply); run `tidings init` to bring it up to date."
        )
    return None


def describe_database(database: dict) -> str:
    """The database in words, without its password."""
    if database["ENGINE"].endswith("sqlite3"):
        return f"the SQLite database {database['NAME']}"
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    user = f" as {database['USER']}" if database.get("USER") else ""
    return f"the PostgreSQL database {database['NAME']} on {host}{port}{user}"
