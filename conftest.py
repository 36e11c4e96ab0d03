"""Test fixtures shared by every stage: the outside world, served from files on loopback.

The one fake in the suite is the internet. ``feed_server`` serves the files under
``src/tidings`` (each stage keeps its own in ``<stage>/testdata/``) plus a few routes
that misbehave on purpose, under ``/_/``.
"""

from __future__ import annotations

import functools
import gzip
import mimetypes
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

PACKAGE_ROOT = Path(__file__).parent / "src" / "tidings"
SHARED = Path(__file__).resolve().parent.parent / "shared"

mimetypes.add_type("application/rss+xml", ".rss")
mimetypes.add_type("application/atom+xml", ".atom")
mimetypes.add_type("application/feed+json", ".jsonfeed")
mimetypes.add_type("text/x-opml", ".opml")


@dataclass
class SeenRequest:
    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    base: str
    requests: list[SeenRequest] = field(default_factory=list)
    # Extra routes a test adds: path -> (status, headers, body).
    routes: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def requests_to(self, path: str) -> list[SeenRequest]:
        wanted = "/" + path.lstrip("/")
        return [seen for seen in self.requests if urlsplit(seen.path).path == wanted]


@functools.cache
def gzip_bomb() -> bytes:
    """100 MB of zeros, gzipped to about 100 kB; made once, before any test asks for it."""
    return gzip.compress(b"\0" * 100_000_000, compresslevel=9)


def _make_handler(server_state: FeedServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body leave in separate writes; with Nagle's algorithm and delayed
        # ACKs each response would wait 40 ms for the client.
        disable_nagle_algorithm = True

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            server_state.requests.append(SeenRequest(self.path, dict(self.headers.items())))
            parts = urlsplit(self.path)
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            if parts.path in server_state.routes:
                status, headers, body = server_state.routes[parts.path]
                return self._send(status, body, headers)
            if parts.path.startswith("/_/"):
                return self._special(parts.path[3:], query)
            return self._file(parts.path, query)

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            headers = dict(headers or {})
            headers.setdefault("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _file(self, path: str, query: dict[str, str]) -> None:
            if path == "/robots.txt":
                body = b"User-agent: *\nDisallow: /private/\n"
                return self._send(200, body, {"Content-Type": "text/plain"})
            target = (PACKAGE_ROOT / path.lstrip("/")).resolve()
            if PACKAGE_ROOT.resolve() not in target.parents or not target.is_file():
                return self._send(404, b"not found", {"Content-Type": "text/plain"})
            body = target.read_bytes()
            content_type = query.get("type") or mimetypes.guess_type(target.name)[0]
            headers = {"Content-Type": content_type or "application/octet-stream"}
            if target.suffix == ".gz":
                headers["Content-Type"] = query.get("type") or "text/html; charset=utf-8"
                headers["Content-Encoding"] = "gzip"
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            headers["ETag"] = etag
            headers["Last-Modified"] = "Mon, 09 Jun 2025 23:30:00 GMT"
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", {"ETag": etag})
            return self._send(200, body, headers)

        def _special(self, name: str, query: dict[str, str]) -> None:
            if name.startswith("status/"):
                code = int(name.split("/", 1)[1])
                headers = {"Content-Type": "text/plain"}
                if "retry_after" in query:
                    headers["Retry-After"] = query["retry_after"]
                return self._send(code, f"status {code}".encode(), headers)
            if name == "slow":
                time.sleep(float(query.get("seconds", "5")))
                return self._send(200, b"<rss></rss>", {"Content-Type": "application/rss+xml"})
            if name == "drip":
                return self._drip(float(query.get("seconds", "3")))
            if name == "redirect":
                return self._send(302, b"", {"Location": query["to"]})
            if name == "loop":
                hop = int(query.get("hop", "0")) + 1
                return self._send(302, b"", {"Location": f"/_/loop?hop={hop}"})
            if name == "bomb":
                body = gzip_bomb()
                headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
                return self._send(200, body, headers)
            if name == "big":
                size = int(query.get("bytes", "20000000"))
                return self._send(200, b"x" * size, {"Content-Type": "text/html"})
            return self._send(404, b"no such special route", {"Content-Type": "text/plain"})

        def _drip(self, seconds: float) -> None:
            """A page that arrives one byte every 50 ms for ``seconds``: never slow enough
            for a read timeout, and done only when the time is up."""
            steps = max(int(seconds / 0.05), 1)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(steps))
            self.end_headers()
            for _ in range(steps):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.05)

    return Handler


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """Clients that hang up early (size caps, timeouts) are what the tests provoke."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def feed_server():
    state = FeedServer(base="")
    httpd = QuietServer(("127.0.0.1", 0), _make_handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    gzip_bomb()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def route(feed_server) -> Iterator[Callable[[str, int, dict[str, str], bytes], str]]:
    """Add a route to the shared feed server for one test; returns the route's URL."""
    added: list[str] = []

    def add(path: str, status: int, headers: dict[str, str], body: bytes = b"") -> str:
        feed_server.routes[path] = (status, headers, body)
        added.append(path)
        return feed_server.url(path)

    yield add
    for path in added:
        feed_server.routes.pop(path, None)


