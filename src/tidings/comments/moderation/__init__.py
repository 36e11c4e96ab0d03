"""Assisted moderation, offline: spam and toxicity scores for a comment, with reasons.

``score_comment(text, links=..., account_age_days=..., history=...)`` is the one entry
point; ``Thresholds`` decides which scores hold a comment for review.
"""

from tidings.comments.moderation.scorer import ModerationScore, Thresholds, score_comment

__all__ = ["ModerationScore", "Thresholds", "score_comment"]
