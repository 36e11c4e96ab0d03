"""Signing in the Google Reader way: ClientLogin hands out a token, each request carries
it as ``Authorization: GoogleLogin auth=<token>``, and writes may add the short-lived
action token ``T`` that ``reader/api/0/token`` hands out.

Answers are the dialect's: 401 with ``Unauthorized`` for a missing or dead token, and the
``Google-Bad-Token`` header for a wrong ``T``. No cookie is involved, so the requests are
CSRF-exempt: a page elsewhere cannot make a browser send the Authorization header.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.views.decorators.csrf import csrf_exempt

from tidings.readers.app_passwords import app_password_for_token
from tidings.readers.greader.ids import BadId, NoSuchStream

ACTION_SALT = "tidings.readers.greader.action_token"


def text(body: str, status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def unauthorized() -> HttpResponse:
    return text("Unauthorized\n", 401)


def bad_request(message: str) -> HttpResponse:
    return text(f"Bad Request: {message}\n", 400)


def request_token(request: HttpRequest) -> str:
    """The ClientLogin token a request carries: in its Authorization header, or as the
    ``Auth`` parameter some clients send instead."""
    header = request.headers.get("Authorization", "")
    scheme, _, rest = header.partition(" ")
    if scheme.lower() == "googlelogin":
        name, _, value = rest.strip().partition("=")
        if name.strip().lower() == "auth":
            return value.strip()
    return request.GET.get("Auth", "") or request.POST.get("Auth", "")


def action_token(auth_token: str) -> str:
    return salted_hmac(ACTION_SALT, auth_token).hexdigest()


def params(request: HttpRequest, name: str) -> list[str]:
    """Every value of a parameter, from the query string and the form body alike (clients
    send edit-tag's ``i`` either way, often many times)."""
    return request.GET.getlist(name) + request.POST.getlist(name)


def param(request: HttpRequest, name: str, default: str = "") -> str:
    values = params(request, name)
    return values[0] if values else default


def api_view(*, write: bool = False) -> Callable:
    """Authenticate a Google Reader view: ``request.reader`` and ``request.auth_token``
    are set for it. Views that change state (``write``) take only POST, and refuse a ``T``
    that this token's ``reader/api/0/token`` did not hand out. A view raises BadId for a
    parameter it cannot take (400) and NoSuchStream for a stream that names nothing (404)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            token = request_token(request)
            app_password = app_password_for_token(token) if token else None
            if app_password is None:
                return unauthorized()
            if write and request.method != "POST":
                return text("Method Not Allowed: send this as a POST\n", 405, Allow="POST")
            # newsboat sends the token endpoint's answer back with its line end.
            given = param(request, "T").strip()
            if write and given and not constant_time_compare(given, action_token(token)):
                return text("Unauthorized\n", 401, Google_Bad_Token="true")
            request.reader = app_password.reader
            request.auth_token = token
            try:
                return view(request, *args, **kwargs)
            except BadId as error:
                return bad_request(str(error))
            except NoSuchStream as error:
                return text(f"Not Found: {error}\n", 404)

        return wrapper

    return decorate
