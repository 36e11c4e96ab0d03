import json
import subprocess
import sys

import numpy as np
import pytest

from tidings.enrich.embeddings import (
    DIMENSIONS,
    LEAD_CHARACTERS,
    DocumentFrequencies,
    article_text_for_embedding,
    embed,
    resolve_backend,
    vector_from_bytes,
)
from tidings.enrich.models import ArticleAnalysis
from tidings.enrich.stored_embeddings import process

PRISONERS = (
    "Ukraine and Russia swap prisoners of war",
    "Ukraine and Russia exchanged hundreds of prisoners of war on Friday, Volodymyr "
    "Zelenskyy said, in the largest swap since the full-scale invasion began.",
)
PRISONERS_AGAIN = (
    "Hundreds of POWs come home in Ukraine-Russia exchange",
    "Russia and Ukraine each handed over hundreds of prisoners of war, Zelenskyy said on "
    "Friday, after talks in Istanbul agreed the swap.",
)
FOOTBALL = (
    "Late goal sends Arsenal top of the league",
    "A header in the 89th minute gave Arsenal a 2-1 win over Chelsea at the Emirates "
    "Stadium and lifted them to the top of the Premier League table.",
)


def backends():
    """Both backends; the model only where the ml extra is installed."""
    model = pytest.param(
        "model",
        marks=pytest.mark.skipif(
            resolve_backend("auto") != "model", reason="the ml extra is not installed"
        ),
    )
    return [model, "hashed"]


def texts(*articles):
    return [article_text_for_embedding(title, text) for title, text in articles]


@pytest.mark.parametrize("backend", backends())
def test_each_text_gets_one_unit_vector_of_384_float32(backend):
    vectors = embed(texts(PRISONERS, PRISONERS_AGAIN, FOOTBALL), backend)
    assert vectors.shape == (3, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)


@pytest.mark.parametrize("backend", backends())
def test_articles_on_one_event_are_closer_than_articles_on_another(backend):
    prisoners, prisoners_again, football = embed(
        texts(PRISONERS, PRISONERS_AGAIN, FOOTBALL), backend
    )
    assert prisoners @ prisoners_again > prisoners @ football + 0.1
    assert prisoners @ prisoners_again > prisoners_again @ football + 0.1


@pytest.mark.parametrize("backend", backends())
def test_a_vector_does_not_depend_on_the_texts_embedded_with_it(backend):
    alone = embed(texts(PRISONERS), backend)[0]
    together = embed(texts(FOOTBALL, PRISONERS_AGAIN, PRISONERS), backend)[2]
    assert np.allclose(alone, together, atol=1e-5)
    assert np.array_equal(embed(texts(PRISONERS), backend)[0], alone)


def test_no_texts_give_an_empty_matrix():
    assert embed([], "hashed").shape == (0, DIMENSIONS)


def test_hashed_text_without_words_gives_zeros():
    assert not embed(["", "— …"], "hashed").any()


def test_hashed_vectors_are_the_same_in_another_process():
    """No salted hash() and no unseeded randomness: a new interpreter gets the same bytes."""
    script = (
        "import sys; from tidings.enrich.embeddings import embed; "
        "sys.stdout.write(embed([sys.argv[1]], 'hashed')[0].tobytes().hex())"
    )
    text = texts(PRISONERS)[0]
    other = subprocess.run(
        [sys.executable, "-c", script, text], capture_output=True, text=True, check=True
    )
    assert other.stdout == embed([text], "hashed")[0].tobytes().hex()


