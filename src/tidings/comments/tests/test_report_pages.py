"""Readers' reports through the pages, and what a thread shows of locks and moderators."""

import pytest
from django.test import Client

from tidings.comments import moderator_steps
from tidings.comments.models import Comment, Report
from tidings.comments.posting import post_comment
from tidings.comments.tests.test_comment_pages import find, page_of


@pytest.fixture
def article(make_article):
    return make_article(title="Night buses return to the east side")


def article_page(client, article):
    return client.get(f"/articles/{article.pk}/")


def test_a_reader_reports_a_comment_and_is_thanked_instead_of_shown_the_form_again(
    client, article, make_reader
):
    author, reporter = make_reader(), make_reader()
    comment = post_comment(author=author, target=article, body="Cheap pills here")
    client.force_login(reporter)
    page = page_of(article_page(client, article))
    form = find(page, "details", "comment-report")[0].xpath(".//form")[0]
    assert form.get("action") == f"/comments/{comment.pk}/report/"
    assert form.xpath(".//input[@name='reason']/@value") == ["spam", "abuse", "off_topic", "other"]

    url = f"/comments/{comment.pk}/report/"
    response = client.post(url, {"reason": "spam", "details": "Advert"})
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/#comment-{comment.pk}"
    page = page_of(article_page(client, article))
    assert (
        "Thanks, a moderator will look at it."
        in find(page, "p", "comment-reported")[0].text_content()
    )
    assert not find(page, "details", "comment-report")

    response = client.post(url, {"reason": "abuse"})
    assert response.status_code == 302
    assert list(Report.objects.values_list("reason", "details")) == [("spam", "Advert")]

    client.force_login(author)
    page = page_of(article_page(client, article))
    assert not find(page, "details", "comment-report")
    assert not find(page, "p", "comment-reported")


def test_an_htmx_report_answers_with_the_section_and_the_thanks(client, article, make_reader):
    comment = post_comment(author=make_reader(), target=article, body="Off topic")
    client.force_login(make_reader())
    response = client.post(
        f"/comments/{comment.pk}/report/", {"reason": "off_topic"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    section = page_of(response)
    assert section.get("id") == "comments"
    assert "Thanks, a moderator will look at it." in section.text_content()
    assert Report.objects.get().reason == "off_topic"


def test_refused_reports_say_why(client, article, make_reader):
    author = make_reader()
    comment = post_comment(author=author, target=article, body="Mine")
    client.force_login(author)
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})
    assert response.status_code == 400
    assert "cannot report your own comment" in response.content.decode()
    client.force_login(make_reader())
    response = client.post(f"/comments/{comment.pk}/report/", {})
    assert response.status_code == 400
    assert "Choose why you report this comment." in response.content.decode()
    client.logout()
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})
    assert response["Location"].startswith("/accounts/login/")
    assert not Report.objects.exists()


def test_reporting_needs_the_csrf_token(article, make_reader):
    comment = post_comment(author=make_reader(), target=article, body="Hello")
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    response = client.post(f"/comments/{comment.pk}/report/", {"reason": "spam"})
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_a_locked_comment_says_so_and_offers_no_reply_below_it(
    client, article, make_reader, moderator
):
    reader = make_reader()
    root = post_comment(author=reader, target=article, body="Root")
    child = post_comment(author=reader, target=article, body="Child", parent=root)
    other = post_comment(author=reader, target=article, body="Elsewhere")
    moderator_steps.lock(root, moderator=moderator, reason="Heated")
    client.force_login(make_reader())
    page = page_of(article_page(client, article))

    def item(comment):
        return page.get_element_by_id(f"comment-{comment.pk}")

    assert find(item(root), "span", "comment-locked")[0].text_content() == "Locked"
    assert not find(item(child), "span", "comment-locked")
    assert not find(item(root), "details", "comment-reply")
    assert not find(item(child), "details", "comment-reply")
    assert find(item(other), "details", "comment-reply")
    response = client.post(
        f"/articles/{article.pk}/comments/", {"body": "Still here", "parent": child.pk}
    )
    assert response.status_code == 403
    assert "locked" in response.content.decode()
    assert Comment.objects.count() == 3


def test_staff_see_a_moderate_link_on_each_comment_and_readers_do_not(
    client, article, make_reader, moderator
):
    comment = post_comment(author=make_reader(), target=article, body="Hello")
    client.force_login(moderator)
    links = find(page_of(article_page(client, article)), "a", "comment-moderate")
    assert [link.get("href") for link in links] == [f"/moderation/comments/{comment.pk}/"]
    client.force_login(make_reader())
    assert not find(page_of(article_page(client, article)), "a", "comment-moderate")


def test_staff_have_the_queue_in_the_header_and_readers_do_not(
    client, article, make_reader, moderator
):
    client.force_login(moderator)
    assert 'href="/moderation/"' in article_page(client, article).content.decode()
    client.force_login(make_reader())
    assert 'href="/moderation/"' not in article_page(client, article).content.decode()
