"""Accounts and comment pages. Each view parses the request, calls the service modules, renders.

Every form works as a plain POST that redirects back; the comment forms also carry htmx
attributes, and an htmx request gets the re-rendered comments section instead.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tidings.articles.models import Article
from tidings.comments import accounts, posting, ratelimit, refusals, signups, threads, tokens
from tidings.comments.context import comments_context, post_url
from tidings.comments.forms import (
    ApiTokenForm,
    CommentForm,
    DeleteAccountForm,
    EditCommentForm,
    SignupForm,
)
from tidings.comments.models import Comment
from tidings.stories.models import Story


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.limited("signup")
def signup(request: HttpRequest) -> HttpResponse:
    """Every valid form is answered alike, whether or not its username or address is
    taken: the rest is said by mail, to the address (see ``signups``)."""
    if request.user.is_authenticated:
        return redirect("account")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signups.request_signup(
            username=form.cleaned_data["username"],
            display_name=form.cleaned_data["display_name"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        return redirect("signup_sent")
    return render(request, "comments/signup.html", {"form": form})


@require_http_methods(["GET", "HEAD"])
def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "comments/accounts/signup_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The mailed link: a page with one button, so that a mail scanner that opens links
    makes no account; the button makes it and logs the reader in."""
    pending = signups.pending_signup(token)
    if pending is None:
        return render(request, "comments/accounts/signup_confirm.html", {"gone": True}, status=404)
    if request.method != "POST":
        return render(request, "comments/accounts/signup_confirm.html", {"pending": pending})
    try:
        user = signups.confirm_signup(pending)
    except accounts.AccountTaken as refused:
        context = {"error": str(refused)}
        return render(request, "comments/accounts/signup_confirm.html", context, status=409)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("web:home")


def named_account(request: HttpRequest, field: str) -> int | None:
    """The account a log-in or reset form names, as rate limits count accounts: by number.
    The number comes from the name or address typed (case aside), whether or not an account
    has it, so that the limit tells nothing about which exist; a digest also keeps a long
    address within a counter's key."""
    typed = request.POST.get(field, "").strip().casefold()
    if not typed:
        return None
    return int.from_bytes(hashlib.sha256(typed.encode()).digest()[:8], "big")


