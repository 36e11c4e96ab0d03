"""Reports, the moderation pages and the admin, through the test client and a real database."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tidings.comments import accounts, moderator_steps, posting, reporting
from tidings.comments.models import Comment, ModerationAction, Report
from tidings.comments.posting import post_comment
from tidings.comments.tests.test_comment_pages import comment_texts, find, heading, page_of


@pytest.fixture
def article(make_article):
    return make_article(title="Night buses return to the east side")


def article_page(client, article):
    return client.get(f"/articles/{article.pk}/")


def csrf_token_of(response) -> str:
    return page_of(response).xpath("//input[@name='csrfmiddlewaretoken']/@value")[0]


def messages_on(response) -> list[str]:
    return [
        " ".join(li.text_content().split())
        for li in find(page_of(response), "ul", "moderation-messages")[0]
    ]


# Who may see the moderation pages ------------------------------------------------------------


@pytest.fixture
def moderation_urls(article, make_reader):
    reader = make_reader()
    comment = post_comment(author=reader, target=article, body="Fine words")
    return [
        "/moderation/",
        "/moderation/log/",
        f"/moderation/comments/{comment.pk}/",
        f"/moderation/accounts/{reader.pk}/",
    ]


def test_anonymous_visitors_are_sent_to_log_in(client, moderation_urls):
    for url in moderation_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=/moderation/")


def test_readers_are_refused_the_moderation_pages_and_steps(
    client, moderation_urls, make_reader, article
):
    client.force_login(make_reader())
    for url in moderation_urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Moderators only" in response.content.decode()
    comment = Comment.objects.get()
    response = client.post(
        f"/moderation/comments/{comment.pk}/", {"action": "hide", "reason": "I dislike it"}
    )
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    assert not ModerationAction.objects.exists()


def test_moderation_steps_need_the_csrf_token(article, make_reader, moderator):
    comment = post_comment(author=make_reader(), target=article, body="Rude words")
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    url = f"/moderation/comments/{comment.pk}/"
    response = client.post(url, {"action": "hide", "reason": "Rude"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE

    token = csrf_token_of(client.get(url))
    response = client.post(url, {"action": "hide", "reason": "Rude", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN


# The queue and the steps ---------------------------------------------------------------------


def test_the_queue_shows_the_text_scores_reasons_and_reports(
    client, article, make_reader, moderator, settings
):
    author = make_reader(display_name="Pat <b>Bold</b>")
    settings.TIDINGS = {**settings.TIDINGS, "HOLD_SPAM": 0.0}
    held = post_comment(author=author, target=article, body="Visit **my shop** today")
    settings.TIDINGS = {**settings.TIDINGS, "HOLD_SPAM": 0.7}
    reported = post_comment(
        author=author, target=article, body="Read the article <i>first</i>, please"
    )
    reporting.report_comment(
        reported, reporter=make_reader(), reason="abuse", details="Calls us <script>idiots"
    )
    post_comment(author=author, target=article, body="A quiet, fine remark")

    client.force_login(moderator)
    response = client.get("/moderation/")
    assert response.status_code == 200
    html = response.content.decode()
    page = page_of(response)
    entries = find(page, "article", "moderation-entry")
    assert [entry.get("id") for entry in entries] == [f"entry-{held.pk}", f"entry-{reported.pk}"]
    assert heading_text(page, "h1") == "Moderation queue (2)"
    assert comment_texts(response) == [
        "Visit my shop today",
        "Read the article <i>first</i>, please",
    ]
    assert entries[0].xpath(".//div[contains(@class, 'comment-text')]//strong/text()") == [
        "my shop"
    ]
    held_reasons = entries[0].xpath(".//ul[@class='moderation-reasons']/li/text()")
    assert held_reasons == held.moderation_reasons != []
    assert "Harassment or hate" in entries[1].text_content()
    assert "Calls us <script>idiots" in entries[1].text_content()
    assert "<script>idiots" not in html and "<b>Bold</b>" not in html
    author_links = entries[0].xpath(f".//a[@href='/moderation/accounts/{author.pk}/']")
    assert author_links[0].text_content() == "Pat <b>Bold</b>"
    assert entries[0].xpath(f".//a[@href='/articles/{article.pk}/#comment-{held.pk}']")
    assert "A quiet, fine remark" not in html


def heading_text(page, tag: str) -> str:
    return " ".join(page.xpath(f"//{tag}")[0].text_content().split())


def test_hiding_from_the_queue_redirects_back_and_readers_no_longer_see_it(
    client, article, make_reader, moderator
):
    author, reader = make_reader(), make_reader()
    rude = post_comment(author=author, target=article, body="Something rude")
    reply = post_comment(author=reader, target=article, body="That was rude", parent=rude)
    post_comment(author=reader, target=article, body="Buses at last")
    reporting.report_comment(rude, reporter=reader, reason="abuse")

    client.force_login(reader)
    assert heading(article_page(client, article)) == "Comments (3)"

    client.force_login(moderator)
    response = client.post(
        f"/moderation/comments/{rude.pk}/",
        {"action": "hide", "reason": "Insults a reader", "next": "/moderation/"},
    )
    assert (response.status_code, response["Location"]) == (302, "/moderation/")
    queue = client.get("/moderation/")
    assert messages_on(queue) == [f"Hidden comment {rude.pk}."]
    assert not find(page_of(queue), "article", "moderation-entry")
    entry = ModerationAction.objects.get(action="hide")
    assert (entry.moderator, entry.comment, entry.reason) == (moderator, rude, "Insults a reader")

    for viewer in (reader, author):
        client.force_login(viewer)
        page = article_page(client, article)
        assert comment_texts(page) == ["Buses at last"]
        assert heading(page) == "Comments (1)"
        assert reply.body not in page.content.decode()
    client.logout()
    assert comment_texts(article_page(client, article)) == ["Buses at last"]

    client.force_login(moderator)
    page = article_page(client, article)
    assert "Something rude" in comment_texts(page)
    assert "hidden by a moderator" in page.content.decode()


def test_a_step_refused_by_the_rules_comes_back_as_a_message(
    client, article, make_reader, moderator
):
    comment = post_comment(author=make_reader(), target=article, body="Borderline")
    client.force_login(moderator)
    url = f"/moderation/comments/{comment.pk}/"
    response = client.post(url, {"action": "hide", "reason": ""}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert messages_on(response) == [
        f"Comment {comment.pk}: Give a reason: it goes in the moderation log."
    ]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE

    response = client.post(url, {"action": "explode"}, follow=True)
    assert "Select a valid choice" in messages_on(response)[0]


def test_next_leading_off_the_site_is_ignored(client, article, make_reader, moderator):
    comment = post_comment(author=make_reader(), target=article, body="Fine")
    client.force_login(moderator)
    response = client.post(
        f"/moderation/comments/{comment.pk}/",
        {"action": "lock", "next": "https://elsewhere.example/moderation/"},
    )
    assert response["Location"] == f"/moderation/comments/{comment.pk}/"
    comment.refresh_from_db()
    assert comment.locked_at is not None


def test_a_comments_moderation_page_shows_its_history(client, article, make_reader, moderator):
    comment = post_comment(author=make_reader(), target=article, body="Fine")
    moderator_steps.lock(comment, moderator=moderator, reason="Flame war below")
    client.force_login(moderator)
    page = page_of(client.get(f"/moderation/comments/{comment.pk}/"))
    history = [
        " ".join(li.text_content().split())
        for li in page.xpath("//ol[@class='moderation-history']/li")
    ]
    assert len(history) == 1 and history[0].startswith("Lock by mod: Flame war below — ")
    buttons = page.xpath("//form[@class='moderation-form']//button/@value")
    assert "unlock" in buttons and "lock" not in buttons


def test_the_log_lists_every_step_newest_first_in_pages(client, make_reader, moderator):
    reader = make_reader()
    for number in range(51):
        posting.log_moderation("suspend", user=reader, moderator=moderator, reason=f"n{number}")
    client.force_login(moderator)
    first = page_of(client.get("/moderation/log/"))
    rows = first.xpath("//table[@class='moderation-log']/tbody/tr")
    assert len(rows) == 50
    assert rows[0].xpath("td")[-1].text_content() == "n50"
    second = page_of(client.get("/moderation/log/?page=2"))
    reasons = second.xpath("//table[@class='moderation-log']/tbody/tr/td[last()]/text()")
    assert reasons == ["n0"]


# Accounts ------------------------------------------------------------------------------------


def test_suspending_from_the_account_page_stops_posting_through_the_page(
    client, article, make_reader, moderator
):
    reader = make_reader(display_name="Sam")
    own = post_comment(author=reader, target=article, body="First words")
    client.force_login(moderator)
    url = f"/moderation/accounts/{reader.pk}/"
    response = client.post(
        url, {"action": "suspend", "days": "7", "reason": "Flooding", "next": url}
    )
    assert response["Location"] == url
    reader.refresh_from_db()
    until = reader.profile.suspended_until
    assert timedelta(days=7) - timedelta(minutes=1) < until - timezone.now() <= timedelta(days=7)
    page = client.get(url)
    assert messages_on(page) == [f"Suspended Sam until {accounts.human_time(until)}."]
    assert f"Suspended until {accounts.human_time(until)}" in page.content.decode()

    client.force_login(reader)
    page = page_of(article_page(client, article))
    block = find(page, "p", "comment-blocked")[0].text_content()
    assert "suspended until" in block and "Flooding" in block
    assert not find(page, "form", "comment-form")
    assert not find(page, "details", "comment-reply")
    response = client.post(f"/articles/{article.pk}/comments/", {"body": "Sneaking in"})
    assert response.status_code == 403
    response = client.post(f"/comments/{own.pk}/edit/", {"body": "Changed"})
    assert response.status_code == 403
    assert list(Comment.objects.values_list("body", flat=True)) == ["First words"]
    form = client.get(f"/comments/{own.pk}/edit/")  # not even the form, but the reason
    assert form.status_code == 403
    assert "suspended until" in form.content.decode()
    assert not page_of(form).xpath("//textarea")


def test_a_banned_reader_cannot_post_through_the_page(client, article, make_reader, moderator):
    reader = make_reader()
    client.force_login(moderator)
    client.post(f"/moderation/accounts/{reader.pk}/", {"action": "ban", "reason": "Threats"})
    client.force_login(reader)
    response = client.post(f"/articles/{article.pk}/comments/", {"body": "Hello"})
    assert response.status_code == 403
    assert "banned" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_suspension_needs_a_duration_from_the_list(client, make_reader, moderator):
    reader = make_reader()
    client.force_login(moderator)
    url = f"/moderation/accounts/{reader.pk}/"
    for days in ("", "3"):
        response = client.post(
            url, {"action": "suspend", "days": days, "reason": "Spam"}, follow=True
        )
        assert messages_on(response) != []
    reader.refresh_from_db()
    assert reader.profile.suspended_until is None


def test_the_account_page_shows_the_readers_comments_and_what_was_done(
    client, article, make_reader, moderator
):
    reader = make_reader()
    hidden = post_comment(author=reader, target=article, body="Hidden one")
    post_comment(author=reader, target=article, body="Visible one")
    moderator_steps.hide(hidden, moderator=moderator, reason="Off topic rant")
    client.force_login(moderator)
    page = client.get(f"/moderation/accounts/{reader.pk}/")
    assert comment_texts(page) == ["Visible one", "Hidden one"]
    assert "Off topic rant" in page.content.decode()
    assert "In good standing" in page.content.decode()


# The admin, as a fallback ------------------------------------------------------------------------


def test_the_admin_lists_comments_reports_the_log_and_profiles(
    client, article, make_reader, django_user_model
):
    reader = make_reader()
    comment = post_comment(author=reader, target=article, body="Admin me")
    reporting.report_comment(comment, reporter=make_reader(), reason="spam")
    admin = django_user_model.objects.create_superuser("root", password="x-long-secret-42")
    client.force_login(admin)
    for model in ("comment", "report", "moderationaction", "profile"):
        assert client.get(f"/admin/comments/{model}/").status_code == 200, model
    assert client.get(f"/admin/comments/comment/{comment.pk}/change/").status_code == 200
    assert client.get("/admin/comments/comment/add/").status_code == 403

    response = client.post(
        "/admin/comments/comment/",
        {"action": "dismiss_selected", "_selected_action": [comment.pk]},
    )
    assert response.status_code == 302
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.moderator, entry.comment) == ("dismiss", admin, comment)
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_the_queue_page_takes_as_many_queries_for_many_entries_as_for_few(
    client, article, make_reader, moderator
):
    def fill(count):
        for _ in range(count):
            comment = post_comment(author=make_reader(), target=article, body="Reported text")
            reporting.report_comment(comment, reporter=make_reader(), reason="spam")

    client.force_login(moderator)
    fill(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/moderation/").status_code == 200
    fill(6)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/moderation/")
    assert len(find(page_of(page), "article", "moderation-entry")) == 8
    assert len(many.captured_queries) == len(few.captured_queries)
