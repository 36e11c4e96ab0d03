"""Controlled, seeded edits that make copies of a real text: what outlets do to a wire
story, one edit at a time and combined."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from tidings.dedupe.diff import paragraphs_of
from tidings.dedupe.evaluation.real_texts import SENTENCE_END, Document


@dataclass
class EditContext:
    rng: random.Random
    others: list[Document]  # where added paragraphs and replacement words come from
    borrowed_from: set[str] = field(default_factory=set)  # documents a paragraph came from


# Each edit takes the paragraphs and a context, and returns new paragraphs.
Edit = Callable[[list[str], EditContext], list[str]]

_SPELLINGS = {
    "colour": "color",
    "organisation": "organization",
    "centre": "center",
    "favour": "favor",
    "defence": "defense",
    "labour": "labor",
    "programme": "program",
    "percent": "per cent",
    "travelled": "traveled",
    "analyse": "analyze",
}
_DATELINES = ["LONDON (Reuters) - ", "PARIS (AFP) - ", "TOKYO (Jiji Press) - ", "NEW YORK (AP) - "]
_TRAILERS = [
    "Reporting by Anna Keller; Editing by Tom Weiss",
    "(Additional reporting by staff in Madrid)",
    "Copyright 2024 The Associated Press. All rights reserved.",
]


def _trim_lead(paragraphs: list[str], context: EditContext) -> list[str]:
    return paragraphs[1:]


def _trim_end(paragraphs: list[str], context: EditContext) -> list[str]:
    keep = max(1, round(len(paragraphs) * 0.7))
    return paragraphs[:keep]


def _keep_first_half(paragraphs: list[str], context: EditContext) -> list[str]:
    return paragraphs[: max(1, len(paragraphs) // 2)]


def _add_paragraph(paragraphs: list[str], context: EditContext) -> list[str]:
    donor = context.rng.choice(context.others)
    context.borrowed_from.add(donor.key)
    added = context.rng.choice(paragraphs_of(donor.text))
    position = context.rng.randint(1, len(paragraphs))
    return paragraphs[:position] + [added] + paragraphs[position:]


def _change_words(share: float) -> Edit:
    def change(paragraphs: list[str], context: EditContext) -> list[str]:
        rng = context.rng
        vocabulary = rng.choice(context.others).text.split()
        words = [paragraph.split() for paragraph in paragraphs]
        places = [(p, w) for p, paragraph in enumerate(words) for w in range(len(paragraph))]
        for p, w in rng.sample(places, max(1, round(len(places) * share))):
            words[p][w] = rng.choice(vocabulary)
        return [" ".join(paragraph) for paragraph in words]

    return change


def _same_text(paragraphs: list[str], context: EditContext) -> list[str]:
    # A changed headline leaves the text alone; the index compares texts only.
    return list(paragraphs)


def _wire_reedit(paragraphs: list[str], context: EditContext) -> list[str]:
    """What a copy desk does: its own dateline, house spelling, paragraphs joined or split,
    a credit line at the end, and a few words changed."""
    rng = context.rng
    edited = list(paragraphs)
    edited[0] = rng.choice(_DATELINES) + edited[0]
    edited = [_respell(paragraph) for paragraph in edited]
    if len(edited) > 2:
        at = rng.randrange(len(edited) - 1)
        if rng.random() < 0.5:
            edited[at : at + 2] = [edited[at] + " " + edited[at + 1]]
        else:
            sentences = SENTENCE_END.split(edited[at])
            if len(sentences) > 1:
                middle = len(sentences) // 2
                edited[at : at + 1] = [" ".join(sentences[:middle]), " ".join(sentences[middle:])]
    edited.append(rng.choice(_TRAILERS))
    return _change_words(0.02)(edited, context)


def _respell(paragraph: str) -> str:
    for british, american in _SPELLINGS.items():
        paragraph = paragraph.replace(british, american)
    return paragraph


def _combined(paragraphs: list[str], context: EditContext) -> list[str]:
    edited = _trim_lead(paragraphs, context)
    edited = _add_paragraph(edited, context)
    return _change_words(0.03)(edited, context)


EDITS: dict[str, Edit] = {
    "exact": _same_text,
    "changed_headline": _same_text,
    "trimmed_lead": _trim_lead,
    "trimmed_end": _trim_end,
    "added_paragraph": _add_paragraph,
    "words_changed_3pct": _change_words(0.03),
    "wire_reedit": _wire_reedit,
    "combined": _combined,
    # Harder than most copies, to show where detection stops.
    "kept_first_half": _keep_first_half,
    "words_changed_10pct": _change_words(0.10),
}
# Edits beyond what copy desks do, left out of ``recall_realistic_edits``.
STRESS_EDITS = {"words_changed_10pct"}
