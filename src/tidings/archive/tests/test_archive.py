"""`tidings export` and `tidings import`: a round trip keeps everything, importing twice adds
nothing, an interrupted import resumes, and a bad line costs only itself."""

from __future__ import annotations

import importlib
import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from tidings.articles.models import Article, ArticleVersion
from tidings.comments.models import Comment
from tidings.enrich.models import ArticleHashtag, Hashtag
from tidings.sources.models import Source
from tidings.stories.models import Story

MOMENT = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def site(make_source, make_article, make_hashtag):
    """Two outlets, a story of three articles (one a syndicated copy, one edited since), a
    story merged into it, and hashtags with a variant."""
    first, second = make_source(), make_source(name="24/7 Wall St.")
    original = make_article(source=first, title="Dam opens", published_at=MOMENT)
    copy = make_article(source=second, title="Dam opens", copy_of=original, copy_similarity=0.97)
    edited = make_article(source=second, title="Dam opens, town cheers")
    ArticleVersion.objects.create(article=edited, title="Dam opens", content_hash="old")
    story = Story.objects.create(id=7, title="Dam opens", article_count=3, outlet_count=2)
    Story.objects.create(id=9, title="Dam", merged_into=story)
    Article.objects.filter(pk__in=[original.pk, copy.pk, edited.pk]).update(story=story)
    dams = make_hashtag("Dams", articles=[original, copy])
    variant = make_hashtag("Dam", articles=[edited])
    variant.merged_into = dams
    variant.save()
    return story


def exported(**options) -> str:
    out = io.StringIO()
    call_command("export", stdout=out, **options)
    return out.getvalue()


def imported(tmp_path, text: str, **options) -> tuple[int, str]:
    path = tmp_path / "site.jsonl"
    path.write_text(text)
    errors = io.StringIO()
    try:
        call_command("import", str(path), stderr=errors, **options)
    except SystemExit as leaving:
        return int(leaving.code or 0), errors.getvalue()
    return 0, errors.getvalue()


def wipe() -> None:
    for model in (Comment, Article, Story, Hashtag, Source):
        model.objects.all().delete()


def counts() -> dict[str, int]:
    models = (Source, Hashtag, Story, Article, ArticleVersion, ArticleHashtag, Comment)
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_everything_and_a_second_import_adds_nothing(site, tmp_path):
    before, text = counts(), exported()
    wipe()
    assert imported(tmp_path, text)[0] == 0
    assert counts() == before
    assert exported() == text
    copy = Article.objects.get(copy_of__isnull=False)
    assert (copy.copy_of.title, copy.copy_similarity, copy.story_id) == ("Dam opens", 0.97, 7)
    assert Story.objects.get(pk=9).merged_into_id == 7
    assert Hashtag.objects.get(slug="dam").merged_into.slug == "dams"

    code, _ = imported(tmp_path, text)
    assert code == 0
    assert counts() == before


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_import_run_again_finishes_without_duplicates(site, tmp_path):
    before, text = counts(), exported()
    wipe()
    lines = text.splitlines(keepends=True)
    imported(tmp_path, "".join(lines[: len(lines) - 2]))
    assert Article.objects.count() < before["Article"]
    assert imported(tmp_path, text)[0] == 0
    assert counts() == before


@pytest.mark.django_db
def test_bad_lines_are_named_by_number_and_the_rest_is_imported(site, tmp_path):
    text = exported()
    wipe()
    lines = text.splitlines()
    article = json.loads(lines[-1])
    stray = {**article, "guid": "elsewhere", "source": "https://nowhere.example/feed"}
    lines[1:1] = ["{not json", json.dumps({"type": "planet"})]
    lines.append(json.dumps(stray))
    code, errors = imported(tmp_path, "\n".join(lines) + "\n")
    assert code == 1
    assert "line 2 is not JSON" in errors
    assert "line 3: unknown type 'planet'" in errors
    assert f"line {len(lines)}: source 'https://nowhere.example/feed' is not stored" in errors
    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_stories_keep_their_numbers_where_free_and_are_found_again_by_origin(
    site, tmp_path, settings
):
    text = exported().replace(settings.BASE_URL, "https://other.example")
    imported(tmp_path, text)
    story = Story.objects.get(origin="https://other.example/stories/7/")
    assert story.pk != 7  # ours holds number 7
    assert story.articles.count() == 0  # the articles are ours already: not imported again
    assert imported(tmp_path, text)[0] == 0
    assert Story.objects.filter(origin__startswith="https://other.example").count() == 2


@pytest.mark.django_db
def test_since_exports_only_what_changed_after_it(site):
    Article.objects.filter(title="Dam opens, town cheers").update(
        modified_at=datetime(2030, 1, 1, tzinfo=UTC)
    )
    kinds = [json.loads(line)["type"] for line in exported(since="2029-12-31").splitlines()]
    assert kinds.count("article") == 1
    assert kinds.count("source") == 2


@pytest.mark.django_db(transaction=True)
def test_people_travel_only_with_the_flag(site, make_reader, tmp_path):
    reader = make_reader(username="ada")
    article = Article.objects.get(title="Dam opens, town cheers")
    first = Comment.objects.create(article=article, author=reader, body="Good", body_html="Good")
    Comment.objects.create(article=article, author=reader, parent=first, body="Yes")
    assert "comment" not in exported()
    text = exported(with_people=True)
    wipe()
    reader.delete()
    imported(tmp_path, text, with_people=True)
    assert Comment.objects.filter(author__username="ada", parent__body="Good").count() == 1
    assert imported(tmp_path, text, with_people=True)[0] == 0
    assert Comment.objects.count() == 2


@pytest.mark.django_db
def test_a_long_import_logs_its_progress_on_standard_error(site, tmp_path, monkeypatch):
    command = importlib.import_module("tidings.archive.management.commands.import")
    monkeypatch.setattr(command, "LOG_EVERY", 4)
    text = exported()
    wipe()
    _, errors = imported(tmp_path, text)
    assert "import: 4 lines" in errors and "import: 8 lines" in errors
