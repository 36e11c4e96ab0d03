"""The account page's following section (``{% following_account %}``): the daily digest,
the private "For you" feed address and app passwords for feed reader apps; and the
digest's unsubscribe link, which works without logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tidings.following import choices
from tidings.following.digest import reader_of_unsubscribe_token
from tidings.readers.app_passwords import create_app_password, revoke_app_password

SECTION = "#following"


def account_section() -> str:
    return reverse("account") + SECTION


@login_required
@require_POST
def digest(request: HttpRequest) -> HttpResponse:
    choices.set_daily_digest(request.user, request.POST.get("daily_digest") == "on")
    return redirect(account_section())


@login_required
@require_POST
def feed_token(request: HttpRequest) -> HttpResponse:
    """Make a new private feed address (the old one stops working) or revoke it."""
    if request.POST.get("action") == "revoke":
        choices.revoke_feed_token(request.user)
    else:
        choices.new_feed_token(request.user)
    return redirect(reverse("account") + "#for-you-feed")


@login_required
@require_POST
def make_app_password(request: HttpRequest) -> HttpResponse:
    """Make an app password and show it once, in this answer: only its hash is kept."""
    label = request.POST.get("label", "")
    try:
        password = create_app_password(request.user, label)
    except ValueError as error:
        context = {"error": str(error), "label": label}
        return render(request, "following/app_password.html", context, status=400)
    context = {"password": password, "label": label.strip()}
    response = render(request, "following/app_password.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def revoke(request: HttpRequest, app_password_id: int) -> HttpResponse:
    if not revoke_app_password(request.user, app_password_id):
        raise Http404("You have no such app password.")
    return redirect(account_section())


# The signed token is the authority here, and mail programs send the one-click POST
# (RFC 8058) with no session and no CSRF token.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks to confirm, so a mail scanner that opens links unsubscribes no one; POST
    turns the digest off."""
    reader = reader_of_unsubscribe_token(token)
    if reader is None:
        raise Http404("This unsubscribe link is damaged.")
    done = request.method == "POST"
    if done:
        choices.set_daily_digest(reader, False)
    return render(request, "following/unsubscribe.html", {"done": done, "token": token})
