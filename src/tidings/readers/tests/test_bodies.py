from django.test import RequestFactory

from tidings.readers.bodies import body_html


def test_the_lead_image_comes_first_at_this_sites_address(make_article):
    article = make_article(
        image="images/2025/06/harbour.jpg",
        image_caption="The harbour <at dawn>",
        image_credit="Photo: Ann",
        content_html="<p>Ships came in.</p>",
    )
    html = body_html(article, RequestFactory().get("/api/fever/"))
    assert html == (
        '<figure><img src="http://testserver/media/images/2025/06/harbour.jpg" '
        'alt="The harbour &lt;at dawn&gt;"><figcaption>The harbour &lt;at dawn&gt; — '
        "Photo: Ann</figcaption></figure><p>Ships came in.</p>"
    )


def test_without_body_html_the_summary_is_escaped_into_paragraphs(make_article):
    request = RequestFactory().get("/")
    assert body_html(make_article(summary="Tom & Jerry."), request) == "<p>Tom &amp; Jerry.</p>"
    assert body_html(make_article(), request) == ""
