"""The tagger on whole articles: the seed article with and without spaCy, junk that must
never show, how many tags, and rarity in the corpus."""

import re

from tidings.enrich.tagger import tag_documents
from tidings.enrich.tagging_data import CorpusCounts, Document
from tidings.enrich.tagging_models import BACKEND_YAKE
from tidings.enrich.tagging_words import GENERIC

JUNK = re.compile(
    r"\d|^(monday|tuesday|june|official|officials|people|he|she|they|it|we|this)$", re.I
)


def assert_no_junk(tags):
    for tag in tags:
        assert not JUNK.search(tag.label), tag
        assert len(tag.label) > 1
        assert tag.label.casefold() not in GENERIC


def test_seed_article_is_about_zelenskyy_russia_ukraine_and_prisoners_of_war(seed_main, with_spacy):
    tags = tag_documents([seed_main], backend=with_spacy).tags[0]
    found = {tag.label: tag.kind for tag in tags}
    assert found["Volodymyr Zelenskyy"] == "person"
    assert found["Russia"] == "place" and found["Ukraine"] == "place"
    assert found.get("Kyiv") == "place" or found.get("Istanbul") == "place"
    assert found.get("prisoners of war") == "topic" or found.get("prisoner swaps") == "topic"
    # "Zelenskyy" alone later in the text is the same person, not a second tag.
    assert sum("Zelensk" in label for label in found) == 1
    assert 3 <= len(tags) <= 8
    assert_no_junk(tags)


def test_tags_are_best_first_with_scores_between_zero_and_one(seed_main, with_spacy):
    tags = tag_documents([seed_main], backend=with_spacy).tags[0]
    scores = [tag.score for tag in tags]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 1 for score in scores)
    assert tags[0].tag.startswith("#") and " " not in tags[0].tag


def test_without_spacy_names_come_from_capitalised_phrases(seed_main):
    tagged = tag_documents([seed_main], backend=BACKEND_YAKE)
    assert tagged.backend == "yake"
    found = {tag.label: tag.kind for tag in tagged.tags[0]}
    assert {"Russia", "Ukraine", "prisoners of war"} <= set(found)
    assert found["Russia"] == "place"
    assert_no_junk(tagged.tags[0])


def test_top_limits_the_number_of_tags(seed_main):
    tags = tag_documents([seed_main], top=3, backend=BACKEND_YAKE).tags[0]
    assert len(tags) == 3


def test_a_tag_common_to_the_whole_corpus_ranks_lower_than_alone(seed_main):
    alone = tag_documents([seed_main], backend=BACKEND_YAKE).tags[0]
    corpus = CorpusCounts(documents=100, frequency={"russia": 100})
    crowded = tag_documents([seed_main], backend=BACKEND_YAKE, corpus=corpus).tags[0]
    score = {tag.label: tag.score for tag in crowded}
    assert score["Russia"] < {tag.label: tag.score for tag in alone}["Russia"]
    assert score["Russia"] < score["Ukraine"]


def test_a_title_only_document_still_gets_tags():
    tags = tag_documents(
        [Document("Drone strikes hit Kyiv and Odesa", "")], backend=BACKEND_YAKE
    ).tags[0]
    assert {"Kyiv", "Odesa"} <= {tag.label for tag in tags}
