import pytest

from tidings.ai.rouge import longbench_rouge_l, rouge_score


def test_identical_texts_score_one_and_disjoint_texts_zero():
    text = "The council approved the budget. Schools get more money."
    assert rouge_score(text, text) == pytest.approx({"rouge1": 1, "rouge2": 1, "rougeL": 1})
    assert longbench_rouge_l(text, [text]) == pytest.approx(1)
    assert rouge_score("red apples", "blue sky") == {"rouge1": 0, "rouge2": 0, "rougeL": 0}


def test_rouge_score_stems_and_ignores_case_and_punctuation():
    # "Councils approved" / "council approves": stems match, order is kept.
    scores = rouge_score("Councils approved budgets!", "the council approves the budget")
    assert scores["rouge1"] == pytest.approx(2 * 1 * 0.6 / 1.6)
    assert scores["rougeL"] == pytest.approx(2 * 1 * 0.6 / 1.6)
    assert scores["rouge2"] == pytest.approx(2 * 0.5 * 0.25 / 0.75)  # "council approv"


def test_longbench_rouge_l_counts_distinct_words_case_sensitively_per_full_stop():
    # Union LCS over "a b c" and "c d" against "a c d": {a, c} and {c, d} give {a, c, d}.
    assert longbench_rouge_l("a b c. c d", ["a c d"]) == pytest.approx(2 * 0.75 / 1.75, abs=1e-6)
    assert longbench_rouge_l("A B", ["a b"]) == 0
    assert longbench_rouge_l("", ["a b"]) == 0
    assert longbench_rouge_l("a b", ["x y", "a b"]) == pytest.approx(1, abs=1e-6)
