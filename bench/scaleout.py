"""Scale-out for real: PostgreSQL, Redis, a gunicorn web server and 1, 2 and 3 `tidings
worker` processes ingesting loopback feeds, then enriching and clustering what came in;
one more run kills a worker with SIGKILL mid-ingest.

    python bench/scaleout.py [--feeds 200] [--per-feed 3] [--workers 1,2,3] [--no-kill]

Needs DATABASE_URL naming a PostgreSQL server (each run makes its own database there and
drops it after) and REDIS_URL (default redis://127.0.0.1:6379/11; that Redis database is
emptied at each run). The feeds and pages come from bench/ingest.py's loopback server.

Each run: a fresh database, the sources, a web server (2 gunicorn processes) and the
workers, all with --no-scheduler, so that the bench queues the work as the schedule
would, without waiting for a minute's tick: the due sources (``enqueue_due_sources``),
then, once every feed is fetched, enrichment and clustering (``enrich_pending_articles``)
until every article is in a story. The queue's depth is read from the web server's
/metrics. Enrichment holds a lease (one worker at a time) and clustering has one decider,
so more workers cannot speed them up: by default only the killed run enriches and
clusters, and the 1, 2, 3 worker runs time the ingest (--enrich-all for both everywhere).

The killed run SIGKILLs one worker once a third of the articles are stored and starts
another in its place, as systemd would. A fetch killed with its worker is not queued
again before its queue time runs out (16 minutes, tidings.tasks.QUEUED_FOR); the bench
queues it again as soon as its claim on the source has run out (2 minutes), which is the
schedule's job brought forward. Then it checks that every article is stored once, has
finished every enrichment stage, and is in exactly one story whose counts agree.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import redis

sys.path.insert(0, str(Path(__file__).parent))
from ingest import build_pages, page_server  # noqa: E402  (bench/ingest.py, beside this script)

QUEUE_SOURCES = "from tidings.tasks import enqueue_due_sources as t; t.call_local()"
# One per worker: the first takes the enrichment lease, the others find it taken.
QUEUE_ENRICHMENT = "from tidings.tasks import enrich_pending_articles as t\nfor _ in range({}): t()"
# Sources never fetched whose claim is free or ran out: their fetch died with a worker.
REQUEUE_LOST = (
    "from django.db.models import Q\n"
    "from django.utils import timezone\n"
    "from tidings.sources.models import Source\n"
    "from tidings.tasks import enqueue_due_sources\n"
    "now = timezone.now()\n"
    "lost = Source.objects.filter(fetches__isnull=True)\n"
    "lost = lost.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))\n"
    "print(lost.update(next_fetch_at=now))\n"
    "enqueue_due_sources.call_local()"
)
MAKE_SOURCES = (
    "import json, sys\n"
    "from tidings.sources.models import Source\n"
    "Source.objects.bulk_create(Source(url=u, name=u) for u in json.load(sys.stdin))"
)


class Cluster:
    """The processes of one run, in a database of their own."""

    def __init__(self, database_url: str, redis_url: str, home: Path, name: str) -> None:
        server = urlsplit(database_url)
        self.admin_url = urlunsplit(server._replace(path="/postgres"))
        self.database = name
        self.env = {
            **os.environ,
            "DATABASE_URL": urlunsplit(server._replace(path=f"/{name}")),
            "REDIS_URL": redis_url,
            "TIDINGS_HOME": str(home),
            "TIDINGS_ALLOW_PRIVATE_NETWORKS": "1",
        }
        self.redis = redis.Redis.from_url(redis_url)
        self.workers: list[subprocess.Popen] = []
        self.web: subprocess.Popen | None = None
        self.web_url = ""
        home.mkdir(parents=True, exist_ok=True)

    def __enter__(self) -> Cluster:
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}"')
            admin.execute(f'CREATE DATABASE "{self.database}"')
        self.redis.flushdb()
        self.tidings("migrate", "--verbosity", "0")
        return self

    def __exit__(self, *exc) -> None:
        for process in [*self.workers, self.web]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.workers, self.web]:
            if process is not None:
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
        self.redis.flushdb()

    def tidings(self, *args: str, stdin: str | None = None) -> str:
        return subprocess.run(
            [sys.executable, "-m", "tidings", *args],
            env=self.env,
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def shell(self, code: str, stdin: str | None = None) -> str:
        return self.tidings("shell", "--no-imports", "-c", code, stdin=stdin)

    def start_web(self, port: int) -> None:
        self.web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tidings.wsgi:application"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.web_url = f"http://127.0.0.1:{port}"

    def start_worker(self) -> subprocess.Popen:
        worker = subprocess.Popen(
            [sys.executable, "-m", "tidings", "worker", "--no-scheduler"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.workers.append(worker)
        return worker

    def wait_for_workers(self, timeout: float = 300) -> None:
        """Until every worker polls the queue: a worker connects to Redis only then."""
        port = self.redis.connection_pool.connection_kwargs.get("port", 6379)
        deadline = time.monotonic() + timeout
        while not all(connected_to(worker.pid, port) for worker in self.workers):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the workers did not start within {timeout:.0f} s")
            if any(worker.poll() is not None for worker in self.workers):
                raise RuntimeError("a worker stopped while starting")
            time.sleep(0.5)

    def metrics(self) -> dict[str, float]:
        with urllib.request.urlopen(f"{self.web_url}/metrics", timeout=30) as response:
            text = response.read().decode()
        figures = {}
        for line in text.splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                figures[name] = float(value)
        return figures


class SlowPages(dict):
    """The loopback server's pages (bench/ingest.py reads them with ``get``), each
    answered after ``delay`` seconds."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def get(self, key, default=None):
        time.sleep(self.delay)
        return super().get(key, default)


