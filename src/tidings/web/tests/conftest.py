from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.articles.models import Article
from tidings.enrich import stored_embeddings


@pytest.fixture
def make_story(db):
    """A Story row holding ``articles``, with the counts, times and title the clusterer
    would give it (the first article's headline); ``fields`` override any of them."""
    made = iter(range(1, 1_000_000))

    def make(*articles, **fields):
        from tidings.articles.models import Article
        from tidings.stories.models import Story

        times = [article.published_at for article in articles]
        fields.setdefault("id", next(made))
        fields.setdefault("title", articles[0].title if articles else f"Story {fields['id']}")
        fields.setdefault("article_count", len(articles))
        fields.setdefault("outlet_count", len({article.source_id for article in articles}))
        fields.setdefault("first_published", min(times) if times else None)
        fields.setdefault("last_published", max(times) if times else None)
        story = Story.objects.create(**fields)
        Article.objects.filter(pk__in=[article.pk for article in articles]).update(story=story)
        for article in articles:
            article.story = story
        return story

    return make


SWAP_TEXT = (
    "Russia and Ukraine exchanged prisoners of war on Monday in emotional scenes.\n\n"
    "The swap followed talks in Istanbul, where both sides agreed to exchange at least "
    "1,200 prisoners of war each.\n\n"
    "Families waited outside a hospital in northern Ukraine for news of the missing."
)


@pytest.fixture
def seed_like_article(make_source, make_article, make_hashtag):
    """The seed page in small: a main story with an image, two related ones and a stray."""
    now = timezone.now()
    times = make_source(name="Japan Times", site_url="https://www.japantimes.co.jp/")
    nhk = make_source(name="NHK", site_url="https://www3.nhk.or.jp/")
    article = make_article(
        source=times,
        url="https://www.japantimes.co.jp/news/2025/06/10/world/pow-swap/",
        title="Russia and Ukraine exchange prisoners of war",
        text=SWAP_TEXT,
        text_origin="page",
        published_at=now - timedelta(hours=4),
        updated_at=now - timedelta(hours=2),
        image="images/2025/06/pow.jpg",
        image_url="https://cdn.japantimes.example/pow.jpg",
        image_width=1600,
        image_height=1000,
        image_thumbnails=[
            {"width": 480, "height": 300, "name": "thumbs/ab/pow-480.webp"},
            {"width": 1200, "height": 750, "name": "thumbs/ab/pow-1200.webp"},
        ],
        image_caption="People hold up photographs of missing relatives on Monday.",
        image_credit="AFP-JIJI",
    )
    make_article(
        source=nhk,
        title="Ukraine expects more prisoner exchanges with Russia",
        author="NHK",
        text="Kyiv said more exchanges of prisoners of war with Russia would follow, "
        "as families in Ukraine waited for soldiers missing since the war began.",
        published_at=now - timedelta(minutes=61),
    )
    make_article(
        source=times,
        title="Drone strikes hit Kyiv as Russia presses its war in Ukraine",
        author="Japan Times",
        text="Russia launched a large drone attack on Ukraine overnight, a day after the "
        "prisoner exchange, striking Kyiv and Odesa.",
        published_at=now - timedelta(hours=3, minutes=5),
    )
    make_article(
        source=nhk,
        title="Late goal gives Arsenal derby win over Chelsea",
        text="Bukayo Saka scored in stoppage time at the Emirates Stadium.",
        published_at=now - timedelta(hours=1),
    )
    make_hashtag("prisoners of war", articles=[article])
    # Related articles are found by their embeddings, which the pipeline's embed stage makes.
    stored_embeddings.process(list(Article.objects.all()))
    return article


# The AI panel's story: a wire report and a rewrite that adds a figure of its own.
QUAKE = (
    "ROME (AP) - A strong earthquake struck central Italy on Thursday, killing 12 people in "
    "three mountain towns, officials said.\n\n"
    "Rescuers searched the rubble of collapsed homes through the night with dogs and lamps.\n\n"
    "The quake had a magnitude of 6.2, the national geological institute said."
)
REWRITE = (
    "Twelve people were killed in three mountain towns when a strong earthquake hit central "
    "Italy on Thursday, officials said.\n\n"
    "The government promised 50 million euros for rebuilding the damaged schools and churches."
)


@pytest.fixture
def quake(make_source, make_article, make_story):
    """A story of two outlets, Wire and Daily, reporting an earthquake (the AI panel's tests)."""
    published = timezone.now().replace(hour=12) - timedelta(days=1)
    wire = make_article(
        source=make_source(name="Wire"),
        title="Earthquake kills 12 in Italy",
        text=QUAKE,
        published_at=published,
    )
    daily = make_article(
        source=make_source(name="Daily"),
        title="Italy quake: twelve dead",
        text=REWRITE,
        published_at=published + timedelta(hours=1),
    )
    return make_story(wire, daily)
