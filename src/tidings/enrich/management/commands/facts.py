"""`tidings facts FILE.jsonl`: the numbers, money, percentages and dates each article states."""

from __future__ import annotations

from dataclasses import asdict

from tidings.enrich.facts_figures import MAX_FACTS, extract_facts
from tidings.enrich.language import detect, is_english
from tidings.jsonl import JsonlCommand, RecordError
from tidings.progress import progress


class Command(JsonlCommand):
    help = (
        'Key facts of each article of a JSON Lines file: {"id", "facts": [{"value", "unit", '
        '"what", "sentence", "start", "end"}]}, best first; start and end are the offsets of '
        'the sentence in the record\'s "text"; numbers that an optional "title" repeats rank '
        "higher. Articles not in English are skipped, and say so."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--limit",
            type=int,
            default=MAX_FACTS,
            help=f"at most this many facts per article (default {MAX_FACTS})",
        )

    def process(self, records, *, limit: int, **options):
        results = []
        for record in progress(records, desc="facts", unit="article"):
            text, declared = record.get("text") or "", record.get("language") or ""
            title = record.get("title") or ""
            if not all(isinstance(field, str) for field in (text, declared, title)):
                results.append(RecordError('"text", "title" and "language" must be strings'))
                continue
            language = detect(text, declared).language
            if text and not is_english(language):
                reason = f"language {language or 'unknown'} is not supported"
                results.append({"facts": [], "skipped": reason})
                continue
            facts = extract_facts(text, limit=limit, title=title)
            results.append({"facts": [asdict(fact) for fact in facts]})
        return results
