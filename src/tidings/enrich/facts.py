"""The facts stage: each stored article's key facts in its analysis, and as a page shows them.

The finding is ``facts_figures.extract_facts`` (pure); this is the thin edge that reads
the articles and writes their analysis.
"""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction

from tidings.articles.models import Article
from tidings.enrich.facts_figures import extract_facts
from tidings.enrich.language import detect, is_english
from tidings.enrich.models import ArticleAnalysis
from tidings.enrich.sentences import paragraph_index

VERSION = 1
STAGE = "facts"


def facts_for_page(article) -> list[dict]:
    """The stored facts of ``article`` for ``web/_facts.html``: each with ``figure`` (value
    and unit as the sentence writes them), ``quote`` (the sentence to show in quotation
    marks) and ``paragraph`` (the index of the paragraph holding its sentence, for the
    ``#p-N`` link). Facts whose sentence is no longer where it was found (the text was
    extracted again since) are left out."""
    analysis = getattr(article, "analysis", None)
    facts = analysis.facts if analysis is not None else []
    return [
        {
            **fact,
            "figure": _figure(fact),
            "quote": quote(fact["sentence"]),
            "paragraph": paragraph_index(article.text, fact["start"]),
        }
        for fact in facts
        if article.text[fact["start"] : fact["end"]] == fact["sentence"]
    ]


def _figure(fact: dict) -> str:
    value, unit, sentence = fact["value"], fact["unit"], fact["sentence"]
    if not unit or unit in value:
        return value
    for written in (f"{unit}{value}", f"{unit} {value}", f"{value}{unit}", f"{value} {unit}"):
        if written in sentence:
            return written
    return f"{value} {unit}"


_OPENING = "\"“‘'«"
_CLOSING = "\"”’'»"


def quote(sentence: str) -> str:
    """The sentence ready to be wrapped in “…” once: the quotation marks around it (or the
    unmatched one that opens or closes it, when a quotation runs over several sentences)
    are dropped, and double quotation marks inside become single ones, as nested quotes
    are written."""
    text = sentence.strip()
    doubles = sum(text.count(mark) for mark in '"“”')
    opens, closes = text[:1] in _OPENING, text[-1:] in _CLOSING
    if opens and closes and len(text) > 1:
        text = text[1:-1]
    elif opens and text[:1] in '"“' and doubles % 2:
        text = text[1:]
    elif closes and text[-1:] in '"”' and doubles % 2:
        text = text[:-1]
    return _nested(text.strip())


def _nested(text: str) -> str:
    """Double quotation marks as single ones; a straight one opens or closes by its place."""
    text = text.replace("“", "‘").replace("”", "’")
    out, opening = [], True
    for char in text:
        if char == '"':
            out.append("‘" if opening else "’")
            opening = not opening
        else:
            out.append(char)
    return "".join(out)


def process(articles: list[Article]) -> None:
    """Store each article's key facts in its analysis; other languages are noted as skipped."""
    for article in articles:
        with transaction.atomic():
            analysis, _ = ArticleAnalysis.objects.select_for_update().get_or_create(article=article)
            language = analysis.language or detect(article.text, article.language).language
            notes = dict(analysis.notes)
            if article.text and not is_english(language):
                analysis.facts = []
                notes[STAGE] = f"language {language or 'unknown'} is not supported"
            else:
                facts = extract_facts(article.text, title=article.title)
                analysis.facts = [asdict(fact) for fact in facts]
                notes.pop(STAGE, None)
            analysis.notes = notes
            analysis.save(update_fields=["facts", "notes", "updated_at"])
