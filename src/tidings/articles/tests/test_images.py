"""Lead images after refresh: downloaded and resized in the background, served by the site,
shown with their caption and credit, and never a caption without its picture. The pictures
are made here with Pillow and served by the loopback feed server."""

import io

import pytest
from PIL import Image

from tidings.articles.images import make_pending_pictures
from tidings.articles.models import Article
from tidings.pipeline import refresh_source
from tidings.sources.models import Source
from tidings.web.tests.html import parse, text_of

pytestmark = pytest.mark.django_db

BODY = " ".join(["The river rose through the night and the town watched it climb."] * 20)
FEED = """<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Riverside</title>
<link>https://riverside.example/</link>
<item><title>The river rises</title><link>https://riverside.example/river</link>
<guid>river-1</guid><pubDate>Tue, 03 Jun 2025 09:00:00 +0000</pubDate>
<description>{body}</description>
<media:content url="{image}" medium="image">
<media:description>Sandbags on the quay at dawn.</media:description>
<media:credit>Ana Ruiz</media:credit></media:content></item>
</channel></rss>"""


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(size=(1600, 1000)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(out, "JPEG")
    return out.getvalue()


def refresh_with_image(route, image: bytes) -> Article:
    image_url = route("/riverside/river.jpg", 200, {"Content-Type": "image/jpeg"}, image)
    feed = FEED.format(body=BODY, image=image_url).encode()
    feed_url = route("/riverside/feed.xml", 200, {"Content-Type": "application/rss+xml"}, feed)
    source = Source.objects.create(url=feed_url, name="Riverside")
    refresh_source(source.pk)
    return source.articles.get()


def test_a_lead_image_is_downloaded_and_resized_in_the_background_then_shown_with_its_caption(
    client, feed_server, route, allow_private_networks
):
    article = refresh_with_image(route, jpeg())
    # The refresh stored the article and its picture's address, and asked for no picture.
    assert article.image_url and not article.image and article.picture is None
    assert not feed_server.requests_to("riverside/river.jpg")
    page = client.get(f"/articles/{article.pk}/")
    assert "Sandbags on the quay" not in text_of(page)  # no caption before its picture

    assert make_pending_pictures() == 1
    assert make_pending_pictures() == 0

    article.refresh_from_db()
    assert article.image.read().startswith(b"\xff\xd8\xff")
    assert (article.image_width, article.image_height) == (1600, 1000)
    assert [copy["width"] for copy in article.image_thumbnails] == [224, 480, 760, 1200]
    page = client.get(f"/articles/{article.pk}/")
    image = parse(page).find("img", srcset=article.picture.srcset)
    assert (image.attrs["width"], image.attrs["height"]) == ("1200", "750")
    assert "Sandbags on the quay at dawn." in parse(page).find("figcaption").plain
    assert "Ana Ruiz" in parse(page).find("figcaption").plain
    card = parse(client.get("/")).find("img", class_="card-thumb")
    assert card.attrs["loading"] == "lazy"
    assert card.attrs["sizes"] == "(max-width: 600px) 64px, 112px"

    served = client.get(image.attrs["src"])
    assert served.status_code == 200
    assert served["Content-Type"] == "image/webp"
    assert "immutable" in served["Cache-Control"]
    body = b"".join(served.streaming_content)
    assert Image.open(io.BytesIO(body)).size == (480, 300)


@pytest.mark.parametrize(
    ("status", "body", "note"),
    [
        (200, b"\xff\xd8\xff\xe0" + b"\x00" * 2000, "not a picture we can read"),
        (200, b"<html>a page, not a picture</html>", "is not a JPEG, PNG, GIF, WebP or AVIF"),
        (404, b"", "404"),
    ],
)
def test_a_picture_that_cannot_be_had_is_not_shown_nor_asked_for_again(
    client, feed_server, route, allow_private_networks, caplog, status, body, note
):
    # The loopback server lives for the session: each case asks for a picture of its own.
    picture = f"riverside/{status}-{len(body)}.jpg"
    image_url = route(f"/{picture}", status, {"Content-Type": "image/jpeg"}, body)
    feed = FEED.format(body=BODY, image=image_url).encode()
    feed_url = route("/riverside/feed.xml", 200, {"Content-Type": "application/rss+xml"}, feed)
    source = Source.objects.create(url=feed_url, name="Riverside")
    refresh_source(source.pk)
    article = source.articles.get()

    assert make_pending_pictures() == 0
    assert make_pending_pictures() == 0

    article.refresh_from_db()
    assert not article.image and article.picture is None
    assert note in article.image_note
    assert len(feed_server.requests_to(picture)) == 1
    assert "not shown" in caplog.text
    page = client.get(f"/articles/{article.pk}/")
    assert not parse(page).find_all("figcaption")
    assert "Sandbags" not in text_of(page)


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret_key",
        "/media/images/../../secret_key",
        "/media/thumbs/ab/page.html",
        "/media/mail/message.jpg",
        "/media/thumbs/ab/missing.webp",
    ],
)
def test_media_serves_only_the_pictures_tidings_keeps(client, media_root, path):
    (media_root / "mail").mkdir()
    (media_root / "mail" / "message.jpg").write_bytes(jpeg((8, 8)))
    (media_root / "thumbs" / "ab").mkdir(parents=True)
    (media_root / "thumbs" / "ab" / "page.html").write_text("<script>alert(1)</script>")
    assert client.get(path).status_code == 404
