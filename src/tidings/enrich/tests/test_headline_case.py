from tidings.enrich.aliases import PERSON
from tidings.enrich.headline_case import (
    Casing,
    is_title_case,
    sentence_case,
    sentence_cased_titles,
)
from tidings.enrich.tagger import tag_documents
from tidings.enrich.tagging_data import Document
from tidings.enrich.tagging_models import BACKEND_YAKE


def test_title_case_is_most_longer_words_capitalised():
    assert is_title_case("Harbour City Doubles Ferry Fares After Storm Damage")
    assert not is_title_case("Harbour City doubles ferry fares after storm damage")
    assert not is_title_case("Ferry fares")  # too short to tell
    # Names alone do not make a sentence-case headline title case.
    assert not is_title_case("Priya Natarajan joins Olmec Bank as its chief economist")


def test_common_words_are_lowered_where_the_texts_write_them_lower_case():
    casing = Casing.of(["The city said ferry fares would rise. Ferry crews met Olmec Bank."])
    assert casing.is_common("Fares") and casing.is_common("Rise")
    assert not casing.is_common("Olmec")  # written with a capital mid-sentence
    # What the texts never show is decided by the shipped lists: a common word is lowered,
    # a known place is not.
    assert casing.is_common("Doubles")
    assert not casing.is_common("Nairobi")


def test_a_title_case_headline_keeps_openings_acronyms_quotes_and_unknown_words():
    casing = Casing.of(["Crews said the series would end."])
    headline = "Zorvath Crews Say 'Night Harbour' Series Will End: NASA Joins In"
    assert sentence_case(headline, casing) == (
        "Zorvath crews say 'Night Harbour' series will end: NASA joins in"
    )
    assert sentence_case("Will Ferrante Joins Harbour Crews", casing) == (
        "Will Ferrante joins Harbour crews"
    )
    assert sentence_case("Will Maria Ferrante Join Harbour Crews?", casing) == (
        "Will Maria Ferrante join Harbour crews?"
    )
    assert sentence_case("Fares rise after storm", casing) == "Fares rise after storm"


def test_only_headline_only_documents_are_rewritten():
    titles = ["Ferry Fares Double After Storm", "Ferry Fares Double After Storm"]
    texts = ["", "The fares doubled after the storm. " * 20]
    assert sentence_cased_titles(titles, texts) == [
        "Ferry fares double after storm",
        "Ferry Fares Double After Storm",
    ]


def test_title_case_headlines_do_not_make_people_of_common_words():
    headlines = [
        "Quillby Ward Performing In Raincoat At Festival",
        "Quillby Ward performs in a raincoat at the festival",
        "Gravel Taxes Bring In Millions For Ostrava Roads",
        "Ostrava collects gravel taxes for its roads",
    ]
    tagged = tag_documents([Document(title, "") for title in headlines], backend=BACKEND_YAKE)
    labels = {tag.label: tag.kind for tags in tagged.tags for tag in tags}
    assert (
        "Quillby Ward Performing" not in labels
        and "Quillby Ward Performing In Raincoat" not in labels
    )
    assert labels.get("Gravel Taxes", "") != PERSON and labels.get("gravel taxes", "") != PERSON
