"""The outlet's initials, which stand in for a picture on its articles' cards."""

import pytest

from tidings.sources.models import Source


@pytest.mark.parametrize(
    ("name", "url", "initials"),
    [
        ("The Japan Times", "https://www.japantimes.co.jp/feed", "JT"),
        ("NHK", "https://www3.nhk.or.jp/rss/news.xml", "NHK"),
        ("Emag.co.uk", "https://emag.co.uk/feed", "Em"),
        ("24/7 Wall St.", "https://247wallst.com/feed", "WS"),
        ("marie claire magazine Australia", "https://marieclaire.com.au/rss", "mc"),
        ("", "https://www.globalvoices.org/feed/", "gl"),
        ("···", "https://example.org/feed", "·"),
    ],
)
def test_initials_of_an_outlet(name, url, initials):
    # The badge writes them in capitals (CSS), so the case here is the name's own.
    assert Source(name=name, url=url).initials == initials
