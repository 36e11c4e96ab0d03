"""The ``what`` of a fact: where a sentence names what its figure counts.

After the figure comes a noun phrase ("1,200 POWs on each side", "40 percent of the
vote", "$2 million in fines"); failing that, a percentage or an age belongs to the
subject of its clause ("Britain came in second at 49 percent"), and a date, a year or a
sum of money to the few words before it ("went missing in September 2024").
"""

from __future__ import annotations

import re

from tidings.enrich.sentences import lead_in_length, word_set

MAX_WHAT_WORDS = 8

# Words that end the noun phrase naming what a figure counts.
STOP_WORDS = word_set(
    """a an the this that these those its their his her our my your some any each every
    no not and or but nor so yet for to of in on at by from with without into onto over
    under about after before since until during between among across through against per
    than as like via toward towards around near beyond within along who whom whose which
    what where when why how while if whether because although though i you he she it we
    they me him us them is are was were be been being am has have had having do does did
    will would shall should can could may might must said says say told according also
    just only even still already more most less least such there here then now ago
    last next this year today yesterday tomorrow monday tuesday wednesday thursday friday
    saturday sunday"""
)
# After "55 percent of respondents", these verbs carry what the respondents think.
_OPINION_VERBS = word_set(
    """believe believed believes say said think thought thinks support supported supports
    oppose opposed opposes want wanted wants agree agreed agrees expect expected expects
    feel felt feels consider considered considers approve approved approves disapprove
    disapproved trust trusted view viewed favor favour favored favoured back backed
    backs prefer preferred"""
)
# Verbs that often follow a counted noun ("100 people live there"); they end its phrase.
_VERBS = _OPINION_VERBS | word_set(
    """live lives work works die dies remain remains come comes go goes get gets make makes
    take takes need needs use uses hold holds face faces show shows lose loses suffer
    suffers"""
)
_CONTINUATION = re.compile(
    r"\s(?:(?:on|from|in)\s(?:each|either|both)\ssides?|per\s[\w-]+|a\s(?:day|week|month|year)"
    r"|each|apiece)\b"
)
_CONNECTOR = re.compile(
    r"^(?:(?:followed|preceded|trailed|compared)\s(?:by|with|to)|and|but|while|with|against"
    r"|versus|vs\.?|then|from|up\sfrom|down\sfrom)\s+",
    re.IGNORECASE,
)
# What a bare count is told by the words after it: "107 killed", "51 are hurt", "200
# more", and votes: "52 for, 48 against".
_OUTCOME = re.compile(
    r"""\s((?:(?:are|were|was|is|have\sbeen|has\sbeen|had\sbeen)\s)?
    (?:dead|hurt|missing|taken|held|shot|slain|lost|left|unaccounted\sfor|[a-z]{3,}ed
    |for(?=[,;.]|\sand\b)|against|in\sfavou?r|more|others|apiece))(?![\w-])""",
    re.VERBOSE,
)
# ... or by the verb before it: "killing 107", "wounding at least 90", "rose to 85".
_VERB_BEFORE = re.compile(
    r"\b(?:[a-z]{3,}(?:ing|ed)|[a-z]+\sto|rose|fell|hit|hits|reached|reaches|kills|leaves|left"
    r"|saw|totals|stands|stood)(?=\s$)"
)
_DETERMINER = word_set("the a an its their his her our")
_PRONOUN = word_set("it that this they he she we i you there which who")
_WORD = re.compile(r"[\w'’.&-]*\w")


def what_of(text: str, kind: str, after: int, before: int) -> tuple[int, int] | None:
    """Where in ``text`` the thing a figure of this ``kind`` counts is named, or None; the
    figure ends at ``after`` and starts at ``before``."""
    return _balanced(text, _what(text, kind, after, before))


def _what(text: str, kind: str, after: int, before: int) -> tuple[int, int] | None:
    """Where in ``text`` the thing a figure counts is named."""
    if kind == "duration":
        return None  # "three years", "nine hours later": the unit says what it measures
    if kind in {"date", "score"}:
        return _preceding_context(text, before)
    if kind in {"count", "rough count"}:
        outcome = _OUTCOME.match(text, after)
        if outcome:
            return outcome.span(1)
    span = _noun_phrase(text, after, allow_of=True)
    if span is None and kind in {"count", "rough count"}:
        verb = _VERB_BEFORE.search(text, 0, before)
        return verb.span() if verb else None
    if span is None and kind == "money":
        # "$2 million in fines"
        spent_on = re.match(r"\s(?:in|for|on)\s", text[after:])
        if spent_on:
            span = _noun_phrase(text, after + spent_on.end() - 1, allow_of=False)
    if span is not None and kind == "percent":
        span = _with_opinion(text, span)
    if span is None and kind in {"percent", "age"}:
        span = _subject(text, before)
    if span is None and kind in {"money", "percent", "measure"}:
        span = _preceding_context(text, before, within_clause=True)
    if span is not None and re.fullmatch(r"[a-z]+(?:ed|ing)", text[span[0] : span[1]]):
        return None  # "1973 amended", "12 including": a verb, not a thing counted
    return span


