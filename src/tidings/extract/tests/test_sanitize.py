import re

import pytest

from tidings.extract.sanitize import html_to_text, sanitize_html, text_to_html

HOSTILE = [
    "<script>alert(1)</script><p>kept</p>",
    '<p>kept<img src="x" onerror="alert(1)"></p>',
    '<p><a href="javascript:alert(1)">kept</a></p>',
    '<p><a href="JaVaScRiPt:alert(1)">kept</a></p>',
    '<p><a href="jav&#x09;ascript:alert(1)">kept</a></p>',
    '<p><a href="&#106;avascript:alert(1)">kept</a></p>',
    '<p><a href=" javascript:alert(1)">kept</a></p>',
    '<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">kept</a></p>',
    '<p><a href="vbscript:msgbox(1)">kept</a></p>',
    '<svg onload="alert(1)"><script>alert(1)</script></svg><p>kept</p>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg><p>kept</p>',
    "<math><mtext><script>alert(1)</script></mtext></math><p>kept</p>",
    '<style>body{background:url("https://tracker.example/x")}</style><p>kept</p>',
    '<p style="background:url(https://tracker.example/x)" onclick="alert(1)">kept</p>',
    '<iframe src="https://evil.example/"></iframe><p>kept</p>',
    '<p>kept</p><object data="https://evil.example/x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example/"><input name="q"><button>go</button></form><p>kept</p>',
    "<p>kept</p><!-- <script>alert(1)</script> -->",
    "<p>kept<scr<script>ipt>alert(1)</script></p>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">x</p></noscript><p>kept</p>',
    "<p>&lt;script&gt;alert(1)&lt;/script&gt;kept</p>",
    '<base href="https://evil.example/"><p><a href="/x">kept</a></p>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>kept</p>',
    '<p><img srcset="https://tracker.example/a.png 1x">kept</p>',
    '<video poster="https://tracker.example/p.jpg"><source src="x.mp4"></video><p>kept</p>',
    "<template><script>alert(1)</script></template><p>kept</p>",
    '<div><div><div><p><b><i><a href="javascript:alert(1)" onmouseover="x">kept</a></i></b></p>'
    "</div></div></div>",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_sanitize_html_leaves_nothing_executable_or_remote(hostile):
    cleaned = sanitize_html(hostile, "https://news.example/story")
    lowered = cleaned.lower()
    for forbidden in (
        "<script", "<img", "<svg", "<iframe", "<object", "<embed", "<style", "<form", "<video",
        "<source", "<math", "<base", "<meta", "<template", "<input", "javascript:", "vbscript:",
        "data:", "onerror", "onload", "onclick", "onmouseover", "style=", "srcset", "tracker",
    ):  # fmt: skip
        assert forbidden not in lowered, (forbidden, cleaned)
    # Every attribute left is a link's href or its rel.
    for name in re.findall(r"\s([a-z-]+)=", lowered):
        assert name in {"href", "rel"}, cleaned


@pytest.mark.parametrize("hostile", HOSTILE)
def test_sanitize_html_keeps_the_readable_text(hostile):
    assert "kept" in html_to_text(sanitize_html(hostile, "https://news.example/story"))


def test_links_become_absolute_and_nofollow():
    cleaned = sanitize_html('<p>See <a href="/other">this</a>.</p>', "https://news.example/a/b")
    assert cleaned == (
        '<p>See <a href="https://news.example/other" rel="nofollow noopener noreferrer">'
        "this</a>.</p>"
    )


def test_relative_links_without_a_base_are_unwrapped_to_text():
    assert sanitize_html('<p>See <a href="/other">this</a>.</p>', None) == "<p>See this.</p>"


def test_protocol_relative_links_take_the_base_scheme():
    cleaned = sanitize_html('<a href="//cdn.example/x">x</a>', "https://news.example/")
    assert 'href="https://cdn.example/x"' in cleaned


def test_loose_text_in_divs_becomes_paragraphs():
    cleaned = sanitize_html(
        "<div>First <b>bold</b> part<p>Second</p>Third<div>Fourth</div></div>", None
    )
    assert cleaned == "<p>First <b>bold</b> part</p>\n<p>Second</p>\n<p>Third</p>\n<p>Fourth</p>"


def test_headings_are_brought_within_h2_to_h4():
    cleaned = sanitize_html("<h1>Big</h1><h5>Small</h5><h6>Tiny</h6>", None)
    assert cleaned == "<h2>Big</h2>\n<h4>Small</h4>\n<h4>Tiny</h4>"


def test_captions_are_dropped_with_their_images():
    cleaned = sanitize_html(
        '<figure><img src="a.jpg"><figcaption>A caption</figcaption></figure><p>Body</p>', None
    )
    assert cleaned == "<p>Body</p>"


def test_empty_paragraphs_are_removed():
    assert sanitize_html("<p></p><p> <br> </p><p>x</p>", None) == "<p>x</p>"


@pytest.mark.parametrize("nothing", ["", "   ", "<!-- only a comment -->", "<script>x</script>"])
def test_sanitize_html_of_nothing_is_empty(nothing):
    assert sanitize_html(nothing, None) == ""


def test_sanitize_html_accepts_whole_documents_with_an_xml_declaration():
    document = (
        '<?xml version="1.0" encoding="utf-8"?><html><head><title>T</title></head>'
        "<body><p>Body</p></body></html>"
    )
    assert sanitize_html(document, None) == "<p>Body</p>"


def test_html_to_text_puts_one_blank_line_between_blocks():
    html = (
        "<h2>Heading</h2><p>One   two\nthree</p><p>Line<br>break</p>"
        "<ul><li>first</li><li>second</li></ul><blockquote>Quote</blockquote>"
    )
    assert (
        html_to_text(html) == "Heading\n\nOne two three\n\nLine\nbreak\n\nfirst\n\nsecond\n\nQuote"
    )


def test_html_to_text_reads_table_rows_as_lines():
    html = "<table><tr><th>Team</th><th>Points</th></tr><tr><td>Rovers</td><td>12</td></tr></table>"
    assert html_to_text(html) == "Team | Points\n\nRovers | 12"


def test_html_to_text_of_a_plain_fragment():
    assert html_to_text("Just a sentence &amp; more.") == "Just a sentence & more."


def test_html_to_text_leaves_out_scripts_and_styles():
    assert html_to_text("<p>a</p><script>var x;</script><style>p{}</style><p>b</p>") == "a\n\nb"


def test_text_to_html_escapes_and_wraps_paragraphs():
    assert text_to_html("Fish & <chips>\nsecond line\n\n\nNext") == (
        "<p>Fish &amp; &lt;chips&gt;<br>second line</p>\n<p>Next</p>"
    )


def test_text_and_html_round_trip():
    text = "First paragraph.\n\nSecond paragraph."
    assert html_to_text(sanitize_html(text_to_html(text), None)) == text
