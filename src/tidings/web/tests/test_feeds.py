"""The hashtag RSS feed: publisher text reaches feed readers as the same plain text."""

import feedparser
import lxml.html

TITLE = "AT&T <b>wins</b> & the <script>alert(1)</script> ruling"
TEXT = "Profits <i>rose</i> by 5% & AT&amp;T cheered."


def shown(value: str) -> str:
    """What a reader shows for an RSS text it renders as HTML."""
    return lxml.html.fragment_fromstring(value, create_parent="div").text_content()


def test_titles_and_descriptions_show_the_publisher_text_not_its_markup(
    client, make_article, make_hashtag
):
    article = make_article(title=TITLE, text=TEXT)
    make_hashtag("telecoms", articles=[article])

    feed = feedparser.parse(client.get("/hashtags/telecoms/feed/").content)

    assert not feed.bozo, feed.bozo_exception
    [entry] = feed.entries
    assert shown(entry.title) == TITLE
    assert shown(entry.summary) == TEXT
    assert "<b>" not in entry.title and "<i>" not in entry.summary
    assert "<script" not in entry.title
