from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from tidings.readers import services
from tidings.readers.models import ArticleState, Follow


def test_following_twice_keeps_one_follow(make_reader, make_source):
    reader, source = make_reader(), make_source()
    services.follow(reader, source)
    services.follow(reader, source)
    assert list(services.followed_sources(reader)) == [source]
    assert services.unfollow(reader, source)
    assert not services.unfollow(reader, source)
    assert not services.is_following(reader, source)


def test_a_follow_names_exactly_one_target(make_reader, make_source, make_hashtag):
    reader = make_reader()
    with pytest.raises(IntegrityError):
        Follow.objects.create(reader=reader, source=make_source(), hashtag=make_hashtag("Rain"))


def test_a_follow_without_target_is_refused(make_reader):
    with pytest.raises(IntegrityError):
        Follow.objects.create(reader=make_reader())


def test_hashtags_and_stories_are_followed_too(make_reader, make_hashtag, make_article):
    from tidings.stories.models import Story

    reader = make_reader()
    hashtag = make_hashtag("Elections")
    story = Story.objects.create(id=7, title="A vote")
    services.follow(reader, hashtag)
    services.follow(reader, story)
    assert list(services.followed_hashtags(reader)) == [hashtag]
    assert list(services.followed_stories(reader)) == [story]
    assert list(services.followed_sources(reader)) == []


def test_marks_are_per_reader(make_reader, make_article):
    alice, bob = make_reader(), make_reader()
    article = make_article()
    assert services.mark_read(alice, [article.id]) == 1
    assert services.mark_read(alice, [article.id]) == 0
    assert services.unread(services.reading_list(bob), bob).count() == 0  # follows nothing
    services.follow(bob, article.source)
    services.follow(alice, article.source)
    assert list(services.unread(services.reading_list(bob), bob)) == [article]
    assert list(services.unread(services.reading_list(alice), alice)) == []


def test_unmarking_leaves_no_empty_rows(make_reader, make_article):
    reader, article = make_reader(), make_article()
    services.mark_read(reader, [article.id])
    services.star(reader, [article.id])
    assert services.mark_unread(reader, [article.id]) == 1
    assert ArticleState.objects.get().starred_at is not None
    assert services.unstar(reader, [article.id]) == 1
    assert not ArticleState.objects.exists()


def test_marks_pass_over_articles_that_do_not_exist(make_reader, make_article):
    reader, article = make_reader(), make_article()
    assert services.star(reader, [article.id, article.id + 1000]) == 1
    assert list(services.starred(services.reading_list(reader), reader)) == []
    services.follow(reader, article.source)
    assert list(services.starred(services.reading_list(reader), reader)) == [article]


def test_mark_all_read_leaves_what_arrived_after(make_reader, make_source, make_article):
    reader, source = make_reader(), make_source()
    now = timezone.now()
    old = [make_article(source, created_at=now - timedelta(hours=h)) for h in (3, 2)]
    new = make_article(source, created_at=now)
    services.follow(reader, source)
    services.mark_read(reader, [old[0].id])
    marked = services.mark_all_read(reader, source.articles.all(), now - timedelta(minutes=1))
    assert marked == 1
    assert list(services.unread(services.reading_list(reader), reader)) == [new]
    assert services.mark_all_read(reader, source.articles.all()) == 1
    assert services.unread_counts(reader) == {}


def test_unread_counts_per_followed_source(make_reader, make_source, make_article):
    reader, first, second, other = make_reader(), make_source(), make_source(), make_source()
    articles = [make_article(first) for _ in range(3)] + [make_article(second)]
    make_article(other)
    services.follow(reader, first)
    services.follow(reader, second)
    services.mark_read(reader, [articles[0].id, articles[3].id])
    assert services.unread_counts(reader) == {first.id: 2}
    states = services.states_of(reader, [a.id for a in articles])
    assert set(states) == {articles[0].id, articles[3].id}
