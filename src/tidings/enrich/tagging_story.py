"""One hashtag per concept across articles: the tags of articles tagged together, or of
the articles of one story, agree on each label, its case and its kind.

Pure functions over ``Tag`` lists. ``agree`` runs inside ``tagger.tag_documents``;
``story_hashtags`` is for the story stage, which chooses a story's hashtags from its
articles'.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from tidings.enrich.aliases import PERSON, TOPIC, variant_key
from tidings.enrich.tagging_data import Tag


def _best_label(labels: Counter[str]) -> str:
    """The form used most; on a tie, the one with capitals ("Pot Tax" over "pot tax")."""
    return max(labels, key=lambda label: (labels[label], label != label.lower(), label))


def _majority_kind(kinds: Counter[str]) -> str:
    """The kind most of the weight says, a name's kind before "topic" on a tie: one
    article that knows "Denver" is a place outweighs one that only saw a word."""
    return max(kinds, key=lambda kind: (kinds[kind], kind != TOPIC))


def _person_of(label: str, people: set[str]) -> str | None:
    """The one full name in ``people`` that ``label`` is the first or last name of
    ("Lohan" or "Lindsay" of "Lindsay Lohan"); None when none is, or more than one."""
    if " " in label:
        return None
    word = label.casefold()
    matches = [
        person
        for person in people
        if word in (person.split()[0].casefold(), person.split()[-1].casefold())
    ]
    return matches[0] if len(matches) == 1 else None


def agree(tag_lists: Sequence[Sequence[Tag]]) -> list[list[Tag]]:
    """The same lists, where tags of one concept (``aliases.variant_key``) share the label
    written most and the kind most of their weight says; a list keeps one tag per concept."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for tags in tag_lists:
        for tag in tags:
            key = variant_key(tag.label)
            labels[key][tag.label] += 1
            kinds[key][tag.kind] += tag.score
    agreed = []
    for tags in tag_lists:
        seen: set[str] = set()
        kept = []
        for tag in tags:
            key = variant_key(tag.label)
            if key not in seen:
                seen.add(key)
                kept.append(Tag(_best_label(labels[key]), _majority_kind(kinds[key]), tag.score))
        agreed.append(kept)
    return agreed


def story_hashtags(article_tags: Sequence[Sequence[Tag]], top: int = 8) -> list[Tag]:
    """A story's hashtags from its articles' tags, best first.

    1. Variants are one concept (``agree``), and a first name or surname alone ("Lohan")
       joins the one full name of a person it belongs to in the story.
    2. A concept scores its summed score over the story's articles, so that what most
       articles are about leads, and one article's aside does not.
    3. Its kind is the one most of its weight says across the articles.
    """
    agreed = agree(article_tags)
    people = {
        tag.label for tags in agreed for tag in tags if tag.kind == PERSON and " " in tag.label
    }
    totals: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, str] = {}
    for tags in agreed:
        merged: dict[str, float] = {}
        for tag in tags:
            label = _person_of(tag.label, people) or tag.label
            kind = PERSON if label != tag.label else tag.kind
            key = variant_key(label)
            labels.setdefault(key, label)
            kinds[key][kind] += tag.score
            merged[key] = max(merged.get(key, 0.0), tag.score)
        totals.update(merged)
    count = max(1, len(article_tags))
    ranked = sorted(totals, key=lambda key: (-totals[key], labels[key]))[:top]
    return [
        Tag(labels[key], _majority_kind(kinds[key]), round(totals[key] / count, 4))
        for key in ranked
    ]
