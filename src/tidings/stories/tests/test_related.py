import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from tidings.articles.models import Article
from tidings.enrich import stored_embeddings
from tidings.enrich.embeddings import article_text_for_embedding, embed, model_available
from tidings.stories import related as related_module
from tidings.stories.models import Story
from tidings.stories.related import (
    Candidate,
    rank_related,
    rank_stories,
    related_articles,
    related_for_page,
    related_stories,
    related_stories_for_page,
)
from tidings.stories.vectors import vector_index

SEED = Path(__file__).resolve().parents[5] / "shared" / "seed" / "articles.json"
NOON = datetime(2025, 6, 9, 12, 0, tzinfo=UTC)

TARGET = Candidate(
    id=1,
    source_id=1,
    title="Russia and Ukraine exchange prisoners of war",
    published_at=NOON,
    similarity=1.0,
    hashtags=frozenset({10, 11}),
    canonical_url="https://daily.example/swap",
)


def candidate(id: int, **fields) -> Candidate:
    fields.setdefault("source_id", 100 + id)
    fields.setdefault("title", f"Another report {id}")
    fields.setdefault("published_at", NOON)
    fields.setdefault("similarity", 0.5)
    return Candidate(id=id, **fields)


def ids_of(ranked: list[tuple[int, float]]) -> list[int]:
    return [article_id for article_id, _ in ranked]


# The ranking, on plain data.


def test_closer_in_meaning_ranks_higher_and_unrelated_is_left_out():
    ranked = rank_related(
        TARGET,
        [
            candidate(2, similarity=0.4),
            candidate(3, similarity=0.7),
            candidate(4, similarity=0.05),
        ],
    )
    assert ids_of(ranked) == [3, 2]
    assert ranked[0][1] > ranked[1][1] > 0


@pytest.mark.parametrize(
    "other",
    [
        candidate(1),  # the article itself
        candidate(2, copy_of_id=1),  # a copy of it
        candidate(3, copy_of_id=50),  # what it copies (see the target below)
        candidate(4, copy_of_id=50, source_id=9),  # another copy of the same original
        candidate(5, story_id=7),  # the same story
        candidate(6, canonical_url="https://daily.example/swap"),
        candidate(7, title="RUSSIA and Ukraine: exchange prisoners of war!"),
        candidate(8, published_at=NOON + timedelta(days=15)),
        candidate(9, similarity=0.97),  # the same text, as far as meaning goes
    ],
    ids=[
        "itself",
        "its copy",
        "its original",
        "sibling copy",
        "same story",
        "same address",
        "same title",
        "too late",
        "retold",
    ],
)
def test_what_is_not_another_events_report_is_left_out(other):
    target = replace(TARGET, copy_of_id=50, story_id=7)
    if other.id == 3:
        other = replace(other, id=50, copy_of_id=None)
    assert rank_related(target, [other, candidate(20)]) == rank_related(target, [candidate(20)])
    assert ids_of(rank_related(target, [other, candidate(20)])) == [20]


def test_other_outlets_come_first_yet_the_own_outlet_counts_when_alone():
    own = candidate(2, source_id=TARGET.source_id, similarity=0.6)
    other = candidate(3, similarity=0.5)
    assert ids_of(rank_related(TARGET, [own, other])) == [3, 2]
    assert ids_of(rank_related(TARGET, [own])) == [2]


def test_shared_hashtags_lift_a_candidate():
    plain = candidate(2, similarity=0.45)
    tagged = candidate(3, similarity=0.4, hashtags=frozenset({10, 11, 99}))
    assert ids_of(rank_related(TARGET, [plain, tagged])) == [3, 2]
    assert ids_of(rank_related(TARGET, [plain, replace(tagged, hashtags=frozenset())])) == [2, 3]


def test_the_same_day_beats_a_week_away_when_meaning_is_close():
    week_ago = candidate(2, similarity=0.5, published_at=NOON - timedelta(days=7))
    same_day = candidate(3, similarity=0.4, published_at=NOON + timedelta(hours=3))
    ranked = rank_related(TARGET, [week_ago, same_day])
    assert ids_of(ranked) == [3, 2]
    assert ranked[1][1] == pytest.approx(0.25, abs=0.001)  # halved after a week


