import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tidings.sources.ports import busy_port_message, die_with_parent


class Command(BaseCommand):
    help = (
        "Serve the site (gunicorn, static files by whitenoise) with a background worker and "
        "the fetch schedule, all from one command. Ctrl-C stops everything."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--web-workers", type=int, default=2, help="gunicorn processes")

    def handle(self, *args, host, port, web_workers, **options):
        refuse_busy_port(host, port)  # before migrating, to say so at once
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"tidings is at http://{display_host(host)}:{port}/  (Ctrl-C stops)")
        serve(host, port, web_workers)


def display_host(host: str) -> str:
    return "127.0.0.1" if host in {"0.0.0.0", "::"} else host


def refuse_busy_port(host: str, port: int) -> None:
    message = busy_port_message(host, port)
    if message:
        raise CommandError(message)


def fresh_metrics_folder(home: Path) -> Path:
    """Where gunicorn's processes keep their request counts for /metrics to add up
    (prometheus-client's multiprocess mode): emptied at each start, as counts of
    processes that are gone would otherwise be added to the new ones forever."""
    folder = home / "metrics"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def gunicorn_command(
    host: str, port: int, web_workers: int, access_log: list[str] | None = None
) -> list[str]:
    """The web server's command line (bench/pages.py starts the same one); ``access_log``
    replaces gunicorn's plain-text access log (none, for JSON logs)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "tidings.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(web_workers),
        "--threads",
        "4",
        *(["--access-logfile", "-"] if access_log is None else access_log),
        "--graceful-timeout",
        "5",
        # Its control interface is a socket at one fixed path per user, on which a second
        # tidings under the same account would clash; tidings drives gunicorn by signals.
        "--no-control-socket",
    ]


def serve(host: str, port: int, web_workers: int = 2, extra_env: dict | None = None) -> None:
    """Run the web server and the worker as two child processes until one stops or we are
    told to stop; then stop the other, so nothing is left running. The children also die
    with this process when it is killed outright (die_with_parent), which no ``finally``
    here could arrange."""
    refuse_busy_port(host, port)
    env = {**os.environ, **(extra_env or {})}
    env.setdefault("TIDINGS_HOME", str(settings.TIDINGS_HOME))
    if "PROMETHEUS_MULTIPROC_DIR" not in env:
        env["PROMETHEUS_MULTIPROC_DIR"] = str(fresh_metrics_folder(Path(env["TIDINGS_HOME"])))
    # In JSON, each request is a line of tidings' own log (tidings.web.metrics), not of
    # gunicorn's access log, whose lines are plain text.
    access_log = [] if settings.TIDINGS["LOG_FORMAT"] == "json" else ["--access-logfile", "-"]
    web = subprocess.Popen(
        gunicorn_command(host, port, web_workers, access_log),
        env=env,
        preexec_fn=die_with_parent(),
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "tidings", "worker"], env=env, preexec_fn=die_with_parent()
    )
    children = [web, worker]

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        dead = next(child for child in children if child.poll() is not None)
        name = "web server" if dead is web else "worker"
        raise CommandError(f"The {name} stopped (exit status {dead.returncode}); stopping all.")
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
