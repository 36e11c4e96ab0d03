import io
import json

import pytest
from django.core.management import call_command

from tidings.ai.answer import answer_question, not_enough_information_option
from tidings.ai.citations import passes
from tidings.ai.story_summary import Document, sentence_vectors

HARBOR = (
    "LISBON (Reuters) - The city council approved a plan on Thursday to rebuild the harbor "
    "wall that storms destroyed in January.\n\n"
    "The rebuilding will cost 40 million euros and take three years, the mayor said.\n\n"
    "Fishermen welcomed the vote but said the work should have started sooner."
)
FERRY = (
    "A new ferry line will link the harbor with the islands from next spring.\n\n"
    "Tickets will cost 12 euros for adults and half that for children."
)
STORY = [Document("reuters", "Harbor plan approved", HARBOR), Document("local", "", FERRY)]
TEXTS = {document.id: document.text for document in STORY}


@pytest.fixture(params=["hashed", "model"])
def vectorize(request):
    from tidings.enrich.embeddings import model_available

    if request.param == "model" and not model_available():
        pytest.skip("MiniLM (the ml extra) is not installed")
    return sentence_vectors(request.param)


def _cited(statement):
    return [TEXTS[c.document][c.start : c.end] for c in statement.citations]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["A new dam", "not enough information"], 1),
        (["Can't tell", "yes"], 0),
        (["The answer cannot be determined"], 0),
        (["The harbor wall", "The ferry"], None),
    ],
)
def test_not_enough_information_option_is_found_by_its_wording(options, expected):
    assert not_enough_information_option(options) == expected


def test_answer_cites_the_sentences_that_say_it(vectorize):
    answer = answer_question("How much will the rebuilding of the harbor cost?", STORY, vectorize)
    assert not answer.abstained
    assert "40 million euros" in answer.statements[0].text
    for statement in answer.statements:
        assert _cited(statement) == [statement.text]
        assert passes(statement.text, _cited(statement))


def test_multiple_choice_picks_the_option_its_evidence_supports(vectorize):
    options = ["not enough information", "12 euros", "40 million euros", "3 euros"]
    answer = answer_question(
        "How much will the rebuilding of the harbor wall cost?", STORY, vectorize, options
    )
    assert (answer.abstained, answer.option) == (False, 2)
    assert "40 million euros" in answer.statements[0].text


def test_unanswered_question_abstains_and_shows_the_closest_sentences(vectorize):
    options = ["Grapefruit", "not enough information", "Eggs and toast", "Oatmeal"]
    answer = answer_question("What did the mayor eat for breakfast?", STORY, vectorize, options)
    assert (answer.abstained, answer.option) == (True, 1)
    assert answer.statements and all(_cited(s) == [s.text] for s in answer.statements)


def test_a_when_question_without_a_date_in_the_evidence_abstains():
    story = [Document(1, "", "The ferry line will link the harbor with the islands soon.")]
    answer = answer_question("When will the ferry line open?", story, sentence_vectors("hashed"))
    assert answer.abstained
    assert [s.text for s in answer.statements] == [story[0].text]


def test_documents_without_prose_abstain_with_nothing_to_show():
    answer = answer_question("Who won?", [Document(1, "", "")], sentence_vectors("hashed"))
    assert (answer.statements, answer.abstained, answer.option) == ((), True, None)


def test_command_answers_each_question_and_reports_bad_lines(run_jsonl):
    documents = [{"id": d.id, "title": d.title, "text": d.text} for d in STORY]
    code, results = run_jsonl(
        "answer",
        [
            json.dumps(
                {"id": 1, "question": "How much will the harbor cost?", "documents": documents}
            ),
            json.dumps(
                {
                    "id": 2,
                    "question": "How much will the rebuilding of the harbor wall cost?",
                    "documents": documents,
                    "options": ["12 euros", "40 million euros", "not enough information"],
                }
            ),
            json.dumps({"id": 3, "question": "", "documents": documents}),
            json.dumps({"id": 4, "question": "Why?", "documents": []}),
            json.dumps({"id": 5, "question": "Why?", "documents": documents, "options": [1]}),
        ],
    )
    assert code == 1
    assert [r["id"] for r in results] == [1, 2, 3, 4, 5]
    assert set(results[0]) == {"id", "answer", "abstained", "option"}
    assert results[0]["option"] is None
    for statement in results[0]["answer"] + results[1]["answer"]:
        (citation,) = statement["citations"]
        text = TEXTS[citation["document"]]
        assert text[citation["start"] : citation["end"]] == statement["text"]
    assert (results[1]["abstained"], results[1]["option"]) == (False, 1)
    assert all("error" in r for r in results[2:])


def test_eval_answer_prints_ours_cross_validated_and_the_baselines(shared_data, tmp_path):
    name = "quail_news.dev.jsonl"
    lines = (shared_data / "ai" / "quail-news" / name).read_text(encoding="utf-8").splitlines()
    (tmp_path / name).write_text("\n".join(lines[:12]) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("eval", "answer", "--data", str(tmp_path), stdout=out)
    scores = json.loads(out.getvalue())
    assert scores["questions"] == 12
    measures = {"accuracy", "accuracy_answerable", "not_enough_recall", "false_abstention"}
    for run in ("ours", "cross_validated", "random_seed_7", "word_overlap"):
        assert measures <= set(scores[run])
    assert scores["random_expected"] == {"accuracy": 25.0}
    assert "citation_check_percent" in scores["ours"]


def test_a_long_story_embeds_only_the_sentences_sharing_most_words_with_the_question():
    from tidings.ai.answer import MAX_EMBEDDED
    from tidings.ai.story_summary import KnownVectors

    filler = [
        Document(n, "", f"Walkers crossed the harbor bridge number {n} on a quiet sunny afternoon.")
        for n in range(40)
    ]
    known = KnownVectors("hashed")
    stored = [Document("stored", "", "A stored sentence on the old lighthouse keeper's cat.")]
    known([stored[0].text])
    vectorize = KnownVectors("hashed", known.known)
    answer = answer_question(
        "How much will the rebuilding of the harbor wall cost?",
        [*filler, *STORY, *stored],
        vectorize,
        known=vectorize.known,
    )
    assert vectorize.embedded == MAX_EMBEDDED + 1  # the question too
    assert "40 million euros" in answer.statements[0].text
