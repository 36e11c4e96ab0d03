from __future__ import annotations

from pathlib import Path

import pytest

from tidings.sources.opml import OpmlError, OpmlOutline, parse_opml, render_opml

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"


def test_nested_outlines_become_feeds_in_their_nearest_folder():
    outlines = parse_opml((TESTDATA / "subscriptions.opml").read_bytes())
    assert [(o.url, o.category) for o in outlines] == [
        ("https://courier.example.com/feed.xml", "Local news"),
        ("https://weather.example.net/rss", "Weather"),
        ("http://gazette.example.org/rss", "Local news"),
        ("https://kitchen.example.com/feed.json", "Food & drink"),
        ("https://blog.example.de/atom.xml", ""),
        ("https://library.example.org/news.rss", "Books"),  # from category="/Culture/Books"
    ]


def test_outline_keeps_title_and_site_and_falls_back_to_its_text():
    outlines = {o.url: o for o in parse_opml((TESTDATA / "subscriptions.opml").read_bytes())}
    assert outlines["https://courier.example.com/feed.xml"] == OpmlOutline(
        url="https://courier.example.com/feed.xml",
        title="The Riverside Courier",
        site_url="https://courier.example.com/",
        category="Local news",
    )
    # No title attribute, and xmlurl spelled in lower case, as some readers write it.
    gazette = outlines["http://gazette.example.org/rss"]
    assert (gazette.title, gazette.site_url) == ("Harbour Town Gazette", "")


def test_folders_notes_duplicates_and_non_web_urls_are_not_feeds():
    urls = [o.url for o in parse_opml((TESTDATA / "subscriptions.opml").read_bytes())]
    assert len(urls) == len(set(urls))
    assert not any(url.startswith("file:") for url in urls)


def test_rendered_opml_round_trips_with_awkward_characters():
    outlines = [
        OpmlOutline(
            "https://a.example/feed?x=1&y=<2>",
            'Tom "&" Jerry',
            "https://a.example/",
            "Cats & <Dogs>",
        ),
        OpmlOutline("https://b.example/rss", "Ünïcödé ☕ news", "", ""),
        OpmlOutline("https://c.example/atom", "Third", "", "Cats & <Dogs>"),
    ]
    rendered = render_opml(outlines, title="My <feeds> & more")
    assert rendered.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b'<opml version="2.0">' in rendered
    assert sorted(parse_opml(rendered), key=lambda o: o.url) == outlines


def test_rendering_drops_control_characters_that_xml_cannot_hold():
    rendered = render_opml([OpmlOutline("https://a.example/feed", "Bell\x07 title", "", "")], "t")
    assert parse_opml(rendered)[0].title == "Bell title"


def test_feed_without_title_is_named_by_its_url():
    rendered = render_opml([OpmlOutline("https://a.example/feed", "", "", "")], "t")
    assert parse_opml(rendered)[0].title == "https://a.example/feed"


def entity_payload(extra_declaration: str = "", use: str = "&lol9;") -> bytes:
    declarations = ['<!ENTITY lol "lol">']
    for level in range(1, 10):
        previous = f"&lol{level - 1};" if level > 1 else "&lol;"
        declarations.append(f'<!ENTITY lol{level} "{previous * 10}">')
    return f"""<?xml version="1.0"?>
<!DOCTYPE opml [{"".join(declarations)}{extra_declaration}]>
<opml version="2.0"><head><title>{use}</title></head><body>
<outline text="{use}"><outline text="{use}" title="x" xmlUrl="https://a.example/feed"/></outline>
</body></opml>""".encode()


@pytest.mark.parametrize(
    "payload",
    [
        entity_payload(),  # "billion laughs": a billion "lol"s from a kilobyte
        entity_payload('<!ENTITY secret SYSTEM "file:///etc/hostname">', "&secret;"),
        entity_payload('<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">', "&remote;"),
        entity_payload().decode().encode("utf-16"),
    ],
)
def test_opml_declaring_entities_is_refused_without_expanding_them(payload):
    with pytest.raises(OpmlError, match="declares XML entities"):
        parse_opml(payload)


@pytest.mark.parametrize(
    "data", [b"", b"not xml at all", b"<html><body>Export</body></html>", b"\x00\xff\x10"]
)
def test_what_is_not_opml_is_refused_with_a_reason(data):
    with pytest.raises(OpmlError, match="not an OPML file"):
        parse_opml(data)


def test_sloppy_opml_with_a_bare_ampersand_is_still_read():
    data = b"""<opml version="1.0"><body>
<outline text="News & views" xmlUrl="https://a.example/feed?a=1&b=2"/></body></opml>"""
    [outline] = parse_opml(data)
    assert (outline.title, outline.url) == ("News & views", "https://a.example/feed?a=1&b=2")


GOOD = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>Mine</title></head><body>
<outline text="A" xmlUrl="https://a.example/feed"/>
<outline text="B" xmlUrl="https://b.example/feed"/>
</body></opml>"""


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (GOOD[: GOOD.index(b'<outline text="B"') + 20], 4),  # cut off inside an outline
        (GOOD[: GOOD.index(b"</body>")], 5),  # cut off after the last outline
        (GOOD.replace(b'/>\n<outline text="B"', b'>\n<outline text="B"'), 5),  # unclosed
    ],
)
def test_a_truncated_or_broken_file_is_refused_with_its_line(data, line):
    with pytest.raises(OpmlError, match=f"broken at line {line}: "):
        parse_opml(data)


def test_html_entities_and_a_wrong_encoding_are_forgiven():
    data = GOOD.replace(b'text="A"', b'text="Caf\xe9&nbsp;A"')
    assert [o.url for o in parse_opml(data)] == ["https://a.example/feed", "https://b.example/feed"]
