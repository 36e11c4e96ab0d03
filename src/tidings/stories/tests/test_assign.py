"""Stories in the database: enriched articles get their story, restarts keep deciding alike,
merges move everything to the survivor, and a failed write changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tidings.articles.models import Article
from tidings.comments.models import Comment
from tidings.enrich.models import ArticleAnalysis
from tidings.stories import assign
from tidings.stories.clustering import Assignment, Merge
from tidings.stories.models import ClusteringState, Story

QUAKE = (
    "A magnitude 7.1 earthquake struck off the coast of Hokkaido on Tuesday, shaking "
    "buildings in Sapporo and prompting a tsunami advisory for the northern Pacific coast. "
    "The Japan Meteorological Agency said waves of up to one metre could reach the shore. "
    "Residents of coastal towns were told to move to higher ground while railway operators "
    "halted bullet trains to check the tracks for damage. "
)
BUDGET = (
    "Lawmakers in Brussels approved the European Union's long-term budget after weeks of "
    "negotiations over farm subsidies and cohesion funds. The parliament's vote clears the "
    "way for the spending plan to take effect in January, and finance ministers welcomed "
    "the compromise reached on the contributions of the largest member states. "
)


@pytest.fixture(autouse=True)
def fresh_clusterer():
    assign.forget_memory()
    yield
    assign.forget_memory()


@pytest.fixture
def enriched_article(make_article, make_source):
    sources = {}

    def make(outlet: str, title: str, text: str, hours_ago: float = 1.0, **fields) -> Article:
        source = sources.get(outlet) or make_source(name=outlet, url=f"https://{outlet}.test/feed")
        sources[outlet] = source
        article = make_article(
            source=source,
            title=title,
            text=text,
            published_at=timezone.now() - timedelta(hours=hours_ago),
            **fields,
        )
        # The embedding stage ran; without a stored vector the clusterer reads the text.
        ArticleAnalysis.objects.create(article=article, stages={"embed": 1})
        return article

    return make


def grouped(limit=None) -> int:
    return sum(assign.cluster_pending(limit))


def story_of(article: Article) -> Story | None:
    article.refresh_from_db()
    return article.story


def test_representative_title_prefers_the_wording_outlets_share():
    titles = [
        "Opinion: what the quake tells us about our cities",
        "Magnitude 7.1 earthquake strikes off Hokkaido",
        "Strong earthquake strikes off Hokkaido, tsunami advisory issued",
        "Hokkaido earthquake: magnitude 7.1 quake strikes off coast",
    ]
    # The last shares "magnitude", "earthquake", "strikes", "Hokkaido" with the second and
    # "earthquake", "strikes", "Hokkaido" with the third; the opinion piece shares "quake".
    assert assign.representative_title(titles) == 3
    assert assign.representative_title(["Only one"]) == 0
    assert assign.representative_title(["same words", "same words"]) == 0  # earliest on a tie


def test_clustering_time_never_runs_ahead_of_arrival():
    arrived = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert assign.clustering_time(arrived + timedelta(days=30), arrived) == arrived
    earlier = arrived - timedelta(hours=3)
    assert assign.clustering_time(earlier, arrived) == earlier


def test_articles_of_one_event_from_three_outlets_form_one_story(enriched_article):
    first = enriched_article("nhk", "Magnitude 7.1 earthquake strikes off Hokkaido", QUAKE, 3)
    second = enriched_article(
        "kyodo", "Strong earthquake off Hokkaido prompts tsunami advisory", QUAKE[40:], 2
    )
    third = enriched_article("asahi", "Hokkaido earthquake halts bullet trains", QUAKE[80:], 1)
    other = enriched_article("euobs", "EU lawmakers approve long-term budget", BUDGET, 1)

    assert grouped() == 4

    story = story_of(first)
    assert story is not None
    assert story_of(second) == story and story_of(third) == story
    assert story_of(other) != story
    story.refresh_from_db()
    assert (story.article_count, story.outlet_count) == (3, 3)
    assert story.first_published == first.published_at
    assert story.last_published == third.published_at
    assert "Hokkaido" in story.title
    assert grouped() == 0  # nothing left to do


def test_articles_wait_for_their_embedding(enriched_article, make_article):
    waiting = make_article(title="Not enriched yet", text=QUAKE)
    enriched_article("nhk", "Magnitude 7.1 earthquake strikes off Hokkaido", QUAKE)
    assert grouped() == 1
    assert story_of(waiting) is None


def test_a_copy_joins_the_story_of_what_it_copies(enriched_article):
    original = enriched_article("ap", "EU lawmakers approve long-term budget", BUDGET, 2)
    copy = enriched_article(
        "yahoo", "Parliament backs budget", "Unrelated words entirely.", 1, copy_of=original
    )
    grouped()
    assert story_of(copy) == story_of(original)
    story = story_of(original)
    assert story.outlet_count == 2


def test_after_a_restart_the_clusterer_is_rebuilt_and_keeps_joining(enriched_article):
    first = enriched_article("nhk", "Magnitude 7.1 earthquake strikes off Hokkaido", QUAKE, 5)
    budget = enriched_article("euobs", "EU lawmakers approve long-term budget", BUDGET, 5)
    grouped()
    assign.forget_memory()  # as if the worker restarted

    later = enriched_article("kyodo", "Hokkaido quake: tsunami advisory lifted", QUAKE[60:], 1)
    fresh = enriched_article(
        "bbc",
        "Heatwave grips southern Europe",
        "Temperatures above 44 degrees closed schools across Spain and Portugal as wildfires "
        "spread near Lisbon and firefighters battled flames through the night. " * 2,
        1,
    )
    grouped()
    assert story_of(later) == story_of(first)
    # New stories are numbered past every story stored before the restart.
    assert story_of(fresh).pk > max(story_of(first).pk, story_of(budget).pk)


def test_another_process_clustering_since_makes_ours_rebuild(enriched_article, monkeypatch):
    enriched_article("nhk", "Magnitude 7.1 earthquake strikes off Hokkaido", QUAKE, 5)
    grouped()
    rebuilt = []
    real = assign._restored
    monkeypatch.setattr(assign, "_restored", lambda backend: rebuilt.append(1) or real(backend))
    enriched_article("kyodo", "Hokkaido quake: tsunami advisory lifted", QUAKE[60:], 1)
    grouped()
    assert rebuilt == []  # our own memory was current
    ClusteringState.objects.filter(pk=1).update(generation=999)
    enriched_article("asahi", "Hokkaido earthquake halts bullet trains", QUAKE[80:], 1)
    grouped()
    assert rebuilt == [1]


def test_nothing_is_decided_while_another_process_holds_the_claim(enriched_article):
    article = enriched_article("nhk", "Magnitude 7.1 earthquake strikes off Hokkaido", QUAKE)
    ClusteringState.objects.create(
        pk=1, claimed_until=timezone.now() + timedelta(minutes=5), claimed_by="elsewhere:1"
    )
    assert grouped() == 0
    assert story_of(article) is None
    ClusteringState.objects.filter(pk=1).update(claimed_until=timezone.now() - timedelta(1))
    assert grouped() == 1  # a claim that ran out (a killed worker) is taken over
    state = ClusteringState.objects.get(pk=1)
    assert state.claimed_until is None and state.generation == 1


def test_a_merge_moves_articles_and_comments_and_redirects(enriched_article, django_user_model):
    one = enriched_article("nhk", "Magnitude 7.1 earthquake strikes off Hokkaido", QUAKE, 3)
    two = enriched_article("kyodo", "Tsunami advisory for northern Japan", QUAKE[100:], 2)
    Story.objects.create(id=10, title="a")
    Story.objects.create(id=11, title="b")
    Story.objects.create(id=12, title="c", merged_into_id=11)  # merged into 11 before
    Article.objects.filter(pk=one.pk).update(story_id=10)
    Article.objects.filter(pk=two.pk).update(story_id=11)
    reader = django_user_model.objects.create_user("reader", password="x-secret-9")
    comment = Comment.objects.create(story_id=11, author=reader, body="hi", body_html="hi")

    third = enriched_article("asahi", "Hokkaido earthquake halts bullet trains", QUAKE[80:], 1)
    merged = Assignment(story=10, new=False, score=0.3, merged=(Merge(10, 11),))
    assign._store([third], {third.pk: 10}, [merged])

    assert {story_of(a).pk for a in (one, two, third)} == {10}
    comment.refresh_from_db()
    assert comment.story_id == 10
    assert Story.objects.get(pk=11).merged_into_id == 10
    assert Story.objects.get(pk=12).merged_into_id == 10  # chains end at the survivor
    survivor = Story.objects.get(pk=10)
    assert (survivor.article_count, survivor.outlet_count) == (3, 3)


def test_a_failed_write_changes_nothing_and_forgets_the_decisions(enriched_article, monkeypatch):
    article = enriched_article("nhk", "Magnitude 7.1 earthquake strikes off Hokkaido", QUAKE)

    def broken(story_ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(assign, "refresh_stories", broken)
    with pytest.raises(RuntimeError):
        grouped()
    assert story_of(article) is None
    assert not Story.objects.exists()
    assert assign._memory is None
    assert ClusteringState.objects.get(pk=1).claimed_until is None  # released for the next run

    monkeypatch.undo()
    assert grouped() == 1
    assert story_of(article) is not None


def test_the_same_articles_give_the_same_stories_again(enriched_article):
    titles = [
        ("nhk", "Magnitude 7.1 earthquake strikes off Hokkaido", QUAKE, 4),
        ("euobs", "EU lawmakers approve long-term budget", BUDGET, 4),
        ("kyodo", "Hokkaido quake: tsunami advisory lifted", QUAKE[60:], 3),
        ("politico", "Budget deal reached in Brussels", BUDGET[30:], 2),
    ]
    articles = [enriched_article(*row) for row in titles]
    grouped()
    first = [story_of(article).pk for article in articles]
    Article.objects.update(story=None)
    Story.objects.all().delete()
    ClusteringState.objects.all().delete()
    assign.forget_memory()
    grouped()
    assert [story_of(article).pk for article in articles] == first
    assert first[0] == first[2] and first[1] == first[3] and first[0] != first[1]


def test_admin_lists_stories_and_does_not_let_them_be_made_by_hand(admin_client):
    Story.objects.create(id=5, title="Hokkaido earthquake", outlet_count=3, article_count=4)
    Story.objects.create(id=6, title="Old duplicate", merged_into_id=5)

    listing = admin_client.get("/admin/stories/story/?merged_into__isempty=1")

    assert listing.status_code == 200
    assert b"Hokkaido earthquake" in listing.content
    assert b"Old duplicate" not in listing.content
    assert admin_client.get("/admin/stories/story/add/").status_code == 403


def test_a_restart_remembers_stories_of_an_old_archive(enriched_article):
    year = 24 * 365
    first = enriched_article("nhk", "Magnitude 7.1 earthquake strikes off Hokkaido", QUAKE, year)
    grouped()
    assign.forget_memory()
    later = enriched_article(
        "kyodo", "Hokkaido quake: tsunami advisory lifted", QUAKE[60:], year - 2
    )
    grouped()
    assert story_of(later) == story_of(first)
