"""What the comment rules refuse, as exceptions whose words can be shown to the reader."""

from __future__ import annotations


class CommentError(Exception):
    """A request the rules refuse, in words fit to show the reader."""


class NotAllowed(CommentError):
    """Refused because of who asks, not what they sent: a suspended or banned account, a
    reply in a locked thread, a moderator's step taken by someone who is not one. The API
    answers these with 403 and other ``CommentError`` with 400."""
