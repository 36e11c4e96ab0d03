"""Resized copies of a lead image, for ``srcset``: which widths to make, and making them.

Pure: bytes in, bytes out, no database and no files. A picture is checked before it is
decoded, so a small file that claims to be enormous (a decompression bomb) costs nothing.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageOps

# Cards show about 112 CSS px (224 on a 2x screen); article pages up to 760 (1520 on 2x).
WIDTHS = (224, 480, 760, 1200)
# 40 megapixels decodes in ~160 MB: more than any news photo needs, less than a bomb wants.
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


class ImageError(ValueError):
    """The bytes are not a picture we can resize, with the reason in words."""


@dataclass(frozen=True)
class Thumbnail:
    width: int
    height: int
    body: bytes  # WebP


@dataclass(frozen=True)
class Resized:
    width: int  # of the original
    height: int
    thumbnails: list[Thumbnail]


def plan_widths(width: int, widths: tuple[int, ...] = WIDTHS) -> list[int]:
    """The widths to make for an original ``width`` px wide: each planned width below it,
    and the original's own width when it is smaller than the largest, so that no copy is
    ever larger than the original."""
    planned = [candidate for candidate in widths if candidate <= width]
    if width < widths[-1] and width not in planned:
        planned.append(width)
    return planned


def height_for(width: int, original_width: int, original_height: int) -> int:
    return max(1, round(original_height * width / original_width))


def make_thumbnails(body: bytes, widths: tuple[int, ...] = WIDTHS) -> Resized:
    """WebP copies of the picture in ``body`` at the planned widths. Raises ``ImageError``
    for what is not a JPEG, PNG, GIF or WebP picture, or is too large to decode safely."""
    with warnings.catch_warnings():
        # Pillow warns, then raises, on large pictures; we set our own, lower limit.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(body))
        except (OSError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageError(f"not a picture we can read ({error})") from None
        if picture.format not in FORMATS:
            raise ImageError(f"{picture.format} pictures are not resized")
        width, height = picture.size
        if width < 1 or height < 1 or width * height > MAX_PIXELS:
            raise ImageError(f"{width}×{height} px is more than {MAX_PIXELS:,} pixels")
        try:
            picture.seek(0)  # an animated GIF shows its first frame
            picture = ImageOps.exif_transpose(picture)
            picture = picture.convert("RGBA" if _has_alpha(picture) else "RGB")
        except (OSError, ValueError) as error:
            raise ImageError(f"the picture is damaged ({error})") from None
    width, height = picture.size
    thumbnails = []
    for target in plan_widths(width, widths):
        size = (target, height_for(target, width, height))
        copy = picture.resize(size, Image.Resampling.LANCZOS) if size != picture.size else picture
        out = io.BytesIO()
        copy.save(out, "WEBP", quality=80, method=4)
        thumbnails.append(Thumbnail(size[0], size[1], out.getvalue()))
    return Resized(width, height, thumbnails)


def _has_alpha(picture: Image.Image) -> bool:
    return picture.mode in {"RGBA", "LA", "PA"} or "transparency" in picture.info


@dataclass(frozen=True)
class Picture:
    """A lead picture as pages show it: its copies for ``srcset``, and what is under it."""

    src: str
    srcset: str
    width: int  # of the largest copy, for the width and height attributes
    height: int
    caption: str
    credit: str


def picture(
    thumbnails: list[dict], url: Callable[[str], str], caption: str = "", credit: str = ""
) -> Picture | None:
    """The picture made of stored copies ({width, height, name}), None without copies, so
    that a caption or credit is never shown without its picture."""
    if not thumbnails:
        return None
    ordered = sorted(thumbnails, key=lambda copy: copy["width"])
    largest = ordered[-1]
    fallback = next((copy for copy in ordered if copy["width"] >= 480), largest)
    return Picture(
        src=url(fallback["name"]),
        srcset=", ".join(f"{url(copy['name'])} {copy['width']}w" for copy in ordered),
        width=largest["width"],
        height=largest["height"],
        caption=caption,
        credit=credit,
    )
