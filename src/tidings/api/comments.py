"""Comments through the API: read an article's or a story's comments, post as an account.

Reading is open to everyone and shows what the page shows the same viewer. Posting needs
an account, in one of two ways:

- a personal API token, made on the account page: ``Authorization: Bearer tid_...``;
- the session of a logged-in browser, which must then send Django's CSRF token in the
  ``X-CSRFToken`` header, as the page's forms do. A token needs no CSRF token: another
  site's page cannot make a browser send it.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from tidings.api import cursors
from tidings.api.schemas import CommentIn, CommentOut, CommentPage, Problem, not_found
from tidings.articles.models import Article
from tidings.comments import accounts, posting, ratelimit, refusals, threads, tokens
from tidings.comments.models import Comment
from tidings.stories.models import Story

BAD_TOKEN = "That API token is not valid: it is mistyped or was revoked."
BAD_CSRF = (
    "The CSRF check failed: with a session, send the csrftoken cookie's value in the "
    "X-CSRFToken header (or use a personal API token instead)."
)
NO_ACCOUNT = (
    "Posting needs an account: send a personal API token (from your account page) as "
    "'Authorization: Bearer <token>', or log in and send the CSRF token with the session."
)

router = Router(tags=["comments"])


class BearerToken(HttpBearer):
    """A personal API token. A wrong one is refused outright rather than falling back to
    the session, so that a client learns its token is bad."""

    def authenticate(self, request: HttpRequest, token: str):
        user = tokens.user_for_token(token)
        if user is None:
            raise HttpError(401, BAD_TOKEN)
        return user


class BrowserSession(APIKeyCookie):
    """A logged-in browser's session, with Django's CSRF check: the cookie alone would let
    any site's page post as its reader."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Asked last: without a session there is no account at all, and saying so beats
        # complaining about a missing CSRF token.
        if not request.user.is_authenticated:
            raise HttpError(401, NO_ACCOUNT)
        if check_csrf(request) is not None:
            raise HttpError(403, BAD_CSRF)
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user


bearer_token = BearerToken()
POST_AUTH = [bearer_token, BrowserSession()]

LIMIT = cursors.page_size(100)
READ_ANSWERS = {200: CommentPage, 400: Problem, 401: Problem, 404: Problem}
POST_ANSWERS = {
    201: CommentOut,
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    429: Problem,
}
READ_HELP = (
    "Oldest first, replies as items with their parent's id. Shows what the page shows "
    "the same viewer: with a token or a session, also your comments waiting for review."
)
POST_HELP = (
    "Needs a personal API token, or a session with its CSRF token. Answers 403 when the "
    "account is suspended or banned or the thread is locked, and 429 with Retry-After "
    "when the account or address posts too often."
)


@router.get(
    "/articles/{article_id}/comments",
    response=READ_ANSWERS,
    summary="An article's comments, oldest first",
    description=READ_HELP,
)
def article_comments(
    request: HttpRequest, article_id: int, limit: int = LIMIT, cursor: str | None = cursors.CURSOR
):
    return comment_page(request, find(Article, article_id), limit, cursor)


@router.post(
    "/articles/{article_id}/comments",
    auth=POST_AUTH,
    response=POST_ANSWERS,
    summary="Post a comment or reply on an article",
    description=POST_HELP,
)
def post_article_comment(request: HttpRequest, article_id: int, payload: CommentIn):
    return post(request, find(Article, article_id), payload)


@router.get(
    "/stories/{story_id}/comments",
    response=READ_ANSWERS,
    summary="A story's comments, oldest first",
    description=READ_HELP,
)
def story_comments(
    request: HttpRequest, story_id: int, limit: int = LIMIT, cursor: str | None = cursors.CURSOR
):
    return comment_page(request, find(Story, story_id), limit, cursor)


@router.post(
    "/stories/{story_id}/comments",
    auth=POST_AUTH,
    response=POST_ANSWERS,
    summary="Post a comment or reply on a story",
    description=POST_HELP,
)
def post_story_comment(request: HttpRequest, story_id: int, payload: CommentIn):
    return post(request, find(Story, story_id), payload)


def find(model: type[Article] | type[Story], pk: int) -> threads.Target:
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist:
        raise not_found(model._meta.verbose_name, pk) from None


def comment_page(request: HttpRequest, target: threads.Target, limit: int, cursor: str | None):
    """One page of the comments the viewer may read, in the page's order.

    1. List the keys of every comment the thread shows the viewer (``threads.in_thread``).
    2. Take the page after the cursor's key, and load only those comments in full.
    """
    viewer = bearer_token(request) or request.user
    after = cursors.read(partial(cursors.decode_time_key, "comments"), cursor)
    keys = [
        (created_at, comment_id)
        for comment_id, created_at in threads.in_thread(target, viewer, "created_at")
    ]
    if after is not None:
        keys = [key for key in keys if key > after]
    page, more = keys[:limit], len(keys) > limit
    comments = threads.comments_for(target, viewer).filter(pk__in=[key[1] for key in page])
    return {
        "items": [comment_json(comment, target, viewer) for comment in comments],
        "next": cursors.encode_time_key("comments", *page[-1]) if more else None,
    }


def post(request: HttpRequest, target: threads.Target, payload: CommentIn):
    author = request.auth
    if seconds := ratelimit.limit(request, "comment", user=author):
        response = JsonResponse({"detail": ratelimit.message("comment", seconds)}, status=429)
        response["Retry-After"] = str(seconds)
        return response
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(pk=payload.parent).first()
        if parent is None:
            # The words the service uses for a comment the author may not see either, so
            # that the answer does not tell hidden comments from missing ones.
            raise HttpError(400, "That comment cannot be answered.")
    try:
        comment = posting.post_comment(
            author=author, target=target, body=payload.body, parent=parent
        )
    except refusals.NotAllowed as refused:
        raise HttpError(403, str(refused)) from None
    except refusals.CommentError as refused:
        raise HttpError(400, str(refused)) from None
    return Status(201, comment_json(comment, target, author))


def comment_json(comment: Comment, target: threads.Target, viewer: threads.Viewer) -> dict:
    deleted = comment.status == Comment.Status.DELETED
    may_see_status = viewer.is_authenticated and (viewer.is_staff or comment.author_id == viewer.pk)
    return {
        "id": comment.pk,
        "parent": comment.parent_id,
        "author": threads.DELETED if deleted else accounts.display_name(comment.author),
        "body_html": "" if deleted else comment.body_html,
        "created_at": comment.created_at,
        "edited": comment.edited_at is not None and not deleted,
        "deleted": deleted,
        "status": comment.status if may_see_status else None,
        "page_url": f"{settings.BASE_URL}{target.get_absolute_url()}#comment-{comment.pk}",
    }
