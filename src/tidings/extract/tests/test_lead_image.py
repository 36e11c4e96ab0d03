import lxml.html

from tidings.extract.article import extract_article
from tidings.extract.figure import find_lead_image
from tidings.extract.metadata import read_metadata

URL = "https://news.example/2024/story"


def lead_of(html: str):
    tree = lxml.html.document_fromstring(html)
    return find_lead_image(tree, read_metadata(tree, URL), URL)


def test_screen_reader_labels_stay_out_of_the_caption():
    lead = lead_of(
        "<article><figure><img src='/a/harbour.jpg'><figcaption>"
        "<span class='image__visually-hidden'>Image:</span>"
        "<span class='image__caption-text'>The harbour wall after the storm</span>"
        "</figcaption></figure><p>Body</p></article>"
    )
    assert (lead.url, lead.caption, lead.credit) == (
        "https://news.example/a/harbour.jpg",
        "The harbour wall after the storm",
        "",
    )


def test_og_image_takes_the_caption_of_the_figure_showing_it():
    lead = lead_of(
        '<html><head><meta property="og:image" content="https://cdn.example/p/storm-1200x630.jpg">'
        "</head><body><article>"
        "<figure><img src='https://cdn.example/p/author-face.jpg'><figcaption>Our reporter"
        "</figcaption></figure>"
        "<figure><img srcset='https://cdn.example/p/storm-640x360.jpg 640w, "
        "https://cdn.example/p/storm-1280x720.jpg 1280w'>"
        "<figcaption>Waves over the wall <cite>Jo Ames/Harbour Times</cite></figcaption></figure>"
        "</article></body></html>"
    )
    assert lead.url == "https://cdn.example/p/storm-1200x630.jpg"
    assert (lead.caption, lead.credit) == ("Waves over the wall", "Jo Ames/Harbour Times")


def test_without_og_image_the_first_captioned_figure_of_the_article_leads():
    lead = lead_of(
        "<aside><figure><img src='/ads/banner.png'><figcaption>Advert</figcaption></figure></aside>"
        "<article><figure><img data-src='/img/ferry.jpg' src='data:image/gif;base64,R0lGOD'>"
        "<figcaption>The night ferry leaves. Photo: Ada Brennan</figcaption></figure></article>"
    )
    assert (lead.url, lead.caption, lead.credit) == (
        "https://news.example/img/ferry.jpg",
        "The night ferry leaves.",
        "Ada Brennan",
    )


def test_json_ld_image_object_gives_caption_and_credit_when_no_figure_does():
    lead = lead_of(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "H",'
        ' "image": {"@type": "ImageObject", "url": "/img/x.jpg", "caption": "A quiet quay",'
        ' "creditText": "Lena Paul"}}</script><p>Body</p>'
    )
    assert (lead.url, lead.caption, lead.credit) == (
        "https://news.example/img/x.jpg",
        "A quiet quay",
        "Lena Paul",
    )


def test_a_page_without_images_has_no_lead():
    assert lead_of("<article><p>Only words here.</p></article>") == lead_of("<p>x</p>")
    assert lead_of("<p>x</p>").url == ""


def test_a_captioned_figure_without_an_image_still_gives_caption_and_credit():
    page = (
        "<html><body><article><h1>Prisoners exchanged</h1>"
        "<p>" + "The two sides exchanged prisoners on Monday. " * 12 + "</p>"
        "<figure><blockquote>A quotation, not a picture.</blockquote>"
        "<figcaption>Said by someone</figcaption></figure>"
        "<figure><figcaption>People hold up photographs on Monday. "
        '<span class="credit">AFP-JIJI</span></figcaption></figure>'
        "<p>" + "Officials said more exchanges would follow. " * 12 + "</p>"
        "</article></body></html>"
    )
    article = extract_article(page, "https://news.example/a")
    assert (article.image_caption, article.image_credit) == (
        "People hold up photographs on Monday.",
        "AFP-JIJI",
    )
    assert article.image_url == ""
    assert "People hold up photographs" not in article.text
