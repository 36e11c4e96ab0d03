"""The question form's checks, which come before any answer is looked for."""

from tidings.web.tests.html import text_of


def test_an_empty_or_overlong_question_is_refused_in_words(client, make_article, make_story):
    story = make_story(make_article(text="A quake struck central Italy on Thursday."))
    url = f"/stories/{story.id}/ai/ask/"
    assert "Ask a question of 1 to 300 characters." in text_of(client.post(url, {"question": " "}))
    assert client.post(url, {"question": "x" * 301}).status_code == 400
    assert client.get(url).status_code == 200


def test_anonymous_readers_can_be_asked_to_log_in(client, settings, make_article, make_story):
    settings.TIDINGS = {**settings.TIDINGS, "QUESTIONS_ANONYMOUS": False}
    story = make_story(make_article(text="A quake struck central Italy on Thursday."))
    page = client.post(f"/stories/{story.id}/ai/ask/", {"question": "Where?"})
    assert "Log in to ask questions." in text_of(page)
    api = client.post(
        f"/api/v1/stories/{story.id}/ask", {"question": "Where?"}, content_type="application/json"
    )
    assert api.status_code == 403