def connected_to(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds a TCP connection to ``port`` on this machine."""
    try:
        sockets = {
            os.readlink(f"/proc/{pid}/fd/{fd}")[8:-1]
            for fd in os.listdir(f"/proc/{pid}/fd")
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:[")
        }
    except (FileNotFoundError, ProcessLookupError):
        return False
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in sockets and int(fields[2].rsplit(":", 1)[1], 16) == port:
                return True
    return False


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a running process, all its threads together."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


COUNTS = {
    "stored": "SELECT count(*) FROM articles_article",
    "distinct_entries": "SELECT count(DISTINCT (source_id, guid)) FROM articles_article",
    "versions": "SELECT count(*) FROM articles_articleversion",
    "sources_fetched": "SELECT count(DISTINCT source_id) FROM sources_fetchlog",
    "fetches": "SELECT count(*) FROM sources_fetchlog",
    "enriched": "SELECT count(*) FROM enrich_articleanalysis WHERE complete",
    "enrich_attempts_max": "SELECT coalesce(max(attempts), 0) FROM enrich_articleanalysis",
    "clustered": "SELECT count(*) FROM articles_article WHERE story_id IS NOT NULL",
    "stories": "SELECT count(*) FROM stories_story WHERE merged_into_id IS NULL",
    # A story whose count disagrees with its articles, or an article in a merged story.
    "story_counts_wrong": (
        "SELECT count(*) FROM stories_story s WHERE s.merged_into_id IS NULL AND "
        "s.article_count <> (SELECT count(*) FROM articles_article a WHERE a.story_id = s.id)"
    ),
    "in_merged_stories": (
        "SELECT count(*) FROM articles_article a JOIN stories_story s ON s.id = a.story_id "
        "WHERE s.merged_into_id IS NOT NULL"
    ),
}


def counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url, autocommit=True) as connection:
        return {name: connection.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}


def run(
    database_url: str,
    redis_url: str,
    home: Path,
    *,
    feeds: int,
    per_feed: int,
    workers: int,
    kill: bool = False,
    kill_after: float = 1 / 3,
    page_delay: float = 0.0,
    enrich: bool = True,
    timeout: float = 3600,
) -> dict:
    """One run; returns its timings and the final counts (see COUNTS). With ``kill``, a
    worker is killed once ``kill_after`` of the articles are stored. ``page_delay``: seconds
    each feed and page takes to answer, as a distant publisher's do. Without ``enrich``,
    the run ends when every feed is fetched."""
    expected = feeds * per_feed
    pages = SlowPages(page_delay)
    server, base = page_server(pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    pages.update(build_pages("demo", expected, feeds, base))
    name = f"tidings_scaleout_{os.getpid()}_{workers}{'_kill' if kill else ''}"
    result: dict = {"workers": workers, "articles": expected, "feeds": feeds, "killed": kill}
    try:
        with Cluster(database_url, redis_url, home / name, name) as cluster:
            db_url = cluster.env["DATABASE_URL"]
            urls = [f"{base}/feeds/{feed}.xml" for feed in range(feeds)]
            cluster.shell(MAKE_SOURCES, stdin=json.dumps(urls))
            cluster.start_web(free_port())
            for _ in range(workers):
                cluster.start_worker()
            cluster.wait_for_workers()
            deadline = time.monotonic() + timeout
            cpu_before = {worker.pid: cpu_seconds(worker.pid) for worker in cluster.workers}
            started = time.monotonic()
            cluster.shell(QUEUE_SOURCES)
            killed_at = None
            while (now := counts(db_url))["sources_fetched"] < feeds:
                if kill and killed_at is None and now["stored"] >= max(1, expected * kill_after):
                    killed_at = now["stored"]
                    cluster.workers[0].send_signal(signal.SIGKILL)
                    cluster.workers[0].wait()
                    cluster.start_worker()  # as systemd's Restart= would
                elif cluster.metrics()["tidings_queue_depth"] == 0 and killed_at is not None:
                    cluster.shell(REQUEUE_LOST)
                check_deadline(deadline, now)
                time.sleep(0.2)
            ingested = time.monotonic()
            while enrich and (now := counts(db_url))["clustered"] < expected:
                figures = cluster.metrics()
                if figures["tidings_queue_depth"] == 0:
                    cluster.shell(QUEUE_ENRICHMENT.format(workers))
                check_deadline(deadline, now)
                time.sleep(1)
            finished = time.monotonic()
            # CPU the workers spent on the work, not on starting (a killed one's is lost):
            # unlike the wall time, it does not depend on what else the machine runs.
            worker_cpu = sum(
                cpu_seconds(worker.pid) - cpu_before.get(worker.pid, 0.0)
                for worker in cluster.workers
            )
            scrape_started = time.monotonic()
            cluster.metrics()
            result.update(
                ingest_seconds=round(ingested - started, 1),
                ingest_per_second=round(expected / (ingested - started), 1),
                worker_cpu_ms_per_article=round(worker_cpu * 1000 / expected),
                metrics_scrape_seconds=round(time.monotonic() - scrape_started, 3),
                killed_after_stored=killed_at,
                counts=counts(db_url),
            )
            if enrich:
                result.update(
                    enrich_cluster_seconds=round(finished - ingested, 1),
                    enrich_cluster_per_second=round(expected / (finished - ingested), 1),
                    end_to_end_per_second=round(expected / (finished - started), 1),
                )
    finally:
        server.shutdown()
    return result


def check_deadline(deadline: float, now: dict) -> None:
    if time.monotonic() > deadline:
        raise TimeoutError(f"the run did not finish in time; counts then: {now}")


def exactly_once(result: dict) -> list[str]:
    """What is wrong with a finished run's counts, in words; empty when nothing is."""
    found, expected = result["counts"], result["articles"]
    problems = []
    finished = ["stored", "distinct_entries"]
    if "enrich_cluster_seconds" in result:
        finished += ["enriched", "clustered"]
    for name in finished:
        if found[name] != expected:
            problems.append(f"{name}: {found[name]} of {expected}")
    for name in ("versions", "story_counts_wrong", "in_merged_stories"):
        if found[name]:
            problems.append(f"{name}: {found[name]}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--per-feed", type=int, default=3)
    parser.add_argument("--workers", default="1,2,3")
    parser.add_argument("--kill-workers", type=int, default=2, help="workers of the killed run")
    parser.add_argument("--no-kill", action="store_true")
    parser.add_argument(
        "--enrich-all",
        action="store_true",
        help="enrich and cluster in every run, not only in the killed one",
    )
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL server (each run makes a database there).")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11")
    home = Path(os.environ.get("TIDINGS_BENCH_HOME", "/tmp/tidings-scaleout"))
    plans = [(int(count), False) for count in options.workers.split(",")]
    if not options.no_kill:
        plans.append((options.kill_workers, True))
    failed = False
    for workers, kill in plans:
        load = os.getloadavg()[0]
        result = run(
            database_url,
            redis_url,
            home,
            feeds=options.feeds,
            per_feed=options.per_feed,
            workers=workers,
            kill=kill,
            enrich=kill or options.enrich_all,
        )
        result["load_average_before"] = round(load, 1)
        result["load_average_after"] = round(os.getloadavg()[0], 1)
        result["problems"] = exactly_once(result)
        failed = failed or bool(result["problems"])
        print(json.dumps(result), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
