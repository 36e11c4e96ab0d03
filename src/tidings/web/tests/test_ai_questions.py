"""Asking the AI panel a question: answered from the articles with citations, or "These
articles do not say"; rate-limited like comments; anonymous readers may be refused."""

from tidings.config import Rate
from tidings.web.tests.html import text_of


def test_a_question_the_articles_answer_is_answered_with_citations(client, quake):
    response = client.post(
        f"/api/v1/stories/{quake.id}/ask",
        {"question": "What magnitude did the quake have?"},
        content_type="application/json",
    )
    answer = response.json()
    assert answer["answered"], answer
    assert any("6.2" in s["text"] for s in answer["statements"])
    assert all(s["citations"] for s in answer["statements"])


def test_a_question_they_do_not_answer_says_so_and_shows_the_closest(client, quake):
    response = client.post(
        f"/stories/{quake.id}/ai/ask/", {"question": "Who won the football cup final?"}
    )
    text = text_of(response)
    assert "These articles do not say." in text


def test_questions_are_rate_limited_per_address(client, settings, quake):
    limits = dict(settings.TIDINGS["RATE_LIMITS"])
    limits["question"] = {"address": (Rate(1, 60),)}
    settings.TIDINGS = {**settings.TIDINGS, "RATE_LIMITS": limits}
    url = f"/stories/{quake.id}/ai/ask/"
    assert client.post(url, {"question": "How many people died?"}).status_code == 200
    refused = client.post(url, {"question": "How many people died?"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    htmx = client.post(url, {"question": "Why?"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and b"Too many questions" in htmx.content
