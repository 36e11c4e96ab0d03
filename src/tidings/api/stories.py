"""Stories through the API, on the same queries as the story pages.

``GET /stories`` lists the stories that were not merged away, the one with the latest
article first: a stable order that a cursor can walk, where the home page's ranking
(breadth and recency) moves as time passes. ``GET /stories/{id}`` gives one story with
its articles, hashtags and key facts side by side; the id of a story that was merged
into another answers 301, with the surviving story's address in ``Location`` and in the
body as ``merged_into``.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema

from tidings.api import cursors
from tidings.api.schemas import HashtagOut, Problem, SourceRef, not_found
from tidings.stories.coverage import FactGroup
from tidings.stories.models import Story
from tidings.web import queries
from tidings.web.addresses import absolute

router = Router(tags=["stories"])


class StoryItem(Schema):
    id: int
    title: str = Field(description="Its most representative headline.")
    first_published: datetime | None
    last_published: datetime | None
    article_count: int
    outlet_count: int = Field(description="How many sources published its articles.")
    page_url: str


class StoryArticle(Schema):
    id: int
    title: str
    url: str = Field(description="The article at its publisher.")
    source: SourceRef
    published_at: datetime
    page_url: str


class StoryHashtagOut(HashtagOut):
    articles: int = Field(description="How many of the story's articles carry it.")


class FactSourceOut(Schema):
    article_id: int
    source: SourceRef
    figure: str = Field(description="The value as this article writes it.")
    sentence: str = Field(description="The sentence that states it.")
    page_url: str = Field(description="The article's page, at the paragraph that says it.")


class FactValueOut(Schema):
    figure: str
    sources: list[FactSourceOut]


class FactGroupOut(Schema):
    what: str = Field(description="What the figures count, in their articles' words.")
    unit: str
    outlet_count: int
    disagree: bool = Field(description="Outlets give different values for the same thing.")
    mixed: bool = Field(
        description="One article gives several values under these words, so they may "
        "count different things; never marked as a disagreement."
    )
    values: list[FactValueOut]


class StoryOut(StoryItem):
    articles: list[StoryArticle] = Field(description="Oldest first.")
    hashtags: list[StoryHashtagOut] = Field(description="Carried by the most articles first.")
    facts: list[FactGroupOut] = Field(description="Key facts side by side across outlets.")


class StoryPage(Schema):
    items: list[StoryItem]
    next: str | None


class MergedStory(Schema):
    detail: str
    merged_into: int
    location: str


@router.get(
    "/stories",
    response={200: StoryPage, 400: Problem},
    summary="Stories, the one with the latest article first",
)
def list_stories(
    request: HttpRequest,
    limit: int = cursors.page_size(),
    cursor: str | None = cursors.CURSOR,
):
    after = cursors.read(partial(cursors.decode_time_key, "stories"), cursor)
    # One extra row tells whether another page follows without a COUNT.
    rows = queries.stories_after(limit=limit + 1, after=after)
    page, more = rows[:limit], len(rows) > limit
    last = page[-1] if page else None
    return {
        "items": [story_item_json(story) for story in page],
        "next": cursors.encode_time_key("stories", last.last_published, last.id)
        if more and last
        else None,
    }


@router.get(
    "/stories/{story_id}",
    response={200: StoryOut, 301: MergedStory, 404: Problem},
    summary="One story with its articles, hashtags and key facts side by side",
)
def get_story(request: HttpRequest, story_id: int):
    try:
        story = queries.surviving_story(story_id)
    except Story.DoesNotExist:
        raise not_found("story", story_id) from None
    if story.pk != story_id:
        location = absolute(f"{request.path.rsplit('/', 1)[0]}/{story.pk}")
        response = JsonResponse(
            {
                "detail": f"Story {story_id} was merged into story {story.pk}.",
                "merged_into": story.pk,
                "location": location,
            },
            status=301,
        )
        response["Location"] = location
        return response
    return story_json(story, queries.story_coverage(story))


def story_item_json(story: Story) -> dict:
    return {
        "id": story.pk,
        "title": story.title,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "article_count": story.article_count,
        "outlet_count": story.outlet_count,
        "page_url": absolute(story.get_absolute_url()),
    }


def story_json(story: Story, coverage: queries.StoryCoverage) -> dict:
    return {
        **story_item_json(story),
        "articles": [
            {
                "id": article.pk,
                "title": article.title,
                "url": article.url,
                "source": {"id": article.source_id, "name": article.source.display_name},
                "published_at": article.published_at,
                "page_url": absolute(article.get_absolute_url()),
            }
            for article in coverage.articles
        ],
        "hashtags": [
            {
                "tag": item.hashtag.tag,
                "label": item.hashtag.label,
                "kind": item.hashtag.kind,
                "url": absolute(item.hashtag.get_absolute_url()),
                "articles": item.articles,
            }
            for item in coverage.hashtags
        ],
        "facts": [fact_group_json(group) for group in coverage.facts],
    }


def fact_group_json(group: FactGroup) -> dict:
    return {
        "what": group.what,
        "unit": group.unit,
        "outlet_count": group.outlet_count,
        "disagree": group.disagree,
        "mixed": group.mixed,
        "values": [
            {
                "figure": value.figure,
                "sources": [
                    {
                        "article_id": fact.article_id,
                        "source": {"id": fact.source_id, "name": fact.outlet},
                        "figure": fact.figure,
                        "sentence": fact.sentence,
                        "page_url": absolute(fact.link),
                    }
                    for fact in value.sources
                ],
            }
            for value in group.values
        ],
    }
