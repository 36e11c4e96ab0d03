"""The AI panel through the API, on the same services as the pages and in the same
shapes: every statement with its citations, each naming the article, the sentence's
number on its page, the sentence itself and the page's address at that sentence."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from tidings.ai import services
from tidings.ai.questions import MAX_QUESTION, ask
from tidings.api.schemas import Problem, not_found
from tidings.comments import ratelimit
from tidings.comments.ratelimit import message
from tidings.stories.models import Story
from tidings.web import queries
from tidings.web.wrapup import wrap_up

router = Router(tags=["ai"])


class CitationOut(Schema):
    article_id: int
    outlet: str
    sentence: int | None = Field(
        description="Its number on the article page (#s-N); null: the headline."
    )
    quote: str = Field(description="The whole cited sentence.")
    page_url: str = Field(description="The article page at the sentence.")


class StatementOut(Schema):
    text: str
    citations: list[CitationOut]
    date: str | None = Field(None, description="ISO 8601, where the statement is dated.")


class SummaryOut(Schema):
    statements: list[StatementOut]
    method: str = Field(description="extractive (the articles' sentences) or generative.")


class FiveWOut(Schema):
    class Item(Schema):
        question: str
        text: str | None = Field(description="null when no article says.")
        date: str | None = Field(description="What a when resolves to, ISO 8601.")
        citations: list[CitationOut]

    answers: list[Item]


class TimelineOut(Schema):
    entries: list[StatementOut] = Field(description="Oldest first, each with its date.")


class CoverageOut(Schema):
    class Outlet(Schema):
        outlet: str
        source_id: int
        statements: list[StatementOut] = Field(description="What only this outlet reports.")

    class Figure(Schema):
        what: str
        unit: str
        values: list[StatementOut] = Field(description="Each value the outlets give.")

    class Stance(Schema):
        class Group(Schema):
            stance: str = Field(description="agree, disagree or discuss.")
            label: str
            citations: list[CitationOut]

        claim: StatementOut = Field(description="The story's central claim.")
        groups: list[Group]

    compared: bool = Field(description="false when one outlet tells the story.")
    outlets: list[Outlet]
    figures: list[Figure] = Field(description="Figures the outlets disagree on.")
    stance: Stance | None = Field(description="How each outlet treats the central claim.")


class QuestionIn(Schema):
    question: str = Field(max_length=MAX_QUESTION)


class AnswerOut(Schema):
    question: str
    answered: bool = Field(description="false: these articles do not say.")
    statements: list[StatementOut] = Field(
        description="The answer; when not answered, the closest sentences."
    )
    method: str


class WrapUpOut(Schema):
    class Story(Schema):
        id: int
        title: str
        page_url: str
        outlet_count: int
        statements: list[StatementOut]

    date: str
    stories: list[Story] = Field(description="Best first; none on a day without news.")


def _subject(story_id: int) -> services.Subject:
    try:
        return services.Subject(queries.surviving_story(story_id))
    except Story.DoesNotExist:
        raise not_found("story", story_id) from None


def absolute(payload):
    """The payload with every ``page_url`` on the site's public address."""
    if isinstance(payload, list):
        return [absolute(item) for item in payload]
    if isinstance(payload, dict):
        return {
            key: settings.BASE_URL + value if key == "page_url" else absolute(value)
            for key, value in payload.items()
        }
    return payload


@router.get("/stories/{story_id}/summary", response={200: SummaryOut, 404: Problem})
def story_summary(request: HttpRequest, story_id: int):
    """3-6 cited statements across the story's outlets."""
    return absolute(services.summary(_subject(story_id)))


@router.get("/stories/{story_id}/five-w", response={200: FiveWOut, 404: Problem})
def story_five_w(request: HttpRequest, story_id: int):
    """Who, what, when, where, why and how, each with the sentence it comes from."""
    return absolute(services.five_w(_subject(story_id)))


@router.get("/stories/{story_id}/timeline", response={200: TimelineOut, 404: Problem})
def story_timeline(request: HttpRequest, story_id: int):
    """The story's dated developments, oldest first, each cited."""
    return absolute(services.timeline(_subject(story_id)))


@router.get("/stories/{story_id}/coverage", response={200: CoverageOut, 404: Problem})
def story_coverage(request: HttpRequest, story_id: int):
    """What each outlet reports that the others do not, and the figures they disagree on."""
    return absolute(services.coverage(_subject(story_id)))


@router.post(
    "/stories/{story_id}/ask",
    response={200: AnswerOut, 400: Problem, 403: Problem, 404: Problem, 429: Problem},
)
def story_ask(request: HttpRequest, story_id: int, payload: QuestionIn):
    """A question answered from the story's articles and their related articles;
    rate-limited per account and address."""
    subject = _subject(story_id)
    if not settings.TIDINGS["QUESTIONS_ANONYMOUS"] and not request.user.is_authenticated:
        raise HttpError(403, "Log in to ask questions.")
    question = " ".join(payload.question.split())
    if not question:
        raise HttpError(400, "Ask a question.")
    if seconds := ratelimit.limit(request, "question"):
        raise HttpError(429, message("question", seconds))
    return absolute(ask(subject, question))


@router.get("/wrap-up/{day}", response={200: WrapUpOut, 404: Problem})
def day_wrap_up(request: HttpRequest, day: date):
    """The day's top stories, each in one or two cited sentences."""
    if day > timezone.localdate():
        raise HttpError(404, "That day has not come yet.")
    return absolute(wrap_up(day))
