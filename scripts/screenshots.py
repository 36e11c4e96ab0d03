"""The README's screenshots, from the demo: `python scripts/screenshots.py`.

Starts `tidings demo --temp` (its own temporary data folder, nothing from the internet),
waits until it serves, then captures the top of the home page, of a story covered by several
outlets with full text, and of that story's first article, at 1280 and 390 px wide, into
docs/. Needs the dev extra (Playwright) and Debian's Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

DOCS = Path(__file__).resolve().parents[1] / "docs"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# Width, and the height of the page's top that is shown.
WIDTHS = {"1280": (1280, 1400), "390": (390, 1500)}
READY_WITHIN = 900  # seconds; loading the demo takes a minute or two on a quiet machine
PAGES_TO_SCAN = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_ready(base: str, demo: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if demo.poll() is not None:
            sys.exit(f"tidings demo ended with {demo.returncode} before it served")
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(2)
    sys.exit(f"tidings demo did not serve within {READY_WITHIN} s")


def first_link(page: Page, base: str, listing: str, card: str, link: str) -> str:
    """The first ``link`` in a ``card`` of the ``listing``'s pages, or of its first card."""
    fallback = ""
    for number in range(1, PAGES_TO_SCAN + 1):
        response = page.goto(f"{base}{listing}?page={number}")
        if response is None or response.status != 200:
            break
        found = page.locator(card).locator(link)
        if found.count():
            return found.first.get_attribute("href")
        fallback = fallback or page.locator(link).first.get_attribute("href")
    if not fallback:
        sys.exit(f"no {link} on {listing}")
    return fallback


def main() -> None:
    port, feeds_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    command = [sys.executable, "-m", "tidings", "demo", "--temp"]
    command += ["--port", str(port), "--feeds-port", str(feeds_port)]
    demo = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_until_ready(base, demo)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            # A story several outlets tell in full (its lead card has an excerpt), and the
            # first article of its coverage.
            story = first_link(
                page, base, "/stories/", ".story-card:has(.card-text)", ".coverage-link"
            )
            page.goto(base + story)
            article = page.locator(".outlet-coverage a[href^='/articles/']").first.get_attribute(
                "href"
            )
            shots = {"home": "/", "story": story, "article": article}
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": 900}, color_scheme="light"
                )
                tab = context.new_page()
                for name, path in shots.items():
                    tab.goto(base + path)
                    target = DOCS / f"{name}-{width_name}.png"
                    shown = min(height, tab.evaluate("document.documentElement.scrollHeight"))
                    clip = {"x": 0, "y": 0, "width": width, "height": shown}
                    tab.screenshot(path=str(target), full_page=True, clip=clip)
                    print(f"{target.relative_to(DOCS.parent)}: {re.sub(r'^/', '', path) or 'home'}")
                context.close()
            browser.close()
    finally:
        demo.terminate()
        demo.wait(timeout=60)


if __name__ == "__main__":
    main()
