"""The documents of a JSON Lines record, as the AI commands take them."""

from __future__ import annotations

from tidings.ai.story_summary import Document
from tidings.jsonl import RecordError


def record_documents(record: dict) -> list[Document]:
    """``{"documents": [{"id", "title", "text", "source"}]}`` as documents; an article's id
    defaults to its place in the list."""
    documents = record.get("documents")
    if not isinstance(documents, list) or not documents:
        raise RecordError('"documents" must be a non-empty list of articles')
    found = []
    for number, document in enumerate(documents):
        if not isinstance(document, dict):
            raise RecordError(f"document {number} is not an object")
        title, text = document.get("title") or "", document.get("text") or ""
        if not isinstance(title, str) or not isinstance(text, str):
            raise RecordError(f'document {number}: "title" and "text" must be strings')
        found.append(
            Document(document.get("id", number), title, text, document.get("source") or "")
        )
    return found
