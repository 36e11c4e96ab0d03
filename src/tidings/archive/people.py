"""Accounts and comments in the export file (``--with-people`` only: they are personal data).

An account carries its password's hash, never the password. A comment is known by its
target (``article``: ``[feed URL, guid]``, or ``story``: a story key), its author's
username and its ``created_at``; its ``parent`` is known the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model

from tidings.archive import records
from tidings.archive.load_stories import stories_by_key
from tidings.articles.models import Article
from tidings.comments.models import Comment, Profile
from tidings.jsonl import RecordError, parse_published

Outcome = RecordError | bool


def account_records() -> Iterator[dict[str, Any]]:
    users = get_user_model().objects.select_related("profile").order_by("id")
    for user in users.iterator(chunk_size=1000):
        profile = getattr(user, "profile", None)
        yield {
            "type": "account",
            "username": user.get_username(),
            **records.columns(user, records.ACCOUNT_FIELDS, records.ACCOUNT_TIMES),
            "profile": profile
            and records.columns(profile, records.PROFILE_FIELDS, records.PROFILE_TIMES),
        }


def comment_records(
    since: datetime | None, story_key: Callable[[int, str], str]
) -> Iterator[dict[str, Any]]:
    comments = Comment.objects.select_related(
        "author", "article__source", "story", "parent__author"
    ).order_by("id")
    if since is not None:
        comments = comments.filter(created_at__gte=since)
    for comment in comments.iterator(chunk_size=1000):
        parent = comment.parent
        yield {
            "type": "comment",
            **target_of(comment, story_key),
            "author": comment.author and comment.author.get_username(),
            **records.columns(comment, records.COMMENT_FIELDS, records.COMMENT_TIMES),
            "parent": parent
            and {
                "author": parent.author and parent.author.get_username(),
                "created_at": records.time_text(parent.created_at),
            },
        }


def target_of(comment: Comment, story_key: Callable[[int, str], str]) -> dict[str, Any]:
    if comment.article is not None:
        return {"article": [comment.article.source.url, comment.article.guid]}
    return {"story": story_key(comment.story.pk, comment.story.origin)}


def import_accounts(batch: list[dict[str, Any]]) -> list[Outcome]:
    User = get_user_model()
    outcomes: list[Outcome] = []
    for record in batch:
        try:
            username = records.required(record, "username")
            fields = records.fields_of(record, records.ACCOUNT_FIELDS, records.ACCOUNT_TIMES)
            profile = record.get("profile") or {}
            profile_fields = records.fields_of(
                profile, records.PROFILE_FIELDS, records.PROFILE_TIMES
            )
        except RecordError as error:
            outcomes.append(error)
            continue
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created and profile_fields.get("display_name"):
            Profile.objects.create(user=user, **profile_fields)
        outcomes.append(created)
    return outcomes


def import_comments(batch: list[dict[str, Any]]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for record in batch:
        try:
            outcomes.append(import_comment(record))
        except RecordError as error:
            outcomes.append(error)
    return outcomes


def import_comment(record: dict[str, Any]) -> bool:
    target = comment_target(record)
    author = author_of(record.get("author"))
    created_at = parse_published(records.required(record, "created_at"))
    stored = Comment.objects.filter(**target, author=author, created_at=created_at).first()
    if stored is not None:
        return False
    parent = None
    if isinstance(record.get("parent"), dict):
        parent_time = parse_published(records.required(record["parent"], "created_at"))
        parent = Comment.objects.filter(
            **target, author=author_of(record["parent"].get("author")), created_at=parent_time
        ).first()
        if parent is None:
            raise RecordError("its parent comment is not stored: the parent's line must come first")
    fields = records.fields_of(record, records.COMMENT_FIELDS, records.COMMENT_TIMES)
    comment = Comment.objects.create(**target, author=author, parent=parent, **fields)
    # created_at is stamped on creation; the record's time is the comment's own.
    Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
    return True


def comment_target(record: dict[str, Any]) -> dict[str, Any]:
    article = record.get("article")
    if isinstance(article, list) and len(article) == 2:
        found = Article.objects.filter(source__url=article[0], guid=article[1])
        article_id = found.values_list("id", flat=True).first()
        if article_id is None:
            raise RecordError(f"article {article!r} is not stored")
        return {"article_id": article_id, "story": None}
    if isinstance(record.get("story"), str):
        found_story = stories_by_key([record["story"]])
        if not found_story:
            raise RecordError(f"story {record['story']!r} is not stored")
        return {"story_id": found_story[record["story"]], "article": None}
    raise RecordError("a comment needs its article ([feed URL, guid]) or its story (key)")


def author_of(username: Any):
    if username is None:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise RecordError(f"account {username!r} is not stored: its line must come first")
    return user
