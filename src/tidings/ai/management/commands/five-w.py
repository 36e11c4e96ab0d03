"""`tidings five-w FILE.jsonl`: who, what, when, where, why and how of each article."""

from __future__ import annotations

from tidings.ai.five_w import five_w
from tidings.jsonl import JsonlCommand, RecordError, parse_published
from tidings.progress import progress


class Command(JsonlCommand):
    help = (
        'The 5W1H of each article of a JSON Lines file ({"id", "title", "text", "published"}): '
        '{"id", "who", "what", "when", "where", "why", "how"}, each {"text", "start", "end"} '
        '(offsets into the text, or into the title with "in": "title"; "when" with its ISO '
        '"date") or null when the article does not say.'
    )

    def process(self, records, **options):
        results = []
        for record in progress(records, desc="five-w", unit="article"):
            title, text = record.get("title") or "", record.get("text") or ""
            if not isinstance(title, str) or not isinstance(text, str):
                results.append(RecordError('"title" and "text" must be strings'))
                continue
            try:
                published = parse_published(record.get("published"))
            except RecordError as error:
                results.append(error)
                continue
            answers = five_w(title, text, published.date() if published else None)
            results.append({q: a.as_json() if a else None for q, a in answers.items()})
        return results
