"""The full-text index stays in step with the articles, on either database."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from tidings.articles.models import Article
from tidings.search import lexical, schema
from tidings.search.query import parse
from tidings.search.service import Filters, search


def found(text: str, filters: Filters | None = None) -> list[int]:
    return [result.id for result in search(text, filters or Filters()).ranked]


def test_a_new_article_is_found_by_its_title_and_text(make_article):
    article = make_article(title="Harbour reopens", text="Ferries sailed again on Monday.")
    assert found("harbour") == [article.id]
    assert found("ferry") == [article.id]  # stemmed: ferries
    assert found("windmill") == []


def test_a_headline_only_article_is_found_by_its_feed_summary(make_article):
    article = make_article(title="Briefing", summary="Glaciers retreat faster than thought.")
    assert found("glacier") == [article.id]


def test_an_edited_article_is_found_by_its_new_words_only(make_article):
    article = make_article(title="Storm nears coast", text="Winds pick up.")
    article.title, article.text = "Storm passes", "Calm returns to the bay."
    article.save()
    assert found("calm bay") == [article.id]
    assert found("winds") == []


def test_a_bulk_update_is_seen_too(make_article):
    article = make_article(title="Old words", text="")
    Article.objects.filter(pk=article.pk).update(title="Fresh headline")
    assert found("fresh") == [article.id]
    assert found("old") == []


def test_a_deleted_article_leaves_the_index(make_article, make_source):
    source = make_source()
    kept = make_article(source=make_source(), title="Vote count begins")
    gone = make_article(source=source, title="Vote count delayed")
    gone.delete()
    assert found("vote") == [kept.id]
    make_article(source=source, title="Vote recount ordered")
    source.delete()  # its articles go with it
    assert found("vote") == [kept.id]


def test_accents_and_case_do_not_matter(make_article):
    article = make_article(title="Le café de Zürich ferme", text="")
    assert found("CAFE zurich") == [article.id]


def test_phrases_exclusions_and_alternatives(make_article):
    bank = make_article(title="Central bank raises rates", text="")
    river = make_article(title="River bank floods as rates of rain rise", text="")
    assert found('"central bank"') == [bank.id]
    assert found("bank -river") == [bank.id]
    assert sorted(found("central OR floods")) == sorted([bank.id, river.id])


def test_the_title_weighs_more_than_the_text(make_article):
    in_text = make_article(title="Weekly roundup", text="Among other news, a drought.")
    in_title = make_article(title="Drought grips the region", text="Crops fail.")
    assert found("drought") == [in_title.id, in_text.id]


def test_reindex_search_rebuilds_the_index_and_its_triggers(make_article):
    article = make_article(title="Wildfire contained", text="")
    schema.uninstall(connection)
    assert schema.missing_triggers(connection)
    call_command("reindex", "--search", stdout=io.StringIO())
    assert schema.missing_triggers(connection) == []
    assert found("wildfire") == [article.id]
    later = make_article(title="Wildfire returns", text="")
    assert sorted(found("wildfire")) == sorted([article.id, later.id])


def test_the_migrations_leave_the_triggers_in_place(db):
    """A later migration that rebuilds the article table (SQLite drops its triggers then)
    must install them again."""
    assert schema.missing_triggers(connection) == []


@pytest.mark.django_db(transaction=True)
def test_emptying_the_article_table_empties_the_index(make_article):
    """``flush`` empties every table (TRUNCATE on PostgreSQL, which fires no row trigger)
    and starts ids afresh: a new article must not inherit an old one's words."""
    make_article(title="Eclipse seen across the north")
    call_command("flush", interactive=False, verbosity=0)
    article = make_article(title="Budget talks stall")
    assert found("eclipse") == []
    assert found("budget") == [article.id]


def test_only_the_newest_matches_are_ranked(make_article, monkeypatch):
    """PostgreSQL looks for them among the newest ids first, then among more."""
    monkeypatch.setattr(lexical, "CANDIDATES", 3)
    monkeypatch.setattr(lexical, "PG_WINDOWS", (2, 4, None))
    made = [make_article(title="Tide tables" if n % 3 == 0 else f"Other {n}") for n in range(12)]
    tides = [article.id for article in made if article.title.startswith("Tide")]
    matches = lexical.word_matches(parse("tide"), upto_id=made[-1].id)
    assert sorted(match.id for match in matches) == tides[-3:]
    early = lexical.word_matches(parse("tide"), upto_id=tides[1])
    assert sorted(match.id for match in early) == tides[:2]
