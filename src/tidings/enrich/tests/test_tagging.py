"""Hashtags from text: the seed article, junk that must never show, the JSON Lines command
and the keyphrase benchmark."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tidings.enrich import tagging
from tidings.enrich.tagging import Document, is_junk, tag_documents

SEED = Path(__file__).resolve().parents[5] / "shared" / "seed" / "articles.json"


@pytest.fixture(scope="module")
def seed_main() -> Document:
    if not SEED.is_file():
        pytest.skip("the seed articles are not beside this checkout")
    main = json.loads(SEED.read_text(encoding="utf-8"))["main"]
    return Document(main["title"], "\n\n".join(main["paragraphs"]))


@pytest.fixture(scope="module")
def with_spacy():
    pytest.importorskip("spacy")
    if tagging.available_backend() != tagging.BACKEND_FULL:
        pytest.skip("the spaCy model is not installed")
    return tagging.BACKEND_FULL


JUNK = re.compile(
    r"\d|^(monday|tuesday|june|official|officials|people|he|she|they|it|we|this)$", re.I
)


def assert_no_junk(tags):
    for tag in tags:
        assert not JUNK.search(tag.label), tag
        assert len(tag.label) > 1
        assert tag.label.casefold() not in tagging.GENERIC


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
    tagged = tag_documents([seed_main], backend=tagging.BACKEND_YAKE)
    assert tagged.backend == "yake"
    found = {tag.label: tag.kind for tag in tagged.tags[0]}
    assert {"Russia", "Ukraine", "prisoners of war"} <= set(found)
    assert found["Russia"] == "place"
    assert_no_junk(tagged.tags[0])


def test_top_limits_the_number_of_tags(seed_main):
    tags = tag_documents([seed_main], top=3, backend=tagging.BACKEND_YAKE).tags[0]
    assert len(tags) == 3


def test_a_tag_common_to_the_whole_corpus_ranks_lower_than_alone(seed_main):
    alone = tag_documents([seed_main], backend=tagging.BACKEND_YAKE).tags[0]
    corpus = tagging.CorpusCounts(documents=100, frequency={"russia": 100})
    crowded = tag_documents([seed_main], backend=tagging.BACKEND_YAKE, corpus=corpus).tags[0]
    score = {tag.label: tag.score for tag in crowded}
    assert score["Russia"] < {tag.label: tag.score for tag in alone}["Russia"]
    assert score["Russia"] < score["Ukraine"]


@pytest.mark.parametrize(
    "surface",
    ["Monday", "June 2", "1,200", "$5 billion", "officials", "people", "they", "A", "Reuters"],
)
def test_dates_numbers_pronouns_generic_words_and_credits_are_junk(surface):
    assert is_junk(surface, name=True)


def test_a_title_only_document_still_gets_tags():
    tags = tag_documents(
        [Document("Drone strikes hit Kyiv and Odesa", "")], backend=tagging.BACKEND_YAKE
    ).tags[0]
    assert {"Kyiv", "Odesa"} <= {tag.label for tag in tags}


def test_tag_command_answers_every_line_in_order(tmp_path, seed_main, run_jsonl):
    lines = [
        json.dumps({"id": "main", "title": seed_main.title, "text": seed_main.text}),
        "{this is not json",
        json.dumps(
            {
                "id": "fr",
                "title": "La Russie et l'Ukraine échangent des prisonniers de guerre",
                "text": "La Russie et l'Ukraine ont échangé lundi des prisonniers de guerre "
                "âgés de moins de 25 ans, lors de scènes émouvantes de retour au pays.",
            }
        ),
        json.dumps({"id": "empty", "title": "", "text": ""}),
        json.dumps({"id": 7, "title": "Kyiv talks", "text": ["not", "a", "string"]}),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, results = run_jsonl("tag", path, "--top", "4", "--backend", "yake")
    assert code == 1
    assert [result["id"] for result in results] == ["main", None, "fr", "empty", 7]
    main = results[0]
    assert main["backend"] == "yake" and len(main["hashtags"]) == 4
    assert set(main["hashtags"][0]) == {"tag", "label", "kind", "score"}
    assert {"#Russia", "#Ukraine"} <= {tag["tag"] for tag in main["hashtags"]}
    assert "not JSON" in results[1]["error"]
    assert results[2]["hashtags"] == [] and results[2]["skipped"] == "language fr is not supported"
    assert "error" in results[3] and "error" in results[4]


def test_tag_command_uses_spacy_when_installed(tmp_path, seed_main, with_spacy, run_jsonl):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": 1, "title": seed_main.title, "text": seed_main.text}))
    code, [result] = run_jsonl("tag", path)
    assert code == 0
    assert result["backend"] == "spacy+yake"
    assert "#VolodymyrZelenskyy" in {tag["tag"] for tag in result["hashtags"]}


def test_eval_tagging_beats_plain_yake_on_the_crowd_keyphrases(shared_data, with_spacy):
    out = io.StringIO()
    call_command("eval", "tagging", "--data", str(shared_data / "keyphrases"), stdout=out)
    scores = json.loads(out.getvalue())
    assert scores["documents"] == 131
    assert scores["ours"]["f1@10"] > scores["yake"]["f1@10"]
    assert scores["ours"]["f1@5"] > scores["yake"]["f1@5"]
    assert scores["ours_without_ml"]["f1@10"] > scores["yake"]["f1@10"]
    assert scores["published_best_f1@10"] == 18.2
