"""fetch_image(): images are recognised by their first bytes, whatever the server claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.fetch import FetchError, fetch_image
from tidings.fetch.images import image_extension

TESTDATA = Path(__file__).parent.parent / "testdata"


@pytest.mark.parametrize(
    ("name", "extension"),
    [("pixel.jpg", "jpg"), ("pixel.png", "png"), ("pixel.gif", "gif"), ("pixel.webp", "webp")],
)
def test_real_images_come_back_with_their_extension(feed_server, policy, name, extension):
    body, found = fetch_image(feed_server.url(f"fetch/testdata/{name}"), policy)
    assert (body, found) == ((TESTDATA / name).read_bytes(), extension)


def test_image_is_kept_even_when_content_type_is_wrong(feed_server, policy):
    url = feed_server.url("fetch/testdata/pixel.png?type=text/html")
    assert fetch_image(url, policy)[1] == "png"


@pytest.mark.parametrize(
    "path",
    [
        "fetch/testdata/script.svg",  # SVG can carry script
        "fetch/testdata/feed.rss?type=image/png",  # claims to be an image, is not
    ],
)
def test_non_images_are_refused(feed_server, policy, path):
    with pytest.raises(FetchError) as caught:
        fetch_image(feed_server.url(path), policy)
    assert caught.value.code == "not_an_image"


def test_image_over_the_size_limit_is_refused(feed_server, policy):
    with pytest.raises(FetchError) as caught:
        fetch_image(feed_server.url("fetch/testdata/pixel.jpg"), policy, max_bytes=100)
    assert caught.value.code == "too_large"


def avif_head(major: bytes, *compatible: bytes) -> bytes:
    box = b"ftyp" + major + b"\0\0\0\0" + b"".join(compatible)
    return (len(box) + 4).to_bytes(4, "big") + box + b"\0\0\0\x08mdat"


@pytest.mark.parametrize(
    ("head", "extension"),
    [
        (avif_head(b"avif", b"mif1", b"miaf"), "avif"),
        (avif_head(b"mif1", b"avif"), "avif"),
        (avif_head(b"avis", b"msf1"), "avif"),
        (avif_head(b"heic", b"mif1"), None),  # HEIC shares the container, not the codec
        (avif_head(b"isom", b"mp41"), None),  # an MP4 video
        (b"RIFF\x24\0\0\0WAVEfmt ", None),  # RIFF, but audio
        (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", None),
        (b"BM\x3a\0\0\0", None),  # BMP is not on the list
        (b"\xff\xd8", None),  # cut short
        (b"", None),
    ],
)
def test_image_extension_by_magic_bytes(head, extension):
    assert image_extension(head) == extension
