"""`tidings story-summary FILE.jsonl`: one cited summary per story of several articles."""

from __future__ import annotations

from dataclasses import asdict

from tidings.ai.records import record_documents
from tidings.ai.story_summary import sentence_vectors, summarize_story
from tidings.enrich.embeddings import configured_backend
from tidings.jsonl import JsonlCommand, RecordError
from tidings.progress import progress


class Command(JsonlCommand):
    help = (
        'Summarise each story of a JSON Lines file ({"id", "documents": [{"id", "title", '
        '"text", "source", "published"}]}): {"id", "summary": [{"text", "citations": '
        '[{"document", "start", "end"}]}]}, 3-6 of the articles\' sentences, main event first.'
    )

    def process(self, records, **options):
        vectorize = sentence_vectors(configured_backend())
        results = []
        for record in progress(records, desc="story-summary", unit="story"):
            try:
                documents = record_documents(record)
            except RecordError as error:
                results.append(error)
                continue
            summary = summarize_story(documents, vectorize)
            results.append({"summary": [asdict(statement) for statement in summary]})
        return results
