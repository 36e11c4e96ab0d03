"""`tidings embed FILE.jsonl [--backend model|hashed]`: a vector for each article."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.management.base import CommandError

from tidings.enrich.embeddings import (
    BACKENDS,
    BackendUnavailable,
    DocumentFrequencies,
    article_text_for_embedding,
    configured_backend,
    embed,
    resolve_backend,
)
from tidings.jsonl import JsonlCommand, RecordError, Result
from tidings.progress import progress

# Articles embedded per call: large enough for the model to sort and batch them, small
# enough for the progress bar to move.
CHUNK = 256
# Six decimals keep a line near 4 kB; cosines change in the sixth decimal at most.
DECIMALS = 6


class Command(JsonlCommand):
    help = (
        "A 384-number vector for each article of a JSON Lines file, from its title and the "
        'opening of its text: {"id", "backend", "vector"}. Vectors are unit length; compare '
        "them by dot product, and only with vectors of the same backend. The hashed backend "
        "learns from the whole file which words articles share."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--backend",
            choices=BACKENDS,
            help="model (MiniLM, needs the ml extra) or hashed (no model); default: the "
            "TIDINGS_EMBEDDINGS setting",
        )

    def process(
        self, records: Sequence[dict[str, Any]], *, backend: str | None, **options
    ) -> list[Result]:
        try:
            backend = resolve_backend(backend) if backend else configured_backend()
        except BackendUnavailable as error:
            raise CommandError(str(error)) from None
        results: list[Result | None] = [None] * len(records)
        texts: dict[int, str] = {}
        for position, record in enumerate(records):
            title, text = record.get("title") or "", record.get("text") or ""
            if not isinstance(title, str) or not isinstance(text, str):
                results[position] = RecordError('"title" and "text" must be strings')
            elif not (title.strip() or text.strip()):
                results[position] = RecordError("nothing to embed: no title and no text")
            else:
                texts[position] = article_text_for_embedding(title, text)
        positions = list(texts)
        frequencies = DocumentFrequencies.of(list(texts.values())) if backend == "hashed" else None
        chunks = range(0, len(positions), CHUNK)
        for start in progress(chunks, desc="embed", unit="chunk"):
            chosen = positions[start : start + CHUNK]
            vectors = embed([texts[p] for p in chosen], backend, frequencies=frequencies)
            for position, vector in zip(chosen, vectors, strict=True):
                rounded = [round(float(value), DECIMALS) for value in vector]
                results[position] = {"backend": backend, "vector": rounded}
        return [result for result in results if result is not None]
