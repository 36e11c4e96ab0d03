"""Reader-facing pages. Each view parses the request, asks ``queries`` and renders."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from tidings.articles.models import Article
from tidings.comments.context import comments_context
from tidings.dedupe.also_published import copies_for_page
from tidings.enrich.facts import facts_for_page
from tidings.enrich.models import Hashtag
from tidings.enrich.summary import summary_for_page
from tidings.readers.services import mark_read
from tidings.sources.models import Source
from tidings.stories.models import Story
from tidings.stories.related import related_for_page, related_stories_for_page
from tidings.stories.timeline import build_timeline, timeline_svg
from tidings.web import queries
from tidings.web.ai_views import panel_context
from tidings.web.body import numbered_body
from tidings.web.feeds import feed_links

PAGE_SIZE = 30
RELATED_LIMIT = 3
HOME_TOP_STORIES = 5
# A story only one outlet tells is no wider than its article, which Latest already lists.
HOME_MIN_OUTLETS = 2
# A story page lists this many outlets' articles open, and folds the rest away.
STORY_OUTLETS_SHOWN = 12
RELATED_STORIES_LIMIT = 3


def paginate(request: HttpRequest, rows: QuerySet | list) -> dict:
    """The ``?page=`` of ``rows`` and the page numbers to link to.

    A page number that is not a number, or beyond the last page, is a 404: it names a
    page that does not exist, and redirecting would hide broken links.
    """
    paginator = Paginator(rows, PAGE_SIZE)
    try:
        page: Page = paginator.page(request.GET.get("page", 1))
    except InvalidPage:
        raise Http404("No such page.") from None
    page_numbers = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return {"page": page, "page_numbers": list(page_numbers)}


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Top stories above the latest articles, one card per story (the top stories' own
    are left out); the pages after the first list only the latest."""
    top_ids = queries.ranked_story_ids(min_outlets=HOME_MIN_OUTLETS)[:HOME_TOP_STORIES]
    latest = paginate(request, queries.latest_by_story(top_ids))
    top = queries.stories_in_order(top_ids) if latest["page"].number == 1 else []
    context = {
        "nav": "latest",
        "has_sources": Source.objects.exists(),
        "top_stories": story_cards(top),
        # Under a "Top stories" title, "Latest" is a section and its cards one level down.
        "card_level": 3 if top else 2,
        "feeds": [
            *feed_links("web:top_stories_feed", title="Top stories on tidings"),
            *feed_links("web:latest_feed", title="Latest on tidings"),
        ],
        **latest,
    }
    return render(request, "web/home.html", context)


@require_safe
def story_list(request: HttpRequest) -> HttpResponse:
    """The stories at least two outlets tell, or every story with ``?outlets=all``: a story
    only one outlet tells is no wider than its article."""
    show_all = request.GET.get("outlets") == "all"
    ranked = queries.ranked_story_ids(min_outlets=1 if show_all else HOME_MIN_OUTLETS)
    listing = paginate(request, ranked)
    stories = queries.stories_in_order(list(listing["page"].object_list))
    context = {
        "nav": "stories",
        "cards": story_cards(stories),
        "show_all": show_all,
        "feeds": feed_links("web:top_stories_feed", title="Top stories on tidings"),
        **listing,
    }
    return render(request, "web/story_list.html", context)


@require_safe
def story_detail(request: HttpRequest, story_id: int) -> HttpResponse:
    """Full coverage of one story; a story merged into another redirects to it for good."""
    try:
        story = queries.surviving_story(story_id)
    except Story.DoesNotExist:
        raise Http404("No such story.") from None
    if story.pk != story_id:
        return redirect(story, permanent=True)
    coverage = queries.story_coverage(story)
    # A story of thousands of articles lists its outlets a page at a time.
    outlets = paginate(request, coverage.outlets)
    shown = list(outlets["page"].object_list)
    timeline = build_timeline(
        ((article.source.display_name, article.published_at) for article in coverage.articles),
        timezone.get_current_timezone(),
    )
    context = {
        "nav": "stories",
        "story": story,
        "coverage": coverage,
        "first_outlets": shown[:STORY_OUTLETS_SHOWN],
        "more_outlets": shown[STORY_OUTLETS_SHOWN:],
        **outlets,
        "timeline": timeline,
        # Every text in the SVG is escaped by timeline_svg.
        "timeline_svg": mark_safe(timeline_svg(timeline)) if timeline else "",
        "related_stories": story_cards(related_stories_for_page(story, RELATED_STORIES_LIMIT)),
        "feeds": feed_links("web:story_feed", story.pk, title=f"{story.title} on tidings"),
        **panel_context(story=story),
        **comments_context(story, request.user),
    }
    return render(request, "web/story_detail.html", context)


def story_cards(stories: list[Story]) -> list[dict]:
    """Each story with its lead article (None if it has no articles), for _story_card.html."""
    leads = queries.story_leads(stories)
    return [{"story": story, "lead": leads.get(story.pk)} for story in stories]


@require_safe
def source_list(request: HttpRequest) -> HttpResponse:
    """The sources by name, a page at a time; ``?q=`` keeps those whose name or address
    holds it."""
    query = " ".join(request.GET.get("q", "").split())[:200]
    listing = paginate(request, queries.sources_named(query))
    context = {
        "nav": "sources",
        "query": query,
        "has_sources": bool(query) or listing["page"].paginator.count > 0,
        "sources": queries.with_article_counts(list(listing["page"].object_list)),
        "filter_query": urlencode({"q": query}) + "&" if query else "",
        **listing,
    }
    return render(request, "web/source_list.html", context)


@require_safe
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    try:
        source = queries.source_with_count(source_id)
    except Source.DoesNotExist:
        raise Http404("No such source.") from None
    context = {
        "nav": "sources",
        "source": source,
        "recent_fetches": source.fetches.all()[:5],
        "feeds": feed_links(
            "web:source_feed", source.pk, title=f"{source.display_name} on tidings"
        ),
        **paginate(request, queries.source_articles(source)),
    }
    return render(request, "web/source_detail.html", context)


@require_safe
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        article = queries.article_with_source(article_id)
    except Article.DoesNotExist:
        raise Http404("No such article.") from None
    if request.user.is_authenticated:  # opening an article reads it
        mark_read(request.user, [article.pk])
    context = {
        "article": article,
        "body": numbered_body(article),
        "hashtags": queries.article_hashtags(article),
        "summary": summary_for_page(article),
        "facts": facts_for_page(article),
        "copies": copies_for_page(article),
        "related": related_for_page(article, limit=RELATED_LIMIT),
        **panel_context(article=article),
        **comments_context(article, request.user),
    }
    return render(request, "web/article_detail.html", context)


@require_safe
def hashtag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    hashtag = get_object_or_404(Hashtag, slug=slug)
    if hashtag.merged_into is not None:  # a variant: its concept's page is the one
        return redirect(hashtag.merged_into, permanent=True)
    context = {
        "hashtag": hashtag,
        "feeds": feed_links("web:hashtag_feed", hashtag.slug, title=f"{hashtag.tag} on tidings"),
        **paginate(request, queries.hashtag_articles(hashtag)),
    }
    return render(request, "web/hashtag_detail.html", context)
