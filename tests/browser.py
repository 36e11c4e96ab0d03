"""What the browser tests share: Debian's Chromium, how it is started, and signing up on
the demo."""

import re
import socket
import time
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


def sign_up(page, demo, username: str, display_name: str) -> None:
    page.goto(demo["base"] + "/accounts/signup/")
    page.fill("#id_username", username)
    page.fill("#id_display_name", display_name)
    page.fill("#id_email", f"{username}@example.org")
    page.fill("#id_password1", "a long and unusual passphrase 42")
    page.fill("#id_password2", "a long and unusual passphrase 42")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_load_state()
    confirm_sign_up(page, demo, f"{username}@example.org")


def confirm_sign_up(page, demo, email: str) -> None:
    """Open the link the demo's worker mailed to ``email`` (mail goes to files under its
    home) and create the account."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for message in (demo["home"] / "mail").glob("*"):
            text = message.read_text()
            link = re.search(r"/accounts/signup/confirm/\S+/", text)
            if link and f"To: {email}" in text:
                page.goto(demo["base"] + link[0])
                page.get_by_role("button", name="Create account").click()
                page.wait_for_load_state()
                return
        time.sleep(0.5)
    pytest.fail(f"no sign-up mail to {email} in {demo['home'] / 'mail'}")