def test_hashed_backend_runs_without_the_ml_extra():
    """With onnxruntime unimportable, auto picks the hashed backend, which embeds; asking
    for the model says what is missing."""
    script = """
import sys
sys.modules["onnxruntime"] = None  # as if the ml extra were not installed
from tidings.enrich.embeddings import BackendUnavailable, embed, resolve_backend
assert resolve_backend("auto") == "hashed"
assert embed(["Ukraine and Russia swap prisoners"], "auto").shape == (1, 384)
try:
    resolve_backend("model")
except BackendUnavailable as error:
    print(error)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "ml extra" in result.stdout


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="not one of auto, model, hashed"):
        embed(["text"], "bert")


def test_corpus_frequencies_make_articles_on_one_event_stand_out_more():
    """Words that no other document of the corpus uses are dropped, so the words shared
    with the other article on the event weigh more."""
    filler = [f"Weather report {n}: rain in the north, sun in the south." for n in range(10)]
    corpus = [*texts(PRISONERS, PRISONERS_AGAIN, FOOTBALL), *filler]
    plain = embed(corpus, "hashed")
    learnt = embed(corpus, "hashed", frequencies=DocumentFrequencies.of(corpus))
    assert learnt[0] @ learnt[1] > plain[0] @ plain[1]
    assert np.allclose(np.linalg.norm(learnt, axis=1), 1, atol=1e-5)


def test_text_for_embedding_is_the_title_and_the_lead():
    text = "First paragraph.\n\nSecond paragraph."
    assert article_text_for_embedding("A title", text) == (
        "A title\nFirst paragraph.\nSecond paragraph."
    )


def test_text_for_embedding_does_not_repeat_a_title_the_text_starts_with():
    assert article_text_for_embedding("A title", "A title\nThe story.") == "A title\nThe story."


def test_text_for_embedding_of_a_headline_only_article_is_its_title():
    assert article_text_for_embedding("  A  title ", "") == "A title"


def test_text_for_embedding_stops_at_a_word_boundary_near_the_limit():
    text = "word " * 1000
    lead = article_text_for_embedding("Title", text)
    assert LEAD_CHARACTERS - 5 <= len(lead) <= LEAD_CHARACTERS
    assert lead.endswith("word")


# The JSON Lines command.


@pytest.mark.parametrize("backend", backends())
def test_embed_command_gives_a_vector_per_line_and_an_error_for_a_bad_one(
    tmp_path, backend, run_jsonl
):
    good = [
        json.dumps({"id": n, "title": title, "text": text})
        for n, (title, text) in enumerate([PRISONERS, PRISONERS_AGAIN, FOOTBALL])
    ]
    lines = [good[0], "{not json", good[1], json.dumps({"id": "x"}), good[2]]
    code, results = run_jsonl("embed", lines, "--backend", backend)
    assert code == 1
    assert [result["id"] for result in results] == [0, None, 1, "x", 2]
    assert "error" in results[1]
    assert results[3]["error"] == "nothing to embed: no title and no text"
    vectors = np.array([results[n]["vector"] for n in (0, 2, 4)])
    assert vectors.shape == (3, DIMENSIONS)
    assert {results[n]["backend"] for n in (0, 2, 4)} == {backend}
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_embed_command_follows_the_setting_without_backend_option(tmp_path, settings, run_jsonl):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    code, results = run_jsonl("embed", [json.dumps({"id": 1, "title": "Only a headline"})])
    assert code == 0
    assert results[0]["backend"] == "hashed"
    assert len(results[0]["vector"]) == DIMENSIONS


# The stage over stored articles.


@pytest.mark.django_db
@pytest.mark.parametrize("backend", backends())
def test_process_stores_a_vector_for_every_article_once(settings, make_article, backend):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": backend}
    articles = [
        make_article(title=PRISONERS[0], text=PRISONERS[1]),
        make_article(title=PRISONERS_AGAIN[0], text=PRISONERS_AGAIN[1]),
        make_article(title=FOOTBALL[0], summary=FOOTBALL[1]),  # no text: title and summary
    ]
    process(articles)
    first = {row.article_id: bytes(row.embedding) for row in ArticleAnalysis.objects.all()}
    process(articles)

    rows = list(ArticleAnalysis.objects.order_by("article_id"))
    assert [row.article_id for row in rows] == [article.pk for article in articles]
    assert {row.embedding_backend for row in rows} == {backend}
    vectors = [vector_from_bytes(row.embedding) for row in rows]
    assert all(vector.shape == (DIMENSIONS,) for vector in vectors)
    assert all(abs(np.linalg.norm(vector) - 1) < 1e-5 for vector in vectors)
    assert {row.article_id: bytes(row.embedding) for row in rows} == first
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


@pytest.mark.django_db
def test_a_wire_copy_under_the_same_headline_takes_its_originals_stored_vector(
    settings, make_article, monkeypatch
):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    original = make_article(title=PRISONERS[0], text=PRISONERS[1])
    process([original])
    embedded = []

    def counting_embed(texts, backend):
        embedded.extend(texts)
        return embed(texts, backend)

    monkeypatch.setattr("tidings.enrich.embeddings.embed", counting_embed)
    copy = make_article(title=PRISONERS[0], text=PRISONERS[1], copy_of=original)
    retitled = make_article(title="Prisoners swapped", text=PRISONERS[1], copy_of=original)
    same_again = make_article(title=FOOTBALL[0], text=FOOTBALL[1])
    football = make_article(title=FOOTBALL[0], text=FOOTBALL[1])
    process([copy, retitled, same_again, football])

    vectors = {row.article_id: bytes(row.embedding) for row in ArticleAnalysis.objects.all()}
    # The opening sentences are embedded too (for the AI panel); of the articles' own
    # texts, only those no stored original gives:
    articles = texts(PRISONERS, ("Prisoners swapped", PRISONERS[1]), FOOTBALL)
    assert [text for text in embedded if text in articles] == texts(
        ("Prisoners swapped", PRISONERS[1]), FOOTBALL
    )
    assert vectors[copy.pk] == vectors[original.pk]
    assert vectors[same_again.pk] == vectors[football.pk]
    assert vectors[retitled.pk] != vectors[original.pk]