@pytest.fixture
def allow_private_networks(settings):
    """Let the pipeline fetch from the loopback feed server, as tests and the demo may."""
    from tidings.fetch import parse_private_networks

    local = parse_private_networks("1")
    settings.TIDINGS = {**settings.TIDINGS, "ALLOW_PRIVATE_NETWORKS": local}
    return settings


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return path


# Row builders: the fewest fields that make a valid row; tests pass what they care about.


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Give this run's PostgreSQL test databases names of their own, so that two runs on
    one server (two checkouts, or CI beside a developer) never drop each other's."""
    import os

    from pytest_django.fixtures import _set_suffix_to_test_databases

    _set_suffix_to_test_databases(f"p{os.getpid()}")


@pytest.fixture
def make_source(db):
    made = iter(range(1, 1_000_000))

    def make(**fields):
        from tidings.sources.models import Source

        number = next(made)
        fields.setdefault("url", f"https://outlet{number}.example/feed.xml")
        fields.setdefault("name", f"Outlet {number}")
        fields.setdefault("site_url", f"https://outlet{number}.example/")
        return Source.objects.create(**fields)

    return make


@pytest.fixture
def make_article(db, make_source):
    made = iter(range(1, 1_000_000))

    def make(source=None, **fields):
        from django.utils import timezone

        from tidings.articles.models import Article

        number = next(made)
        source = source or make_source()
        url = fields.pop("url", f"{source.site_url.rstrip('/')}/news/{number}")
        fields.setdefault("canonical_url", url)
        fields.setdefault("guid", url)
        fields.setdefault("title", f"Headline {number}")
        fields.setdefault("published_at", timezone.now())
        fields.setdefault("text_origin", Article.TextOrigin.FEED if fields.get("text") else "none")
        fields.setdefault("entry_fingerprint", f"entry-{number}")
        fields.setdefault("content_hash", f"content-{number}")
        return Article.objects.create(source=source, url=url, **fields)

    return make


@pytest.fixture
def make_hashtag(db):
    def make(label, *, articles=(), kind="topic", slug=None):
        from django.utils.text import slugify

        from tidings.enrich.models import ArticleHashtag, Hashtag

        hashtag = Hashtag.objects.create(
            slug=slug or slugify(label, allow_unicode=True), label=label, kind=kind
        )
        for article in articles:
            ArticleHashtag.objects.create(article=article, hashtag=hashtag)
        return hashtag

    return make


@pytest.fixture
def run_jsonl(tmp_path):
    """Run a JSON Lines stage command (`tidings tag`, `facts`, ...) as a user does, on a file
    or on lines written to one: returns its exit status and its parsed output lines."""

    def run(command: str, source: Path | list[str], *args: str) -> tuple[int, list[dict]]:
        import io
        import json

        from django.core.management import call_command

        if isinstance(source, Path):
            path = source
        else:
            path = tmp_path / f"{command}-input.jsonl"
            path.write_text("\n".join(source) + "\n", encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        status = 0
        try:
            call_command(command, str(path), *args, stdout=out, stderr=err)
        except SystemExit as exit:
            status = int(exit.code or 0)
        return status, [json.loads(line) for line in out.getvalue().splitlines()]

    return run


@pytest.fixture
def dead_redis_url() -> str:
    """A Redis URL on a local port nothing listens on: connections are refused at once,
    as when Redis is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/6"


@pytest.fixture
def make_reader(db, settings):
    """A reader account with a profile, made through the same service sign-up uses."""
    # Readers are made by the dozen; a slow hash is for attackers, not for tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    made = iter(range(1, 1_000_000))

    def make(*, username=None, display_name=None, password="a-long-enough-secret-9", **fields):
        from django.contrib.auth.hashers import make_password

        from tidings.comments.accounts import create_account

        number = next(made)
        user = create_account(
            username=username or f"reader{number}",
            display_name=display_name or f"Reader {number}",
            email=f"reader{number}@example.org",
            password_hash=make_password(password),
        )
        for name, value in fields.items():
            setattr(user, name, value)
        if fields:
            user.save()
        return user

    return make
