"""End-to-end ingest throughput: fetch, parse, extract and store 1,000 articles served
from a loopback server (20 feeds of 50 summary-only items, each with a full article page
built from the bundled, openly licensed demo corpus).

    python bench/ingest.py [--articles 1000] [--feeds 20] [--workers 4]

Runs in a throw-away TIDINGS_HOME (SQLite) unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import html
import os
import resource
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def build_pages(articles: int, feeds: int, base: str) -> dict[str, bytes]:
    from tidings.demo.bundle import CORPUS_FILE
    from tidings.demo.outlets import corpus_outlets

    # The first corpus only, so that measures stay comparable with earlier runs.
    outlets = corpus_outlets((CORPUS_FILE,))
    stories = [story for outlet in outlets for story in outlet.stories if story.paragraphs]
    pages: dict[str, bytes] = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    items: dict[int, list[str]] = {feed: [] for feed in range(feeds)}
    start = datetime(2025, 6, 1, tzinfo=UTC)
    for number in range(articles):
        story = stories[number % len(stories)]
        title = f"{story.title} (part {number})"
        body = "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
        pages[f"/a/{number}.html"] = (
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}"
            f"</title></head><body><header><nav>Home News Sport Weather Subscribe</nav></header>"
            f"<article><h1>{html.escape(title)}</h1>{body}<p>Article number {number}.</p>"
            f"</article><footer>Copyright, privacy, cookies</footer></body></html>"
        ).encode()
        published = format_datetime(start + timedelta(minutes=number))
        items[number % feeds].append(
            f"<item><title>{html.escape(title)}</title><link>{base}/a/{number}.html</link>"
            f"<guid>{base}/a/{number}.html</guid><pubDate>{published}</pubDate>"
            f"<description>{html.escape(story.paragraphs[0][:200])}</description></item>"
        )
    for feed, entries in items.items():
        pages[f"/feeds/{feed}.xml"] = (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench outlet {feed}</title>'
            f"<link>{base}/</link>{''.join(entries)}</channel></rss>"
        ).encode()
    return pages


def serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
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
            kind = "application/rss+xml" if self.path.endswith(".xml") else "text/html"
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4, help="sources fetched at once")
    options = parser.parse_args()

    os.environ.setdefault("TIDINGS_HOME", tempfile.mkdtemp(prefix="tidings-bench-"))
    os.environ["TIDINGS_ALLOW_PRIVATE_NETWORKS"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidings.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tidings.articles.models import Article
    from tidings.pipeline import refresh_sources
    from tidings.sources.models import Source

    call_command("migrate", interactive=False, verbosity=0)
    pages: dict[str, bytes] = {}
    server, base = serve(pages)  # the pages name the server's address, so fill them after
    pages.update(build_pages(options.articles, options.feeds, base))
    sources = [
        Source.objects.create(url=f"{base}/feeds/{feed}.xml", name=f"Bench outlet {feed}")
        for feed in range(options.feeds)
    ]
    started = time.perf_counter()
    logs = list(refresh_sources([source.pk for source in sources], workers=options.workers))
    elapsed = time.perf_counter() - started
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
    print(f"peak memory: {peak_mb:.0f} MB")
    server.shutdown()
    if failed or stored != options.articles:
        sys.exit(1)


if __name__ == "__main__":
    main()
