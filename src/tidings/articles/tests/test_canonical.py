import pytest

from tidings.articles.canonical import canonical_url

CASES = [
    ("https://News.Example:443/a/b?utm_source=rss&id=7#top", None, "https://news.example/a/b?id=7"),
    ("http://example.com:80", None, "http://example.com/"),
    ("https://example.com/x?fbclid=abc&gclid=d", None, "https://example.com/x"),
    ("https://example.com/amp/x", "https://www.example.com/x", "https://www.example.com/x"),
    # A page may not claim another site's article as its canonical one.
    ("https://example.com/x", "https://elsewhere.example/x", "https://example.com/x"),
    ("https://example.com/x", "javascript:alert(1)", "https://example.com/x"),
    ("https://example.com:8443/x?b=2&a=1", None, "https://example.com:8443/x?b=2&a=1"),
]


@pytest.mark.parametrize(("url", "declared", "expected"), CASES)
def test_canonical_url(url, declared, expected):
    assert canonical_url(url, declared) == expected
