"""Readers' reports, and the moderators' pages: the queue, one comment, one account, the log.

The moderators' pages are for staff: anyone else is sent to log in, or refused with 403.
Each moderation step is a plain POST (with its CSRF token) that calls ``moderator_steps`` and
redirects back to the page it came from, with a message saying what happened.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tidings.comments import (
    accounts,
    moderation_lists,
    moderator_steps,
    ratelimit,
    refusals,
    reporting,
)
from tidings.comments.forms import (
    SUSPENSION_DAYS,
    AccountActionForm,
    CommentActionForm,
    ReportForm,
)
from tidings.comments.models import Comment
from tidings.comments.views import is_htmx, limited_section, render_section

QUEUE_PAGE = 20
LOG_PAGE = 50
HISTORY_PAGE = 20
RECENT_ACTIONS = 20

# What each button on a comment does, and the word for it once done.
COMMENT_ACTIONS: dict[str, tuple[Callable[..., Comment], str]] = {
    "approve": (moderator_steps.approve, "Approved"),
    "hide": (moderator_steps.hide, "Hidden"),
    "delete": (moderator_steps.delete_as_moderator, "Deleted"),
    "lock": (moderator_steps.lock, "Locked"),
    "unlock": (moderator_steps.unlock, "Unlocked"),
    "dismiss": (moderator_steps.dismiss_reports, "Reports dismissed on"),
}


@require_POST
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    """A reader reports a comment. The page then thanks them where the Report form was,
    after a redirect, or in the re-rendered comments section for htmx."""
    comment = get_object_or_404(Comment.objects.select_related("article", "story"), pk=comment_id)
    if not request.user.is_authenticated:
        return redirect_to_login(comment.get_absolute_url())
    if seconds := ratelimit.limit(request, "report"):
        if is_htmx(request):
            return limited_section(request, comment.target, "report", seconds)
        return ratelimit.too_many(request, "report", seconds)
    form = ReportForm(request.POST)
    refused: refusals.CommentError | None = None
    if form.is_valid():
        try:
            reporting.report_comment(comment, reporter=request.user, **form.cleaned_data)
        except refusals.CommentError as error:
            refused = error
    else:
        refused = refusals.CommentError(first_error(form))
    if is_htmx(request):
        # htmx swaps only 2xx answers by default, so a refusal comes back 200 with its words.
        return render_section(request, comment.target, error=str(refused or ""))
    if refused is None:
        return HttpResponseRedirect(comment.get_absolute_url())
    status = 403 if isinstance(refused, refusals.NotAllowed) else 400
    context = {"comment": comment, "error": str(refused)}
    return render(request, "comments/report_failed.html", context, status=status)


def moderators_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff only: others log in first, and logged-in readers are refused with 403.
    Never cached, since the pages show reports and accounts."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            return render(request, "comments/moderation/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return never_cache(guarded)


@moderators_only
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    context = {
        **paginate(request, moderation_lists.moderation_queue(), QUEUE_PAGE),
        **shared(request),
    }
    return render(request, "comments/moderation/queue.html", context)


@moderators_only
@require_http_methods(["GET", "HEAD", "POST"])
def comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    """One comment as moderators see it, with its history; a POST takes a step on it."""
    if request.method == "POST":
        return act_on_comment(request, get_object_or_404(Comment, pk=comment_id))
    found = get_object_or_404(
        moderation_lists.for_moderators(Comment.objects.filter(pk=comment_id))
    )
    history = found.actions.select_related("moderator").order_by("-at", "-id")
    context = {"comment": found, "history": history, **shared(request)}
    return render(request, "comments/moderation/comment.html", context)


def act_on_comment(request: HttpRequest, target: Comment) -> HttpResponse:
    form = CommentActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        act, done = COMMENT_ACTIONS[form.cleaned_data["action"]]
        try:
            act(target, moderator=request.user, reason=form.cleaned_data["reason"])
        except refusals.CommentError as refused:
            messages.error(request, f"Comment {target.pk}: {refused}")
        else:
            messages.success(request, f"{done} comment {target.pk}.")
    fallback = reverse("comments:moderate_comment", args=[target.pk])
    return redirect_back(request, form.data.get("next", ""), fallback)


@moderators_only
@require_http_methods(["GET", "HEAD", "POST"])
def account(request: HttpRequest, user_id: int) -> HttpResponse:
    """One account as moderators see it: standing, history and comments; a POST suspends,
    bans or reinstates it."""
    member = get_object_or_404(User.objects.select_related("profile"), pk=user_id)
    if request.method == "POST":
        return act_on_account(request, member)
    context = {
        "member": member,
        "standing": accounts.standing(member),
        "received": member.moderation_received.select_related("moderator")[:RECENT_ACTIONS],
        **paginate(request, moderation_lists.account_comments(member), HISTORY_PAGE),
        **shared(request),
    }
    return render(request, "comments/moderation/account.html", context)


def act_on_account(request: HttpRequest, member: User) -> HttpResponse:
    form = AccountActionForm(request.POST)
    name = accounts.display_name(member)
    if not form.is_valid():
        messages.error(request, first_error(form))
    else:
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        try:
            if action == "suspend":
                until = timezone.now() + timedelta(days=form.cleaned_data["days"])
                moderator_steps.suspend(member, until=until, moderator=request.user, reason=reason)
                done = f"Suspended {name} until {accounts.human_time(until)}."
            elif action == "ban":
                moderator_steps.ban(member, moderator=request.user, reason=reason)
                done = f"Banned {name}."
            else:
                moderator_steps.reinstate(member, moderator=request.user, reason=reason)
                done = f"Reinstated {name}."
        except refusals.CommentError as refused:
            messages.error(request, f"{name}: {refused}")
        else:
            messages.success(request, done)
    fallback = reverse("comments:moderate_account", args=[member.pk])
    return redirect_back(request, form.data.get("next", ""), fallback)


@moderators_only
@require_safe
def log(request: HttpRequest) -> HttpResponse:
    context = {**paginate(request, moderation_lists.moderation_log(), LOG_PAGE), **shared(request)}
    return render(request, "comments/moderation/log.html", context)


def shared(request: HttpRequest) -> dict:
    """What every moderation page's forms need: where to come back to, and the choices."""
    return {
        "here": request.get_full_path(),
        "suspension_days": SUSPENSION_DAYS,
        "reports_to_hold": reporting.REPORTS_TO_HOLD,
    }


def paginate(request: HttpRequest, rows: QuerySet, per_page: int) -> dict:
    """The ``?page=`` of ``rows``. A page past the end shows the last one: after the last
    entry of the last page is dealt with, the moderator lands on the page before it."""
    page: Page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {"page": page, "page_numbers": list(numbers)}


def redirect_back(request: HttpRequest, target: str, fallback: str) -> HttpResponseRedirect:
    """Back to the page the form was on, if it is one of ours."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def first_error(form: forms.Form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return "That request was not understood."
