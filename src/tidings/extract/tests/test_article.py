from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tidings.extract.article import extract_article
from tidings.extract.encoding import decode_html

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"
STORY_URL = "https://courier.example/news/2024/05/lantern-festival?ref=feed"


def page(name: str) -> bytes:
    return (TESTDATA / name).read_bytes()


@pytest.fixture(scope="module")
def lanterns():
    return extract_article(page("jsonld_article.html"), STORY_URL)


def test_title_is_the_headline_without_the_site_name(lanterns):
    assert lanterns.title == "Lanterns float down the river as the town marks its founding"


def test_authors_and_dates_come_from_json_ld(lanterns):
    assert lanterns.author == "Mara Lindqvist, Tomas Okafor"
    tokyo = timezone(timedelta(hours=9))
    assert lanterns.published == datetime(2024, 5, 13, 19, 30, tzinfo=tokyo)
    assert lanterns.updated == datetime(2024, 5, 14, 8, 5, tzinfo=tokyo)


def test_canonical_url_language_and_description(lanterns):
    assert lanterns.canonical_url == "https://courier.example/news/2024/05/lantern-festival"
    assert lanterns.language == "en"
    assert lanterns.description.startswith("Thousands lined the banks")


def test_lead_image_caption_and_credit_are_apart(lanterns):
    assert lanterns.image_url == "https://images.courier.example/2024/05/lanterns-1200x630.jpg"
    assert lanterns.image_caption == (
        "People hold paper lanterns before releasing them on the river on Monday."
    )
    assert lanterns.image_credit == "AFP-JIJI"


def test_body_text_is_paragraphs_without_title_caption_or_promo(lanterns):
    paragraphs = lanterns.text.split("\n\n")
    assert paragraphs[0].startswith("Thousands of residents lined both banks")
    assert "A tradition revived" in paragraphs
    assert paragraphs[-1].startswith("The council has said it will decide")
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in paragraphs)
    assert "\n\n\n" not in lanterns.text
    for unwanted in (
        "paper lanterns before releasing",
        "AFP-JIJI",
        "Read more",
        "founding charter goes",
    ):
        assert unwanted not in lanterns.text
    assert lanterns.text.count("Lanterns float down the river") == 0


def test_hover_card_goes_but_the_name_it_hangs_on_stays(lanterns):
    assert "said the mayor, Ines Marlow, who released" in lanterns.text
    assert "Mayor since 2019" not in lanterns.text


def test_body_html_is_sanitised_with_absolute_links(lanterns):
    assert "<script" not in lanterns.html and "<img" not in lanterns.html
    assert "onerror" not in lanterns.html and "tracker.example" not in lanterns.html
    assert (
        '<a href="https://courier.example/news/2024/05/schools-fold-lanterns" '
        'rel="nofollow noopener noreferrer">Schools spent a week preparing</a>'
    ) in lanterns.html
    assert "<h2>A tradition revived</h2>" in lanterns.html


def test_windows_1252_page_with_a_credit_element_in_the_caption():
    article = extract_article(page("credit_span_cp1252.html"), "https://littoral.example/cafe")
    assert article.title == "Le café du port rouvre ses portes"
    assert article.author == "Claire Dubreuil"
    assert article.published == datetime(2023, 11, 2, 7, 45, tzinfo=UTC)
    assert article.language == "fr"
    assert article.image_url == "https://littoral.example/photos/cafe-du-port.jpg"
    assert (article.image_caption, article.image_credit) == (
        "La terrasse du café, mardi matin.",
        "Yves Garnier",
    )
    assert "« On ne pouvait pas le remplacer »" in article.text
    assert "terrasse" not in article.text


def test_cookie_wall_gives_no_text():
    article = extract_article(page("cookie_wall.html"), "https://news.example/story")
    assert (article.text, article.html) == ("", "")


def test_page_of_links_gives_no_text_but_keeps_its_title():
    article = extract_article(page("no_article.html"), "https://courier.example/sections")
    assert (article.text, article.html) == ("", "")
    assert article.title == "Sections"


@pytest.mark.parametrize("nothing", [b"", b"   ", "", b"\x00\x01\x02"])
def test_empty_or_binary_input_gives_an_empty_article(nothing):
    article = extract_article(nothing, "https://news.example/x")
    assert article.text == "" and article.html == ""


def test_str_input_and_bytes_input_agree(lanterns):
    as_text = extract_article(page("jsonld_article.html").decode("utf-8"), STORY_URL)
    assert as_text == lanterns


def test_date_without_a_zone_stays_naive():
    html = (
        '<html><head><meta property="article:published_time" content="2024-01-02T03:04:05">'
        "</head><body><p>x</p></body></html>"
    )
    assert extract_article(html).published == datetime(2024, 1, 2, 3, 4, 5)


def test_placeholder_dates_are_ignored():
    html = (
        '<html><head><meta property="article:published_time" content="0001-01-01T00:00:00Z">'
        "</head><body><p>x</p></body></html>"
    )
    assert extract_article(html).published is None


@pytest.mark.parametrize(
    ("data", "declared", "expected"),
    [
        ("café".encode(), None, "café"),
        (b"\xef\xbb\xbf" + "café".encode(), "latin-1", "café"),  # the BOM wins
        (
            '<meta charset="windows-1252">café'.encode("cp1252"),
            None,
            '<meta charset="windows-1252">café',
        ),
        (
            '<meta charset="iso-8859-1">café'.encode(),
            None,
            '<meta charset="iso-8859-1">café',
        ),
        ("café".encode("cp1252"), None, "café"),  # not UTF-8: windows-1252
        ("café".encode("cp1252"), "windows-1252", "café"),
        ('<meta charset="koi8-r">привет'.encode("koi8-r"), None, '<meta charset="koi8-r">привет'),
        ('<meta charset="no-such-thing">café'.encode(), None, '<meta charset="no-such-thing">café'),
        ("€".encode("cp1252"), "iso-8859-1", "€"),  # Latin-1 labels mean windows-1252
    ],
)
def test_decode_html(data, declared, expected):
    assert decode_html(data, declared) == expected


def test_consent_banner_over_an_article_is_left_out():
    story = "".join(
        f"<p>Paragraph {n} of the story about the harbour dredging, which the council "
        "approved after a long debate about the cost and the wildlife on the mudflats.</p>"
        for n in range(1, 6)
    )
    html = (
        '<html><body><div id="cookie-banner"><p>We use cookies to improve your experience. '
        "Accept all cookies or manage your consent preferences in the privacy settings.</p>"
        f"</div><article><h1>Dredging approved</h1>{story}</article></body></html>"
    )
    article = extract_article(html, "https://news.example/dredging")
    assert article.text.startswith("Paragraph 1 of the story")
    assert "cookies" not in article.text


def test_page_drawn_by_script_falls_back_to_its_json_ld_article_body():
    article = extract_article(page("script_rendered.html"), "https://harbour.example/ferry")
    assert article.title == "Night ferry timetable changes from June"
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The night ferry to the islands will leave an hour later")
    assert paragraphs[2].endswith("until the end of May.")
    assert article.html.count("<p>") == 3
