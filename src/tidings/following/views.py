"""Following and reading state on the web: follow buttons, "For you", saved for later.

Every change is a POST form with its CSRF token that works without JavaScript (it answers
a redirect back); htmx sends the same form and gets the button alone to swap in place.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from tidings.articles.models import Article
from tidings.comments.views import is_htmx
from tidings.enrich.models import Hashtag
from tidings.following import for_you as cards
from tidings.following.choices import feed_token_of
from tidings.readers import services
from tidings.readers.models import ArticleState
from tidings.sources.models import Source
from tidings.stories.models import Story
from tidings.web import queries
from tidings.web.feeds import feed_links
from tidings.web.views import paginate

KINDS = {"source": Source, "hashtag": Hashtag, "story": Story}


def target_url(target: Source | Hashtag | Story) -> str:
    if isinstance(target, Source):
        return reverse("web:source", args=[target.pk])
    return target.get_absolute_url()


def is_saved(reader, article: Article) -> bool:
    return services.starred(Article.objects.filter(pk=article.pk), reader).exists()


def back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Redirect to the page the form was on (``next``), when it is one of ours."""
    wanted = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(wanted if safe and wanted else fallback)


def follow_target(kind: str, target_id: int) -> Source | Hashtag | Story:
    if kind not in KINDS:
        raise Http404("Readers follow sources, hashtags and stories.")
    if kind == "story":
        try:  # a merged story is followed where its articles went
            return queries.surviving_story(target_id)
        except Story.DoesNotExist:
            raise Http404("No such story.") from None
    return get_object_or_404(KINDS[kind], pk=target_id)


@login_required
@require_POST
def follow(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    """Follow (``action=follow``) or stop following (``action=unfollow``) one target."""
    target = follow_target(kind, target_id)
    if request.POST.get("action") == "unfollow":
        services.unfollow(request.user, target)
    else:
        services.follow(request.user, target)
    if is_htmx(request):
        context = {
            "target": target,
            "kind": kind,
            "following": services.is_following(request.user, target),
        }
        return render(request, "following/_follow_button.html", context)
    return back(request, target_url(target))


@login_required
@require_POST
def save(request: HttpRequest, article_id: int) -> HttpResponse:
    """Save an article for later (``action=save``) or take it off the list (``unsave``)."""
    article = get_object_or_404(Article, pk=article_id)
    if request.POST.get("action") == "unsave":
        services.unstar(request.user, [article.pk])
    else:
        services.star(request.user, [article.pk])
    if is_htmx(request):
        context = {"article": article, "saved": is_saved(request.user, article)}
        return render(request, "following/_save_button.html", context)
    return back(request, article.get_absolute_url())


@login_required
@require_safe
def for_you_page(request: HttpRequest) -> HttpResponse:
    listing = paginate(request, cards.cards_for(request.user))
    token = feed_token_of(request.user)
    context = {
        "nav": "for-you",
        "cards": cards.fill(request.user, list(listing["page"].object_list)),
        "follows": request.user.follows.exists(),
        # "Mark all read" marks what was on the page when it was shown, not what came since.
        "shown_at": timezone.now().isoformat(),
        "feeds": feed_links("following:for_you_feed", token, title="For you on tidings")
        if token
        else [],
        **listing,
    }
    response = render(request, "following/for_you.html", context)
    response["Cache-Control"] = "private"
    return response


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    try:
        shown_at = datetime.fromisoformat(request.POST.get("shown_at", ""))
    except ValueError:
        shown_at = timezone.now()
    if shown_at.utcoffset() is None:
        shown_at = shown_at.replace(tzinfo=timezone.get_current_timezone())
    services.mark_all_read(request.user, cards.followed_articles(request.user), shown_at)
    return redirect("following:for_you")


@login_required
@require_safe
def saved_page(request: HttpRequest) -> HttpResponse:
    saved_ids = (
        ArticleState.objects.filter(reader=request.user, starred_at__isnull=False)
        .order_by("-starred_at", "-id")
        .values_list("article_id", flat=True)
    )
    listing = paginate(request, saved_ids)
    by_id = queries.latest_articles().in_bulk(list(listing["page"].object_list))
    articles = [
        by_id[article_id] for article_id in listing["page"].object_list if article_id in by_id
    ]
    context = {"nav": "saved", "articles": articles, **listing}
    response = render(request, "following/saved.html", context)
    response["Cache-Control"] = "private"
    return response