def limit_login(field: str) -> Callable:
    """Decorate a log-in or password-reset view so that its POSTs count as "login"
    attempts against the client's address and against the account named in ``field``:
    guessing one account's password from many addresses is limited too."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                seconds = ratelimit.check(
                    "login",
                    account_id=named_account(request, field),
                    address=ratelimit.client_address(
                        request.META, settings.TIDINGS["TRUSTED_PROXIES"]
                    ),
                    now=time.time(),
                )
                if seconds:
                    return ratelimit.too_many(request, "login", seconds)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


@login_required
@require_http_methods(["GET", "HEAD"])
def account(request: HttpRequest) -> HttpResponse:
    return render_account(request)


def render_account(
    request: HttpRequest,
    token_form: ApiTokenForm | None = None,
    new_token: str = "",
    token_error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "display_name": accounts.display_name(request.user),
        "api_tokens": request.user.api_tokens.all(),
        "token_form": token_form or ApiTokenForm(),
        "new_token": new_token,
        "token_error": token_error,
    }
    response = render(request, "comments/account.html", context, status=status)
    if new_token:
        # The token is shown this once; no cache may keep a copy of the page.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def create_api_token(request: HttpRequest) -> HttpResponse:
    """Make a token and show it once, in this answer: it is never stored, so a redirect
    to a page that shows it would need to keep it somewhere."""
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return render_account(request, token_form=form, status=400)
    try:
        _row, token = tokens.create_token(request.user, form.cleaned_data["name"])
    except tokens.TokenError as refused:
        return render_account(request, token_form=form, token_error=str(refused), status=400)
    return render_account(request, new_token=token)


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    if not tokens.revoke_token(request.user, token_id):
        return render_account(request, token_error="You have no such token.", status=404)
    return redirect(f"{reverse('account')}#api-tokens")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        accounts.delete_account(user)
        return redirect("web:home")
    return render(request, "comments/delete_account.html", {"form": form})


@require_POST
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    return post_on(request, get_object_or_404(Article, pk=article_id))


@require_POST
def post_on_story(request: HttpRequest, story_id: int) -> HttpResponse:
    return post_on(request, get_object_or_404(Story, pk=story_id))


def post_on(request: HttpRequest, target: threads.Target) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(target.get_absolute_url())
    form = CommentForm(request.POST)
    if seconds := ratelimit.limit(request, "comment"):
        return comment_limited(request, target, form, seconds)
    error, status = "", 400
    if form.is_valid():
        parent_id = form.cleaned_data["parent"]
        parent = None if parent_id is None else Comment.objects.filter(pk=parent_id).first()
        try:
            if parent_id is not None and parent is None:
                raise refusals.CommentError("That comment cannot be answered.")
            comment = posting.post_comment(
                author=request.user, target=target, body=form.cleaned_data["body"], parent=parent
            )
        except refusals.CommentError as refused:
            error = str(refused)
            # Suspended, banned, or a locked thread: refused for who asks, not what they sent.
            status = 403 if isinstance(refused, refusals.NotAllowed) else 400
        else:
            if is_htmx(request):
                return render_section(request, target)
            return HttpResponseRedirect(comment.get_absolute_url())
    if is_htmx(request):
        # htmx swaps only 2xx answers by default, so the form with its errors comes back 200.
        return render_section(request, target, form=form, error=error)
    context = {"target": target, "form": form, "error": error, "post_url": post_url(target)}
    return render(request, "comments/post_failed.html", context, status=status)


def comment_limited(
    request: HttpRequest, target: threads.Target, form: CommentForm, seconds: int
) -> HttpResponse:
    """A comment over the rate limit: 429 with the reader's text kept in the form, or for
    htmx the section with the message and the text."""
    if is_htmx(request):
        return limited_section(request, target, "comment", seconds, form=form)
    error = ratelimit.message("comment", seconds)
    context = {"target": target, "form": form, "error": error, "post_url": post_url(target)}
    response = render(request, "comments/post_failed.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def limited_section(
    request: HttpRequest, target: threads.Target, action: str, seconds: int, **extra
) -> HttpResponse:
    """The comments section saying that ``action`` is over its limit, for htmx: it swaps
    only 2xx answers by default, so this one is 200, with ``Retry-After`` all the same."""
    error = ratelimit.message(action, seconds)
    response = render_section(request, target, error=error, **extra)
    response["Retry-After"] = str(seconds)
    return response


def render_section(request: HttpRequest, target: threads.Target, **extra) -> HttpResponse:
    context = comments_context(target, request.user, **extra)
    return render(request, "comments/_section.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("article", "story"), pk=comment_id)
    block = accounts.posting_block(request.user)
    if block or not posting.can_edit(comment, request.user):
        context = {"comment": comment, "refusal": block}
        return render(request, "comments/not_editable.html", context, status=403)
    form = EditCommentForm(request.POST or None, initial={"body": comment.body})
    error, status = "", 200
    if request.method == "POST" and form.is_valid():
        try:
            posting.edit_comment(comment, editor=request.user, body=form.cleaned_data["body"])
        except refusals.CommentError as refused:
            error = str(refused)
            status = 403 if isinstance(refused, refusals.NotAllowed) else 400
        else:
            return HttpResponseRedirect(comment.get_absolute_url())
    context = {"comment": comment, "form": form, "error": error}
    return render(request, "comments/edit.html", context, status=status)


@login_required
@require_POST
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("article", "story"), pk=comment_id)
    try:
        posting.delete_comment(comment, by=request.user)
    except refusals.CommentError:
        return render(request, "comments/not_editable.html", {"comment": comment}, status=403)
    if is_htmx(request):
        return render_section(request, comment.target)
    return HttpResponseRedirect(comment.get_absolute_url())
