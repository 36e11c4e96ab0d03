"""Plain text cut into sentences, each with its exact place in the text.

Offsets are what the summary and the key facts use to point back into the article:
``text[sentence.start:sentence.end] == sentence.text`` always holds. The rules are
written for news prose in languages that end sentences with . ! ? … (and 。！？ without
a following space); a line break always ends a sentence, because in extracted text it
separates paragraphs, headings and captions. No model is needed, so this is fast and
gives the same answer in every installation.

It also tells the summary and the key facts what is not prose: datelines and speakers'
names in front of a sentence, captions and credits, headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string, the way word lists read best."""
    return frozenset(words.split())


# Words that are followed by a full stop but almost never end a sentence: titles before a
# name, "vs.", "St." ...
NEVER_FINAL = word_set(
    """mr mrs ms mx dr prof gen col lt sgt capt cpt maj brig adm cmdr cpl pvt gov sen rep
    rev hon pres supt det insp messrs mme mlle st mt ft vs approx cf"""
)
# Abbreviations that only abbreviate before a number: "No. 1", "Jan. 12", "Fig. 3".
BEFORE_NUMBERS = word_set(
    "no nos jan feb mar apr jun jul aug sep sept oct nov dec fig figs vol vols pp art"
)
# Abbreviations that may or may not end a sentence ("the U.S. Senate" / "in the U.S. The").
MAYBE_FINAL = word_set("inc corp ltd co jr sr bros plc llc etc al a.m p.m")
# After an ambiguous abbreviation, only these words make us believe a new sentence began.
SENTENCE_OPENERS = word_set(
    """the a an he she it they we i you in on at but and or so yet this that these those
    there here his her its their our my your as if when while after before since however
    meanwhile still also then now last earlier later some many most all both no not one
    what who why how where officials police according"""
)

