"""What the moderation models read in a comment: its words, its letters, and plain signals.

A comment becomes three things, computed the same way in training and in scoring:

1. Word features: single words and pairs of neighbouring words ("check out").
2. Letter features: the 2- to 5-letter pieces of each word, which catch spellings a
   word list never sees ("subscribeee", "chanel").
3. Signals a moderator can check by eye: links, patterns such as "subscribe to my
   channel", e-mail addresses, phone numbers, capitals, stretched characters, abusive
   words. Each is one number the models weigh, and each becomes a readable reason.

Each group of word and letter features is scaled to unit length over every n-gram in the
comment (not only the ones a model knows), so a model pruned to its strongest features
sees the same numbers it was trained on.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

# Every repetition below is bounded: comments are untrusted input, and an unbounded
# pattern that backtracks over a long run ("a.a.a.a...") costs time squared.
URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:[\w-]{1,63}\.){1,6}(?:com|net|org|info|biz|io|co|ly|be|tk|me|gl|us|uk)\b(?:/\S*)?",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,6}\b")
PHONE = re.compile(r"(?<![\w+])\+?\d[\d ().-]{6,20}\d(?!\w)")
MENTION = re.compile(r"(?<!\w)@\w+")
# Markers stand in for what varies but means the same (any link is a link).
MARKERS = {"_url_": "a link", "_email_": "an e-mail address", "_phone_": "a phone number"}
# Markers of ways to reach someone: spam's business. A model that must not care how many a
# comment has (toxicity) reads the comment without them.
LINK_MARKERS = frozenset(MARKERS)
TOKEN = re.compile(r"_(?:url|email|phone|user)_|[a-z0-9]+(?:'[a-z]+)?")
# Disguised letters in abusive words: "sh!t", "a$$", "1d10t".
DISGUISES = str.maketrans({"@": "a", "$": "s", "!": "i", "0": "o", "1": "i", "3": "e", "4": "a"})
RAW_WORD = re.compile(r"[a-z@$!*0-9]+")
SUFFIXES = ("s", "es", "ing", "ed", "er", "ers", "y")

CHAR_SIZES = (2, 3, 4, 5)
MIN_PHONE_DIGITS = 9
MIN_LETTERS_FOR_CAPS = 12
CAPS_RATIO = 0.6
# Pronouns, articles and the like carry no meaning of their own, yet in a few hundred
# training comments they pick one up: "you" is frequent in Wikipedia insults, so a model
# that reads it finds "Thank you!" toxic. Whether a comment addresses someone is left to
# the "insult aimed at someone" signal, which needs an abusive word as well.
# fmt: off
FUNCTION_WORDS = frozenset({
    "i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "yourselves",
    "u", "ur", "he", "him", "his", "she", "her", "hers", "it", "its", "we", "us", "our",
    "ours", "they", "them", "their", "theirs", "a", "an", "the", "is", "are", "was", "were",
    "be", "been", "being", "am", "do", "does", "did", "have", "has", "had", "this", "that",
    "these", "those", "and", "or", "but", "if", "of", "to", "in", "on", "at", "for", "with",
    "by", "from", "as", "so", "not", "no", "yes",
})
# fmt: on
# An insult counts as aimed at someone when "you" comes at most this many words before it,
# and at a group of people when a word naming one is at most this many words away.
INSULT_REACH = 4


@dataclass(frozen=True)
class Pattern:
    name: str
    description: str
    regex: re.Pattern[str]


# Patterns found on the lower-cased text (links already replaced by a marker).
PATTERNS = (
    Pattern(
        "subscribe",
        "asks readers to subscribe",
        re.compile(r"\b(?:subscrib\w*|sub\s*(?:4|for)\s*sub|sub\s+to\s+(?:me|my))\b"),
    ),
    Pattern(
        "check_out",
        "asks readers to look at something",
        re.compile(
            r"\bcheck\w*\s+(?:it\s+|this\s+|them\s+)?out\b"
            r"|\b(?:check|visit|watch|see|listen\s+to|look\s+at|view)\s+(?:my|our)\b"
            r"|\b(?:follow|add)\s+(?:me|us)\b"
        ),
    ),
    Pattern(
        "engagement",
        "asks for likes, shares or votes",
        re.compile(
            r"\bthumbs?\s+(?:up|this)\s+(?:if|so|for)\b|\blike\s+(?:this\s+comment|if\s+you)\b"
            r"|\b(?:share|like)\s+(?:this|my)\s+(?:comment|video|page|post)\b"
            r"|\bplease\s+(?:vote|like|share)\b"
        ),
    ),
    Pattern(
        "self_promotion",
        "promotes the author's own channel, music or site",
        re.compile(
            r"\b(?:my|our)\s+(?:new\s+|own\s+|latest\s+|first\s+)?"
            r"(?:channel|videos?|page|music|songs?|playlist|website|site|blog|covers?|"
            r"account|store|shop|app|band|album|mixtape)\b"
        ),
    ),
    Pattern(
        "money",
        "offers money, prizes or deals",
        re.compile(
            r"\b(?:make|earn|making|earning)\s+(?:\$|money|cash|income|\d)"
            r"|\bfree\s+(?:gifts?|money|cash|iphone|followers|subscribers|views|likes)\b"
            r"|\b(?:gift\s*cards?|promo\s*code|giveaway|click\s+here|work\s+from\s+home)\b"
        ),
    ),
    Pattern(
        "threat",
        "threatens or wishes harm",
        re.compile(
            r"\b(?:kill|hang|shoot)\s+(?:yourself|urself|yourselves|you|u)\b|\bkys\b"
            r"|\b(?:hope|wish)\s+(?:you|u|they|he|she)\s+(?:\w+\s+)?die\b|\bgo\s+die\b"
        ),
    ),
    Pattern(
        "dismissal",
        "tells someone to shut up or go away",
        re.compile(r"\bshut\s+(?:\w+\s+){0,2}up\b|\bstfu\b|\bgtfo\b|\bgo\s+to\s+hell\b"),
    ),
)
# The order of the signal features each model weighs; training and scoring share it.
SIGNALS = (
    "links",
    *(pattern.name for pattern in PATTERNS),
    "email",
    "phone",
    "repeated_characters",
    "all_caps",
    "abusive_words",
    "insult_at_someone",
    "insult_at_group",
)
SIGNAL_DESCRIPTIONS = {
    "email": "gives an e-mail address",
    "phone": "gives a phone number",
    "repeated_characters": "stretches a character",
    "all_caps": "is mostly capital letters",
    "abusive_words": "uses abusive words",
    "insult_at_someone": "aims an insult at someone",
    "insult_at_group": "aims an insult at a group of people",
}


@dataclass(frozen=True)
class Match:
    """A signal found in a comment, with the text that shows it."""

    name: str
    description: str
    excerpt: str


@dataclass(frozen=True)
class CommentFeatures:
    tokens: tuple[str, ...]
    words: dict[str, float]  # "w:word" and "b:word word" -> scaled value
    letters: dict[str, float]  # "c:piece" -> scaled value
    signals: tuple[float, ...]  # aligned with SIGNALS
    links: int
    matches: tuple[Match, ...]

    def values(self) -> dict[str, float]:
        return {**self.words, **self.letters}

    def without_links(self) -> CommentFeatures:
        """The comment as if its links, e-mail addresses and phone numbers were not there:
        the other words keep the values they would have without them."""
        tokens = tuple(token for token in self.tokens if token not in LINK_MARKERS)
        if tokens == self.tokens:
            return self
        return replace(
            self,
            tokens=tokens,
            words=scaled(word_terms(tokens)),
            letters=scaled(letter_terms(tokens)),
        )


def word_list(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def abusive_words() -> frozenset[str]:
    return word_list("abusive_words.txt")


def clean(text: str) -> str:
    """The text as a reader sees it: entities decoded, compatibility forms folded."""
    text = html.unescape(text).replace("\ufeff", "")
    return unicodedata.normalize("NFKC", text)


def with_markers(text: str) -> str:
    """Lower-cased text with links, e-mail addresses, phone numbers and @names as markers."""
    text = EMAIL.sub(" _email_ ", text)
    text = URL.sub(" _url_ ", text)
    text = PHONE.sub(lambda m: " _phone_ " if is_phone(m.group()) else m.group(), text)
    text = MENTION.sub(" _user_ ", text)
    return text.lower()


def is_phone(candidate: str) -> bool:
    return sum(char.isdigit() for char in candidate) >= MIN_PHONE_DIGITS


@cache
def identity_words() -> frozenset[str]:
    return word_list("identity_words.txt")


def names_a_group(token: str) -> bool:
    words = identity_words()
    return token in words or (token.endswith("s") and token[:-1] in words)


def tokens_of(marked: str) -> tuple[str, ...]:
    """The words the models read: neither identity words (see identity_words.txt) nor
    function words."""
    return tuple(
        token
        for token in TOKEN.findall(marked)
        if token not in FUNCTION_WORDS and not names_a_group(token)
    )


def letter_pieces(token: str) -> list[str]:
    if token.startswith("_"):
        return [token]  # a marker is one piece: its letters mean nothing
    padded = f" {token} "
    return [
        padded[start : start + size]
        for size in CHAR_SIZES
        for start in range(len(padded) - size + 1)
    ]


def word_terms(tokens: tuple[str, ...]) -> list[str]:
    unigrams = [f"w:{token}" for token in tokens]
    bigrams = [f"b:{first} {second}" for first, second in zip(tokens, tokens[1:], strict=False)]
    return unigrams + bigrams


def letter_terms(tokens: tuple[str, ...]) -> list[str]:
    return [f"c:{piece}" for token in tokens for piece in letter_pieces(token)]


def scaled(terms: list[str]) -> dict[str, float]:
    """Damped counts (1 + log n), scaled to unit length."""
    counts = Counter(terms)
    values = {term: 1.0 + math.log(count) for term, count in counts.items()}
    length = math.sqrt(sum(value * value for value in values.values())) or 1.0
    return {term: value / length for term, value in values.items()}


@lru_cache(maxsize=65536)
def undisguised(raw: str) -> frozenset[str]:
    """Spellings a disguised or stretched word may stand for: "stuuupid" -> "stupid"."""
    plain = raw.translate(DISGUISES)
    forms = {re.sub(r"(.)\1{2,}", r"\1", plain), re.sub(r"(.)\1{2,}", r"\1\1", plain)}
    if "*" in plain:
        forms = {form.replace("*", vowel) for form in forms for vowel in "aeiou"}
    found = set(forms)
    for form in forms:
        found.update(form[: -len(suffix)] for suffix in SUFFIXES if form.endswith(suffix))
    return frozenset(found)


def abusive_in(lowered: str) -> list[tuple[int, str]]:
    """(word position, dictionary word) for each abusive word in the lower-cased text."""
    lexicon = abusive_words()
    found = []
    for position, raw in enumerate(RAW_WORD.findall(lowered)):
        hits = undisguised(raw) & lexicon
        if hits:
            found.append((position, min(hits, key=len)))
    return found


def insult_at_someone(lowered: str, abusive: list[tuple[int, str]]) -> str:
    """The insult, when "you" (or "ur", "your") comes just before an abusive word."""
    words = RAW_WORD.findall(lowered)
    addressed = {"you", "u", "ur", "your", "youre", "you're", "yourself", "ya"}
    for position, word in abusive:
        if any(words[i] in addressed for i in range(max(0, position - INSULT_REACH), position)):
            return word
    return ""


def insult_at_group(lowered: str, abusive: list[tuple[int, str]]) -> str:
    """The insult, when a word naming a group of people ("muslims", "immigrants") stands
    within reach of an abusive word, before or after it. The models never read group names
    (see identity_words.txt), so this is how an attack on who people are is seen."""
    words = RAW_WORD.findall(lowered)
    for position, word in abusive:
        nearby = words[max(0, position - INSULT_REACH) : position + INSULT_REACH + 1]
        if any(names_a_group(other) for other in nearby):
            return word
    return ""


def caps_ratio(text: str) -> tuple[float, int]:
    letters = [char for char in URL.sub(" ", text) if char.isalpha()]
    if not letters:
        return 0.0, 0
    return sum(char.isupper() for char in letters) / len(letters), len(letters)


def comment_features(text: str, links: int | None = None) -> CommentFeatures:
    """Everything the models read in one comment. ``links`` overrides the links counted in
    the text (a rendered comment knows its links better than a pattern does)."""
    cleaned = clean(text)
    marked = with_markers(cleaned)
    lowered = cleaned.lower()
    tokens = tokens_of(marked)
    link_count = marked.count("_url_") if links is None else max(0, links)
    matches: list[Match] = []
    flags: dict[str, float] = {"links": math.log1p(link_count)}
    for pattern in PATTERNS:
        found = pattern.regex.search(marked)
        flags[pattern.name] = float(bool(found))
        if found:
            matches.append(Match(pattern.name, pattern.description, found.group().strip()))
    for name, regex in (("email", EMAIL), ("phone", PHONE)):
        found = next(
            (m for m in regex.finditer(cleaned) if name != "phone" or is_phone(m[0])), None
        )
        flags[name] = float(bool(found))
        if found:
            matches.append(Match(name, SIGNAL_DESCRIPTIONS[name], found.group()))
    stretched = re.search(r"(\S)\1{3,}", URL.sub(" ", cleaned))
    flags["repeated_characters"] = float(bool(stretched))
    if stretched:
        matches.append(Match("repeated_characters", "stretches a character", stretched.group()))
    ratio, letters = caps_ratio(cleaned)
    shouting = letters >= MIN_LETTERS_FOR_CAPS and ratio >= CAPS_RATIO
    flags["all_caps"] = float(shouting)
    if shouting:
        matches.append(Match("all_caps", SIGNAL_DESCRIPTIONS["all_caps"], f"{ratio:.0%}"))
    abusive = abusive_in(lowered)
    flags["abusive_words"] = math.log1p(len(abusive))
    if abusive:
        listed = ", ".join(sorted({word for _, word in abusive}))
        matches.append(Match("abusive_words", SIGNAL_DESCRIPTIONS["abusive_words"], listed))
    insult = insult_at_someone(lowered, abusive)
    flags["insult_at_someone"] = float(bool(insult))
    if insult:
        matches.append(Match("insult_at_someone", SIGNAL_DESCRIPTIONS["insult_at_someone"], insult))
    attack = insult_at_group(lowered, abusive)
    flags["insult_at_group"] = float(bool(attack))
    if attack:
        matches.append(Match("insult_at_group", SIGNAL_DESCRIPTIONS["insult_at_group"], attack))
    return CommentFeatures(
        tokens=tokens,
        words=scaled(word_terms(tokens)),
        letters=scaled(letter_terms(tokens)),
        signals=tuple(flags[name] for name in SIGNALS),
        links=link_count,
        matches=tuple(matches),
    )
