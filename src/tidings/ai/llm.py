"""The optional generative backend: any OpenAI-compatible chat endpoint, given numbered
sentences and required to answer with citations to them.

The model may rephrase and combine; it may not add. Its output is JSON,
``{"statements": [{"text": "...", "sentences": [1, 3]}]}``, and is accepted only whole:
every statement must cite sentences that exist and pass the citation check against
them. Anything else (a number no cited sentence states, a timeout, an error status,
text that is not that JSON) is rejected and logged, and the caller shows its extractive
answer instead. Network failures become a ``None`` result, never an exception.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from tidings.ai.citations import unsupported

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You write short news statements from numbered source sentences. Use only what the "
    "sentences say: no number, name or date that is not in the sentences you cite. "
    'Answer with JSON only: {"statements": [{"text": "...", "sentences": [1, 2]}]}, '
    "each statement citing the numbers of the sentences it rests on."
)
MAX_STATEMENTS = 6
_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$")


@dataclass(frozen=True)
class Backend:
    url: str  # the API's base, e.g. http://127.0.0.1:8080/v1
    model: str
    api_key: str = ""
    timeout: float = 20.0


def configured() -> Backend | None:
    """The backend the settings name, or None when TIDINGS_LLM_URL is unset."""
    from django.conf import settings

    llm = settings.TIDINGS["LLM"]
    if not llm["URL"]:
        return None
    return Backend(llm["URL"], llm["MODEL"], llm["API_KEY"], llm["TIMEOUT"])


def cited_statements(
    backend: Backend, task: str, sentences: Sequence[str]
) -> list[tuple[str, list[int]]] | None:
    """The model's statements for ``task``, each with the 0-based indexes of the
    ``sentences`` it cites; None when the backend failed or its answer was rejected."""
    numbered = "\n".join(f"[{n}] {text}" for n, text in enumerate(sentences, 1))
    body = {
        "model": backend.model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"{task}\n\nSentences:\n{numbered}"},
        ],
    }
    headers = {"Authorization": f"Bearer {backend.api_key}"} if backend.api_key else {}
    try:
        response = httpx.post(
            f"{backend.url.rstrip('/')}/chat/completions",
            json=body,
            headers=headers,
            timeout=backend.timeout,
        )
        response.raise_for_status()
        content = response.json()["choices"][0]["message"]["content"]
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
        log.warning("LLM backend failed: %s", error.__class__.__name__)
        return None
    problem, statements = parse_statements(content, sentences)
    if problem:
        log.warning("LLM answer rejected: %s", problem)
        return None
    return statements


def parse_statements(
    content: object, sentences: Sequence[str]
) -> tuple[str | None, list[tuple[str, list[int]]]]:
    """(None, statements) for an acceptable answer, else (what is wrong, [])."""
    if not isinstance(content, str):
        return "the answer is not text", []
    try:
        data = json.loads(_FENCE.sub("", content.strip()))
    except ValueError:
        return "the answer is not JSON", []
    items = data.get("statements") if isinstance(data, dict) else None
    if not isinstance(items, list) or not 0 < len(items) <= MAX_STATEMENTS:
        return f'"statements" must be a list of 1 to {MAX_STATEMENTS}', []
    statements = []
    for item in items:
        text = item.get("text") if isinstance(item, dict) else None
        cited = item.get("sentences") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip() or not isinstance(cited, list):
            return "a statement lacks its text or its sentences", []
        if not cited or not all(isinstance(n, int) and 1 <= n <= len(sentences) for n in cited):
            return f"a statement cites sentences that do not exist: {cited}", []
        indexes = [n - 1 for n in dict.fromkeys(cited)]
        missing = unsupported(text, [sentences[i] for i in indexes])
        if missing:
            return f"a statement states {missing}, which its sentences do not", []
        statements.append((text.strip(), indexes))
    return None, statements
