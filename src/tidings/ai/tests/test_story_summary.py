import json

import pytest

from tidings.ai.citations import passes
from tidings.ai.story_summary import Document, sentence_vectors, summarize_story

WIRE = (
    "ROME (AP) - A strong earthquake struck central Italy on Thursday, killing 12 people in "
    "three mountain towns, officials said.\n\n"
    "Rescuers searched the rubble of collapsed homes through the night with dogs and lamps.\n\n"
    "The quake had a magnitude of 6.2, the national geological institute said."
)
COPY = (
    "A strong earthquake struck central Italy on Thursday, killing 12 people in three "
    "mountain towns, officials said.\n\n"
    "The quake was felt as far away as Rome, where old buildings shook for several seconds."
)
REWRITE = (
    "(CNN) Twelve people were killed in three mountain towns when a strong earthquake hit "
    "central Italy on Thursday, officials said.\n\n"
    "The government promised 50 million euros for rebuilding the damaged schools and churches."
)
STORY = [Document("wire", "", WIRE), Document("copy", "", COPY), Document("cnn", "", REWRITE)]


@pytest.fixture(params=["hashed", "model"])
def vectorize(request):
    from tidings.enrich.embeddings import model_available

    if request.param == "model" and not model_available():
        pytest.skip("MiniLM (the ml extra) is not installed")
    return sentence_vectors(request.param)


def test_story_summary_says_the_event_once_citing_every_outlet_that_said_it(vectorize):
    summary = summarize_story(STORY, vectorize)
    assert 3 <= len(summary) <= 6
    texts = {document.id: document.text for document in STORY}
    quake = [s for s in summary if "strong earthquake" in s.text]
    assert len(quake) == 1, [s.text for s in summary]
    assert summary[0] == quake[0]  # the main event first
    assert {c.document for c in quake[0].citations} >= {"wire", "copy"}
    for statement in summary:
        cited = [texts[c.document][c.start : c.end] for c in statement.citations]
        assert cited[0].endswith(statement.text) and passes(statement.text, cited)
    assert not any(s.text.startswith(("ROME", "(CNN)")) for s in summary)


def test_a_one_article_story_summarises_that_article(vectorize):
    summary = summarize_story([Document(7, "Quake in Italy", WIRE)], vectorize)
    assert [s.text for s in summary][0].startswith("A strong earthquake struck")
    assert {c.document for s in summary for c in s.citations} == {7}
    assert summarize_story([Document(8, "", "Too short.")], vectorize) == []


def test_command_summarises_each_story_and_reports_bad_lines(run_jsonl):
    documents = [{"id": d.id, "title": "", "text": d.text, "source": d.id} for d in STORY]
    code, results = run_jsonl(
        "story-summary",
        [
            json.dumps({"id": "s1", "documents": documents}),
            json.dumps({"id": "s2", "documents": []}),
            "{",
            json.dumps({"id": "s4", "documents": [{"id": 1, "text": 5}]}),
        ],
    )
    assert code == 1
    assert [result["id"] for result in results] == ["s1", "s2", None, "s4"]
    statement = results[0]["summary"][0]
    assert set(statement) == {"text", "citations"}
    assert set(statement["citations"][0]) == {"document", "start", "end"}
    assert all("error" in result for result in results[1:])