def _balanced(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """The span cut before a bracket it opens but does not close: "Mike Cole (@MikeCole"."""
    if span is None:
        return None
    opened = text.find("(", span[0], span[1])
    if opened < 0 or text.find(")", opened, span[1]) >= 0:
        return span
    end = len(text[span[0] : opened].rstrip()) + span[0]
    return (span[0], end) if end > span[0] else None


def _noun_phrase(text: str, position: int, *, allow_of: bool) -> tuple[int, int] | None:
    """The noun phrase starting right after ``position``: "POWs on each side", "people"."""
    words = list(_WORD.finditer(text, position, position + 200))
    if allow_of and words and words[0].group().lower() == "of" and _gap(text, position, words[0]):
        # "55 percent of respondents", "40 percent of the vote"
        position = words[0].end()
        words = words[1:]
        if words and words[0].group().lower() in _DETERMINER and _gap(text, position, words[0]):
            position = words[0].end()
            words = words[1:]
    start = end = None
    last = position
    for word in words[:MAX_WHAT_WORDS]:
        token = word.group()
        lower = token.lower()
        if (
            not _gap(text, last, word)
            or lower in STOP_WORDS
            or lower in _VERBS
            or token[0].isdigit()
        ):
            break
        if start is not None and lower.endswith(("ed", "ing")) and token[0].islower():
            break  # "people aged 18", "POWs including"
        if start is None:
            start = word.start()
        end = last = word.end()
    if start is None or end is None:
        return None
    continuation = _CONTINUATION.match(text, end)
    if continuation:
        end = continuation.end()
    elif allow_of:
        of = re.match(r"\sof\s", text[end:])
        if of:
            tail = _noun_phrase(text, end + of.end() - 1, allow_of=False)
            if tail is not None and tail[1] - tail[0] < 30:
                end = tail[1]
    return start, end


def _gap(text: str, last: int, word: re.Match[str]) -> bool:
    """Whether a single space separates the previous word from this one."""
    return text[last : word.start()] == " "


def _with_opinion(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The phrase taking in an opinion after it: "respondents believe Germany is ..."."""
    rest = text[span[1] :]
    verb = re.match(r"\s(\w+)\b", rest)
    if not verb or verb.group(1).lower() not in _OPINION_VERBS:
        return span
    clause = re.match(r"[^,;:.!?()]*", rest)
    words = list(_WORD.finditer(text, span[1], span[1] + (clause.end() if clause else 0)))
    if not words:
        return span
    end = words[min(len(words), MAX_WHAT_WORDS + 4) - 1].end()
    return span[0], end


def _subject(text: str, before: int) -> tuple[int, int] | None:
    """For "Britain came in second at 49 percent": who or what the figure belongs to, the
    noun phrase opening its clause (or failing that, the sentence)."""
    head = text[:before]
    clause_start = max(head.rfind(", "), head.rfind("; "), head.rfind(" — "))
    for start in ([clause_start + 2] if clause_start > 0 else []) + [lead_in_length(text)]:
        opening = head[start:]
        connector = _CONNECTOR.match(opening)
        if connector:
            start += connector.end()
        span = _opening_phrase(text, start, before)
        if span is not None:
            return span
    return None


def _opening_phrase(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """A determiner or a capital, then words up to the first function word or verb."""
    words = list(_WORD.finditer(text, start, limit))
    if not words or words[0].start() - start > 1:
        return None
    first = words[0].group()
    bare = re.split(r"['’]", first.lower())[0]
    opens_sentence = not text[lead_in_length(text) : words[0].start()].strip()
    followed_by_lower = len(words) > 1 and words[1].group()[0].islower()
    if bare not in _DETERMINER and opens_sentence and followed_by_lower:
        return None  # "Britain came ...": a capital that may only mark the sentence's start
    if (
        bare in _PRONOUN
        or (bare in STOP_WORDS and bare not in _DETERMINER)
        or not (first[0].isupper() or first.lower() in _DETERMINER)
    ):
        return None
    end = words[0].end()
    last = end
    for word in words[1:MAX_WHAT_WORDS]:
        token = word.group()
        if not _gap(text, last, word) or not token[0].isupper():
            break
        end = last = word.end()
    if first.lower() in _DETERMINER and end == words[0].end():
        # "The survey", "the list": a determiner takes the lower-case noun after it.
        if (
            len(words) > 1
            and _gap(text, end, words[1])
            and words[1].group().lower() not in STOP_WORDS
        ):
            end = words[1].end()
        else:
            return None
    return words[0].start(), end


def _preceding_context(
    text: str, before: int, *, within_clause: bool = False
) -> tuple[int, int] | None:
    """The few words before a figure: what happened on a date ("went missing in September
    2024"), what money paid for ("could save Medicare $960 million")."""
    head = text[:before]
    marks = ["; ", ": ", " — "] + ([", ", ") ", " ("] if within_clause else [])
    boundary = max([head.rfind(mark) for mark in marks] + [lead_in_length(text) - 1])
    words = list(_WORD.finditer(text, boundary + 1, before))[-MAX_WHAT_WORDS:]
    while words and _is_function_word(words[-1].group()):
        words.pop()
    while words and (
        (_is_function_word(words[0].group()) and words[0].group().lower() not in _DETERMINER)
        or text[words[0].end()] == ","
        or text[words[0].start() - 1 : words[0].start()] in {",", "."}  # "280,000" cut short
    ):
        words.pop(0)
    if not words:
        return None
    return words[0].start(), words[-1].end()


def _is_function_word(word: str) -> bool:
    bare = re.split(r"['’]", word.lower())[0]
    return bare in STOP_WORDS or bare in _PRONOUN
