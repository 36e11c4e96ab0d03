"""Strings from a page are valid Unicode, whatever the page's JSON-LD escapes say."""

from __future__ import annotations

from tidings.extract.article import extract_article

PAGE = (
    b'<html><head><title>T</title><script type="application/ld+json">'
    b'{"@type": "NewsArticle", "headline": "Half \\ud83d a smiley",'
    b' "author": {"name": "A \\udc00"},'
    b' "image": {"url": "https://a.example/i.jpg", "caption": "c \\ud83d"}}</script></head>'
    b"<body><article>"
    + b"<p>Plenty of ordinary words in a paragraph that is long enough to be the article.</p>" * 5
    + b"</article></body></html>"
)


def test_lone_surrogates_in_json_ld_become_replacement_characters():
    article = extract_article(PAGE, "https://a.example/story")
    assert article.title == "Half \ufffd a smiley"
    for value in vars(article).values():
        if isinstance(value, str):
            value.encode("utf-8")  # raises on a lone surrogate


def test_a_page_given_as_text_with_a_lone_surrogate_is_read():
    page = PAGE.decode().replace("<title>T", "<title>T \ud83d")
    article = extract_article(page, "https://a.example/story")
    assert article.title == "Half \ufffd a smiley"
