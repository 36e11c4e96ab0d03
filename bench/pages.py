"""Page latency and throughput on a loaded site (bench/million.py), under 64 clients.

    python bench/pages.py [--clients 64] [--requests 2000] [--cold 10] [--workers 2]

Runs gunicorn as `tidings run` does (same command line, without the worker) on the
database of the environment (TIDINGS_HOME or DATABASE_URL), then for each kind of page:

- flat out: Debian's `hey` (apt-get install hey) sends ``--requests`` requests from
  ``--clients`` concurrent clients, each sending its next request when the last one is
  answered, to one address of that kind (after requests that fill every process's page
  cache): p50/p95/p99 and requests per second. With 64 clients always waiting, the mean
  latency is 64 / throughput (Little's law): under 50 ms needs 1,280 requests a second;
- at ``--rate``: the same, paced to ``--rate`` requests a second in all (default 300), the
  latency a reader sees when the site serves that many;
- cold: ``--cold`` other addresses of the kind, one after another, each rendered afresh
  (a cache miss): p50 and p95, what the first reader after a new article waits.

Prints a table and the load average (2 cores, shared with other work: figures are upper
bounds). Targets (issue 12): p95 under 50 ms and at least 300 requests/s, warm.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidings.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Count  # noqa: E402
from measure import percentiles  # noqa: E402

from tidings.articles.models import Article  # noqa: E402
from tidings.enrich.models import ArticleHashtag, Hashtag  # noqa: E402
from tidings.sources.management.commands.run import gunicorn_command  # noqa: E402
from tidings.sources.models import Source  # noqa: E402
from tidings.stories.models import Story  # noqa: E402


def addresses(cold: int, pick: random.Random) -> dict[str, list[str]]:
    """For each kind of page, its addresses: the first is loaded warm, the others cold."""
    top_article = Article.objects.order_by("-published_at", "-id").values_list("id", flat=True)
    article_ids = list(top_article[:2000])
    stories = Story.objects.filter(merged_into__isnull=True).order_by("-last_published")
    story_ids = list(stories.values_list("id", flat=True)[:2000])
    largest = Story.objects.order_by("-article_count").values_list("id", flat=True)[: cold + 1]
    busy_tags = (
        ArticleHashtag.objects.values("hashtag_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("hashtag_id", flat=True)[:200]
    )
    slugs = list(Hashtag.objects.filter(pk__in=list(busy_tags)).values_list("slug", flat=True))
    words = [name.split()[0] for name in Source.objects.values_list("name", flat=True)[:500]]
    pages = max(1, Source.objects.count() // 30)
    return {
        "home": ["/", *(f"/?page={n}" for n in range(2, cold + 2))],
        "article": [f"/articles/{i}/" for i in pick.sample(article_ids, cold + 1)],
        "story": [f"/stories/{i}/" for i in pick.sample(story_ids, cold + 1)],
        "story (largest)": [f"/stories/{i}/" for i in largest],
        "hashtag": [f"/hashtags/{s}/" for s in pick.sample(slugs, min(len(slugs), cold + 1))],
        "sources": [
            "/sources/",
            *(f"/sources/?page={pick.randint(2, pages)}" for _ in range(cold) if pages > 1),
        ],
        "sources search": [f"/sources/?q={w}" for w in pick.sample(words, cold + 1)],
        "api articles": [f"/api/v1/articles?limit={50 + n}" for n in range(cold + 1)],
        "api stories": [f"/api/v1/stories?limit={50 + n}" for n in range(cold + 1)],
        "api sources": [f"/api/v1/sources?limit={50 + n}" for n in range(cold + 1)],
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return time.perf_counter() - started


def hey(url: str, requests: int, clients: int, rate: float = 0) -> dict:
    """``rate`` > 0 offers that many requests a second in all (hey -q is per client)."""
    paced = ["-q", f"{rate / clients:.3f}"] if rate else []
    out = subprocess.run(
        ["hey", "-n", str(requests), "-c", str(clients), *paced, "-t", "60", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = dict(re.findall(r"(\d+)% in ([\d.]+) secs", out))
    codes = dict(re.findall(r"\[(\d+)\]\s+(\d+) responses", out))
    return {
        "p50_ms": round(float(found["50"]) * 1000, 1),
        "p95_ms": round(float(found["95"]) * 1000, 1),
        "p99_ms": round(float(found["99"]) * 1000, 1),
        "rps": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))),
        "not_200": sum(int(n) for code, n in codes.items() if code != "200"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--cold", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--rate", type=float, default=300, help="requests/s offered, paced")
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    if shutil.which("hey") is None:
        sys.exit("needs hey: apt-get install -y hey")

    kinds = addresses(options.cold, random.Random(options.seed))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        gunicorn_command("127.0.0.1", port, options.workers),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):
            try:
                get(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        print(f"{engine}, {Article.objects.count():,} articles, {options.clients} clients")
        print(
            "| page | address | flat out: p50 ms | p95 | p99 | requests/s "
            f"| at {options.rate:.0f}/s: p50 ms | p95 | p99 | requests/s "
            "| cold p50 ms | cold p95 | not 200 |"
        )
        print("|" + " --- |" * 13)
        for kind, urls in kinds.items():
            cold = percentiles([get(base + url) for url in urls[1:]]) if urls[1:] else {}
            # Fill the cache of every gunicorn process (each keeps its own without Redis).
            hey(base + urls[0], options.clients * 4, options.clients)
            warm = hey(base + urls[0], options.requests, options.clients)
            paced = hey(base + urls[0], options.requests, options.clients, options.rate)
            failed = warm["not_200"] + paced["not_200"]
            row = [kind, f"`{urls[0]}`", warm["p50_ms"], warm["p95_ms"], warm["p99_ms"]]
            row += [warm["rps"], paced["p50_ms"], paced["p95_ms"], paced["p99_ms"], paced["rps"]]
            row += [cold.get("p50_ms", "-"), cold.get("p95_ms", "-"), failed]
            print("| " + " | ".join(map(str, row)) + " |", flush=True)
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
