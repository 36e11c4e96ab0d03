"""Settings from the environment: parsed to their types, refused loudly when wrong."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.config import ConfigError, database_from_url, env_bool, env_int


def test_database_url_selects_postgresql_with_its_parts(tmp_path):
    database = database_from_url("postgres://news:s%40cret@db.example:6543/tidings", tmp_path)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "tidings",
        "news",
        "s@cret",
    )
    assert (database["HOST"], database["PORT"]) == ("db.example", "6543")


def test_no_database_url_means_sqlite_in_wal_mode_under_home(tmp_path):
    database = database_from_url("", tmp_path)
    assert database["NAME"] == str(tmp_path / "tidings.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_an_unknown_database_scheme_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="not supported"):
        database_from_url("mysql://localhost/news", tmp_path)


def test_yes_no_and_numbers_are_checked(monkeypatch):
    monkeypatch.setenv("TIDINGS_FLAG", "perhaps")
    with pytest.raises(ConfigError, match="not a yes/no value"):
        env_bool("TIDINGS_FLAG")
    monkeypatch.setenv("TIDINGS_NUMBER", "ten")
    with pytest.raises(ConfigError, match="not a whole number"):
        env_int("TIDINGS_NUMBER", 1)
    monkeypatch.setenv("TIDINGS_NUMBER", "5")
    with pytest.raises(ConfigError, match="below its minimum"):
        env_int("TIDINGS_NUMBER", 1, minimum=60)


def tidings(*args, tmp_path: Path, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    environment.update(TIDINGS_HOME=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-m", "tidings", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_bad_setting_stops_the_command_with_a_clear_message(tmp_path):
    result = tidings("sources", "list", tmp_path=tmp_path, TIDINGS_DEBUG="maybe")
    assert result.returncode == 2
    assert "configuration error: TIDINGS_DEBUG='maybe' is not a yes/no value" in result.stderr


def test_redis_url_moves_the_queue_to_redis(tmp_path):
    probe = "from huey.contrib.djhuey import HUEY; print(type(HUEY).__name__)"
    result = tidings("shell", "-c", probe, tmp_path=tmp_path, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.stdout.strip().splitlines()[-1] == "RedisQueue", result.stderr
    result = tidings("shell", "-c", probe, tmp_path=tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "SqliteQueue", result.stderr
