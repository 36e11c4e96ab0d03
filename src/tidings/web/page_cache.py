"""Pages and API answers for anonymous readers, rendered once and served from a cache.

Every anonymous reader sees the same page, so it is kept (``pages`` cache) under the
content version (``freshness``) and its address: storing an article, enriching it, grouping
it into a story or a comment changes the version, and the next request renders afresh.
Entries also expire after PAGE_SECONDS, for what changes without a new version (a source's
health, an AI panel result).
Answers carry an ETag and Last-Modified, so a browser that has the page gets a 304.

Signed-in readers see their own name, forms and held comments: their pages are never
cached and are marked ``private, no-cache``. The one per-reader part of an anonymous page
is the CSRF token of its question form: it is rendered as a placeholder, kept so, and
replaced with this reader's token on the way out (the page is then ``private``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from tidings import freshness

PAGE_SECONDS = 300
# How long a browser or proxy may reuse an anonymous page without asking again.
BROWSER_SECONDS = 30
CACHED_VIEWS = {
    "web:home",
    "web:stories",
    "web:story",
    "web:sources",
    "web:source",
    "web:article",
    "web:hashtag",
    "web:hashtag_feed",
}
CACHED_API_PREFIX = "/api/v1/"
UNCACHED_API = ("/api/v1/openapi.json", "/api/v1/docs")
CSRF_PLACEHOLDER = "tidings-csrf-token-placeholder"


def csrf_placeholder(request: HttpRequest) -> dict[str, str]:
    """A context processor: pages rendered for the cache get the placeholder as their
    CSRF token (listed after Django's own, so it wins)."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "page_cache_key", None) else {}


def cacheable(request: HttpRequest, view_name: str) -> bool:
    api = request.path.startswith(CACHED_API_PREFIX) and not request.path.startswith(UNCACHED_API)
    return request.method in ("GET", "HEAD") and (view_name in CACHED_VIEWS or api)


def anonymous(request: HttpRequest) -> bool:
    """Nobody signed in, no API token, and no message waiting to be shown once."""
    return (
        not request.user.is_authenticated
        and "Authorization" not in request.headers
        and "messages" not in request.COOKIES
    )


class ReaderPageCache:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        match = request.resolver_match
        name = match.view_name if match else ""
        if not cacheable(request, name):
            return None
        if not anonymous(request):
            request.page_cache_private = True
            return None
        key = (
            "page:"
            + hashlib.sha256(
                "\0".join(
                    [
                        freshness.version(),
                        request.get_full_path(),
                        request.headers.get("HX-Request", ""),
                    ]
                ).encode()
            ).hexdigest()
        )
        entry = caches["pages"].get(key)
        if entry is None:
            request.page_cache_key = key
            return None
        return served(request, entry)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "page_cache_key", None)
        if getattr(request, "page_cache_private", False):
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Cookie",))
        elif key and response.status_code == 200 and not response.streaming:
            entry = {
                "body": response.content,
                "content_type": response["Content-Type"],
                "etag": '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"',
                "modified": time.time(),
            }
            caches["pages"].set(key, entry, PAGE_SECONDS)
            return served(request, entry)
        return response


def served(request: HttpRequest, entry: dict) -> HttpResponse:
    """The cached page, or 304 when the reader's copy is this one."""
    last_modified = http_date(entry["modified"])
    not_modified = get_conditional_response(
        request, etag=entry["etag"], last_modified=int(entry["modified"])
    )
    body: bytes = entry["body"]
    per_reader = CSRF_PLACEHOLDER.encode() in body
    if not_modified is not None:
        response = not_modified
    else:
        if per_reader:
            body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(body, content_type=entry["content_type"])
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = last_modified
    audience = "private" if per_reader else "public"
    patch_cache_control(response, **{audience: True}, max_age=BROWSER_SECONDS)
    patch_vary_headers(response, ("Cookie", "HX-Request"))
    return response
