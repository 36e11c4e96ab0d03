"""The AI panel reads what the enrich stage stored (no sentence embedded again), and its
story results are computed in the background when a story changes."""

from django.utils import timezone

from tidings.ai import services
from tidings.ai.models import AiResult
from tidings.ai.precompute import changed_story_ids, store_changed_stories
from tidings.enrich.embeddings import stored_sentence_texts
from tidings.enrich.models import ArticleAnalysis
from tidings.enrich.stages import enrich_articles
from tidings.web.tests.conftest import QUAKE


def embedded(story) -> None:
    enrich_articles(story.articles.values_list("pk", flat=True), stages=["embed"])


def test_embed_stage_stores_a_vector_per_opening_sentence(quake):
    embedded(quake)
    analysis = ArticleAnalysis.objects.get(article__text=QUAKE)
    rows = len(bytes(analysis.sentence_vectors)) // (384 * 2)
    assert rows == len(stored_sentence_texts(QUAKE)) > 0


def test_story_actions_embed_no_sentence_the_enrich_stage_stored(quake):
    embedded(quake)
    subject = services.Subject(quake)
    assert services.summary(subject)["statements"]
    services.coverage(subject)
    assert subject.vectorize.embedded == 0


def test_story_actions_embed_what_was_not_stored(quake):
    subject = services.Subject(quake)
    assert services.summary(subject)["statements"]
    assert subject.vectorize.embedded > 0


def test_changed_stories_get_their_results_stored_once(quake):
    assert changed_story_ids() == [quake.pk]
    assert store_changed_stories() == 1
    kinds = set(AiResult.objects.filter(story=quake).values_list("kind", flat=True))
    assert kinds == set(AiResult.Kind) - {AiResult.Kind.ANSWER}
    assert changed_story_ids() == []

    article = quake.articles.order_by("id").first()
    article.text, article.content_hash, article.modified_at = QUAKE + " More.", "x", timezone.now()
    article.save()
    assert changed_story_ids() == [quake.pk]
    before = AiResult.objects.get(story=quake, kind="summary").version_key
    store_changed_stories()
    assert AiResult.objects.get(story=quake, kind="summary").version_key != before


def test_a_question_asked_again_in_other_words_case_is_answered_from_store(client, quake):
    url = f"/api/v1/stories/{quake.id}/ask"
    first = client.post(url, {"question": "What magnitude?"}, content_type="application/json")
    marked = {**first.json(), "statements": [{"text": "stored marker", "citations": []}]}
    AiResult.objects.filter(story=quake, kind="answer").update(payload=marked)
    again = client.post(url, {"question": " what  MAGNITUDE "}, content_type="application/json")
    assert again.json()["statements"][0]["text"] == "stored marker"
    assert again.json()["question"] == "what MAGNITUDE"
    other = client.post(url, {"question": "Who died?"}, content_type="application/json")
    assert other.json()["statements"][0]["text"] != "stored marker"


def test_what_changed_is_stored_per_story_version(client, quake):
    client.get(f"/stories/{quake.id}/ai/changes/")
    assert AiResult.objects.get(story=quake, kind="changes").payload == {"articles": []}
