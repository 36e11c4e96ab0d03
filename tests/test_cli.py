"""The `tidings` command as its users meet it: version, help, and no tracebacks for
failures they can fix."""

from __future__ import annotations

import socket
from importlib import metadata

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from tests.test_settings import tidings
from tidings.cli import PLUMBING, TIDINGS_PLUMBING, hide_plumbing

OUR_COMMANDS = sorted(name for name, app in get_commands().items() if app.startswith("tidings."))
UNREACHABLE = "postgres://postgres:s3cret@127.0.0.1:1/news"


def test_version_is_tidings_own(tmp_path):
    result = tidings("--version", tmp_path=tmp_path)
    assert result.stdout == f"tidings {metadata.version('tidings')}\n"


@pytest.mark.parametrize("args", [(), ("--help",), ("help",)])
def test_help_lists_every_tidings_command_and_none_of_djangos(tmp_path, args):
    result = tidings(*args, tmp_path=tmp_path)
    assert result.returncode == 0
    listed = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert sorted(listed) == OUR_COMMANDS
    assert "startproject" not in result.stdout


def test_djangos_commands_are_behind_help_all(tmp_path):
    assert "createsuperuser" in tidings("help", "--all", tmp_path=tmp_path).stdout


@pytest.mark.parametrize("args", [("help", "fetch"), ("fetch", "--help")])
def test_a_commands_help_leaves_out_djangos_plumbing(tmp_path, args):
    result = tidings(*args, tmp_path=tmp_path)
    assert "--once" in result.stdout
    for option in TIDINGS_PLUMBING:
        assert option not in result.stdout


@pytest.mark.parametrize("name", OUR_COMMANDS)
def test_no_help_text_shows_plumbing_or_development_paths(name):
    command = load_command_class(get_commands()[name], name)
    hide_plumbing(command)
    text = command.create_parser("tidings", name).format_help()
    assert "shared/" not in text
    assert not [option for option in PLUMBING if option in text]


def test_an_uninitialised_home_says_to_run_init(tmp_path):
    result = tidings("sources", "list", tmp_path=tmp_path)
    assert result.returncode == 1
    assert "is not set up yet; run `tidings init` first." in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [("sources", "list"), ("init",)])
def test_an_unreachable_database_is_named_without_its_password(tmp_path, args):
    result = tidings(*args, tmp_path=tmp_path, DATABASE_URL=UNREACHABLE)
    assert result.returncode == 1
    assert "cannot connect to the PostgreSQL database news on 127.0.0.1:1" in result.stderr
    assert "Connection refused" in result.stderr
    assert "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_refuses_a_busy_port_before_ingesting(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = tidings("demo", "--port", str(port), tmp_path=tmp_path)
    assert result.returncode == 1
    assert f"Port {port} on 127.0.0.1 is in use by process" in result.stderr
    assert "Fetching" not in result.stdout


def test_eval_without_its_data_names_the_option(tmp_path):
    with pytest.raises(CommandError, match="--data DIR"):
        call_command("eval", "tagging", "--data", str(tmp_path / "missing"))
