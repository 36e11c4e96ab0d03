"""Signing in: ClientLogin, the action token, and who is signed in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from tidings.comments.ratelimit import limit
from tidings.readers.app_passwords import sign_in, token_for
from tidings.readers.greader.auth import action_token, api_view, param, text


@csrf_exempt
def client_login(request: HttpRequest) -> HttpResponse:
    """``Email`` (user name or address) and ``Passwd`` (an app password) in, the token out
    as ``Auth=``. Every attempt counts toward the log-in rate limit: checking a password
    is slow on purpose, and a client that signs in once keeps its token."""
    if seconds := limit(request, "login"):
        return text(
            f"Error=TooManyRequests\nTry again in {seconds} seconds.\n",
            429,
            Retry_After=str(seconds),
        )
    app_password = sign_in(param(request, "Email"), param(request, "Passwd"))
    if app_password is None:
        return text(
            "Error=BadAuthentication\n"
            "Sign in with your user name and an app password (made on your account page "
            "or by `tidings app-password`), not your login password.\n",
            401,
        )
    token = token_for(app_password)
    return text(f"SID={token}\nLSID=null\nAuth={token}\n")


@api_view()
def action_token_view(request: HttpRequest) -> HttpResponse:
    return text(action_token(request.auth_token) + "\n")


@api_view()
def user_info(request: HttpRequest) -> HttpResponse:
    reader = request.reader
    return JsonResponse(
        {
            "userId": str(reader.id),
            "userName": reader.get_username(),
            "userProfileId": str(reader.id),
            "userEmail": reader.email,
        }
    )


@csrf_exempt
def unknown_endpoint(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other path: the dialect's plain-text 404, not the site's HTML page."""
    return text(f"Not Found: this site does not serve /api/greader/{rest}\n", 404)
