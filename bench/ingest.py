"""End-to-end ingest throughput: fetch, parse, extract and store 1,000 articles served
from a loopback server (20 feeds of 50 summary-only items, each with a full article page).

    python bench/ingest.py [--corpus pages|demo] [--articles 1000] [--feeds 20] [--workers 4]

``--corpus pages`` (the default) serves the 54 real pages of ../shared/data/extraction
(about 160 KiB each) cycled to the count, each naming its own 260 KB og:image on the same
server; ``demo`` serves small pages built from the bundled demo corpus. The server runs in
a process of its own, so the CPU time printed is tidings' alone (process time of this
process, a fair measure on a loaded machine where wall time is not).

Runs in a throw-away TIDINGS_HOME (SQLite) unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import multiprocessing
import os
import re
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

EXTRACTION_PAGES = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction"
IMAGE_BYTES = 260_000
# The pages' own lead images live on hosts the bench cannot reach; ours replaces them.
_OG_IMAGE = re.compile(rb"<meta[^>]+og:image[^>]*>", re.IGNORECASE)
_HEAD = re.compile(rb"<head[^>]*>", re.IGNORECASE)


def demo_articles(articles: int, base: str) -> list[tuple[str, str, bytes]]:
    """(title, teaser, page) of small pages built from the bundled demo corpus."""
    from tidings.demo.bundle import CORPUS_FILE
    from tidings.demo.outlets import corpus_outlets

    # The first corpus only, so that measures stay comparable with earlier runs.
    outlets = corpus_outlets((CORPUS_FILE,))
    stories = [story for outlet in outlets for story in outlet.stories if story.paragraphs]
    made = []
    for number in range(articles):
        story = stories[number % len(stories)]
        title = f"{story.title} (part {number})"
        body = "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
        page = (
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}"
            f"</title></head><body><header><nav>Home News Sport Weather Subscribe</nav></header>"
            f"<article><h1>{html.escape(title)}</h1>{body}<p>Article number {number}.</p>"
            f"</article><footer>Copyright, privacy, cookies</footer></body></html>"
        )
        made.append((title, story.paragraphs[0][:200], page.encode()))
    return made


def extraction_articles(articles: int, base: str) -> list[tuple[str, str, bytes]]:
    """(title, teaser, page) of the real pages of the extraction benchmark, cycled, each
    with its own og:image on the bench's server."""
    truth = json.loads((EXTRACTION_PAGES / "ground-truth.json").read_text())
    originals = [
        (truth[page_id]["articleBody"], gzip.decompress(path.read_bytes()))
        for page_id, path in sorted(
            (path.name.removesuffix(".html.gz"), path)
            for path in (EXTRACTION_PAGES / "html").glob("*.html.gz")
        )
    ]
    made = []
    for number in range(articles):
        body, page = originals[number % len(originals)]
        image = f'<meta property="og:image" content="{base}/i/{number}.jpg">'.encode()
        page = _OG_IMAGE.sub(b"", page)
        head = _HEAD.search(page)
        at = head.end() if head else 0
        page = page[:at] + image + page[at:]
        title = f"{body.split(chr(10), 1)[0][:80]} (part {number})"
        made.append((title, body[:200], page))
    return made


CORPORA = {"pages": extraction_articles, "demo": demo_articles}


def build_pages(corpus: str, articles: int, feeds: int, base: str) -> dict[str, bytes]:
    pages: dict[str, bytes] = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    items: dict[int, list[str]] = {feed: [] for feed in range(feeds)}
    start = datetime(2025, 6, 1, tzinfo=UTC)
    image = b"\xff\xd8\xff\xe0" + bytes(IMAGE_BYTES - 4)
    for number, (title, teaser, page) in enumerate(CORPORA[corpus](articles, base)):
        pages[f"/a/{number}.html"] = page
        pages[f"/i/{number}.jpg"] = image + str(number).encode()  # one file each
        published = format_datetime(start + timedelta(minutes=number))
        items[number % feeds].append(
            f"<item><title>{html.escape(title)}</title><link>{base}/a/{number}.html</link>"
            f"<guid>{base}/a/{number}.html</guid><pubDate>{published}</pubDate>"
            f"<description>{html.escape(teaser)}</description></item>"
        )
    for feed, entries in items.items():
        pages[f"/feeds/{feed}.xml"] = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench outlet {feed}</title>'
            f"<link>{base}/</link>{''.join(entries)}</channel></rss>"
        ).encode()
    return pages


