"""Docs that cannot drift: every setting and command is in the README."""

from pathlib import Path

from django.core.management import get_commands

from tidings.config import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()
OUR_COMMANDS = [
    "demo",
    "init",
    "run",
    "worker",
    "sources",
    "fetch",
    "extract",
    "tag",
    "dedupe",
    "summarize",
    "facts",
    "story-summary",
    "five-w",
    "answer",
    "stance",
    "embed",
    "eval",
    "reprocess",
    "reindex",
]


def test_every_setting_is_in_the_readme_table():
    table = README.split("<!-- settings-table")[1].split("<!-- end settings-table -->")[0]
    for setting in SETTINGS:
        assert f"| `{setting.name}` | {setting.default} | {setting.meaning} |" in table


def test_every_tidings_command_exists_and_is_documented():
    commands = get_commands()
    for name in OUR_COMMANDS:
        assert name in commands, name
        assert f"`tidings {name}" in README, name
