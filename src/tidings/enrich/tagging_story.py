"""One hashtag per concept across articles: the tags of articles tagged together, or of
the articles of one story, agree on each label, its case and its kind.

Pure functions over ``Tag`` lists and labels. ``agree`` runs inside
``tagger.tag_documents``; ``full_names`` folds a lone surname ("Lohan") into the full
name ("Lindsay Lohan") that the documents tagged together, or a story's articles, carry.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from tidings.enrich.aliases import PERSON, TOPIC, variant_key
from tidings.enrich.tagging_data import Tag
from tidings.enrich.tagging_gazetteer import is_organisation, is_place, looks_like_a_person


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
    if not matches:
        return None
    # Headline words stuck to a name ("Lindsay Lohan Struggles") make longer "people" that
    # all hold the one real name: that is the person.
    shortest = min(matches, key=len)
    return shortest if all(shortest in match for match in matches) else None


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
    chosen = {key: _best_label(forms) for key, forms in labels.items()}
    # A label written in lower case everywhere names nothing: a topic.
    kind_of = {
        key: TOPIC if label.islower() else _majority_kind(kinds[key])
        for key, label in chosen.items()
    }
    people = full_names((chosen[key], kind_of[key], kinds[key].total()) for key in chosen)
    agreed = []
    for tags in tag_lists:
        seen: set[str] = set()
        kept = []
        for tag in tags:
            key = variant_key(tag.label)
            label, kind = chosen[key], kind_of[key]
            if label in people:  # "Lohan", when the documents name Lindsay Lohan
                label, kind = people[label], PERSON
                key = variant_key(label)
            if key not in seen:
                seen.add(key)
                kept.append(Tag(label, kind, tag.score))
        agreed.append(kept)
    return agreed


def full_names(hashtags: Iterable[tuple[str, str, float]]) -> dict[str, str]:
    """For ``(label, kind, weight)`` triples, each lone first name or surname mapped to the
    one full name of a person among them that it belongs to, when that person weighs at
    least as much (is carried by as many articles, or as much score): "Lohan" beside a
    much-tagged Lindsay Lohan, not "Titanfall" beside a headline's "Buy Titanfall". A name
    the lists know as a place or an organisation stays itself: "Washington" the city,
    "Ford" the carmaker."""
    triples = list(hashtags)
    weight = {label: amount for label, _, amount in triples}
    # Only names that start as people's names do: a headline's capitals make "people"
    # such as "Sbarro Files", whose "Sbarro" is no surname.
    people = {label for label, kind, _ in triples if kind == PERSON and looks_like_a_person(label)}
    folded = {}
    for label, _, amount in triples:
        if is_place(label) or is_organisation(label):
            continue  # the lists know it: a place or an organisation, whatever the votes
        person = _person_of(label, people)
        if person is not None and weight[person] >= amount:
            folded[label] = person
    return folded
