"""Feeds of our own pages, so readers can follow them in a feed reader: the top stories,
the latest articles, one story, hashtag or source, and the daily wrap-up, each as RSS,
Atom and JSON Feed (``feed_formats``).

Each feed is a builder that reads what its page shows and returns a ``FeedDocument``;
``feed_view`` serves it in the format the address names, with ETag and Last-Modified so a
reader that polls gets a 304 while nothing changed. Entry ids are our pages' addresses on
TIDINGS_BASE_URL, which do not change while the item exists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from tidings.articles.models import Article
from tidings.enrich.models import Hashtag
from tidings.sources.models import Source
from tidings.stories.models import Story
from tidings.web import queries
from tidings.web.addresses import absolute
from tidings.web.feed_formats import FORMATS, FeedDocument, FeedEntry
from tidings.web.wrapup import day_bounds, wrap_up

FEED_ITEMS = 50
TOP_STORIES_ITEMS = 20
# A story only one outlet tells is no wider than its article, which Latest already lists.
TOP_STORIES_MIN_OUTLETS = 2
SUMMARY_WORDS = 60
WRAP_UP_DAYS = 7

Builder = Callable[..., FeedDocument]


class Moved(Exception):
    """The feed's subject now lives elsewhere (a merged story or hashtag): ``name`` and
    ``args`` reverse to its feed."""

    def __init__(self, name: str, *args) -> None:
        super().__init__(name)
        self.name, self.args = name, args


def article_entry(article: Article) -> FeedEntry:
    link = absolute(article.get_absolute_url())
    return FeedEntry(
        id=link,
        title=article.title,
        link=link,
        summary=Truncator(article.text or article.summary).words(SUMMARY_WORDS),
        published=article.published_at,
        updated=article.updated_at,
        author=article.author or article.source.display_name,
    )


def articles_document(title: str, link: str, description: str, rows) -> FeedDocument:
    entries = [article_entry(article) for article in rows[:FEED_ITEMS]]
    return FeedDocument(title, absolute(link), description, entries)


def latest(request: HttpRequest) -> FeedDocument:
    return articles_document(
        "Latest on tidings",
        reverse("web:home"),
        "The newest articles from every outlet tidings follows.",
        queries.latest_articles(),
    )


def top_stories(request: HttpRequest) -> FeedDocument:
    """The home page's top stories, best first; an entry changes when its story grows."""
    ranked = queries.ranked_story_ids(min_outlets=TOP_STORIES_MIN_OUTLETS)
    stories = queries.stories_in_order(ranked[:TOP_STORIES_ITEMS])
    leads = queries.story_leads(stories)
    entries = []
    for story in stories:
        link = absolute(story.get_absolute_url())
        lead = leads.get(story.pk)
        told = f"Told by {story.outlet_count} outlet{'s' if story.outlet_count != 1 else ''}."
        text = Truncator(lead.text or lead.summary).words(SUMMARY_WORDS) if lead else ""
        entries.append(
            FeedEntry(
                id=link,
                title=story.title,
                link=link,
                summary=f"{told} {text}".strip(),
                published=story.first_published or story.last_published,
                updated=story.last_published,
            )
        )
    description = "The stories most outlets are telling now, best first."
    return FeedDocument(
        "Top stories on tidings", absolute(reverse("web:stories")), description, entries
    )


def story(request: HttpRequest, story_id: int) -> FeedDocument:
    try:
        found = queries.surviving_story(story_id)
    except Story.DoesNotExist:
        raise Http404("No such story.") from None
    if found.pk != story_id:
        raise Moved("web:story_feed", found.pk)
    return articles_document(
        f"{found.title} on tidings",
        found.get_absolute_url(),
        "Every outlet's articles on this story, newest first.",
        queries.latest_articles().filter(story=found),
    )


