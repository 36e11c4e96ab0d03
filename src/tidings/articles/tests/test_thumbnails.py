"""Resized copies of a lead image: which widths, and what the copies are. Pictures are
made here with Pillow."""

import io
import struct
import zlib

import pytest
from PIL import Image

from tidings.articles.thumbnails import (
    ImageError,
    make_thumbnails,
    picture,
    plan_widths,
)


def encoded(size: tuple[int, int], kind: str = "JPEG", mode: str = "RGB", **options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (180, 40, 40, 255)[: len(mode)]).save(out, kind, **options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("width", "widths"),
    [
        (4000, [224, 480, 760, 1200]),
        (1200, [224, 480, 760, 1200]),
        (800, [224, 480, 760, 800]),
        (300, [224, 300]),
        (100, [100]),
    ],
)
def test_planned_widths_never_exceed_the_original(width, widths):
    assert plan_widths(width) == widths


def test_copies_keep_the_shape_and_are_webp():
    resized = make_thumbnails(encoded((1600, 900)))

    assert (resized.width, resized.height) == (1600, 900)
    assert [(copy.width, copy.height) for copy in resized.thumbnails] == [
        (224, 126),
        (480, 270),
        (760, 428),
        (1200, 675),
    ]
    for copy in resized.thumbnails:
        made = Image.open(io.BytesIO(copy.body))
        assert (made.format, made.size) == ("WEBP", (copy.width, copy.height))


@pytest.mark.parametrize(
    "body",
    [
        encoded((640, 480), "PNG", "RGBA"),
        encoded((640, 480), "GIF", "P"),
        encoded((640, 480), "WEBP"),
    ],
)
def test_png_gif_and_webp_are_resized_too(body):
    assert [copy.width for copy in make_thumbnails(body).thumbnails] == [224, 480, 640]


def noise_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((256, 256), 64).convert("RGB").save(out, "JPEG")
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height``: a decompression bomb's door."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (png_claiming(10_000, 10_000), "pixels"),
        (png_claiming(100_000, 100_000), "not a picture we can read"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a picture we can read"),
        (b"", "not a picture we can read"),
        (noise_jpeg()[:3000], "damaged"),
        (encoded((64, 64), "BMP"), "BMP pictures are not resized"),
    ],
)
def test_what_cannot_be_resized_safely_is_refused_with_a_reason(body, reason):
    with pytest.raises(ImageError, match=reason):
        make_thumbnails(body)


def test_a_picture_is_its_copies_and_none_without_them():
    copies = [
        {"width": 1200, "height": 800, "name": "thumbs/ab/x-1200.webp"},
        {"width": 224, "height": 149, "name": "thumbs/ab/x-224.webp"},
        {"width": 480, "height": 320, "name": "thumbs/ab/x-480.webp"},
    ]

    shown = picture(copies, lambda name: f"/media/{name}", "Caption", "Credit")

    assert shown.src == "/media/thumbs/ab/x-480.webp"
    assert shown.srcset == (
        "/media/thumbs/ab/x-224.webp 224w, /media/thumbs/ab/x-480.webp 480w, "
        "/media/thumbs/ab/x-1200.webp 1200w"
    )
    assert (shown.width, shown.height, shown.caption, shown.credit) == (
        1200,
        800,
        "Caption",
        "Credit",
    )
    assert picture([], str, "Caption", "Credit") is None
