"""Serve the demo publishers' site on loopback, as a publisher's web server would.

The port is stable (8765 unless told otherwise) because the feed and article URLs are
stored with it: a second ``tidings demo`` must find the same URLs to reuse its sources
and articles instead of ingesting everything again.
"""

from __future__ import annotations

import errno
import hashlib
import sys
import threading
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from tidings.demo.site import DemoSite, Resource, build_demo_site

DEFAULT_PORT = 8765
HOST = "127.0.0.1"


class DemoPortInUse(OSError):
    """The demo's port is taken by another program."""

    def __init__(self, port: int) -> None:
        self.port = port
        super().__init__(
            errno.EADDRINUSE,
            f"Port {port} on {HOST} is already in use, so the demo feeds cannot be served "
            f"there. Stop the program that listens on port {port} (another `tidings demo`?), "
            "or choose another port with `tidings demo --feeds-port PORT`. Feeds are stored "
            "with their port, so keep using the same one in later runs.",
        )


class DemoFeedServer:
    """The demo site on ``http://127.0.0.1:PORT``, served from a daemon thread.

    Either build the site for ``base_url`` and ``serve(site)`` it, or let ``start()`` (and
    the context manager) build it, which also works with ``port=0`` (any free port, for
    tests). ``stop()`` frees the port.
    """

    def __init__(self, port: int = DEFAULT_PORT, *, seed_dir: Path | None = None) -> None:
        self.port = port
        self.seed_dir = seed_dir
        self.site: DemoSite | None = None
        self._httpd: _DemoHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def serve(self, site: DemoSite) -> None:
        """Serve a site built for this server's address (``build_demo_site(base_url)``)."""
        if site.base_url != self.base_url:
            raise ValueError(f"the site is built for {site.base_url}, not {self.base_url}")
        self._run(self._bind(), site)

    def start(self) -> DemoFeedServer:
        """Build the site for this server and serve it; with ``port=0`` the site's URLs
        carry the free port that binding found."""
        httpd = self._bind()
        self._run(httpd, build_demo_site(self.base_url, seed_dir=self.seed_dir))
        return self

    def _bind(self) -> _DemoHTTPServer:
        try:
            httpd = _DemoHTTPServer((HOST, self.port), _DemoHandler)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise DemoPortInUse(self.port) from None
            raise
        self.port = httpd.server_address[1]
        return httpd

    def _run(self, httpd: _DemoHTTPServer, site: DemoSite) -> None:
        httpd.site = self.site = site
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, name=f"demo-feeds-{self.port}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> DemoFeedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class _DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    site: DemoSite

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """A client that hangs up early (a size cap, a timeout) is not the demo's fault."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _DemoHandler(BaseHTTPRequestHandler):
    server: _DemoHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "tidings-demo"
    # Headers and body leave in separate writes; with Nagle's algorithm and delayed
    # ACKs each response would wait 40 ms for the client.
    disable_nagle_algorithm = True
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the demo command reports progress itself."""

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        resource = self.server.site.resources.get(urlsplit(self.path).path)
        if resource is None:
            return self._send(404, "text/plain; charset=utf-8", b"Not found on the demo site.\n")
        etag = '"' + hashlib.sha256(resource.body).hexdigest()[:32] + '"'
        validators = {"ETag": etag, "Last-Modified": format_datetime(resource.modified, True)}
        if self._not_modified(etag, resource):
            return self._send(304, None, b"", validators)
        return self._send(200, resource.content_type, resource.body, validators)

    def _not_modified(self, etag: str, resource: Resource) -> bool:
        """RFC 9110: If-None-Match wins; If-Modified-Since counts only without it."""
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if not if_modified_since:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and resource.modified.replace(microsecond=0) <= since

    def _send(
        self,
        status: int,
        content_type: str | None,
        body: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)
