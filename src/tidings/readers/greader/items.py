"""Articles as the Google Reader dialect shows them: JSON items for ``stream/contents``
and ``stream/items/contents``, and what the Atom stream needs of each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.http import HttpRequest

from tidings.articles.models import Article
from tidings.readers import services
from tidings.readers.bodies import body_html
from tidings.readers.greader.ids import READ, READING_LIST, STARRED, feed_stream, long_item_id, usec


@dataclass(frozen=True)
class Marks:
    read: bool = False
    starred: bool = False

    def tags(self) -> list[str]:
        """The state tags of an item: every item is on the reading list."""
        return [READING_LIST] + [READ] * self.read + [STARRED] * self.starred


def marks_of(reader: User, articles: Iterable[Article]) -> dict[int, Marks]:
    states = services.states_of(reader, [article.id for article in articles])
    return {
        article_id: Marks(read=state.read_at is not None, starred=state.starred_at is not None)
        for article_id, state in states.items()
    }


def item(article: Article, marks: Marks, request: HttpRequest) -> dict:
    crawled = usec(article.created_at)
    return {
        "id": long_item_id(article.id),
        "crawlTimeMsec": str(crawled // 1000),
        "timestampUsec": str(crawled),
        "published": int(article.published_at.timestamp()),
        "updated": int((article.updated_at or article.published_at).timestamp()),
        "title": article.title,
        "author": article.author,
        "canonical": [{"href": article.url}],
        "alternate": [{"href": article.url, "type": "text/html"}],
        "categories": marks.tags(),
        "origin": {
            "streamId": feed_stream(article.source_id),
            "title": article.source.display_name,
            "htmlUrl": article.source.site_url,
        },
        "summary": {"direction": "ltr", "content": body_html(article, request)},
    }


def items(request: HttpRequest, articles: list[Article]) -> list[dict]:
    """The signed-in reader's view of these articles."""
    marks = marks_of(request.reader, articles)
    return [item(article, marks.get(article.id, Marks()), request) for article in articles]
