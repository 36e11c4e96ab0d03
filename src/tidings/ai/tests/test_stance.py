import io
import json

import pytest
from django.core.management import call_command

from tidings.ai.stance import Evidence, Settings, decide, stance
from tidings.ai.story_summary import sentence_vectors

CLAIM = "Giant shark spotted in the river Thames"
REPORTS = (
    "A giant shark was spotted in the river Thames on Monday by two fishermen.\n\n"
    "The shark swam past the bridge in central London before turning back to sea."
)
DEBUNKS = (
    "The photo of a giant shark in the river Thames is a hoax, experts said.\n\n"
    "The picture was doctored from an image taken off the coast of Australia."
)
HEDGES = (
    "A giant shark was reportedly spotted in the river Thames, according to social media "
    "posts.\n\nThe claims could not be verified, and the police said they were looking into it."
)
ELSEWHERE = "The central bank raised interest rates by a quarter point to fight inflation."


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (Evidence(0.2, 3, 0), "unrelated"),
        (Evidence(0.9, 1, 2), "disagree"),
        (Evidence(0.9, 0, 0), "agree"),
        (Evidence(0.9, 0, 1), "discuss"),
    ],
)
def test_decide_reads_relatedness_then_refutations_then_hedges(found, expected):
    assert decide(found).stance == expected


def test_decide_never_agrees_when_the_settings_say_so():
    assert decide(Evidence(0.9, 0, 0), Settings(max_hedges_to_agree=-1)).stance == "discuss"


@pytest.mark.parametrize(
    ("text", "expected"),
    [(REPORTS, "agree"), (DEBUNKS, "disagree"), (HEDGES, "discuss"), (ELSEWHERE, "unrelated")],
)
def test_stance_of_texts_towards_a_claim(text, expected):
    assert stance(CLAIM, text, sentence_vectors("hashed")).stance == expected


def test_command_gives_each_stance_and_reports_bad_lines(run_jsonl):
    code, results = run_jsonl(
        "stance",
        [
            json.dumps({"id": 1, "claim": CLAIM, "text": DEBUNKS}),
            json.dumps({"id": 2, "claim": CLAIM, "text": ELSEWHERE}),
            json.dumps({"id": 3, "claim": "", "text": REPORTS}),
        ],
    )
    assert code == 1
    assert [r["id"] for r in results] == [1, 2, 3]
    assert set(results[0]) == {"id", "stance", "score"}
    assert [r["stance"] for r in results[:2]] == ["disagree", "unrelated"]
    assert results[0]["score"] > results[1]["score"]
    assert "error" in results[2]


def test_eval_stance_prints_ours_cross_validated_and_the_baseline(shared_data, tmp_path):
    folder = shared_data / "ai" / "fnc1-stance"
    pairs = (folder / "pairs.dev.jsonl").read_text(encoding="utf-8").splitlines()[:40]
    (tmp_path / "pairs.dev.jsonl").write_text("\n".join(pairs) + "\n", encoding="utf-8")
    (tmp_path / "bodies.dev.jsonl").write_bytes((folder / "bodies.dev.jsonl").read_bytes())
    out = io.StringIO()
    call_command("eval", "stance", "--data", str(tmp_path), stdout=out)
    scores = json.loads(out.getvalue())
    assert scores["pairs"] == 40
    for run in ("ours", "cross_validated", "all_unrelated"):
        assert {"fnc_score", "macro_f1", "f1"} <= set(scores[run])
        assert set(scores[run]["f1"]) == {"agree", "disagree", "discuss", "unrelated"}
