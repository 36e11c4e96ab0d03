"""Which headlines can stand for a story: not a column's name, not a cut-off one.

Generic headlines name a column, a digest or a section rather than an event.
"Business in Brief", "Top Entertainment Stories" or "Letters to the Editor" come back
every day from many outlets with the same words and different news under them: as
headlines they look alike while their articles share no event. The clusterer keeps such
an article to a story of its own (it neither starts a story others join nor joins one).
"""

from __future__ import annotations

import re

# Words that name a section of a paper or site.
SECTIONS = (
    "news|business|sports?|entertainment|politics|technology|tech|science|health|world|"
    "national|local|regional|international|opinion|editorials?|weather|travel|lifestyle|"
    "culture|arts?|money|markets?|finance|economy|obituaries|features?|celebrity|music|"
    "movies|television|tv|media|education|environment|food|style|breaking|latest|daily|"
    "morning|evening|weekend|weekly|today|todays|us|uk|europe|asia|africa|city|state|metro|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_SECTION = rf"(?:{SECTIONS})"
# A brief's column may lead with up to three words of its own ("Police", "Pacific
# Business"); a round-up or digest only with section words, since "Titanfall review
# round-up" gathers reviews of one game, an event of its own.
_LEAD = r"(?:[a-z0-9]+ ){0,3}"
GENERIC = re.compile(
    "|".join(
        (
            rf"{_LEAD}in briefs?",
            rf"{_LEAD}briefs?",
            rf"{_LEAD}briefing",
            r"top (?:[a-z0-9]+ ){0,3}(?:stories|headlines|news|picks)",
            rf"(?:the )?(?:{_SECTION} ){{0,3}}"
            r"(?:round ?up|wrap ?up|digest|bulletin|recap|headlines|links|reads)",
            r"(?:the )?(?:day|week|month|year) in (?:review|pictures|photos|brief)",
            r"(?:the )?(?:week|day|month|year) (?:that was|ahead)",
            r"letters?(?: to the editor)?",
            r"readers? letters?",
            rf"{_SECTION}(?: (?:and )?{_SECTION}){{0,2}}",
        )
    )
)
# What may trail a column's name: a date, a weekday, an edition or issue number.
_TRAILING = re.compile(
    r"(?: (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    r"| (?:mon|tues|wednes|thurs|fri|satur|sun)day| \d+(?:st|nd|rd|th)?"
    r"| edition| issue| no| for)+$"
)
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def is_generic_headline(title: str) -> bool:
    """True when ``title`` is a section name or a generic column or digest headline."""
    words = _NOT_WORD.sub(" ", title.lower().replace("'", "")).strip()
    words = _TRAILING.sub("", words).strip()
    return bool(words) and GENERIC.fullmatch(words) is not None


# A headline cut short: it ends on a colon, an ellipsis or a dangling dash or bar
# ("Miley Cyrus Performing In Underwear:"), or on a word that cannot end a phrase.
_CUT_END = re.compile(r"(?:[:;,\-\u2013\u2014|/(]|\.\.\.|\u2026)\s*$")
_DANGLING = re.compile(
    r"\b(?:a|an|the|and|or|but|of|to|in|on|at|by|for|from|with|as|into|over|than|that|"
    r"his|her|its|their|our|your|my|is|are|was|were|be|after|before|about|near|amid|"
    r"against|under|via|without|towards?|if|when|while|because|who|which)$"
)


def is_complete_headline(title: str) -> bool:
    """False when ``title`` is empty or looks cut short (see ``_CUT_END``, ``_DANGLING``)."""
    text = title.strip()
    if not text or _CUT_END.search(text):
        return False
    words = _NOT_WORD.sub(" ", text.lower()).strip()
    return bool(words) and _DANGLING.search(words) is None
