"""`tidings answer FILE.jsonl`: a reader's question answered from a story's articles."""

from __future__ import annotations

from tidings.ai.answer import answer_question
from tidings.ai.records import record_documents
from tidings.ai.story_summary import sentence_vectors
from tidings.enrich.embeddings import configured_backend
from tidings.jsonl import JsonlCommand, RecordError
from tidings.progress import progress


class Command(JsonlCommand):
    help = (
        'Answer each question of a JSON Lines file ({"id", "question", "documents": [{"id", '
        '"title", "text", "source", "published"}], "options"?: [...]}) from the documents\' '
        'own sentences: {"id", "answer": [{"text", "citations": [{"document", "start", '
        '"end"}]}], "abstained", "option"}. When the documents do not say, "abstained" is '
        'true and "answer" holds the closest sentences; "option" is the chosen option\'s '
        'index (the "not enough information" one when abstaining), or null.'
    )

    def process(self, records, **options):
        vectorize = sentence_vectors(configured_backend())
        results = []
        for record in progress(records, desc="answer", unit="question"):
            question, choices = record.get("question"), record.get("options") or []
            if not isinstance(question, str) or not question.strip():
                results.append(RecordError('"question" must be a non-empty string'))
                continue
            if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
                results.append(RecordError('"options" must be a list of strings'))
                continue
            try:
                documents = record_documents(record)
            except RecordError as error:
                results.append(error)
                continue
            results.append(answer_question(question, documents, vectorize, choices).as_json())
        return results
