"""`tidings summarize FILE.jsonl`: a two-to-three-sentence extractive summary per article."""

from __future__ import annotations

from dataclasses import asdict

from tidings.enrich.summary import SENTENCES, summarize
from tidings.jsonl import JsonlCommand, RecordError
from tidings.progress import progress


class Command(JsonlCommand):
    help = (
        'Summarise each article of a JSON Lines file: {"id", "summary": [{"text", "start", '
        '"end"}]}, the sentences in article order, offsets into the record\'s "text".'
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sentences",
            type=int,
            default=SENTENCES,
            help=f"at most this many sentences (default {SENTENCES})",
        )

    def process(self, records, *, sentences: int, **options):
        results = []
        for record in progress(records, desc="summarize", unit="article"):
            title, text = record.get("title") or "", record.get("text") or ""
            if not isinstance(title, str) or not isinstance(text, str):
                results.append(RecordError('"title" and "text" must be strings'))
                continue
            summary = summarize(title, text, sentences=sentences)
            results.append({"summary": [asdict(sentence) for sentence in summary]})
        return results
