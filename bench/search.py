"""Search latency at a million articles, on SQLite and on PostgreSQL.

Builds a database of synthetic articles quickly: each article's title and text are
sentences drawn at random from the real news articles of ../shared/data (see
``corpus.real_articles``), so the words, their frequencies and the text lengths are those of
news, while the articles themselves are not real. They are spread over two years and 200
sources, inserted in bulk with the index's triggers off, then indexed by the same rebuild
as ``tidings reindex --search`` (its time is printed). Then it times searches of one, two
and three words drawn from the same sentences (common and rare words alike), through the
same service the page and the API use: the ranked results (``search``), and the ranked
results plus the first page's 20 snippets (``page``), as wall time; and the CPU time of
``search`` in this process (``search_cpu_here``), which other work on the machine does not
inflate: all of SQLite's work, but not PostgreSQL's, which runs in its server. Matches by
meaning are off (hashed embeddings): this measures the full-text index.

Each database runs in a process of its own: SQLite in a throw-away ``TIDINGS_HOME``,
PostgreSQL in a database of its own (``--postgres-url``), made anew and dropped at the end.

    python bench/search.py [--articles 1000000] [--databases sqlite,postgresql] [--queries 300]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SHARED_DATA, real_articles  # noqa: E402
from measure import percentiles  # noqa: E402

SOURCES = 200
SPAN = timedelta(days=730)
BATCH = 20_000
SENTENCE = re.compile(r"(?<=[.!?])\s+")
QUERY_WORD = re.compile(r"^[a-z]{4,}$")
STOP = {"that", "this", "with", "from", "have", "were", "said", "their", "they", "been"}


def sentences() -> list[str]:
    pool = []
    for _title, text in real_articles(SHARED_DATA):
        pool.extend(part.strip() for part in SENTENCE.split(text) if 20 <= len(part) <= 400)
    return pool


def synthetic_articles(count: int, seed: int = 7):
    """(title, text, published_at) of ``count`` articles, oldest first."""
    rng = random.Random(seed)
    pool = sentences()
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for number in range(count):
        title = " ".join(rng.choice(pool).split()[:12])
        text = "\n\n".join(" ".join(rng.sample(pool, 4)) for _ in range(2))
        yield title, text, start + SPAN * (number / count)


def queries(count: int, seed: int = 11) -> list[str]:
    """One, two and three words from the sentences, a third of each."""
    rng = random.Random(seed)
    words = [
        word
        for sentence in rng.sample(sentences(), 3000)
        for word in sentence.lower().split()
        if QUERY_WORD.match(word) and word not in STOP
    ]
    return [" ".join(rng.sample(words, 1 + n % 3)) for n in range(count)]


def build(count: int) -> dict:
    from django.db import connection, transaction

    from tidings.search import schema
    from tidings.sources.models import Source

    Source.objects.bulk_create(
        Source(url=f"https://outlet{n}.example/feed.xml", name=f"Outlet {n}")
        for n in range(SOURCES)
    )
    source_ids = list(Source.objects.values_list("id", flat=True))
    schema.uninstall(connection)
    columns = (
        "source_id, guid, url, canonical_url, title, author, language, published_at, summary, "
        "content_html, text, text_origin, page_error, page_html, minhash, image_url, image, "
        "image_caption, image_credit, entry_fingerprint, content_hash, created_at, modified_at"
    )
    started = time.perf_counter()
    rows = []

    def flush():
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY articles_article ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * 23)
                cursor.executemany(
                    f"INSERT INTO articles_article ({columns}) VALUES ({marks})", rows
                )
        rows.clear()

    for number, (title, text, published) in enumerate(synthetic_articles(count)):
        url = f"https://outlet{number % SOURCES}.example/{number}"
        rows.append(
            (source_ids[number % SOURCES], url, url, url, title, "", "en", published, "", "",
             text, "feed", "", b"", b"", "", "", "", "", str(number), str(number), published,
             published)
        )  # fmt: skip
        if len(rows) == BATCH:
            flush()
    flush()
    inserted = time.perf_counter() - started
    started = time.perf_counter()
    schema.rebuild(connection)
    indexed = time.perf_counter() - started
    with connection.cursor() as cursor:  # as autovacuum would after such a load
        cursor.execute("ANALYZE")
    return {"insert_s": round(inserted, 1), "index_s": round(indexed, 1)}


def measure(count: int, query_count: int) -> dict:
    from django.db import connection

    from tidings.search.service import hits, search

    texts = queries(query_count)
    for text in texts[:20]:  # warm the caches, as a running site has them
        search(text)
    by_words: dict[int, dict[str, list[float]]] = {}
    results = []
    server_cpu_before = server_cpu_seconds(connection)
    for text in texts:
        started, cpu_started = time.perf_counter(), time.process_time()
        found = search(text)
        searched = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        hits(found, found.ranked[:20])
        paged = time.perf_counter() - started
        timings = by_words.setdefault(
            len(text.split()), {"search": [], "page": [], "search_cpu_here": []}
        )
        timings["search"].append(searched)
        timings["page"].append(paged)
        timings["search_cpu_here"].append(cpu)
        results.append(len(found.ranked))
    server_cpu = server_cpu_seconds(connection) - server_cpu_before
    return {
        "database": connection.vendor,
        "articles": count,
        "queries": len(texts),
        # PostgreSQL's own work, which the CPU time here leaves out: a mean, as the kernel
        # counts a process's CPU in 10 ms ticks.
        **(
            {"server_cpu_mean_ms_per_page": round(server_cpu / len(texts) * 1000, 2)}
            if connection.vendor == "postgresql"
            else {}
        ),
        "median_results": sorted(results)[len(results) // 2],
        "by_words": {
            words: {kind: percentiles(seconds) for kind, seconds in timings.items()}
            for words, timings in sorted(by_words.items())
        },
    }


def server_cpu_seconds(connection) -> float:
    """The CPU time PostgreSQL's process for this connection has used (0 for SQLite)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_one(database: str, count: int, query_count: int, postgres_url: str) -> None:
    """In this process: set up Django on ``database``, build, measure, print JSON."""
    os.environ["TIDINGS_HOME"] = tempfile.mkdtemp(prefix="tidings-bench-search-")
    os.environ["TIDINGS_EMBEDDINGS"] = "hashed"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tidings.settings"
    if database == "postgresql":
        base, _, name = postgres_url.rpartition("/")
        subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name])
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        os.environ["DATABASE_URL"] = postgres_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    try:
        built = build(count)
        print(json.dumps({**built, **measure(count, query_count)}), flush=True)
    finally:  # a million articles take gigabytes
        from django.db import connection

        connection.close()
        shutil.rmtree(os.environ["TIDINGS_HOME"], ignore_errors=True)
        if database == "postgresql":
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--postgres-url", default="postgres://postgres@127.0.0.1:5432/tidings_bench_search"
    )
    parser.add_argument("--only", help=argparse.SUPPRESS)  # the child process's database
    options = parser.parse_args()
    if options.only:
        run_one(options.only, options.articles, options.queries, options.postgres_url)
        return
    print(f"load average before: {os.getloadavg()}", flush=True)
    for database in options.databases.split(","):
        started = time.perf_counter()
        subprocess.run([sys.executable, __file__, *sys.argv[1:], "--only", database], check=True)
        print(
            f"{database}: {time.perf_counter() - started:.0f} s in all; "
            f"load average now {os.getloadavg()}",
            flush=True,
        )


if __name__ == "__main__":
    main()
