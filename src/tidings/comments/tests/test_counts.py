"""Comment counts on cards: what an anonymous reader can read, in the list's own query."""

import lxml.html
import pytest

from tidings.articles.models import Article
from tidings.comments.counts import with_comment_counts
from tidings.comments.models import Comment
from tidings.comments.posting import post_comment
from tidings.sources.models import Source
from tidings.stories.models import Story
from tidings.web.queries import hashtag_articles, latest_articles


def comment(author, target, status=Comment.Status.VISIBLE) -> Comment:
    made = post_comment(author=author, target=target, body="A comment")
    Comment.objects.filter(pk=made.pk).update(status=status)
    return made


@pytest.fixture
def reader(make_reader):
    return make_reader()


def test_only_visible_comments_count(make_article, reader):
    busy, quiet = make_article(), make_article()
    comment(reader, busy)
    comment(reader, busy)
    for status in (Comment.Status.HELD, Comment.Status.HIDDEN, Comment.Status.DELETED):
        comment(reader, busy, status)
    comment(reader, quiet, Comment.Status.HIDDEN)

    counts = dict(with_comment_counts(Article.objects.all()).values_list("pk", "comment_count"))

    assert counts == {busy.pk: 2, quiet.pk: 0}


def test_replies_to_a_hidden_comment_do_not_count(make_article, reader):
    article = make_article()
    hidden = comment(reader, article)
    post_comment(author=reader, target=article, body="A reply", parent=hidden)
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    answered = comment(reader, article)
    post_comment(author=reader, target=article, body="Another reply", parent=answered)

    counted = with_comment_counts(Article.objects.filter(pk=article.pk)).get().comment_count

    assert counted == 2


def test_stories_are_counted_too(db, reader):
    story, other = Story.objects.create(id=1, title="One"), Story.objects.create(id=2, title="Two")
    comment(reader, story)
    comment(reader, story, Comment.Status.HELD)

    counts = dict(with_comment_counts(Story.objects.all()).values_list("pk", "comment_count"))

    assert counts == {story.pk: 1, other.pk: 0}


def test_other_rows_have_no_comment_counts(db):
    with pytest.raises(TypeError, match="not Source"):
        with_comment_counts(Source.objects.all())


def test_the_list_and_its_counts_are_one_query(make_article, reader, django_assert_num_queries):
    for _ in range(3):
        comment(reader, make_article())
    with django_assert_num_queries(1):
        assert [article.comment_count for article in latest_articles()] == [1, 1, 1]


def test_a_hashtags_list_does_not_multiply_counts(make_article, make_hashtag, reader):
    article = make_article()
    comment(reader, article)
    comment(reader, article)
    tag = make_hashtag("Bridges", articles=[article])
    make_hashtag("Councils", articles=[article])
    assert [a.comment_count for a in hashtag_articles(tag)] == [2]


def test_cards_say_how_many_comments_and_link_to_them(client, make_article, reader):
    two, one, none = make_article(), make_article(), make_article()
    comment(reader, two)
    comment(reader, two)
    comment(reader, one)
    comment(reader, none, Comment.Status.HIDDEN)

    page = lxml.html.fromstring(client.get("/").content.decode())

    links = {
        link.get("href"): link.text_content()
        for link in page.xpath("//a[contains(@class, 'card-comments')]")
    }
    assert links == {
        f"/articles/{two.pk}/#comments": "2 comments",
        f"/articles/{one.pk}/#comments": "1 comment",
    }