def page_server(pages) -> tuple[ThreadingHTTPServer, str]:
    """A loopback server of ``pages`` (path: body, read with ``get`` at each request), not
    yet serving, and its address."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in separate writes; with Nagle's algorithm and delayed
        # ACKs each response would wait 40 ms for the client.
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def do_GET(self):
            body = pages.get(self.path.split("?")[0])
            self.send_response(200 if body is not None else 404)
            body = body if body is not None else b"not found"
            kind = {"xml": "application/rss+xml", "jpg": "image/jpeg"}.get(
                self.path.rsplit(".", 1)[-1], "text/html"
            )
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def serve(corpus: str, articles: int, feeds: int, ready, arrange) -> None:
    """Serve the bench's feeds and pages until killed; sends the address on ``ready``."""
    if arrange is not None:
        arrange()  # dies with the bench, even one that crashes
    pages: dict[str, bytes] = {}
    server, base = page_server(pages)
    # The pages name the server's address, so they are made once it has one.
    pages.update(build_pages(corpus, articles, feeds, base))
    ready.send(base)
    server.serve_forever()


def start_server(corpus: str, articles: int, feeds: int) -> tuple[multiprocessing.Process, str]:
    from tidings.sources.ports import die_with_parent

    receiving, sending = multiprocessing.Pipe(duplex=False)
    server = multiprocessing.Process(
        target=serve, args=(corpus, articles, feeds, sending, die_with_parent()), daemon=True
    )
    server.start()
    return server, receiving.recv()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="pages")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="sources fetched at once")
    parser.add_argument(
        "--understand",
        action="store_true",
        help="then enrich the articles and group them into stories, as fetch --once does",
    )
    options = parser.parse_args()

    os.environ.setdefault("TIDINGS_HOME", tempfile.mkdtemp(prefix="tidings-bench-"))
    os.environ["TIDINGS_ALLOW_PRIVATE_NETWORKS"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidings.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tidings.articles.models import Article
    from tidings.pipeline import refresh_sources, understand_pending
    from tidings.sources.models import Source

    call_command("migrate", interactive=False, verbosity=0)
    server, base = start_server(options.corpus, options.articles, options.feeds)
    sources = [
        Source.objects.create(url=f"{base}/feeds/{feed}.xml", name=f"Bench outlet {feed}")
        for feed in range(options.feeds)
    ]
    started, cpu_started = time.perf_counter(), time.process_time()
    logs = list(refresh_sources([source.pk for source in sources], workers=options.workers))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    stored = Article.objects.filter(text_origin="page").count()
    failed = [log.error for log in logs if log is not None and log.error_code]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {django.conf.settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(f"articles stored with full text from their page: {stored} of {options.articles}")
    print(f"feeds failed: {len(failed)}")
    print(f"elapsed: {elapsed:.1f} s")
    print(
        f"throughput: {stored / elapsed:.1f} articles/s end to end (fetch, parse, extract, store)"
    )
    print(f"CPU time: {cpu:.1f} s, {1000 * cpu / max(stored, 1):.1f} ms per article")
    if options.understand:
        understood, cpu_understood = time.perf_counter(), time.process_time()
        enriched, grouped = understand_pending()
        seconds = time.perf_counter() - understood
        cpu_seconds = time.process_time() - cpu_understood
        print(f"enriched {enriched}, grouped {grouped} into stories in {seconds:.1f} s")
        print(f"enrichment and stories CPU time: {cpu_seconds:.1f} s")
        print(
            f"end to end with enrichment and stories: {stored / (elapsed + seconds):.1f} "
            f"articles/s, {1000 * (cpu + cpu_seconds) / max(stored, 1):.1f} CPU-ms per article"
        )
    print(f"peak memory: {peak_mb:.0f} MB")
    print(f"load average: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    server.kill()
    if failed or stored != options.articles:
        sys.exit(1)


if __name__ == "__main__":
    main()
