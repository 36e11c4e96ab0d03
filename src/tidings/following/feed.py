"""A reader's "For you" as a feed, at an address that holds their private feed token."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import reverse

from tidings.following.choices import reader_of_feed_token
from tidings.following.for_you import followed_articles
from tidings.web.feed_formats import FeedDocument
from tidings.web.feeds import articles_document


def for_you(request: HttpRequest, token: str) -> FeedDocument:
    reader = reader_of_feed_token(token)
    if reader is None:  # never made, revoked, or its account closed
        raise Http404("No feed has this address.")
    return articles_document(
        "For you on tidings",
        reverse("following:for_you"),
        "The newest articles of the sources, hashtags and stories you follow.",
        followed_articles(reader),
    )
