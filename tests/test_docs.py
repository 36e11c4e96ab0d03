"""Docs that cannot drift: every setting and command is in the README and in `tidings --help`."""

from pathlib import Path

from django.core.management import get_commands

from tidings.cli import GROUPS
from tidings.config import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
# Each tidings command as `tidings --help` groups it.
OUR_COMMANDS = [name for commands in GROUPS.values() for name, _ in commands]


def test_every_setting_is_in_the_readme_table():
    table = README.split("<!-- settings-table")[1].split("<!-- end settings-table -->")[0]
    for setting in SETTINGS:
        assert f"| `{setting.name}` | {setting.default} | {setting.meaning} |" in table


def test_every_tidings_command_exists_and_is_documented():
    commands = get_commands()
    for name in OUR_COMMANDS:
        assert name in commands, name
        assert f"`tidings {name}" in README, name


def test_every_tidings_command_is_in_exactly_one_help_group():
    ours = [name for name, app in get_commands().items() if app.startswith("tidings.")]
    assert sorted(OUR_COMMANDS) == sorted(ours)


def test_ci_installs_and_tests_as_the_readme_says():
    test_section = README.split("\n## Test\n")[1].split("\n## ")[0]
    commands = test_section.split("```sh\n")[1].split("```")[0].strip().splitlines()
    assert commands[0].startswith("pip install")
    ci = (ROOT / ".ci" / "run").read_text()
    for command in commands:
        assert command in ci, command


def test_running_the_site_installs_no_developer_tools():
    run_section = README.split("\n## Run it\n")[1].split("\n## ")[0]
    assert 'pip install -e ".[ml]"' in run_section
    assert "dev]" not in run_section
