"""Words as the tagger reads them: the head of an article, tokens and the keys that match
mentions, the word lists of news, and what is never a tag (dates, pronouns, credits)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tidings.enrich import aliases
from tidings.enrich.porter import stem
from tidings.enrich.sentences import word_set
from tidings.enrich.tagging_data import Document
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
    return all(len(token) < 2 for token in tokens)


def clean_name(surface: str) -> str:
    """A mention cleaned as ``aliases.clean_surface`` does, without credits at its ends
    ("Reuters Japan" is Japan), and in the case a reader expects ("SAN JOSE" is San Jose)."""
    words = aliases.clean_surface(surface).split()
    while words and words[0].casefold() in CREDIT_WORDS:
        words = words[1:]
    while words and words[-1].casefold() in CREDIT_WORDS:
        words = words[:-1]
    name = aliases.clean_surface(" ".join(words))
    if len(words) > 1 and name.isupper():
        name = name.title()
    return name
