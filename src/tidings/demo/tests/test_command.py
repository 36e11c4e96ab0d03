"""`tidings demo` as a user starts it, stopped early by a busy port so the test is quick."""

import os
import socket
import subprocess
import sys
from pathlib import Path


def test_the_demo_keeps_to_its_own_folder_and_never_opens_the_operators_database(
    tmp_path: Path,
):
    operator = tmp_path / "operator"
    env = {
        **os.environ,
        "TIDINGS_HOME": str(operator),
        # Unreachable: the demo would fail at once if it touched either.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/operator",
        "REDIS_URL": "redis://127.0.0.1:9/0",
    }
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        feeds_port = busy.getsockname()[1]
        finished = subprocess.run(
            [
                sys.executable,
                "-m",
                "tidings",
                "demo",
                "--no-serve",
                "--feeds-port",
                str(feeds_port),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    demo = operator / "demo"
    assert finished.returncode == 1, finished.stderr
    assert finished.stdout.startswith(f"Demo data folder: {demo}\n"), finished.stdout
    assert str(feeds_port) in finished.stderr
    assert (demo / "tidings.sqlite3").is_file()
    assert (demo / "demo-shift-days.json").is_file()
    assert not (operator / "tidings.sqlite3").exists()


def test_a_temporary_demo_folder_is_removed_at_the_end(tmp_path: Path):
    env = {**os.environ, "TIDINGS_HOME": str(tmp_path), "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        finished = subprocess.run(
            [sys.executable, "-m", "tidings", "demo", "--temp", "--no-serve", "--feeds-port", port],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert finished.stdout.startswith(f"Demo data folder: {tmp_path / 'tmp'}"), finished.stdout
    assert not list((tmp_path / "tmp").iterdir())
    assert not (tmp_path / "demo").exists()
