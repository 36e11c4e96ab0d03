"""The copies stage: stored articles linked to the earliest copy."""

from __future__ import annotations

from datetime import timedelta

from tidings.articles.models import Article
from tidings.dedupe.linking import WINDOW, process
from tidings.dedupe.signatures import signature
from tidings.dedupe.tests.stories import SAME_EVENT, STORY, at


def links(*articles: Article) -> list[tuple[int | None, float | None]]:
    fresh = Article.objects.in_bulk([article.pk for article in articles])
    return [
        (fresh[a.pk].copy_of_id, round(fresh[a.pk].copy_similarity or 0, 3) or None)
        for a in articles
    ]


def test_process_links_each_outlet_to_the_earliest_copy(three_outlets):
    wire, trimmed, edited, own = three_outlets
    process([wire, trimmed, edited, own])
    result = links(wire, trimmed, edited, own)
    assert result[0] == (None, None)
    assert result[1] == (wire.pk, 1.0)
    assert result[2][0] == wire.pk and 0.9 < result[2][1] < 1.0
    assert result[3] == (None, None)
    wire.refresh_from_db()
    assert bytes(wire.minhash) == signature(STORY)


def test_process_twice_gives_the_same_links(three_outlets):
    process(list(three_outlets))
    first = links(*three_outlets)
    process(list(three_outlets))
    process([three_outlets[0]])
    assert links(*three_outlets) == first


def test_earlier_copy_processed_last_takes_over_the_group(three_outlets):
    wire, trimmed, edited, own = three_outlets
    process([trimmed])
    process([edited])
    assert links(trimmed, edited)[1][0] == trimmed.pk
    process([wire])  # published first, fetched last
    assert [link[0] for link in links(wire, trimmed, edited)] == [None, wire.pk, wire.pk]


def test_articles_outside_the_window_are_not_compared(make_article):
    old = make_article(text=STORY, published_at=at(0))
    new = make_article(text=STORY, published_at=at(0) + WINDOW + timedelta(days=1))
    process([old])
    process([new])
    assert links(new) == [(None, None)]


def test_changed_text_releases_the_copies_that_pointed_to_it(three_outlets):
    wire, trimmed, edited, own = three_outlets
    process([wire, trimmed, edited])
    wire.text = SAME_EVENT.replace("Valdoro", "Montelupo")
    wire.save(update_fields=["text"])
    process([wire])
    assert links(wire, trimmed)[0] == (None, None)
    assert links(trimmed)[0] == (None, None)
    assert links(edited)[0][0] == trimmed.pk