def test_limit_caps_the_answer_and_one_title_shows_once():
    many = [candidate(n, similarity=0.3 + n / 100) for n in range(2, 12)]
    assert ids_of(rank_related(TARGET, many, limit=3)) == [11, 10, 9]
    twins = [candidate(2, title="Talks resume"), candidate(3, title="Talks resume", similarity=0.6)]
    assert ids_of(rank_related(TARGET, twins)) == [3]
    assert rank_related(TARGET, []) == []


def test_stories_rank_by_their_best_article_and_leave_out_the_story_itself():
    hits = [(5, 0.3), (6, 0.5), (5, 0.6), (7, 0.1), (1, 0.9), (8, 0.5)]
    assert rank_stories(1, hits) == [5, 6, 8]
    assert rank_stories(1, hits, limit=1) == [5]


@pytest.mark.parametrize("backend", ["hashed", "model"])
def test_the_seed_pages_related_cards_rank_for_its_main_story(backend):
    if not SEED.is_file():
        pytest.skip("../shared/seed is not beside this checkout")
    if backend == "model" and not model_available():
        pytest.skip("the model backend needs the ml extra")
    seed = json.loads(SEED.read_text())
    main, cards = seed["main"], seed["related"]
    football = (
        "Late goal gives Arsenal derby win over Chelsea",
        "Saka scored late at the Emirates.",
    )
    texts = [
        article_text_for_embedding(main["title"], "\n".join(main["paragraphs"])),
        *(article_text_for_embedding(card["title"], card["text"]) for card in cards),
        article_text_for_embedding(*football),
    ]
    vectors = embed(texts, backend)
    outlets = {"Japan Times": 1, "NHK": 2}
    target = Candidate(1, 1, main["title"], NOON, 1.0)
    others = [
        Candidate(
            10 + n, outlets[card["outlet"]], card["title"], NOON, float(vectors[1 + n] @ vectors[0])
        )
        for n, card in enumerate(cards)
    ]
    others.append(Candidate(99, 3, football[0], NOON, float(vectors[-1] @ vectors[0])))

    ranked = rank_related(target, others)

    assert sorted(ids_of(ranked)) == [10, 11, 12]


# The database edge, through the embed stage and the index.

SWAP = (
    "Russia and Ukraine exchange prisoners of war",
    (
        "Russia and Ukraine swapped prisoners of war on Monday, the first of several exchanges "
        "agreed at talks in Istanbul. Freed Ukrainian soldiers called their families from a bus "
        "near the border."
    ),
)
DRONES = (
    "Drone strikes hit Kyiv as Russia presses war in Ukraine",
    (
        "Russia launched another large drone attack on Ukraine overnight, striking Kyiv and "
        "Odesa, officials said, a day after the prisoner exchange."
    ),
)
MORE_SWAPS = (
    "Ukraine expects more prisoner exchanges with Russia",
    (
        "Kyiv said further exchanges of prisoners of war with Russia would follow in stages, as "
        "families waited for news of soldiers missing since the war began."
    ),
)
SURVEY = (
    "Most Russians back talks with Ukraine, survey finds",
    (
        "A survey by the Levada Center found that most Russians would support peace talks with "
        "Ukraine, though few expect the war to end this year."
    ),
)
FOOTBALL = (
    "Late goal gives Arsenal derby win over Chelsea",
    (
        "Bukayo Saka scored in stoppage time as Arsenal came from behind to beat Chelsea at the "
        "Emirates Stadium in the Premier League."
    ),
)


@pytest.fixture(params=["embedded", "pgvector"])
def hashed_site(request, settings):
    """The hashed embeddings (no model needed), in each index backend."""
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    if request.param == "pgvector":
        request.getfixturevalue("use_pgvector")
    return request.param


@pytest.fixture
def write(make_article):
    """Make an article and run the embed stage on it, as the pipeline does."""

    def make(title_and_text, **fields):
        title, text = title_and_text
        article = make_article(
            title=title, text=text, published_at=fields.pop("at", NOON), **fields
        )
        stored_embeddings.process([article])
        return article

    return make


