"""Storing text hashtags: beside the feed's, replaced on each run, skipped for other languages."""

import pytest

from tidings.enrich import tagging
from tidings.enrich.hashtags import tag_from_categories
from tidings.enrich.models import ArticleAnalysis, ArticleHashtag, Hashtag

pytestmark = pytest.mark.django_db

TITLE = "Russia and Ukraine exchange prisoners of war in Istanbul talks"
TEXT = (
    "Russia and Ukraine exchanged prisoners of war on Monday after talks in Istanbul. "
    "Officials in Kyiv said the prisoners of war came home by bus.\n\n"
    "Volodymyr Zelenskyy said more exchanges would follow. Zelenskyy thanked Turkey. "
    "Russia said the same number of prisoners of war had been handed over."
)
FRENCH = (
    "La Russie et l'Ukraine ont échangé lundi des prisonniers de guerre âgés de moins de "
    "25 ans, lors de scènes émouvantes de retour au pays."
)


def rows(article):
    return sorted(
        (link.hashtag.slug, link.origin, link.score, link.pk)
        for link in ArticleHashtag.objects.filter(article=article).select_related("hashtag")
    )


def test_process_stores_text_hashtags_beside_the_feeds_and_twice_is_once(make_article):
    article = make_article(title=TITLE, text=TEXT, language="en")
    tag_from_categories(article, ["World/Europe"])
    tagging.process([article])
    first = rows(article)
    tagging.process([article])
    assert rows(article) == first  # same rows, same ids, same scores
    origins = {slug: origin for slug, origin, _, _ in first}
    assert origins["europe"] == "feed"
    assert origins["russia"] == origins["ukraine"] == "text"
    assert 3 <= sum(origin == "text" for origin in origins.values()) <= 8
    assert Hashtag.objects.get(slug="russia").kind == "place"
    assert Hashtag.objects.get(slug="volodymyr-zelenskyy").label == "Volodymyr Zelenskyy"


def test_process_replaces_earlier_text_hashtags(make_article, make_hashtag):
    article = make_article(title=TITLE, text=TEXT, language="en")
    old = make_hashtag("old guess")
    ArticleHashtag.objects.create(article=article, hashtag=old, origin="text", score=0.9)
    tagging.process([article])
    assert not ArticleHashtag.objects.filter(article=article, hashtag=old).exists()


def test_a_feed_category_found_again_in_the_text_stays_the_feeds(make_article):
    article = make_article(title=TITLE, text=TEXT, language="en")
    tag_from_categories(article, ["Ukraine"])
    tagging.process([article])
    link = ArticleHashtag.objects.get(article=article, hashtag__slug="ukraine")
    assert link.origin == "feed"
    # The text told what the category names.
    assert link.hashtag.kind == "place"


def test_process_notes_languages_it_cannot_read(make_article):
    french = make_article(title="Échange de prisonniers", text=FRENCH, language="fr")
    english = make_article(title=TITLE, text=TEXT, language="en")
    tagging.process([french, english])
    analysis = ArticleAnalysis.objects.get(article=french)
    assert analysis.notes == {"tag": "language fr is not supported"}
    assert not ArticleHashtag.objects.filter(article=french).exists()
    assert ArticleAnalysis.objects.get(article=english).notes == {}
    assert ArticleHashtag.objects.filter(article=english, origin="text").count() >= 3


def test_rarity_in_the_stored_corpus_leaves_out_the_articles_being_tagged(make_article):
    tagged_before = make_article(title=TITLE, text=TEXT, language="en")
    tagging.process([tagged_before])
    article = make_article(title=TITLE, text=TEXT, language="en")
    counts = tagging.stored_corpus_counts(excluding=[article])
    assert counts.documents == 1 and counts.frequency["russia"] == 1
    assert tagging.stored_corpus_counts(excluding=[tagged_before, article]).documents == 0


def test_a_feeds_section_names_are_not_hashtags(make_article):
    article = make_article(title=TITLE, text=TEXT, language="en")
    hashtags = tag_from_categories(article, ["News", "Top Stories", "World/Europe", "Interview"])
    assert [hashtag.label for hashtag in hashtags] == ["Europe"]
