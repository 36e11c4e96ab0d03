"""`tidings stance FILE.jsonl`: does each text agree with, dispute or discuss its claim?"""

from __future__ import annotations

from tidings.ai.stance import stance
from tidings.ai.story_summary import sentence_vectors
from tidings.enrich.embeddings import configured_backend
from tidings.jsonl import JsonlCommand, RecordError
from tidings.progress import progress


class Command(JsonlCommand):
    help = (
        'The stance of each text of a JSON Lines file ({"id", "claim", "text"}) towards its '
        'claim: {"id", "stance": "agree" | "disagree" | "discuss" | "unrelated", "score"} '
        "(score: how related the two are)."
    )

    def process(self, records, **options):
        vectorize = sentence_vectors(configured_backend())
        results = []
        for record in progress(records, desc="stance", unit="text"):
            claim, text = record.get("claim"), record.get("text")
            if not isinstance(claim, str) or not claim.strip() or not isinstance(text, str):
                results.append(RecordError('"claim" must be a non-empty string, "text" a string'))
                continue
            results.append(stance(claim, text, vectorize).as_json())
        return results
