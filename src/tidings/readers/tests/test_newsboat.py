"""A real client against a running tidings: Debian's newsboat, in its FeedHQ mode (the
Google Reader API, each subscription read through the Atom stream) and in its Miniflux
mode, signs in with an app password, lists the reader's subscriptions and counts what is
unread; a mark made on the site shows after a reload."""

import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tidings.readers import services
from tidings.readers.app_passwords import create_app_password

NEWSBOAT = shutil.which("newsboat")

pytestmark = pytest.mark.skipif(NEWSBOAT is None, reason="Debian's newsboat is not installed")


def newsboat(home: Path, *commands: str) -> str:
    """Run newsboat once on its own files under ``home``; answers what it printed."""
    args = [NEWSBOAT, "-C", str(home / "config"), "-u", str(home / "urls")]
    args += ["-c", str(home / "cache.db")]
    for command in commands:
        args += ["-x", command]
    result = subprocess.run(
        args,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def titles_in(home: Path) -> dict[str, bool]:
    """What newsboat keeps in its cache: each item's title and whether it is unread."""
    with sqlite3.connect(home / "cache.db") as cache:
        rows = cache.execute("SELECT title, unread FROM rss_item").fetchall()
    return {title: bool(unread) for title, unread in rows}


def unread_in(output: str) -> int:
    match = re.search(r"(\d+) unread articles", output)
    assert match, output
    return int(match[1])


@pytest.fixture
def reader_home(tmp_path, make_reader):
    reader = make_reader(username="ada")
    (tmp_path / "urls").write_text("")
    return tmp_path, reader, create_app_password(reader, "newsboat")


@pytest.fixture
def newsboat_home(reader_home, live_server):
    """newsboat in its FeedHQ (Google Reader API) mode."""
    home, reader, password = reader_home
    (home / "config").write_text(
        'urls-source "feedhq"\n'
        f'feedhq-url "{live_server.url}/api/greader"\n'
        'feedhq-login "ada"\n'
        f'feedhq-password "{password}"\n'
        "feedhq-min-items 50\n"
        # Its special feeds live at feedhq.org itself, not at the configured server.
        "feedhq-show-special-feeds no\n"
    )
    return home, reader


@pytest.fixture
def miniflux_home(reader_home, live_server):
    """newsboat in its Miniflux mode."""
    home, reader, password = reader_home
    (home / "config").write_text(
        'urls-source "miniflux"\n'
        f'miniflux-url "{live_server.url}/api/miniflux"\n'
        'miniflux-login "ada"\n'
        f'miniflux-password "{password}"\n'
    )
    return home, reader


@pytest.mark.parametrize("mode", ["newsboat_home", "miniflux_home"])
def test_newsboat_counts_unread_and_sees_marks_made_on_the_site(
    mode, request, transactional_db, make_source, make_article
):
    home, reader = request.getfixturevalue(mode)
    followed, other = make_source(name="Followed Outlet"), make_source(name="Other Outlet")
    articles = [make_article(followed, title=f"Story {n}") for n in range(3)]
    make_article(other, title="Not followed")
    services.follow(reader, followed)
    services.mark_read(reader, [articles[0].id])

    assert unread_in(newsboat(home, "reload", "print-unread")) == 2
    assert titles_in(home) == {"Story 0": False, "Story 1": True, "Story 2": True}

    services.mark_read(reader, [articles[1].id])
    services.mark_unread(reader, [articles[0].id])
    make_article(followed, title="Story 3")
    assert unread_in(newsboat(home, "reload", "print-unread")) == 3
    assert titles_in(home) == {"Story 0": True, "Story 1": False, "Story 2": True, "Story 3": True}
