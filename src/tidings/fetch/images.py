"""fetch_image(): a lead image, kept only if its bytes say it is a raster image we accept."""

from __future__ import annotations

from dataclasses import replace

from tidings.fetch.http import fetch
from tidings.fetch.types import FetchError, FetchPolicy

IMAGE_ACCEPT = "image/avif, image/webp, image/png, image/jpeg, image/gif;q=0.9, */*;q=0.1"
AVIF_BRANDS = frozenset({b"avif", b"avis"})


def fetch_image(url: str, policy: FetchPolicy, *, max_bytes: int = 5_000_000) -> tuple[bytes, str]:
    """The image at ``url`` and its file extension ("jpg", "png", "gif", "webp", "avif").

    The type comes from the first bytes, never from Content-Type, which a server can get
    wrong or lie about. SVG is refused on purpose: it is XML that can carry script.
    """
    result = fetch(
        url, replace(policy, max_bytes=min(policy.max_bytes, max_bytes)), accept=IMAGE_ACCEPT
    )
    extension = image_extension(result.body)
    if extension is None:
        said = result.content_type or "no Content-Type"
        message = f"{url} is not a JPEG, PNG, GIF, WebP or AVIF image (it says {said})"
        raise FetchError("not_an_image", message, url=url)
    return result.body, extension


def image_extension(head: bytes) -> str | None:
    """The extension for an image whose file starts with ``head``; None if not one we take."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and AVIF_BRANDS & _ftyp_brands(head):
        return "avif"
    return None


def _ftyp_brands(head: bytes) -> set[bytes]:
    """The major and compatible brands of an ISO-BMFF file's leading ``ftyp`` box."""
    box_size = int.from_bytes(head[:4], "big")
    box = head[8 : min(box_size, len(head))]
    # major brand, minor version (skipped), then compatible brands, four bytes each
    brands = [box[:4]] + [box[i : i + 4] for i in range(8, len(box) - 3, 4)]
    return set(brands)