def test_related_articles_leave_out_copies_and_the_story_and_prefer_other_outlets(
    hashed_site, write, make_source
):
    story = Story.objects.create(id=1, title="Prisoner exchange")
    main = write(SWAP, story=story)
    same_story = write(MORE_SWAPS, story=story)
    copy = write((SURVEY[0] + " (wire)", SURVEY[1]), copy_of=main)
    own_outlet = write(DRONES, source=main.source)
    # The same report in other words ("its" weighs nothing in an embedding).
    other_outlet = write(("Drone strikes hit Kyiv as Russia presses its war in Ukraine", DRONES[1]))
    write(FOOTBALL)
    write((DRONES[0] + " again", DRONES[1]), at=NOON - timedelta(days=30))

    related = related_articles(main)

    assert related == [other_outlet, own_outlet]
    assert same_story not in related and copy not in related
    assert related[0].source.name  # the source comes along for the cards
    # From the other article of the story, neither outlet is its own, and main is its story.
    assert set(related_articles(same_story)) == {other_outlet, own_outlet}


def test_a_big_storys_own_articles_do_not_crowd_out_related_ones(settings, write, monkeypatch):
    """The nearest neighbours are all the story's own; the search widens past them."""
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    monkeypatch.setattr(related_module, "CANDIDATES", 2)
    story = Story.objects.create(id=3, title="Prisoner exchange")
    main = write(SWAP, story=story)
    for number in range(8):
        write((f"{SWAP[0]} ({number})", SWAP[1] + f" Update {number}."), story=story)
    survey = write(SURVEY)

    assert related_articles(main) == [survey]


def test_an_article_without_a_vector_has_no_related_articles_yet(settings, make_article, write):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    write(SURVEY)
    fresh = make_article(title=SWAP[0], text=SWAP[1], published_at=NOON)
    assert related_articles(fresh) == []


def test_the_page_shows_none_when_the_index_cannot_be_read(settings, write, tmp_path):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    main = write(SWAP)
    write(SURVEY)
    (tmp_path / "blocked").write_text("not a folder")
    settings.TIDINGS = {**settings.TIDINGS, "VECTOR_FOLDER": tmp_path / "blocked"}

    assert related_for_page(main) == []
    with pytest.raises(Exception, match="cannot be read"):
        related_articles(main)
    story = Story.objects.create(id=1, title=SWAP[0])
    Article.objects.filter(pk=main.pk).update(story=story)
    assert related_stories_for_page(story) == []
    with pytest.raises(Exception, match="cannot be read"):
        related_stories(story)


def test_a_failed_index_write_keeps_the_vector_in_the_database(settings, make_article, tmp_path):
    from tidings.enrich.models import ArticleAnalysis

    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    (tmp_path / "blocked").write_text("not a folder")
    settings.TIDINGS = {**settings.TIDINGS, "VECTOR_FOLDER": tmp_path / "blocked"}
    article = make_article(title=SWAP[0], text=SWAP[1])

    stored_embeddings.process([article])

    analysis = ArticleAnalysis.objects.get(article=article)
    assert len(analysis.embedding) == 384 * 4 and analysis.embedding_backend == "hashed"


def test_related_stories_are_near_the_storys_articles(hashed_site, write):
    swap = Story.objects.create(
        id=1, title="Prisoner exchange", first_published=NOON, last_published=NOON
    )
    war = Story.objects.create(
        id=2, title="Drone strikes", first_published=NOON, last_published=NOON
    )
    merged = Story.objects.create(id=3, title="Old", merged_into=war)
    sport = Story.objects.create(id=4, title="Derby", first_published=NOON, last_published=NOON)
    write(SWAP, story=swap)
    write(MORE_SWAPS, story=swap)
    write(DRONES, story=war)
    write(SURVEY, story=merged)
    write(FOOTBALL, story=sport)

    assert related_stories(swap) == [war]


def test_zero_vectors_stay_out_of_the_index(settings, make_article):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    empty = make_article(title="", text="")
    worded = make_article(title=SWAP[0], text=SWAP[1])

    stored_embeddings.process([empty, worded])

    index = vector_index("hashed")
    assert index.count() == 1
    assert index.search(np.ones(384, dtype=np.float32) / np.sqrt(384), 5)[0][0] == worded.id
