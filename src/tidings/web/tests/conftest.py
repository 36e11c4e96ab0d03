import pytest


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
