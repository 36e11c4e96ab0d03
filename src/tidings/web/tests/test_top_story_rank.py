"""Top stories of an archive years old: breadth still decides between stories of one age."""

from datetime import UTC, datetime, timedelta

from tidings.web.queries import ranked_story_ids, top_story_score

ARCHIVE_DAY = datetime(2014, 3, 12, 18, tzinfo=UTC)
NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def test_a_wide_old_story_outranks_a_narrow_one_of_the_same_age(
    make_source, make_article, make_story
):
    def story(outlets, hours_before, title):
        published = ARCHIVE_DAY - timedelta(hours=hours_before)
        articles = [
            make_article(source=make_source(), title=title, published_at=published)
            for _ in range(outlets)
        ]
        return make_story(*articles, title=title)

    wide = story(131, 2, "Plane missing over the South China Sea")
    narrow = story(5, 1, "Pop star cancels tour dates")  # an hour later, far narrower
    latest = story(2, 0, "Local council approves budget")

    assert ranked_story_ids(min_outlets=2, now=NOW) == [wide.id, narrow.id, latest.id]


def test_the_score_keeps_its_order_however_long_ago():
    day = timedelta(days=1)
    for age in (timedelta(0), day, 365 * day, 12 * 365 * day):
        assert top_story_score(131, NOW - age, NOW) > top_story_score(5, NOW - age, NOW)
        assert top_story_score(5, NOW - age, NOW) > top_story_score(5, NOW - age - day, NOW)
