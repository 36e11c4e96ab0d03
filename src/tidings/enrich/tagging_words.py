"""Words as the tagger reads them: the head of an article, tokens and the keys that match
mentions, the word lists of news, and what is never a tag (dates, pronouns, credits)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from tidings.enrich import aliases
from tidings.enrich.porter import stem
from tidings.enrich.sentences import word_set
from tidings.enrich.tagging_data import Document
from tidings.enrich.tagging_gazetteer import is_not_hashtag, is_place, verb_form
from tidings.enrich.tagging_models import yake_stopwords

# Words that are never a hashtag on their own, though they are everywhere in news.
GENERIC = word_set(
    """
    official officials people person man men woman women child children family families
    year years day days week weeks month months time times today yesterday tomorrow
    tonight morning afternoon evening night weekend monday tuesday wednesday thursday
    friday saturday sunday january february march april may june july august september
    october november december statement report reports news story source sources
    spokesman spokeswoman spokesperson told said says say saying according government
    country countries city world percent number thing things way part side sides group
    home end lot case place area region state states issue issues question questions
    minister president leader leaders member members mr mrs ms dr one two three four
    five six seven eight nine ten first second third last next new old week's hundred
    thousand million billion trillion dozen
    """
)
# Words of credits and page furniture: "TOKYO (Reuters)", "Getty Images", "Continue
# reading". They are cut from the ends of names, and a name of nothing else is dropped.
CREDIT_WORDS = word_set(
    """
    reuters ap afp upi associated press agence france-presse getty images image photo
    photos file advertisement continue reading read more related watch subscribe
    newsletter copyright cnn npr
    """
)
# Words that may start a sentence but never a name: "The Kremlin", "In Istanbul".
FUNCTION_WORDS = word_set(
    """
    the a an in on at for from by with and but or of to as if when while after before
    this that these those his her their its our my your we i he she they it there then
    all some many most every each no any both
    """
)
# Words that open a sentence or clause in headline case but never a name: "Since Twitter",
# "Meanwhile Google".
OPENERS = word_set(
    """
    since once although though because however meanwhile indeed usually also even just
    still only why how what where who whose which after before during despite unlike
    like according oh one two three four five six seven eight nine ten
    """
)
# Counting words: "million visitors" and "percent stake" are numbers, not subjects.
COUNTING = word_set("hundred hundreds thousand thousands million millions billion billions")

_WORD = re.compile(r"\w+(?:[-.]\w+)*")
_NOT_SPACE = re.compile(r"\S+")


def split_head(document: Document, words: int) -> tuple[str, str]:
    """(the title and the first ``words`` words of the body, the rest of the body)."""
    title = document.title.strip()
    if title and title[-1] not in ".!?":
        title += "."  # so that YAKE does not run the title into the first sentence
    cut = len(document.text)
    for number, match in enumerate(_NOT_SPACE.finditer(document.text)):
        if number == words:
            cut = match.start()
            break
    return f"{title}\n\n{document.text[:cut]}".strip(), document.text[cut:]


def tokens_of(text: str) -> list[str]:
    return [match.group(0).replace(".", "") for match in _WORD.finditer(text)]


def name_key(tokens: Sequence[str]) -> tuple[str, ...]:
    return tuple(token.casefold() for token in tokens)


def phrase_key(tokens: Sequence[str]) -> tuple[str, ...]:
    return tuple(stem(token.casefold()) for token in tokens)


def is_junk(surface: str, *, name: bool = False) -> bool:
    """Dates, numbers, pronouns, single letters, generic words, fragments and credits."""
    tokens = tokens_of(surface)
    if not tokens or len(surface) < 2:
        return True
    folded = [token.casefold() for token in tokens]
    stopwords = yake_stopwords()
    if all(token in stopwords or token in GENERIC or token in CREDIT_WORDS for token in folded):
        return True
    if any(any(ch.isdigit() for ch in token) for token in tokens):
        return True  # dates, sums, ages: the facts stage handles numbers
    # "of the war", "said that": a fragment. YAKE's long stopword list would also refuse
    # names ("New York"), so names are held only to the short list.
    edges = FUNCTION_WORDS if name else stopwords
    if folded[0] in edges or folded[-1] in edges:
        return True
    if all(len(token) < 2 for token in tokens):
        return True
    return _not_a_subject(folded, name)


def _not_a_subject(folded: list[str], name: bool) -> bool:
    """Section names, filler, time words, verbs and counts: "News", "hours earlier",
    "Collects", "gather information", "million visitors"."""
    if all(is_not_hashtag(token) or token in GENERIC for token in folded):
        return True
    if folded[0] in COUNTING or folded[0] in OPENERS:
        return True
    # A verb opens a clause ("gather information", "made history"), though a name may
    # start with its base form ("Save the Children"); at the end of a phrase a past form
    # is one too ("taxes collected").
    opening = verb_form(folded[0])
    if opening is not None and not (name and opening == "base"):
        return True
    return len(folded) > 1 and verb_form(folded[-1]) == "past"


def clean_name(surface: str) -> str:
    """A mention cleaned as ``aliases.clean_surface`` does, without credits at its ends
    ("Reuters Japan" is Japan), and in the case a reader expects ("SAN JOSE" is San Jose)."""
    words = aliases.clean_surface(surface).split()
    while words and (words[0].casefold() in CREDIT_WORDS or _opens(words[0])):
        words = words[1:]
    while words and (words[-1].casefold() in CREDIT_WORDS or _closes(words[-1])):
        words = words[:-1]
    name = aliases.clean_surface(" ".join(words).strip("•·*|►▶■"))
    if len(words) > 1 and name.isupper():
        name = name.title()
    return name


def _opens(word: str) -> bool:
    """A word that headline case capitalises before a name: "Since", "Blames". A verb's
    base form stays: it may begin a name ("Save the Children")."""
    folded = word.casefold()
    return folded in OPENERS or folded.endswith("-based") or verb_form(word) in ("s", "past")


def _closes(word: str) -> bool:
    """A word that headline case capitalises after a name: "Meanwhile", "Likes"."""
    return word.casefold() in OPENERS or verb_form(word) is not None


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character in "_'’-"


@functools.lru_cache(maxsize=4)
def _lowered(text: str) -> str | None:
    """The text in lower case, if that keeps every offset (it nearly always does)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


