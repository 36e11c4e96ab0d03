import pytest

from tidings.extract.scoring import score_page, score_pages, shingles


def test_shingles_are_overlapping_four_token_multisets():
    assert shingles("a b c d e a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "e"): 1,
        ("c", "d", "e", "a"): 1,
        ("d", "e", "a", "b"): 1,
        ("e", "a", "b", "c"): 1,
    }


def test_punctuation_and_spacing_do_not_matter_but_case_does():
    assert shingles("One, two;\n\nthree — four!") == shingles("One two three four")
    assert shingles("One two three four") != shingles("one two three four")


def test_a_text_shorter_than_a_shingle_is_one_shingle_and_empty_is_none():
    assert shingles("just two") == {("just", "two"): 1}
    assert shingles("  ... ") == {}


def test_page_precision_and_recall():
    score = score_page(truth="a b c d e f", prediction="a b c d e x")
    # truth: abcd bcde cdef; prediction: abcd bcde cdex
    assert (score.true_positives, score.false_positives, score.false_negatives) == (2, 1, 1)
    assert score.precision == pytest.approx(2 / 3)
    assert score.recall == pytest.approx(2 / 3)


def test_empty_pages_follow_the_benchmark():
    # Nothing predicted: recall 0, and no precision to average.
    assert (score_page("a b c d", "").precision, score_page("a b c d", "").recall) == (None, 0.0)
    # Nothing to find: precision 0, and no recall to average.
    assert (score_page("", "a b c d").precision, score_page("", "a b c d").recall) == (0.0, None)
    # Neither: the page counts in neither mean.
    assert (score_page("", "").precision, score_page("", "").recall) == (None, None)


def test_f1_is_the_harmonic_mean_of_mean_precision_and_mean_recall():
    result = score_pages(
        [
            ("a b c d e f", "a b c d e f"),  # P 1, R 1
            ("a b c d e f", "a b c d"),  # P 1, R 1/3
            ("a b c d", ""),  # P -, R 0
            ("", ""),  # P -, R -
        ]
    )
    assert result.pages == 4
    assert result.precision == pytest.approx(1.0)
    assert result.recall == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert result.f1 == pytest.approx(2 * result.precision * result.recall / (1 + result.recall))
