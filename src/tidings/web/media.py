"""The pictures tidings downloaded and resized, served by the site itself (whitenoise
serves only static files), so that readers never call a publisher. Only the two folders
tidings writes, only picture types, each with its own Content-Type and no way to run."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

# The extensions fetch.images and articles.images give the files they write.
MEDIA_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
}
FOLDERS = {"images", "thumbs"}
MAX_BYTES = 8_000_000


@require_safe
def media(request, path: str) -> FileResponse:
    folder = path.partition("/")[0]
    media_type = MEDIA_TYPES.get(path.rpartition(".")[2])
    if folder not in FOLDERS or media_type is None:
        raise Http404("not a picture tidings keeps")
    try:
        full = safe_join(settings.MEDIA_ROOT, path)
        handle = open(full, "rb")  # noqa: SIM115 - FileResponse closes it
    except (SuspiciousFileOperation, OSError):
        raise Http404("no such picture") from None
    if handle.seek(0, 2) > MAX_BYTES:
        handle.close()
        raise Http404("no such picture")
    handle.seek(0)
    response = FileResponse(handle, content_type=media_type)
    # Names are made from the bytes, so a name never changes what it holds.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
