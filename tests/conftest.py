"""Fixtures of the browser tests: one real `tidings demo` for the whole run, and a page."""

import os
import re
import subprocess
import sys
import time

import httpx
import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, SEED, free_port


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """A real `tidings demo` as a user runs it: it keeps its data in TIDINGS_HOME/demo."""
    if not (SEED / "articles.json").is_file():
        pytest.skip("the seed page's articles are not beside this checkout")
    home = tmp_path_factory.mktemp("demo-home")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(TIDINGS_HOME=str(home), PYTHONUNBUFFERED="1")
    port, feeds_port = free_port(), free_port()
    log_path = home / "demo.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tidings",
                "demo",
                "--port",
                str(port),
                "--feeds-port",
                str(feeds_port),
                "--seed",
                str(SEED),
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 480
        while time.monotonic() < deadline:
            assert process.poll() is None, log_path.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(1)
        else:
            pytest.fail("the demo did not start in time:\n" + log_path.read_text())
        match = re.search(r"The seed article: (\S+)", log_path.read_text())
        assert match, log_path.read_text()
        log_text = log_path.read_text()
        assert (home / "demo" / "tidings.sqlite3").is_file(), log_text
        # It told the terminal each stage with its counts, and every page tells the clock.
        for stage in (
            r"feeds fetched (\d+)/\1",
            r"articles enriched (\d+)/\1",
            r"stories, \d+ covered",
        ):
            assert re.search(stage, log_text), log_text
        assert 'class="demo-banner' in httpx.get(base, timeout=30).text
        yield {"base": base, "seed_article": match.group(1), "log": log_path, "home": home / "demo"}
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        yield context.new_page()
        browser.close()