_TERMINATOR = re.compile(
    r"""(?:\.{2,}|…|[.!?]+|[。！？]+)      # the mark itself, ellipses included
        [\"'”’»)\]]*                      # closing quotes and brackets stay with it
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]*(\w[\w'’-]*)")
_LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int  # 0-based, counting the non-blank paragraphs that "\n\n" separates


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of ``text`` in order, stripped of surrounding white space."""
    return list(_split(text))


# The AI panel reads one story's texts several times over (summary, stance, coverage...).
@lru_cache(maxsize=128)
def _split(text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    position = 0
    paragraph = 0
    for part in text.split("\n\n"):
        if part.strip():
            for line in _LINE.finditer(text, position, position + len(part)):
                for start, end in _line_spans(text, line.start(), line.end()):
                    sentences.append(Sentence(text[start:end], start, end, paragraph))
            paragraph += 1
        position += len(part) + 2
    return tuple(sentences)


def paragraph_index(text: str, offset: int) -> int:
    """Which paragraph (0-based, blank ones not counted, as ``Article.paragraphs`` counts
    them) holds the character at ``offset``."""
    before = text[:offset].split("\n\n")
    blank = sum(1 for part in before[:-1] if not part.strip())
    return len(before) - 1 - blank


def _line_spans(text: str, line_start: int, line_end: int) -> list[tuple[int, int]]:
    spans = []
    start = line_start
    for mark in _TERMINATOR.finditer(text, line_start, line_end):
        if mark.end() <= start or not _ends_sentence(text, mark, line_start, line_end):
            continue
        spans.append((start, mark.end()))
        start = mark.end()
    spans.append((start, line_end))
    stripped = []
    for span_start, span_end in spans:
        piece = text[span_start:span_end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece) - len(piece.rstrip())
            stripped.append((span_start + lead, span_end - trail))
    return stripped


def _ends_sentence(text: str, mark: re.Match[str], line_start: int, line_end: int) -> bool:
    """Whether the punctuation ``mark`` closes a sentence, from the words around it."""
    symbol = mark.group().rstrip("\"'”’»)]")
    after = mark.end()
    if after >= line_end:
        return True
    if symbol[-1] in "。！？":
        return True
    if not text[after].isspace():
        return False  # "1.5", "example.com", "U.S.-led"
    following = _NEXT_WORD.match(text, after, line_end)
    if following is None:
        return True  # only punctuation follows, such as a dash
    next_word = following.group(1)
    if next_word[0].islower():
        return False  # '... home!" the soldier shouted', "e.g. this"
    if symbol != ".":
        return True
    before = _WORD_BEFORE.search(text, max(line_start, mark.start() - 40), mark.start())
    if before is None:
        return True
    word = before.group(1).lower().lstrip("'’-")
    if word in NEVER_FINAL or (len(word) == 1 and word.isalpha()):
        return False  # "Gen. Smith", "John F. Kennedy"
    if word in BEFORE_NUMBERS and next_word[0].isdigit():
        return False  # "No. 1", "Jan. 12"
    if word in MAYBE_FINAL or re.fullmatch(r"(?:\w\.)+\w", word):
        return next_word.lower() in SENTENCE_OPENERS  # "U.S.", "Inc."
    return True


# A dateline or a transcript's speaker before the sentence proper: "LOS ANGELES - ",
# "KYIV, Ukraine (AP) — ", "ARI SHAPIRO, HOST: ".
_LEAD_IN = re.compile(
    r"""^(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][\w.'’-]*){0,4}\s*(?:\([\w .,/-]{1,30}\))?\s*[-—–]{1,2}
        |\([A-Z][\w .,/-]{1,30}\)\s*[-—–]{1,2}
        |[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][A-Z ]+)?:
        )\s+""",
    re.VERBOSE,
)
# An outlet's name in brackets before the sentence, after any dateline: "Dublin (CNN) -".
_OUTLET_TAG = re.compile(r"[A-Z][\w.,' -]{0,50}?\((?:[A-Z][\w.]*\s?){1,3}\)\s*[-—–]*\s*")
# Page furniture that extraction lets through: captions, credits, calls to action.
_FURNITURE = re.compile(
    r"""^(?:photos?|images?|picture|video|watch|listen|credits?|caption|source)\s*[:|]
        |^(?:read\ more|related\ (?:stories|articles|coverage)|advertisement|sponsored
        |click|sign\ up|subscribe|follow\ us|share\ this|copyright|all\ rights|©|getty
        |ap\ photo|enditem)\b
        |\b(?:getty\ images|all\ rights\ reserved|click\ here|read\ more|photo:|image:
        |file\ photo|pic\.twitter\.com|https?://)
        |\((?:photo|image|ap\ photo)\b""",
    re.IGNORECASE | re.VERBOSE,
)


def lead_in_length(sentence: str) -> int:
    """How many leading characters of ``sentence`` are a dateline or a speaker's name."""
    match = _LEAD_IN.match(sentence)
    return match.end() if match else 0


@dataclass(frozen=True)
class LeadSentence:
    number: int  # among all the sentences of the text (``split_sentences``)
    text: str  # without its dateline, speaker or outlet's tag
    start: int  # of ``text`` in the whole text
    end: int


def lead_sentences(text: str, count: int | None, min_words: int = 1) -> list[LeadSentence]:
    """The prose sentences among the first ``count`` of ``text`` (all when None; captions,
    credits and headings are not counted), each without its dateline, speaker's name or
    outlet's tag ("Dublin (CNN) -"), of at least ``min_words`` words. The AI panel reads
    these, and the embed stage stores their vectors, so both must see the same texts."""
    found = []
    prose = 0
    for number, sentence in enumerate(split_sentences(text)):
        if count is not None and prose >= count:
            break
        if is_furniture(sentence.text) or is_heading(sentence.text):
            continue
        prose += 1
        skip = lead_in_length(sentence.text)
        tag = _OUTLET_TAG.match(sentence.text, skip)
        skip = tag.end() if tag else skip
        body = sentence.text[skip:]
        if len(body.split()) >= min_words:
            found.append(LeadSentence(number, body, sentence.start + skip, sentence.end))
    return found


def is_furniture(sentence: str) -> bool:
    """Whether a "sentence" is a caption, a credit or a link to elsewhere, not prose."""
    return bool(_FURNITURE.search(sentence))


def is_heading(sentence: str) -> bool:
    """A headline or subheading in the text: no closing punctuation, words mostly capitalised
    ("More Than 70 People Killed In Truck Attack In Nice, France")."""
    if sentence.rstrip().endswith(tuple(".!?…。！？\"'”’»)")):
        return False
    words = [word for word in sentence.split() if word[:1].isalpha()]
    return bool(words) and sum(word[0].isupper() for word in words) >= 0.6 * len(words)
