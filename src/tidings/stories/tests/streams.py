"""Small invented streams of news for the stream clusterer's tests: a flood, an election,
a frog, and an earthquake told from two sides."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from tidings.stories.clustering import StoryArticle

MORNING = datetime(2025, 3, 4, 8, tzinfo=UTC)


def hours(count: float) -> datetime:
    return MORNING + timedelta(hours=count)


FLOOD = [
    StoryArticle(
        "River Turia floods Valencia as storm hits eastern Spain",
        "Heavy rain sent the Turia river over its banks in Valencia, flooding streets and "
        "forcing hundreds of residents from their homes. Emergency services in Valencia said "
        "the water rose two metres in an hour.",
    ),
    StoryArticle(
        "Valencia residents evacuated as Turia river bursts its banks",
        "Hundreds of people left their homes in Valencia after the Turia river flooded "
        "low-lying streets during a storm. The regional emergency service said rescuers used "
        "boats to reach families trapped by the water.",
    ),
    StoryArticle(
        "Floods in Valencia: the Turia keeps rising",
        "The Turia river kept rising in Valencia on Wednesday as more rain fell on eastern "
        "Spain, and the regional government asked residents near the river to leave their "
        "homes.",
    ),
]
VOTE = [
    StoryArticle(
        "Portugal votes in snap election after government collapse",
        "Voters in Portugal went to the polls in a snap election called after the collapse of "
        "the Socialist government in Lisbon. Polls close at 8pm and the first results are "
        "expected from Lisbon and Porto later tonight.",
    ),
    StoryArticle(
        "Exit polls in Portugal's snap election show a hung parliament",
        "Exit polls in Portugal's snap election point to a hung parliament, with the "
        "centre-right Democratic Alliance narrowly ahead of the Socialists and the Chega party "
        "in third place, broadcaster RTP said in Lisbon.",
    ),
]
FROG = StoryArticle(
    "Scientists describe a tiny new frog species from Peru's cloud forest",
    "Biologists working in the Andes of Peru have described a new species of frog no bigger "
    "than a fingernail. The frog lives in moss on the cloud forest floor, where its call "
    "sounds like a cricket.",
)
# Two sides of one event that share few words, and an article that tells both.
QUAKE = StoryArticle(
    "Magnitude 6.8 earthquake strikes off Hokkaido, tsunami advisory issued",
    "A strong earthquake shook northern Japan early on Monday. The Japan Meteorological "
    "Agency measured magnitude 6.8 off the coast of Hokkaido and issued a tsunami advisory "
    "for the Pacific coast.",
)
POWER_CUTS = StoryArticle(
    "Sapporo homes without power, roads cracked",
    "Thousands of homes in Sapporo lost power on Monday morning and several roads in the city "
    "cracked, the utility Hokkaido Electric said, as crews checked lines and the city opened "
    "shelters.",
)
QUAKE_AND_POWER_CUTS = StoryArticle(
    "Hokkaido earthquake leaves Sapporo homes without power",
    "The magnitude 6.8 earthquake off Hokkaido cut power to thousands of homes in Sapporo and "
    "cracked roads in the city, Hokkaido Electric said, hours after the Japan Meteorological "
    "Agency issued a tsunami advisory.",
)


def dated(article: StoryArticle, moment: datetime) -> StoryArticle:
    return replace(article, published=moment)


def interleaved_stream() -> list[StoryArticle]:
    return [
        dated(FLOOD[0], hours(0)),
        dated(VOTE[0], hours(1)),
        dated(FLOOD[1], hours(2)),
        dated(VOTE[1], hours(3)),
        dated(FROG, hours(4)),
        dated(FLOOD[2], hours(5)),
    ]


def mixed_stream() -> list[StoryArticle]:
    return [*interleaved_stream(), dated(QUAKE, hours(6)), dated(POWER_CUTS, hours(7))]
