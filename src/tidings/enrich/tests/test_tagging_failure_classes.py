"""The failure classes readers saw in hashtags, each as a table on the pure functions:
wrong kinds, shouted or lower-case labels, verbs and section words, and variants of one
concept side by side. The examples are our own."""

from collections import Counter

import pytest

from tidings.enrich.aliases import ORGANISATION, PERSON, PLACE, TOPIC, variant_key
from tidings.enrich.tagger import tag_documents
from tidings.enrich.tagging_context import Cues, Text, cues_in, decide_kind
from tidings.enrich.tagging_data import Document, Tag
from tidings.enrich.tagging_models import BACKEND_YAKE
from tidings.enrich.tagging_story import agree, full_names
from tidings.enrich.tagging_words import is_junk, proper_case


@pytest.mark.parametrize(
    ("label", "text", "shown"),
    [
        ("peru", "Exports from Peru rose. In Peru, copper is king.", "Peru"),
        ("NEBRASKA", "LINCOLN, NEBRASKA - Farmers in Nebraska said so.", "Nebraska"),
        ("iphone", "Buyers of the new iPhone queued; the iPhone sold out.", "iPhone"),
        ("soda taxes", "Soda taxes rose. The city said soda taxes pay for parks.", "soda taxes"),
        ("UNICEF", "The UNICEF report said UNICEF needs money.", "UNICEF"),
        (
            "minister odhiambo",
            "Q: Why?\n\nMINISTER ODHIAMBO: Well, MINISTER ODHIAMBO said.",
            "Minister Odhiambo",
        ),
    ],
)
def test_labels_are_cased_as_the_text_writes_them(label, text, shown):
    assert proper_case(label, text) == shown


@pytest.mark.parametrize(
    "surface",
    [
        "Announced",  # a verb's past form
        "Reveals",  # a verb's -s form
        "Sport",  # a section
        "Photos",
        "minutes later",  # time words
        "collect evidence",  # a clause
        "thousand protesters",  # a count
        "Lifestyle",
    ],
)
def test_verbs_sections_time_words_and_counts_are_never_hashtags(surface):
    assert is_junk(surface)


@pytest.mark.parametrize("surface", ["Announced", "Reveals", "Sport", "Photos", "Lifestyle"])
def test_nor_are_they_names(surface):
    assert is_junk(surface, name=True)


@pytest.mark.parametrize("surface", ["budget cuts", "protests", "wildfire season smoke"])
def test_subjects_that_look_like_verbs_stay(surface):
    assert not is_junk(surface)


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [
        ("Soda Tax", "soda taxes", True),
        ("SmartWatch", "smart watches", True),
        ("Fire-fighter", "firefighters", True),
        ("Party", "parties", True),
        ("Soda Tax", "Sales Tax", False),
    ],
)
def test_variants_of_one_concept_share_a_key(one, other, same):
    assert (variant_key(one) == variant_key(other)) is same


@pytest.mark.parametrize(
    ("label", "votes", "cues", "guessed", "kind"),
    [
        ("Reddit", PERSON, Cues(), False, ORGANISATION),  # a known company
        ("Nebraska", PERSON, Cues(), False, PLACE),  # a known state
        ("Baltimore", PLACE, Cues(sports=2), False, ORGANISATION),  # "Baltimore beat ..."
        ("Peru", PLACE, Cues(sports=2), False, PLACE),  # a country stays a country
        ("Soda Taxes", PERSON, Cues(lower=True, any_lower=True), True, TOPIC),
        ("Premiere", PLACE, Cues(lower=True, any_lower=True), False, TOPIC),
        ("Helix Corp", PERSON, Cues(), False, ORGANISATION),
        ("Ministry of Fisheries", PLACE, Cues(), False, ORGANISATION),
        ("Okonjo", TOPIC, Cues(title=1), False, PERSON),  # "Mr. Okonjo"
        ("Martha Quill", TOPIC, Cues(), True, PERSON),  # a given name
        ("Harbour Street", PERSON, Cues(), True, PLACE),
        ("Leeds Falcons", PERSON, Cues(), False, ORGANISATION),  # a team of a city
        ("Ostrava", TOPIC, Cues(place=1), True, PLACE),  # "in Ostrava"
    ],
)
def test_kinds_from_context_and_gazetteers(label, votes, cues, guessed, kind):
    assert decide_kind(label, Counter({votes: 1.0}), cues, guessed=guessed) == kind


