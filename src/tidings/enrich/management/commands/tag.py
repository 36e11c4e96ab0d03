"""`tidings tag FILE.jsonl [--top K]`: hashtags from each article's text, best first."""

from __future__ import annotations

from typing import get_args

from django.core.management.base import CommandError

from tidings.enrich.language import detect, is_english
from tidings.enrich.tagger import DEFAULT_TOP, tag_documents
from tidings.enrich.tagging_data import Document
from tidings.enrich.tagging_models import BACKEND_FULL, BACKEND_YAKE, available_backend
from tidings.enrich.tagging_ranking import Mode
from tidings.jsonl import JsonlCommand, RecordError
from tidings.progress import progress


class Command(JsonlCommand):
    help = (
        'Tag each article of a JSON Lines file: {"id", "hashtags": [{"tag", "label", "kind", '
        '"score"}], "backend"}, best first. How rare a tag is comes from the file itself. '
        'Articles not in English get no hashtags and a "skipped" reason.'
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--top", type=int, default=DEFAULT_TOP, help=f"at most K tags (default {DEFAULT_TOP})"
        )
        parser.add_argument(
            "--backend",
            choices=[BACKEND_FULL, BACKEND_YAKE],
            help="spacy+yake (the ml extra) or yake alone; default: the best installed",
        )
        parser.add_argument(
            "--mode",
            choices=get_args(Mode),
            default="hashtags",
            help="hashtags for readers (default), or keyphrases as benchmarks score them",
        )

    def process(self, records, *, top: int, backend: str | None, mode: Mode, **options):
        if top < 1:
            raise CommandError("--top must be at least 1.")
        if backend == BACKEND_FULL and available_backend() != BACKEND_FULL:
            raise CommandError("--backend spacy+yake needs the ml extra (spaCy and its model).")
        chosen = backend or available_backend()
        results: list[dict | RecordError] = []
        english: list[tuple[int, Document]] = []
        for record in records:
            title, text, declared = (
                record.get(name) or "" for name in ("title", "text", "language")
            )
            if not all(isinstance(value, str) for value in (title, text, declared)):
                results.append(RecordError('"title", "text" and "language" must be strings'))
                continue
            if not title.strip() and not text.strip():
                results.append(RecordError('nothing to tag: no "title" and no "text"'))
                continue
            language = detect(f"{title}\n\n{text}", declared).language
            if not is_english(language):
                reason = f"language {language or 'unknown'} is not supported"
                results.append({"hashtags": [], "skipped": reason, "backend": chosen})
                continue
            english.append((len(results), Document(title, text)))
            results.append({})
        tagged = tag_documents(
            [document for _, document in english],
            top=top,
            mode=mode,
            backend=chosen,
            progress=lambda batches: progress(batches, desc="tag", unit="batch"),
        )
        for (position, _), tags in zip(english, tagged.tags, strict=True):
            results[position] = {
                "hashtags": [tag.as_json() for tag in tags],
                "backend": tagged.backend,
            }
        return results
