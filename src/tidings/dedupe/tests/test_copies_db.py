"""Copies in the database, on the article page, from the command line, and on real data."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.template.loader import render_to_string

from tidings.articles.models import Article
from tidings.dedupe.copies import (
    WINDOW,
    CopyRecord,
    copies_for_page,
    find_copies,
    process,
    signature,
)
from tidings.dedupe.tests.stories import PARAGRAPHS, SAME_EVENT, STORY, at


@pytest.fixture
def three_outlets(make_source, make_article):
    """The wire story at three outlets: whole, without its lead, and with the headline and
    a word changed; and another outlet's own report of the same fire."""
    wire = make_article(
        source=make_source(name="Wire Daily"),
        title="Fire at Valdoro mill",
        text=STORY,
        published_at=at(1),
    )
    trimmed = make_article(
        source=make_source(name="Hill Courier"),
        title="Fire at Valdoro mill",
        text="\n\n".join(PARAGRAPHS[1:]),
        published_at=at(2),
    )
    edited = make_article(
        source=make_source(name="Valley Post"),
        title="Old paper mill burns in Valdoro",
        text=STORY.replace("Tuesday", "Monday"),
        published_at=at(3),
    )
    own = make_article(
        source=make_source(name="Valdoro Voice"),
        title="Night of smoke",
        text=SAME_EVENT,
        published_at=at(1.5),
    )
    return wire, trimmed, edited, own


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


# The article page.


def test_page_lists_the_other_outlets_with_what_they_changed(three_outlets):
    wire, trimmed, edited, own = three_outlets
    process([wire, trimmed, edited, own])
    copies = copies_for_page(Article.objects.get(pk=edited.pk))
    assert [copy.article.source.name for copy in copies] == ["Wire Daily", "Hill Courier"]
    assert copies[0].is_first and not copies[1].is_first
    html = render_to_string("web/_copies.html", {"copies": copies})
    assert "Also published by" in html
    # Headlines this different are shown replaced as a whole.
    assert "<del>Old paper mill burns in Valdoro</del> <ins>Fire at Valdoro mill</ins>" in html
    assert "<del>Monday</del> <ins>Tuesday</ins>" in html
    assert "Left out:" in html  # the trimmed copy has no lead paragraph
    assert f'href="{wire.get_absolute_url()}"' in html
    assert copies_for_page(Article.objects.get(pk=own.pk)) == []


def test_page_partial_escapes_the_articles_text(make_source, make_article):
    hostile = STORY + "\n\n<script>alert('copied')</script> & <b>bold</b> claims"
    first = make_article(source=make_source(name="A <i>Outlet</i>"), text=STORY, published_at=at(0))
    copy = make_article(text=hostile, title="<img src=x onerror=boom>", published_at=at(1))
    process([first, copy])
    html = render_to_string("web/_copies.html", {"copies": copies_for_page(first)})
    assert "<script>" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(&#x27;copied&#x27;)&lt;/script&gt; &amp; &lt;b&gt;bold" in html
    assert "&lt;img src=x onerror=boom&gt;" in html
    html = render_to_string("web/_copies.html", {"copies": copies_for_page(copy)})
    assert "A &lt;i&gt;Outlet&lt;/i&gt;" in html


def test_page_partial_renders_nothing_without_copies():
    assert render_to_string("web/_copies.html", {"copies": []}).strip() == ""


# The command.


def test_command_links_copies_in_time_order_and_reports_bad_lines(tmp_path, run_jsonl):
    records = [
        {"id": "late", "text": STORY, "published": "2025-03-04T09:00:00+01:00"},
        {"id": "early", "text": STORY, "published": "2025-03-04"},
        {"id": "undated", "text": "\n\n".join(PARAGRAPHS[1:])},
        {"id": "other", "text": SAME_EVENT, "published": "2025-03-03T12:00:00Z"},
        {"id": "teaser", "text": "Fire at the Valdoro mill.", "published": "2025-03-01"},
        {"id": "bad-date", "text": STORY, "published": "last Tuesday"},
    ]
    lines = [json.dumps(record) for record in records]
    lines.insert(2, "{not json")
    code, results = run_jsonl("dedupe", lines)
    assert code == 1
    assert [result["id"] for result in results] == [
        "late",
        "early",
        None,
        "undated",
        "other",
        "teaser",
        "bad-date",
    ]
    assert results[0] == {"id": "late", "copy_of": "early", "similarity": 1.0}
    assert results[1] == {"id": "early", "copy_of": None, "similarity": None}
    assert "error" in results[2]
    # Undated: keeps its place after "early", so it is later than it.
    assert results[3] == {"id": "undated", "copy_of": "early", "similarity": 1.0}
    assert results[4] == {"id": "other", "copy_of": None, "similarity": None}
    assert results[5] == {"id": "teaser", "copy_of": None, "similarity": None}
    assert "published" in results[6]["error"]


# Real data.


def test_real_wire_copies_are_linked_and_other_reports_are_not(shared_data):
    """The Giveme5W1H story about American Airlines: three outlets ran the AP text (one cut
    it in half), two wrote their own."""
    path = shared_data / "clustering-news" / "g5w1h_news_cluster.dev.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    story = [row for row in rows if row["story"].startswith("american_airlines")]
    records = [
        CopyRecord(
            number, datetime.fromisoformat(row["published"]).replace(tzinfo=UTC), row["text"]
        )
        for number, row in enumerate(story)
    ]
    result = find_copies(records)
    outlets = {number: row["source"] for number, row in enumerate(story)}
    groups = {}
    for number, link in result.items():
        groups.setdefault(link.copy_of if link.copy_of is not None else number, []).append(
            outlets[number]
        )
    ap = sorted(next(group for group in groups.values() if len(group) > 1))
    assert ap == ["www.dailymail.co.uk", "www.nytimes.com", "www.washingtonpost.com"]
    assert sum(len(group) == 1 for group in groups.values()) == len(story) - 3


def test_evaluation_on_the_labelled_set(shared_data):
    from tidings.dedupe.copies_eval import evaluate_dedupe

    scores = evaluate_dedupe(shared_data)
    assert scores["precision"] >= 0.99 and scores["recall"] >= 0.85
    assert scores["by_edit"]["real_wire_copy"] >= 0.9
    assert scores["false_positives_same_event"] == 0
    assert scores["end_to_end"]["links_to_a_later_article"] == 0
