import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tidings.stories.related import RelatedDoc, rank_related, related_articles

SEED = Path(__file__).resolve().parents[5] / "shared" / "seed" / "articles.json"

SWAP = RelatedDoc(
    id=1,
    source_id=1,
    title="Russia and Ukraine exchange prisoners of war",
    lead=(
        "Russia and Ukraine swapped prisoners of war on Monday, the first of several "
        "exchanges agreed at talks in Istanbul. Freed Ukrainian soldiers called their "
        "families from a bus near the border."
    ),
    canonical_url="https://daily.example/swap",
)
DRONES = RelatedDoc(
    id=2,
    source_id=2,
    title="Drone strikes hit Kyiv as Russia presses war in Ukraine",
    lead=(
        "Russia launched another large drone attack on Ukraine overnight, striking Kyiv "
        "and Odesa, officials said, a day after the prisoner exchange."
    ),
)
MORE_SWAPS = RelatedDoc(
    id=3,
    source_id=3,
    title="Ukraine expects more prisoner exchanges with Russia",
    lead=(
        "Kyiv said further exchanges of prisoners of war with Russia would follow in "
        "stages, as families waited for news of soldiers missing since the war began."
    ),
)
FOOTBALL = RelatedDoc(
    id=4,
    source_id=2,
    title="Late goal gives Arsenal derby win over Chelsea",
    lead=(
        "Bukayo Saka scored in stoppage time as Arsenal came from behind to beat Chelsea "
        "at the Emirates Stadium in the Premier League."
    ),
)


def test_stories_on_the_same_war_rank_and_a_football_match_does_not():
    ranked = rank_related(SWAP, [FOOTBALL, DRONES, MORE_SWAPS])

    ids = [doc_id for doc_id, _ in ranked]
    assert ids == [3, 2]
    assert all(score > 0 for _, score in ranked)


def test_a_copy_of_the_story_under_another_address_is_not_related():
    wire_copy = RelatedDoc(
        id=9,
        source_id=5,
        title="Moscow and Kyiv trade POWs",
        lead=SWAP.lead,
        full_text=SWAP.lead,
    )
    ids = [doc_id for doc_id, _ in rank_related(SWAP, [wire_copy, DRONES])]
    assert ids == [2]


def test_same_address_or_same_title_is_a_copy():
    same_url = RelatedDoc(
        id=10,
        source_id=6,
        title="Prisoner swap: what we know",
        lead=MORE_SWAPS.lead,
        canonical_url=SWAP.canonical_url,
    )
    same_title = RelatedDoc(id=11, source_id=7, title=SWAP.title.upper(), lead=MORE_SWAPS.lead)
    ids = [doc_id for doc_id, _ in rank_related(SWAP, [same_url, same_title, MORE_SWAPS])]
    assert ids == [3]


def test_other_outlets_come_before_the_same_outlet_which_still_counts_when_alone():
    own_outlet = RelatedDoc(**{**MORE_SWAPS.__dict__, "id": 20, "source_id": SWAP.source_id})
    other_outlet = RelatedDoc(**{**MORE_SWAPS.__dict__, "id": 21, "source_id": 8})

    assert [doc_id for doc_id, _ in rank_related(SWAP, [own_outlet, other_outlet])] == [21, 20]
    assert [doc_id for doc_id, _ in rank_related(SWAP, [own_outlet])] == [20]


def test_limit_caps_the_answer_and_the_target_never_relates_to_itself():
    similar = [
        RelatedDoc(**{**MORE_SWAPS.__dict__, "id": n, "source_id": n}) for n in range(30, 40)
    ]
    ranked = rank_related(SWAP, [SWAP, *similar], limit=6)
    assert len(ranked) == 6
    assert SWAP.id not in [doc_id for doc_id, _ in ranked]
    assert rank_related(SWAP, []) == []


def test_the_seed_pages_related_articles_rank_for_its_main_story():
    if not SEED.is_file():
        pytest.skip("../shared/seed is not beside this checkout")
    seed = json.loads(SEED.read_text())
    main = seed["main"]
    target = RelatedDoc(
        id=1,
        source_id=1,
        title=main["title"],
        lead=" ".join(main["paragraphs"][:2]),
        full_text="\n\n".join(main["paragraphs"]),
    )
    outlets = {"Japan Times": 1, "NHK": 2}
    cards = [
        RelatedDoc(
            id=10 + n, source_id=outlets[card["outlet"]], title=card["title"], lead=card["text"]
        )
        for n, card in enumerate(seed["related"])
    ]

    ranked = rank_related(target, [*cards, FOOTBALL])

    assert sorted(doc_id for doc_id, _ in ranked) == [10, 11, 12]


def test_related_articles_come_from_around_the_same_time_in_other_outlets(make_article):
    now = timezone.now()
    story = make_article(title=SWAP.title, text=SWAP.lead, published_at=now)
    nearby = make_article(title=MORE_SWAPS.title, text=MORE_SWAPS.lead, published_at=now)
    same_outlet = make_article(
        source=story.source, title=DRONES.title, text=DRONES.lead, published_at=now
    )
    make_article(title=FOOTBALL.title, text=FOOTBALL.lead, published_at=now)
    make_article(
        title="Ukraine and Russia agree prisoner exchanges in Istanbul",
        text=MORE_SWAPS.lead,
        published_at=now - timedelta(days=10),
    )

    related = related_articles(story)

    assert related == [nearby, same_outlet]
    assert related[0].source.name  # the source comes along for the cards
