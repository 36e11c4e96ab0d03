from datetime import UTC, datetime

import pytest

from tidings.readers.greader.ids import (
    BadId,
    Stream,
    article_id,
    long_item_id,
    moment,
    parse_stream,
)


def test_item_ids_in_both_forms_name_one_article():
    assert long_item_id(255) == "tag:google.com,2005:reader/item/00000000000000ff"
    assert article_id("tag:google.com,2005:reader/item/00000000000000ff") == 255
    assert article_id("255") == 255


@pytest.mark.parametrize(
    "bad", ["", "abc", "-3", "0", "tag:google.com,2005:reader/item/zz", "9" * 30]
)
def test_a_bad_item_id_is_refused(bad):
    with pytest.raises(BadId):
        article_id(bad)


@pytest.mark.parametrize(
    ("given", "stream"),
    [
        ("feed/12", Stream("feed", "12")),
        ("feed/https://a.example/feed.xml", Stream("feed", "https://a.example/feed.xml")),
        ("user/-/state/com.google/reading-list", Stream("state", "reading-list")),
        ("user/42/state/com.google/starred", Stream("state", "starred")),
        ("user/-/label/Tech", Stream("label", "Tech")),
    ],
)
def test_stream_ids(given, stream):
    assert parse_stream(given) == stream


@pytest.mark.parametrize("bad", ["", "feed/", "user/-/state/com.google/broadcast", "splat"])
def test_a_bad_stream_is_refused_in_words(bad):
    with pytest.raises(BadId, match="."):
        parse_stream(bad)


def test_times_in_seconds_milliseconds_and_microseconds():
    expected = datetime(2025, 6, 10, 12, 0, tzinfo=UTC)
    seconds = int(expected.timestamp())
    for given in (seconds, seconds * 1000, seconds * 1_000_000):
        assert moment(str(given), "ot") == expected
    with pytest.raises(BadId):
        moment("soon", "ot")
