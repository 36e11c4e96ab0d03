"""What the browser tests share: Debian's Chromium and how it is started."""

import socket
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]
# Tests of the one demo the run starts: with `--dist loadgroup` they share an xdist worker,
# so the demo starts once, not once per worker.
ON_THE_DEMO = [*BROWSER, pytest.mark.xdist_group("demo")]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
