"""Our own addresses as readers outside reach them, for feeds, mail and the API."""

from __future__ import annotations

from django.conf import settings


def absolute(path: str) -> str:
    """``path`` on the public address (TIDINGS_BASE_URL); a full address stays as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.BASE_URL + path
