"""A search as a feed: ``/search/feed/?q=`` (and ``atom/``, ``json/``) with the search
page's filters, its results best first, so a reader can follow a query."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.urls import reverse

from tidings.search.query import InvalidQuery
from tidings.search.service import hits, search
from tidings.web.addresses import absolute
from tidings.web.feed_formats import FeedDocument
from tidings.web.feeds import FEED_ITEMS, article_entry
from tidings.web.search_views import BadFilter, filter_query, read_filters


def search_results(request: HttpRequest) -> FeedDocument:
    text = request.GET.get("q", "").strip()
    if not text:
        raise BadRequest("A search feed needs the words to search: ?q=")
    try:
        results = search(text, read_filters(request.GET))
    except (InvalidQuery, BadFilter) as error:
        raise BadRequest(str(error)) from None
    found = hits(results, results.ranked[:FEED_ITEMS])
    page = f"{reverse('web:search')}?{filter_query(request.GET).rstrip('&')}"
    return FeedDocument(
        f"“{text}” on tidings",
        absolute(page),
        f"The articles that best match “{text}”, best first.",
        [article_entry(hit.article) for hit in found],
    )
