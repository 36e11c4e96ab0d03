"""A reader's "For you": the articles of what they follow (sources, hashtags, stories),
newest first, with the articles of one story gathered into one card."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from tidings.articles.models import Article
from tidings.enrich.models import ArticleHashtag
from tidings.readers.models import Follow
from tidings.readers.services import states_of
from tidings.stories.models import Story
from tidings.web import queries

# Cards are made from this many of the newest followed articles: older ones are beyond
# any page a reader scrolls to, and grouping them would cost every visit.
WINDOW = 3000


def followed_articles(reader: User) -> QuerySet[Article]:
    """Every article of a followed source, hashtag or story, newest first (each once)."""
    follows = Follow.objects.filter(reader=reader)
    story_ids = list(follows.filter(story__isnull=False).values_list("story_id", flat=True))
    # A followed story that was merged away lives on in the story it joined.
    story_ids += Story.objects.filter(pk__in=story_ids, merged_into__isnull=False).values_list(
        "merged_into_id", flat=True
    )
    tagged = ArticleHashtag.objects.filter(
        hashtag_id__in=follows.filter(hashtag__isnull=False).values("hashtag_id")
    ).values("article_id")
    return queries.latest_articles().filter(
        Q(source_id__in=follows.filter(source__isnull=False).values("source_id"))
        | Q(story_id__in=story_ids)
        | Q(id__in=tagged)
    )


@dataclass
class Card:
    """One lone article, or the newest followed article of a story and the others."""

    article_ids: list[int]  # newest first; the first leads the card
    story_id: int | None = None
    article: Article | None = None
    unread: int = 0

    @property
    def more(self) -> int:
        """The story's other followed articles, which the card names as "and N more"."""
        return len(self.article_ids) - 1


def group_into_cards(rows: list[tuple[int, int | None]]) -> list[Card]:
    """``(article_id, story_id)`` rows, newest first, as cards in the order of their newest
    article: each story's articles in the card of its first (newest) one."""
    cards: list[Card] = []
    by_story: dict[int, Card] = {}
    for article_id, story_id in rows:
        if story_id is None:
            cards.append(Card([article_id]))
        elif story_id in by_story:
            by_story[story_id].article_ids.append(article_id)
        else:
            by_story[story_id] = Card([article_id], story_id)
            cards.append(by_story[story_id])
    return cards


def cards_for(reader: User, articles: QuerySet[Article] | None = None) -> list[Card]:
    """The reader's cards (of ``articles``, their followed articles unless given), without
    their rows: ``fill`` reads those for the cards shown."""
    articles = followed_articles(reader) if articles is None else articles
    rows = list(articles.values_list("id", "story_id")[:WINDOW])
    return group_into_cards(rows)


def fill(reader: User, cards: list[Card]) -> list[Card]:
    """Give each card its leading article and how many of its articles are unread."""
    lead_ids = [card.article_ids[0] for card in cards]
    leads = queries.latest_articles().in_bulk(lead_ids)
    all_ids = [article_id for card in cards for article_id in card.article_ids]
    states = states_of(reader, all_ids)
    for card in cards:
        card.article = leads.get(card.article_ids[0])
        card.unread = sum(
            1
            for article_id in card.article_ids
            if article_id not in states or states[article_id].read_at is None
        )
    return [card for card in cards if card.article is not None]
