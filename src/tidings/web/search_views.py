"""The search page: ``/search/?q=`` with its filters, a page of ranked results at a time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from tidings.enrich.models import Hashtag
from tidings.search import semantic
from tidings.search.query import InvalidQuery
from tidings.search.service import Filters, hits, search
from tidings.sources.models import Source
from tidings.web.feeds import feed_links
from tidings.web.views import paginate

FILTER_FIELDS = ("source", "hashtag", "language", "since", "until", "stories")


class BadFilter(ValueError):
    """A filter the form could not have sent; the message names it."""


def read_filters(params: QueryDict) -> Filters:
    """The filters in the page's query string; raises ``BadFilter``."""
    source = params.get("source", "").strip()
    if source and not source.isdigit():
        raise BadFilter("The source filter must be a source's number.")
    since, until = read_day(params, "since"), read_day(params, "until")
    if since and until and until < since:
        raise BadFilter("The “until” date comes before the “from” date.")
    zone = timezone.get_current_timezone()
    return Filters(
        source_id=int(source) if source else None,
        hashtag=params.get("hashtag", "").strip(),
        language=params.get("language", "").strip().lower(),
        since=datetime.combine(since, time.min, zone) if since else None,
        # "until" names the last day searched, all of it.
        until=datetime.combine(until + timedelta(days=1), time.min, zone) if until else None,
        stories_only=params.get("stories") == "1",
    )


def read_day(params: QueryDict, name: str) -> date | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadFilter(f"“{value}” is not a date; use the form YYYY-MM-DD.") from None


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """Results of ``?q=`` under the filters; a page that explains itself when the words or
    a filter cannot be searched (status 400), and a plain form when nothing was asked."""
    text = request.GET.get("q", "")
    context = {
        "nav": "search",
        "search_text": text,
        "by_meaning": semantic.available(),
        "sources": Source.objects.order_by("name", "id").only("id", "name", "url"),
        "filter_query": filter_query(request.GET),
        "filtered": any(request.GET.get(name) for name in FILTER_FIELDS),
        **{f"chosen_{name}": request.GET.get(name, "") for name in FILTER_FIELDS},
    }
    if "q" not in request.GET:
        return render(request, "web/search.html", context)
    try:
        results = search(text, read_filters(request.GET))
    except (InvalidQuery, BadFilter) as error:
        context["problem"] = str(error)
        return render(request, "web/search.html", context, status=400)
    listing = paginate(request, results.ranked)
    hashtag = request.GET.get("hashtag", "").strip()
    context.update(
        feeds=feed_links(
            "web:search_feed",
            title=f"“{text}” on tidings",
            query="?" + filter_query(request.GET).rstrip("&"),
        ),
        results=results,
        hits=hits(results, list(listing["page"].object_list)),
        hashtag=Hashtag.objects.filter(slug=hashtag).first() if hashtag else None,
        **listing,
    )
    return render(request, "web/search.html", context)


def filter_query(params: QueryDict) -> str:
    """The query string of the search and its filters, for the pagination's links."""
    kept = QueryDict(mutable=True)
    for name in ("q", *FILTER_FIELDS):
        if params.get(name):
            kept[name] = params[name]
    return kept.urlencode() + "&" if kept else ""
