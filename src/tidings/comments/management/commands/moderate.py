"""`tidings moderate FILE.jsonl`: spam and toxicity scores for each comment, and why.

Each line is ``{"id", "text"}``, optionally with ``"links"`` (links in the rendered
comment), ``"account_age_days"`` and ``"history"`` (the author's recent texts). Each output
line is ``{"id", "spam", "toxic", "hold", "reasons"}``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

from tidings.comments.moderation import Thresholds, score_comment
from tidings.jsonl import JsonlCommand, RecordError


class Command(JsonlCommand):
    help = (
        'Score each comment of a JSON Lines file {"id", "text"} (optional "links", '
        '"account_age_days", "history") for spam and toxicity with the models that ship '
        'with tidings: {"id", "spam", "toxic", "hold", "reasons"}, scores from 0 to 1.'
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        spam, toxic = settings.TIDINGS["HOLD_SPAM"], settings.TIDINGS["HOLD_TOXIC"]
        parser.add_argument(
            "--hold-spam",
            type=float,
            default=spam,
            help=f"hold comments whose spam score reaches this (default TIDINGS_HOLD_SPAM, {spam})",
        )
        parser.add_argument(
            "--hold-toxic",
            type=float,
            default=toxic,
            help=f"hold comments whose toxic score reaches this (TIDINGS_HOLD_TOXIC, {toxic})",
        )

    def process(self, records, *, hold_spam: float, hold_toxic: float, **options):
        if not (0 <= hold_spam <= 1 and 0 <= hold_toxic <= 1):
            raise CommandError("--hold-spam and --hold-toxic must be between 0 and 1.")
        thresholds = Thresholds(spam=hold_spam, toxic=hold_toxic)
        return [moderate(record, thresholds) for record in records]


def moderate(record: dict, thresholds: Thresholds) -> dict | RecordError:
    text, links, age, history = (
        record.get(name) for name in ("text", "links", "account_age_days", "history")
    )
    if not isinstance(text, str):
        return RecordError('"text" must be a string')
    if links is not None and (type(links) is not int or links < 0):
        return RecordError('"links" must be a whole number of at least 0')
    if age is not None and (type(age) not in (int, float) or age < 0):
        return RecordError('"account_age_days" must be a number of at least 0')
    if history is not None and not (
        isinstance(history, list) and all(isinstance(item, str) for item in history)
    ):
        return RecordError('"history" must be a list of strings')
    score = score_comment(
        text, links=links, account_age_days=age, history=history or (), thresholds=thresholds
    )
    return {
        "spam": round(score.spam, 4),
        "toxic": round(score.toxic, 4),
        "hold": score.hold,
        "reasons": score.reasons,
    }