def test_cues_are_read_around_each_mention():
    text = Text.of(
        "Coach Dana Pryce said Memphis beat Tulsa. Pryce, 44, lives in Tulsa. Apex Inc. grew."
    )
    assert cues_in("Dana Pryce", text).title == 1
    assert cues_in("Dana Pryce", text).alone == 1
    assert cues_in("Memphis", text).sports == 1
    assert cues_in("Tulsa", text).place == 1 and cues_in("Tulsa", text).sports == 1
    assert cues_in("Apex", text).organisation == 1


ARTICLE = Document(
    "Soda taxes raise $3 million for Nebraska parks",
    "LINCOLN, NEBRASKA - Soda taxes raised $3 million last year, the state said on Friday. "
    "The soda tax was approved by voters in Nebraska in 2019. Senator Ruth Okafor said the "
    "soda taxes had funded 40 parks. Okafor announced a new review. Reddit users collected "
    "photos of the parks, and Reddit said traffic grew. Critics said the soda tax hurts "
    "shops in Omaha. Okafor said Nebraska would keep the soda tax.",
)


def test_an_article_gets_one_hashtag_per_concept_in_its_own_case_and_kind():
    tags = tag_documents([ARTICLE], backend=BACKEND_YAKE).tags[0]
    found = {tag.label: tag.kind for tag in tags}
    keys = [variant_key(label) for label in found]
    assert len(keys) == len(set(keys)), found  # "soda taxes" and "soda tax" are one
    assert found.get("Nebraska") == PLACE and "NEBRASKA" not in found
    assert found.get("Ruth Okafor") == PERSON and "Okafor" not in found
    assert found.get("Reddit", ORGANISATION) == ORGANISATION
    assert not {"Announced", "Collected", "Photos", "Friday"} & set(found)


def test_documents_tagged_together_fold_a_lone_surname_into_the_full_name():
    agreed = agree(
        [
            [Tag("Ruth Okafor", PERSON, 0.9), Tag("gravel", TOPIC, 0.5)],
            [Tag("Okafor", ORGANISATION, 0.7), Tag("Okafor", PERSON, 0.2)],
        ]
    )
    assert agreed[1] == [Tag("Ruth Okafor", PERSON, 0.7)]


def test_a_lone_surname_counts_as_the_one_full_name_it_belongs_to():
    folded = full_names(
        [
            ("Ruth Okafor", PERSON, 1.0),
            ("Okafor", PERSON, 1.0),
            ("Ruth", TOPIC, 1.0),
            ("Washington", PLACE, 1.0),
            ("Umerov", PLACE, 1.0),  # a headline's "in Umerov's" made a place of him
            ("Maria Umerov", PERSON, 2.0),
            ("George Washington", PERSON, 1.0),
            ("Ford", ORGANISATION, 1.0),
            ("Harrison Ford", PERSON, 1.0),
            ("Ruth Okafor Struggles", PERSON, 1.0),  # a headline's word stuck to the name
            ("Titanfall", TOPIC, 9.0),
            (
                "Buy Titanfall",
                PERSON,
                1.0,
            ),  # weighs less than the lone word  # a headline's word stuck to the name
            ("Lee", PERSON, 1.0),
            ("Ann Lee", PERSON, 1.0),
            ("Mary Lee", PERSON, 1.0),
        ]
    )
    assert folded == {"Okafor": "Ruth Okafor", "Ruth": "Ruth Okafor", "Umerov": "Maria Umerov"}
