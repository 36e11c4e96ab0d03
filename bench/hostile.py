"""Hostile feeds, measured: seconds and peak memory of each, in a process of its own.

    python bench/hostile.py [--scenario billion_laughs|dump_100k|teasers]

- billion_laughs: a 1 MB feed whose DOCTYPE nests entities, padded with items that use them.
- dump_100k: an RSS archive dump of 100,000 items (the parser reads the first 500).
- teasers: refresh_source on a feed of 60 teaser items whose pages are 2 MB each, served
  from loopback (SQLite in a throw-away TIDINGS_HOME unless DATABASE_URL is set).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCENARIOS = ("billion_laughs", "dump_100k", "teasers")


def billion_laughs(size: int = 1_000_000) -> bytes:
    levels = [f'<!ENTITY l0 "{"x" * 1000}">']
    levels += [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 6)]
    item = "<item><title>&l5;</title><description>&l4;</description></item>"
    head = f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]><rss><channel><title>B</title>'
    items = item * ((size - len(head)) // len(item))
    return (head + items + "</channel></rss>").encode()


def dump(count: int = 100_000) -> bytes:
    items = "".join(
        f"<item><guid>d-{n}</guid><title>Item {n}</title><link>https://d.example/{n}</link>"
        f"<description>Item number {n} of the archive.</description></item>"
        for n in range(count)
    )
    return f'<rss version="2.0"><channel><title>Dump</title>{items}</channel></rss>'.encode()


def parse_scenario(body: bytes) -> str:
    from tidings.parse.feeds import parse_feed
    from tidings.parse.types import ParseError

    try:
        feed = parse_feed(body, url="https://bench.example/feed")
    except ParseError as error:
        return f"refused: {error}"
    return f"{len(feed.entries)} entries read, more_entries={feed.more_entries}"


def page(number: int, size: int, words: list[str]) -> bytes:
    rng = random.Random(number)
    paragraphs = []
    total = 0
    while total < size:
        text = " ".join(rng.choice(words) for _ in range(80)).capitalize() + "."
        paragraphs.append(f"<p>{text}</p>")
        total += len(text) + 7
    body = "".join(paragraphs)
    return (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>Page {number}</title>"
        f"</head><body><article><h1>Page {number}</h1>{body}</article></body></html>"
    ).encode()


def teasers_scenario(count: int = 60, size: int = 2_000_000) -> str:
    os.environ.setdefault("TIDINGS_HOME", tempfile.mkdtemp(prefix="tidings-bench-"))
    os.environ["TIDINGS_ALLOW_PRIVATE_NETWORKS"] = "127.0.0.1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tidings.settings")
    import django

    django.setup()
    from django.core.management import call_command

    sys.path.insert(0, str(Path(__file__).parent))
    from ingest import serve

    from tidings.pipeline import refresh_source
    from tidings.sources.models import Source

    call_command("migrate", interactive=False, verbosity=0)
    pages: dict[str, bytes] = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    server, base = serve(pages)
    words = [
        "harbour",
        "council",
        "lighthouse",
        "pier",
        "storm",
        "ferry",
        "budget",
        "vote",
        "tide",
        "museum",
    ]
    items = "".join(
        f"<item><guid>t-{n}</guid><title>Teaser {n}</title><link>{base}/p/{n}.html</link>"
        f"<description>The start of story {n}…</description></item>"
        for n in range(count)
    )
    pages["/feed.xml"] = (
        f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
    )
    for n in range(count):
        pages[f"/p/{n}.html"] = page(n, size, words)
    source = Source.objects.create(url=f"{base}/feed.xml", name="teasers")
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    log = refresh_source(source.pk)
    server.shutdown()
    return (
        f"{log.new_articles} stored, {log.entries_left} left, error={log.error_code or '-'} "
        f"(peak before the refresh, with the pages served from memory: {baseline:.0f} MB)"
    )


def run(scenario: str) -> None:
    started = time.perf_counter()
    if scenario == "billion_laughs":
        outcome = parse_scenario(billion_laughs())
    elif scenario == "dump_100k":
        outcome = parse_scenario(dump())
    else:
        outcome = teasers_scenario()
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{scenario}: {seconds:.2f} s, peak RSS {peak:.0f} MB; {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=SCENARIOS)
    options = parser.parse_args()
    if options.scenario:
        run(options.scenario)
        return
    for scenario in SCENARIOS:
        subprocess.run([sys.executable, __file__, "--scenario", scenario], check=True)


if __name__ == "__main__":
    main()
