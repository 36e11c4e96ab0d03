"""`tidings reprocess tag` repairs hashtags stored before: variants of one concept become
one hashtag whose variants' pages redirect to it, and wrong kinds and cases are fixed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tidings.enrich.hashtags import hashtags_for
from tidings.enrich.models import ArticleHashtag, Hashtag

pytestmark = pytest.mark.django_db

TEXT = (
    "Transit fares in Denver will rise next month, the city said on Tuesday. Transit fares "
    "were last raised in 2019. Reddit users shared photos of crowded platforms, and Reddit "
    "said the posts were popular. Mayor Alma Treviño said transit fares pay for new buses."
)


def test_reprocess_merges_variants_repairs_kinds_and_redirects_old_pages(
    make_article, make_hashtag, client
):
    first = make_article(title="Denver transit fares to rise", text=TEXT, language="en")
    second = make_article(title="Riders react to Denver fare rise", text=TEXT, language="en")
    # What an older tagger stored: two spellings of one concept and a wrong kind.
    plural = make_hashtag("Transit Fares", articles=[first])
    singular = make_hashtag("transit fare", articles=[second])
    reddit = make_hashtag("Reddit", kind="person", articles=[first])
    ArticleHashtag.objects.update(origin="text")

    call_command("reprocess", "tag", stdout=StringIO(), stderr=StringIO())

    plural.refresh_from_db()
    singular.refresh_from_db()
    survivors = [tag for tag in (plural, singular) if tag.merged_into is None]
    assert len(survivors) == 1
    survivor = survivors[0]
    variant = singular if survivor is plural else plural
    assert variant.merged_into == survivor
    assert not ArticleHashtag.objects.filter(hashtag=variant).exists()
    assert set(
        ArticleHashtag.objects.filter(hashtag=survivor).values_list("article_id", flat=True)
    ) == {first.pk, second.pk}
    reddit.refresh_from_db()
    assert reddit.kind == "organisation"

    response = client.get(reverse("web:hashtag", args=[variant.slug]))
    assert response.status_code == 301
    assert response["Location"] == survivor.get_absolute_url()
    assert client.get(survivor.get_absolute_url()).status_code == 200


def test_a_new_variant_label_finds_the_existing_hashtag(make_hashtag):
    existing = make_hashtag("Cell Phones", kind="topic")
    rows = hashtags_for([("cellphone", "topic")])
    assert rows["cellphone"] == existing
    assert Hashtag.objects.count() == 1


def test_the_text_tagger_repairs_the_case_of_a_label(make_hashtag):
    make_hashtag("brazil", kind="topic")
    rows = hashtags_for([("Brazil", "place")], learn=True)
    assert (rows["brazil"].label, rows["brazil"].kind) == ("Brazil", "place")
    assert Hashtag.objects.get(slug="brazil").label == "Brazil"


def test_the_text_tagger_repairs_a_name_that_is_a_topic(make_hashtag):
    make_hashtag("gravel taxes", kind="person")
    rows = hashtags_for([("gravel taxes", "topic")], learn=True)
    assert rows["gravel-taxes"].kind == "topic"
    assert Hashtag.objects.get(slug="gravel-taxes").kind == "topic"
    # A feed's category never unlearns what the text said.
    hashtags_for([("Brazil", "place")], learn=True)
    assert hashtags_for([("Brazil", "topic")])["brazil"].kind == "place"


def test_a_lone_surname_becomes_the_one_person_the_site_knows(make_article, make_hashtag):
    from tidings.enrich.hashtags import store_text_hashtags
    from tidings.enrich.tagging_data import Tag

    earlier = make_article()
    make_hashtag(
        "Ruth Okafor", kind="person", articles=[earlier, *(make_article() for _ in range(3))]
    )
    before = make_hashtag("Okafor", kind="organisation", articles=[make_article()])
    make_hashtag("Ann Lee", kind="person", articles=[earlier])
    make_hashtag("Mary Lee", kind="person", articles=[earlier])
    article = make_article()
    store_text_hashtags(
        {article.pk: [Tag("Okafor", "organisation", 0.9), Tag("Lee", "person", 0.5)]}
    )
    labels = set(
        ArticleHashtag.objects.filter(article=article).values_list("hashtag__label", flat=True)
    )
    assert labels == {"Ruth Okafor", "Lee"}  # two people are called Lee
    # The lone name's own hashtag, from before, joined the person with its articles.
    before.refresh_from_db()
    assert before.merged_into.label == "Ruth Okafor"
    assert not ArticleHashtag.objects.filter(hashtag=before).exists()

    # A word the site carries more often than the "person" it ends is not folded into it.
    make_hashtag("Xbox", kind="organisation", articles=[earlier, make_article()])
    make_hashtag("Ruth Reverse Xbox", kind="person", articles=[earlier])
    store_text_hashtags({article.pk: [Tag("Xbox", "organisation", 0.9)]})
    assert ArticleHashtag.objects.get(article=article).hashtag.label == "Xbox"
