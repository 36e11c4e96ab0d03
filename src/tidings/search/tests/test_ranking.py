from datetime import UTC, datetime, timedelta

from tidings.search.ranking import RECENCY_HALF_LIFE, Candidate, after, rank

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_a_better_match_ranks_first_at_the_same_age():
    ranked = rank([Candidate(1, NOW, lexical=1.0), Candidate(2, NOW, lexical=3.0)], NOW)
    assert [result.id for result in ranked] == [2, 1]


def test_recency_lifts_an_equal_match():
    old = NOW - 4 * RECENCY_HALF_LIFE
    ranked = rank([Candidate(1, NOW, lexical=2.0), Candidate(2, old, lexical=2.0)], NOW)
    assert [result.id for result in ranked] == [1, 2]
    assert ranked[0].score > ranked[1].score


def test_a_match_by_meaning_alone_ranks_below_a_good_word_match():
    ranked = rank(
        [
            Candidate(1, NOW, cosine=0.9),
            Candidate(2, NOW, lexical=5.0),
            Candidate(3, NOW, cosine=0.1),
        ],  # noqa: E501
        NOW,
    )
    assert [(result.id, result.by_meaning_only) for result in ranked] == [(2, False), (1, True)]


def test_one_per_story_keeps_the_best_article_of_each():
    candidates = [
        Candidate(1, NOW, story_id=7, lexical=1.0),
        Candidate(2, NOW, story_id=7, lexical=2.0),
        Candidate(3, NOW - timedelta(days=1), story_id=None, lexical=1.5),
    ]
    ranked = rank(candidates, NOW, one_per_story=True)
    assert [result.id for result in ranked] == [2, 3]


def test_after_continues_from_a_key():
    ranked = rank([Candidate(n, NOW, lexical=float(n % 3 + 1)) for n in range(1, 8)], NOW)
    second_half = after(ranked, (ranked[2].score, ranked[2].id))
    assert second_half == ranked[3:]
