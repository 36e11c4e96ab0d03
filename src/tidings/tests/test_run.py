"""`tidings run` and `tidings demo` as processes: nothing outlives them, and a busy port is
named, not traced."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

SRC = Path(__file__).resolve().parents[2]


def tidings(home: Path, *args: str, **popen) -> subprocess.Popen:
    """`tidings ARGS` on its own SQLite database in ``home``, whatever the suite runs on."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(TIDINGS_HOME=str(home), PYTHONPATH=str(SRC), HOME=str(home))
    return subprocess.Popen([sys.executable, "-m", "tidings", *args], env=env, **popen)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def eventually(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has stopped; only its exit status is left to collect


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for process in Path("/proc").iterdir():
        if process.name.isdigit():
            try:
                parent = int((process / "stat").read_text().rpartition(")")[2].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(process.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def start_run(home: Path, port: int, web_workers: int) -> subprocess.Popen:
    return tidings(
        home,
        "run",
        "--port",
        str(port),
        "--web-workers",
        str(web_workers),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_killing_run_takes_the_web_server_and_worker_with_it(tmp_path):
    port = free_port()
    parent = start_run(tmp_path, port, web_workers=1)
    children: set[int] = set()
    try:
        assert eventually(lambda: answers(port) and len(descendants(parent.pid)) >= 3)
        children = descendants(parent.pid)  # gunicorn, its worker, and the tidings worker
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert eventually(lambda: not any(running(pid) for pid in children), seconds=30)
        assert not answers(port)
    finally:
        for pid in children | descendants(parent.pid) | {parent.pid}:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


def test_run_on_a_busy_port_names_the_process_holding_it(tmp_path):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        second = tidings(
            tmp_path,
            "run",
            "--port",
            str(port),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        out, err = second.communicate(timeout=60)
    assert second.returncode == 1
    assert f"Port {port} on 127.0.0.1 is in use by process {os.getpid()}" in err
    assert "--port" in err and "Traceback" not in err + out


def test_killing_demo_takes_the_process_in_its_own_folder_with_it(tmp_path):
    parent = tidings(
        tmp_path,
        "demo",
        "--no-serve",
        "--feeds-port",
        str(free_port()),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: set[int] = set()
    try:
        assert eventually(lambda: bool(descendants(parent.pid)))
        children = descendants(parent.pid)  # the demo re-run on its own data folder
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert eventually(lambda: not any(running(pid) for pid in children), seconds=30)
    finally:
        for pid in children | descendants(parent.pid) | {parent.pid}:
            if running(pid):
                os.kill(pid, signal.SIGKILL)


def test_metrics_add_up_the_requests_of_every_web_process(tmp_path):
    port = free_port()
    setup = tidings(tmp_path, "init", stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    assert setup.wait(timeout=300) == 0
    parent = start_run(tmp_path, port, web_workers=2)
    try:
        assert eventually(lambda: answers(port))
        for _ in range(12):  # gunicorn shares them out between its two processes
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30).close()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
            text = response.read().decode()
    finally:
        parent.send_signal(signal.SIGTERM)
        parent.wait(timeout=60)
    [healthz] = [
        line for line in text.splitlines() if 'view="web:healthz"' in line and "_total" in line
    ]
    assert float(healthz.rsplit(" ", 1)[1]) == 12
    assert len(list((tmp_path / "metrics").glob("counter_*.db"))) >= 1