def hashtag(request: HttpRequest, slug: str) -> FeedDocument:
    found = get_object_or_404(Hashtag, slug=slug)
    if found.merged_into is not None:  # a variant: its concept's feed is the one
        raise Moved("web:hashtag_feed", found.merged_into.slug)
    return articles_document(
        f"{found.tag} on tidings",
        found.get_absolute_url(),
        f"The newest articles tagged {found.tag}.",
        queries.hashtag_articles(found),
    )


def source(request: HttpRequest, source_id: int) -> FeedDocument:
    found = get_object_or_404(Source, pk=source_id)
    return articles_document(
        f"{found.display_name} on tidings",
        reverse("web:source", args=[found.pk]),
        f"The newest articles of {found.display_name}.",
        queries.source_articles(found),
    )


def wrap_ups(request: HttpRequest) -> FeedDocument:
    """One entry per day, the latest days first; a finished day's entry never changes."""
    today = timezone.localdate()
    entries = []
    for day in (today - timedelta(days=n) for n in range(WRAP_UP_DAYS)):
        link = absolute(reverse("web:wrap_up_day", args=[day.isoformat()]))
        told = wrap_up(day)
        titles = "; ".join(each["title"] for each in told["stories"])
        entries.append(
            FeedEntry(
                id=link,
                title=f"Top stories of {day:%A %-d %B %Y}",
                link=link,
                summary=titles or "No news that day.",
                published=min(day_bounds(day)[1], timezone.now()),
                content_html=render_to_string("ai/_wrap_up_stories.html", {"wrap_up": told}),
            )
        )
    return FeedDocument(
        "The day's top stories on tidings",
        absolute(reverse("web:wrap_up")),
        "Each day's top stories, each told in one or two cited sentences.",
        entries,
    )


def feed_view(build: Builder, *, private: bool = False) -> Callable[..., HttpResponse]:
    """The view of one feed; a ``private`` one (a reader's own) is kept out of shared
    caches and search engines."""

    @require_safe
    def view(request: HttpRequest, *args, fmt: str = "rss", **kwargs) -> HttpResponse:
        try:
            document = build(request, *args, **kwargs)
        except Moved as moved:
            return HttpResponsePermanentRedirect(
                reverse(feed_name(moved.name, fmt), args=moved.args)
            )
        response = feed_response(request, document, fmt)
        if private:
            response["Cache-Control"] = "private"
            response["X-Robots-Tag"] = "noindex"
        return response

    return view


def feed_response(request: HttpRequest, document: FeedDocument, fmt: str) -> HttpResponse:
    """The feed in ``fmt``; 304 Not Modified when the reader's copy is this one (its ETag,
    else its time matching the newest entry's)."""
    feed_format = FORMATS[fmt]
    body = feed_format.write(document, absolute(request.get_full_path()))
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    updated = document.updated
    last_modified = int(updated.timestamp()) if updated else None
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(body, content_type=feed_format.content_type)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response


def feed_name(name: str, fmt: str) -> str:
    """The url name of the feed ``name`` in ``fmt``: RSS is the plain one."""
    return name if fmt == "rss" else f"{name}_{fmt}"


def feed_paths(route: str, build: Builder, name: str, *, private: bool = False) -> list[URLPattern]:
    """``route`` (ending in ``feed/``) as RSS, ``route + "atom/"`` and ``route + "json/"``."""
    view = feed_view(build, private=private)
    return [
        path(
            route if fmt == "rss" else f"{route}{fmt}/",
            view,
            {"fmt": fmt},
            name=feed_name(name, fmt),
        )
        for fmt in FORMATS
    ]


def feed_links(name: str, *args, title: str, query: str = "") -> list[dict]:
    """The feed ``name`` in each format, for ``<link rel="alternate">`` in a page's head
    (base.html reads ``feeds``) and for the links shown on the page."""
    return [
        {
            "type": feed_format.content_type.split(";")[0],
            "label": feed_format.label,
            "title": f"{title} ({feed_format.label})",
            "href": reverse(feed_name(name, fmt), args=args) + query,
        }
        for fmt, feed_format in FORMATS.items()
    ]
