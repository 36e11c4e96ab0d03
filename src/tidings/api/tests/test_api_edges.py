"""What the API does with input at the edge of what it accepts, and what its schema says."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tidings.api import cursors
from tidings.api.api import takes_input
from tidings.api.schemas import MAX_ID
from tidings.comments import tokens
from tidings.comments.models import Comment
from tidings.comments.posting import MAX_BODY

TOO_BIG = str(MAX_ID + 1)


def bearer(user: User) -> dict:
    return {"Authorization": f"Bearer {tokens.create_token(user, 'tests')[1]}"}


def test_a_lone_surrogate_in_a_comment_becomes_a_replacement_character(make_article, make_reader):
    article = make_article()
    # Written out by hand: json.dumps would not let a lone surrogate through unescaped.
    body = '{"body": "x\\ud800y \\u0000z"}'

    response = Client().post(
        f"/api/v1/articles/{article.pk}/comments",
        body,
        content_type="application/json",
        headers=bearer(make_reader()),
    )

    assert response.status_code == 201, response.content
    assert Comment.objects.get().body == "x\ufffdy \ufffdz"
    assert "x\ufffdy" in response.json()["body_html"]


@pytest.mark.parametrize("number", [TOO_BIG, f"-{TOO_BIG}", "0"])
def test_a_source_id_no_row_can_have_is_422_not_a_crash(client, db, number):
    response = client.get("/api/v1/articles", {"source": number})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "source"]


def test_the_largest_source_id_is_simply_not_found(client, db):
    response = client.get("/api/v1/articles", {"source": str(MAX_ID)})

    assert (response.status_code, response.json()["items"]) == (200, [])


def test_a_comment_parent_no_row_can_have_is_422(make_article, make_reader):
    article = make_article()

    response = Client().post(
        f"/api/v1/articles/{article.pk}/comments",
        f'{{"body": "Hi", "parent": {TOO_BIG}}}',
        content_type="application/json",
        headers=bearer(make_reader()),
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "parent"]


def test_a_since_that_leaves_the_calendar_in_utc_is_422(client, db):
    response = client.get("/api/v1/articles", {"since": "0001-01-01T00:00:00+23:59"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "since"]


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"])
@pytest.mark.parametrize("kind", ["articles", "stories"])
def test_a_cursor_time_that_leaves_the_calendar_in_utc_is_400(client, db, kind, moment):
    response = client.get(f"/api/v1/{kind}", {"cursor": cursors.encode(kind, moment, 1)})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("The cursor is damaged.")


# Fetch errors are for staff.


@pytest.fixture
def failing_source(make_source):
    return make_source(
        last_fetched_at=timezone.now(),
        last_status=None,
        error_count=1,
        last_error_code="private_address",
        last_error="feeds.example resolved to 10.0.0.7, a private address.",
    )


def test_anyone_sees_a_fetch_error_code_but_not_its_details(client, failing_source):
    last_fetch = client.get("/api/v1/sources").json()["items"][0]["last_fetch"]

    assert last_fetch["error_code"] == "private_address"
    assert "10.0.0.7" not in last_fetch["error"]
    assert last_fetch["error"] == "The last fetch failed; the error code says how."


def test_an_account_that_is_not_staff_sees_no_details_either(failing_source, make_reader):
    response = Client().get("/api/v1/sources", headers=bearer(make_reader()))

    assert "10.0.0.7" not in response.json()["items"][0]["last_fetch"]["error"]


def test_staff_see_the_details_with_a_token_or_a_session(failing_source, make_reader):
    staff = make_reader(is_staff=True)
    session = Client()
    session.force_login(staff)

    for client, headers in [(Client(), bearer(staff)), (session, {})]:
        last_fetch = client.get("/api/v1/sources", headers=headers).json()["items"][0]
        assert "10.0.0.7" in last_fetch["last_fetch"]["error"]


# The OpenAPI document says what the API checks.


@pytest.fixture
def openapi(client, db) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_every_operation_that_takes_input_documents_its_422(openapi):
    taking_input = [
        (path, method, operation)
        for path, methods in openapi["paths"].items()
        for method, operation in methods.items()
        if takes_input(operation)
    ]

    assert len(taking_input) >= 8
    for path, method, operation in taking_input:
        answer = operation["responses"].get("422")
        assert answer, f"{method.upper()} {path} does not document 422"
        schema = answer["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ValidationProblem"}
    problem = openapi["components"]["schemas"]["ValidationProblem"]
    assert problem["properties"]["detail"]["items"] == {
        "$ref": "#/components/schemas/ValidationIssue"
    }


def parameter(openapi: dict, path: str, name: str) -> dict:
    [found] = [p for p in openapi["paths"][path]["get"]["parameters"] if p["name"] == name]
    return found


def test_limits_ids_and_cursors_are_described_with_their_bounds(openapi):
    limit = parameter(openapi, "/api/v1/articles", "limit")["schema"]
    assert (limit["minimum"], limit["maximum"]) == (1, cursors.MAX_LIMIT)
    source = parameter(openapi, "/api/v1/articles", "source")["schema"]["anyOf"][0]
    assert (source["minimum"], source["maximum"]) == (1, MAX_ID)
    cursor = parameter(openapi, "/api/v1/articles", "cursor")
    assert "URL-safe base64" in cursor["description"]
    assert "400" in cursor["description"]


def test_the_comment_body_is_described_with_its_lengths(openapi):
    body = openapi["components"]["schemas"]["CommentIn"]["properties"]["body"]

    assert (body["minLength"], body["maxLength"]) == (1, MAX_BODY)
    assert f"{MAX_BODY:,}" in body["description"]


def test_unknown_api_paths_answer_json_404(client, db):
    for address in ("/api/v1/nothing", "/api/v1/articles/1/nothing", "/api/v1/articles/abc"):
        response = client.get(address)
        assert response.status_code == 404, address
        assert response["Content-Type"].startswith("application/json")
        assert "/api/v1/docs" in response.json()["detail"]


def test_a_query_that_does_not_fit_answers_the_documented_detail_list(client, db):
    response = client.get("/api/v1/articles?limit=abc&since=yesterday")

    assert response.status_code == 422
    issues = response.json()["detail"]
    assert {tuple(issue["loc"]) for issue in issues} == {("query", "limit"), ("query", "since")}
    assert all(isinstance(issue["msg"], str) for issue in issues)
