"""Accounts and comment pages. Each view parses the request, calls ``services``, renders.

Every form works as a plain POST that redirects back; the comment forms also carry htmx
attributes, and an htmx request gets the re-rendered comments section instead.
"""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from tidings.comments import services
from tidings.comments.context import comments_context, post_url
from tidings.comments.forms import CommentForm, DeleteAccountForm, EditCommentForm, SignupForm
from tidings.comments.models import Comment
from tidings.dedupe.models import Article
from tidings.stories.models import Story


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("account")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_account(
            username=form.cleaned_data["username"],
            display_name=form.cleaned_data["display_name"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("web:home")
    return render(request, "comments/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD"])
def account(request: HttpRequest) -> HttpResponse:
    context = {"display_name": services.display_name(request.user)}
    return render(request, "comments/account.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user)
        return redirect("web:home")
    return render(request, "comments/delete_account.html", {"form": form})


@require_POST
def post_comment(request: HttpRequest, article_id: int) -> HttpResponse:
    return post_on(request, get_object_or_404(Article, pk=article_id))


@require_POST
def post_on_story(request: HttpRequest, story_id: int) -> HttpResponse:
    return post_on(request, get_object_or_404(Story, pk=story_id))


def post_on(request: HttpRequest, target: services.Target) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(target.get_absolute_url())
    form = CommentForm(request.POST)
    error = ""
    if form.is_valid():
        parent_id = form.cleaned_data["parent"]
        parent = None if parent_id is None else Comment.objects.filter(pk=parent_id).first()
        try:
            if parent_id is not None and parent is None:
                raise services.CommentError("That comment cannot be answered.")
            comment = services.post_comment(
                author=request.user, target=target, body=form.cleaned_data["body"], parent=parent
            )
        except services.CommentError as refused:
            error = str(refused)
        else:
            if is_htmx(request):
                return render_section(request, target)
            return HttpResponseRedirect(comment.get_absolute_url())
    if is_htmx(request):
        # htmx swaps only 2xx answers by default, so the form with its errors comes back 200.
        return render_section(request, target, form=form, error=error)
    context = {"target": target, "form": form, "error": error, "post_url": post_url(target)}
    return render(request, "comments/post_failed.html", context, status=400)


def render_section(request: HttpRequest, target: services.Target, **extra) -> HttpResponse:
    context = comments_context(target, request.user, **extra)
    return render(request, "comments/_section.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("article", "story"), pk=comment_id)
    if not services.can_edit(comment, request.user):
        return render(request, "comments/not_editable.html", {"comment": comment}, status=403)
    form = EditCommentForm(request.POST or None, initial={"body": comment.body})
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(comment, editor=request.user, body=form.cleaned_data["body"])
        except services.CommentError as refused:
            error = str(refused)
        else:
            return HttpResponseRedirect(comment.get_absolute_url())
    context = {"comment": comment, "form": form, "error": error}
    return render(request, "comments/edit.html", context, status=400 if error else 200)


@login_required
@require_POST
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("article", "story"), pk=comment_id)
    try:
        services.delete_comment(comment, by=request.user)
    except services.CommentError:
        return render(request, "comments/not_editable.html", {"comment": comment}, status=403)
    if is_htmx(request):
        return render_section(request, comment.target)
    return HttpResponseRedirect(comment.get_absolute_url())