def occurrences(needle: str, text: str, *, any_case: bool = False) -> list[int]:
    """Where ``needle`` stands in ``text`` as whole words (the start offsets)."""
    haystack = text
    if any_case:
        haystack, needle = _lowered(text) or text, needle.lower()
    found = []
    start = haystack.find(needle)
    while start != -1 and needle:
        end = start + len(needle)
        if (start == 0 or not _is_word_character(text[start - 1])) and (
            end == len(text) or not _is_word_character(text[end])
        ):
            found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def proper_case(label: str, text: str) -> str:
    """The label as the text writes it most often away from the start of a sentence:
    "CHINA" and "china" are "China" where the text says "China"; "iPhone" stays; a
    topic stays lower case only where the text writes it so. A label the text does not
    write mid-sentence keeps its own case, or loses its capitals if it is shouted."""
    forms: dict[str, int] = {}
    for start in occurrences(label, text, any_case=True):
        before = text[max(0, start - 6) : start].rstrip(" \"'“‘(")
        if before and before[-1] not in ".!?\n:":
            form = text[start : start + len(label)]
            forms[form] = forms.get(form, 0) + 1
    # A dateline shouts ("TORONTO -"); an acronym is always in capitals ("NAACP").
    written = {form: n for form, n in forms.items() if not (form.isupper() and len(form) > 4)}
    if written:
        return max(written, key=lambda form: (written[form], form != form.lower()))
    shouted = max(forms, key=lambda form: forms[form]) if forms else label
    # Only shouted (a transcript's "SECRETARY POWELL:"): said as a reader would write it.
    if shouted.isupper() and len(shouted) > 4 and (" " in shouted or is_place(shouted)):
        return shouted.title()
    return shouted
