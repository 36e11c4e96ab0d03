"""Readers' comments through the pages, with the test client and a real database."""

import re
from datetime import timedelta

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tidings.comments import reporting
from tidings.comments.models import Comment, ModerationAction
from tidings.comments.posting import post_comment
from tidings.comments.tests.test_markdown import XSS_CORPUS

PASSWORD = "a-long-enough-secret-9"


def page_of(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


def with_class(name: str) -> str:
    """An XPath test for elements whose class list holds ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def find(root, tag: str, class_name: str) -> list:
    return root.xpath(f".//{tag}[{with_class(class_name)}]")


def comment_texts(response) -> list[str]:
    nodes = find(page_of(response), "*", "comment-text")
    return [" ".join(node.text_content().split()) for node in nodes]


def heading(response) -> str:
    return " ".join(page_of(response).get_element_by_id("comments-heading").text_content().split())


@pytest.fixture
def article(make_article):
    return make_article(title="Council approves the new bridge", text="The vote was 7 to 2.")


def test_a_reader_signs_up_posts_replies_edits_and_deletes(client, article, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ada",
            "display_name": "Ada L.",
            "email": "ada@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+(/accounts/signup/confirm/\S+/)", mailoutbox[0].body)[1]
    assert client.post(link).status_code == 302
    ada = User.objects.get(username="ada")
    assert ada.profile.display_name == "Ada L."

    client.post("/accounts/logout/")
    assert client.login(username="ada", password=PASSWORD)

    url = f"/articles/{article.pk}/comments/"
    response = client.post(url, {"body": "The *second* span looks **too** low."})
    first = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/#comment-{first.pk}"
    assert first.body_html == "<p>The <em>second</em> span looks <strong>too</strong> low.</p>"

    response = client.post(url, {"body": "It was raised in the final plan.", "parent": first.pk})
    reply = Comment.objects.get(parent=first)
    assert response["Location"].endswith(f"#comment-{reply.pk}")

    page = client.get(f"/articles/{article.pk}/")
    assert heading(page) == "Comments (2)"
    assert "Ada L." in page.content.decode()
    first_item = page_of(page).get_element_by_id(f"comment-{first.pk}").getparent()
    nested = find(first_item, "ol", "comment-replies")[0]
    assert nested.xpath(".//article/@id") == [f"comment-{reply.pk}"]

    response = client.post(
        f"/comments/{first.pk}/edit/", {"body": "The second span looks low to me."}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.edited_at is not None
    page = client.get(f"/articles/{article.pk}/")
    assert "(edited)" in page.content.decode()

    client.post(f"/comments/{first.pk}/delete/")
    page = client.get(f"/articles/{article.pk}/")
    texts = comment_texts(page)
    assert texts == ["[deleted]", "It was raised in the final plan."]
    assert heading(page) == "Comments (1)"


def test_the_article_page_says_no_comments_yet_when_there_are_none(client, article):
    response = client.get(f"/articles/{article.pk}/")
    assert heading(response) == "Comments"
    assert "No comments yet..." in response.content.decode()


def test_anonymous_readers_cannot_post_and_see_a_login_link(client, article):
    response = client.post(f"/articles/{article.pk}/comments/", {"body": "Hello"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Comment.objects.exists()
    page = client.get(f"/articles/{article.pk}/")
    section = page_of(page).get_element_by_id("comments")
    assert section.xpath(".//a[starts-with(@href, '/accounts/login/')]")
    assert not find(section, "form", "comment-form")


def test_posting_without_a_csrf_token_is_refused(article, make_reader):
    reader = make_reader()
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(f"/articles/{article.pk}/comments/", {"body": "Hello"})
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_posting_with_the_pages_csrf_token_works(article, make_reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_reader())
    page = client.get(f"/articles/{article.pk}/")
    form = find(page_of(page), "form", "comment-form")[0]
    token = form.xpath(".//input[@name='csrfmiddlewaretoken']")[0]
    response = client.post(
        f"/articles/{article.pk}/comments/",
        {"body": "Hello there", "csrfmiddlewaretoken": token.get("value")},
    )
    assert response.status_code == 302
    assert Comment.objects.get().body == "Hello there"


def test_an_htmx_post_answers_with_the_comments_section(client, article, make_reader):
    client.force_login(make_reader(display_name="Grace"))
    response = client.post(
        f"/articles/{article.pk}/comments/", {"body": "Quick note"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    section = page_of(response)
    assert section.get("id") == "comments"
    assert comment_texts(response) == ["Quick note"]
    assert "<html" not in response.content.decode()


def test_a_held_comment_is_seen_by_its_author_and_staff_only(
    client, article, make_reader, settings
):
    settings.TIDINGS = {**settings.TIDINGS, "HOLD_SPAM": 0.0}
    author, other = make_reader(), make_reader()
    staff = make_reader(is_staff=True)
    comment = post_comment(author=author, target=article, body="Visit my channel for more")
    assert comment.status == Comment.Status.HELD
    assert ModerationAction.objects.get(comment=comment).action == "hold"

    client.force_login(author)
    page = client.get(f"/articles/{article.pk}/")
    assert comment_texts(page) == ["Visit my channel for more"]
    assert "waiting for review" in page.content.decode()

    client.force_login(other)
    page = client.get(f"/articles/{article.pk}/")
    assert comment_texts(page) == []
    assert heading(page) == "Comments"
    assert "No comments yet..." in page.content.decode()

    client.logout()
    assert "Visit my channel" not in client.get(f"/articles/{article.pk}/").content.decode()

    client.force_login(staff)
    assert comment_texts(client.get(f"/articles/{article.pk}/")) == ["Visit my channel for more"]


def test_a_hidden_comment_is_invisible_to_readers_and_in_counts(client, article, make_reader):
    comment = post_comment(author=make_reader(), target=article, body="Something rude")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HIDDEN)
    page = client.get(f"/articles/{article.pk}/")
    assert "Something rude" not in page.content.decode()
    assert heading(page) == "Comments"


def test_comments_can_be_edited_only_for_fifteen_minutes(client, article, make_reader):
    reader = make_reader()
    comment = post_comment(author=reader, target=article, body="First take")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client.force_login(reader)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Second take"})
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "First take"


def test_readers_cannot_edit_or_delete_others_comments(client, article, make_reader):
    comment = post_comment(author=make_reader(), target=article, body="Mine")
    client.force_login(make_reader())
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "Yours"}).status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert (comment.body, comment.status) == ("Mine", Comment.Status.VISIBLE)


def test_a_script_in_a_comment_or_display_name_stays_text_on_the_page(client, article, make_reader):
    author = make_reader(display_name='<img src=x onerror="alert(1)">')
    post_comment(author=author, target=article, body="<script>alert(1)</script>")
    page = client.get(f"/articles/{article.pk}/")
    html = page.content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert comment_texts(page) == ["<script>alert(1)</script>"]
    assert page["Content-Security-Policy"].startswith("default-src 'self'")


def test_deleting_ones_account_needs_the_password_and_leaves_comments_as_deleted(
    client, article, make_reader
):
    reader = make_reader(display_name="Leaving Soon")
    post_comment(author=reader, target=article, body="Goodbye, all")
    client.force_login(reader)

    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert User.objects.filter(pk=reader.pk).exists()

    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=reader.pk).exists()
    page = client.get(f"/articles/{article.pk}/")
    assert comment_texts(page) == ["Goodbye, all"]
    authors = [a.text_content() for a in find(page_of(page), "span", "comment-author")]
    assert authors == ["[deleted]"]
    assert "Leaving Soon" not in page.content.decode()


def test_signup_applies_djangos_password_validators(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "bob",
            "display_name": "Bob",
            "email": "bob@example.org",
            "password1": "password",
            "password2": "password",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="bob").exists()
    assert "too common" in response.content.decode()


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(
    client, make_reader, mailoutbox
):
    reader = make_reader()
    known = client.post("/accounts/password_reset/", {"email": reader.email})
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password_reset/done/"
    assert [message.to for message in mailoutbox] == [[reader.email]]
    assert "/accounts/reset/" in mailoutbox[0].body


def test_login_does_not_tell_whether_the_username_exists(client, make_reader):
    reader = make_reader()
    wrong_password = client.post(
        "/accounts/login/", {"username": reader.username, "password": "nope"}
    )
    no_such_user = client.post("/accounts/login/", {"username": "ghost", "password": "nope"})
    assert wrong_password.status_code == no_such_user.status_code == 200

    def errors(response):
        return [e.text_content() for e in find(page_of(response), "*", "form-error")]

    assert errors(wrong_password) == errors(no_such_user) != []


def test_replies_deeper_than_the_limit_are_shown_at_the_limit(client, article, make_reader):
    reader = make_reader()
    parent = None
    for depth in range(7):
        parent = post_comment(author=reader, target=article, body=f"level {depth}", parent=parent)
    page = page_of(client.get(f"/articles/{article.pk}/"))
    depths = [
        int(next(c for c in li.get("class").split() if c.startswith("depth-"))[6:])
        for li in find(page, "li", "comment")
    ]
    assert depths == [0, 1, 2, 3, 4, 4, 4]


def test_the_article_page_loads_htmx_from_our_own_static_files(client, article):
    response = client.get(f"/articles/{article.pk}/")
    scripts = page_of(response).xpath("//script")
    assert [s.get("src") for s in scripts] == ["/static/web/htmx.min.js"]
    assert all(not (s.text or "").strip() for s in scripts)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert client.get("/static/web/htmx.min.js").status_code == 200


def test_a_reply_to_a_comment_that_does_not_exist_is_refused(client, article, make_reader):
    client.force_login(make_reader())
    response = client.post(f"/articles/{article.pk}/comments/", {"body": "Hi", "parent": 999})
    assert response.status_code == 400
    assert "cannot be answered" in response.content.decode()
    assert not Comment.objects.exists()


def runnable_parts(html: str) -> list[str]:
    """What a browser could run in a whole page: script elements other than our own
    files, event-handler attributes, and javascript:, vbscript: or data: addresses."""
    found = []
    for element in lxml.html.document_fromstring(html).iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script" and not element.get("src", "").startswith("/static/"):
            found.append("script")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{element.tag} {name}")
            # The empty "data:," favicon of our own page head runs nothing.
            if name in {"href", "src", "action", "xlink:href", "data"} and re.match(
                r"\s*(javascript:|vbscript:|data:(?!,$))", value, re.IGNORECASE
            ):
                found.append(f"{element.tag} {name}={value}")
    return found


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_no_payload_in_a_body_or_display_name_runs_on_any_page(
    client, article, make_reader, payload
):
    from tidings.stories.models import Story

    story = Story.objects.create(id=1, title="A story")
    author = make_reader(display_name=payload[:60])
    for target in (article, story):
        comment = post_comment(author=author, target=target, body=payload)
        # The scorer holds some payloads; shown, they reach readers' pages too.
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.VISIBLE)
        reporting.report_comment(comment, reporter=make_reader(), reason="abuse", details=payload)
    staff = make_reader(is_staff=True)
    client.force_login(staff)

    for address in (
        f"/articles/{article.pk}/",
        f"/stories/{story.pk}/",
        "/moderation/",
        f"/moderation/comments/{comment.pk}/",
        f"/moderation/accounts/{author.pk}/",
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        assert runnable_parts(response.content.decode()) == [], address
    api = client.get(f"/api/v1/articles/{article.pk}/comments").json()["items"][0]
    assert runnable_parts(f"<div>{api['body_html']}</div>") == []
