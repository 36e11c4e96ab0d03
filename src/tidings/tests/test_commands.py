"""The `tidings` commands, as an operator runs them."""

import io
import stat
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tidings.articles.models import Article
from tidings.sources.models import Source

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_sources_add_finds_the_feed_a_site_page_names(feed_server, allow_private_networks):
    output = run("sources", "add", feed_server.url("testdata/site/home.html"))
    source = Source.objects.get()
    assert source.url == feed_server.url("testdata/site/feed.xml")
    assert source.name == "Saltmere Gazette"
    assert output.startswith(f"Added Saltmere Gazette ({source.url}), id {source.pk}; first fetch")
    assert f"`tidings fetch --once --source {source.pk}`" in output


def test_sources_add_of_a_followed_feed_says_so_and_adds_nothing(
    feed_server, allow_private_networks
):
    run("sources", "add", feed_server.url("testdata/site/feed.xml"))
    output = run("sources", "add", feed_server.url("testdata/site/home.html"))
    assert "Saltmere Gazette" in output and "is already followed, as id" in output
    assert Source.objects.count() == 1


def test_sources_add_refuses_a_private_address_naming_the_setting_that_allows_it(feed_server):
    with pytest.raises(CommandError, match="not a public address.*TIDINGS_ALLOW_PRIVATE_NETWORKS"):
        run("sources", "add", feed_server.url("testdata/site/feed.xml"))
    assert not Source.objects.exists()


def test_sources_add_refuses_what_is_not_a_feed(feed_server, allow_private_networks):
    with pytest.raises(CommandError, match="names no feed"):
        run("sources", "add", feed_server.url("testdata/site/articles/lighthouse.html"))
    with pytest.raises(CommandError, match="could not be fetched"):
        run("sources", "add", feed_server.url("_/status/500"))
    assert not Source.objects.exists()


def test_sources_list_remove_and_opml_round_trip(feed_server, allow_private_networks):
    run("sources", "add", feed_server.url("testdata/site/feed.xml"))
    source = Source.objects.get()
    assert "Saltmere Gazette" in run("sources", "list")
    exported = run("sources", "export")
    assert "<opml" in exported and source.url in exported
    assert "Removed Saltmere Gazette" in run("sources", "remove", str(source.pk))
    assert not Source.objects.exists()
    with pytest.raises(CommandError, match="No source with id"):
        run("sources", "remove", str(source.pk))


def test_sources_import_reads_opml(tmp_path):
    opml = tmp_path / "subscriptions.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        '<outline text="World"><outline type="rss" text="One" xmlUrl="https://one.example/rss"/>'
        '<outline type="rss" text="Two" xmlUrl="https://two.example/atom"/></outline>'
        "</body></opml>"
    )
    assert "Added 2 sources" in run("sources", "import", str(opml))
    assert "Added 0 sources; 2 were there already" in run("sources", "import", str(opml))
    with pytest.raises(CommandError, match="Cannot read"):
        run("sources", "import", str(tmp_path / "missing.opml"))


def test_sources_import_refuses_a_truncated_file_with_its_line_and_imports_nothing(tmp_path):
    whole = b"""<?xml version="1.0"?>
<opml version="2.0"><body>
<outline text="A" xmlUrl="https://a.example/feed"/>
<outline text="B" xmlUrl="https://b.example/feed"/>
</body></opml>"""
    path = tmp_path / "cut.opml"
    path.write_bytes(whole[: whole.index(b"https://b.")])
    with pytest.raises(CommandError, match="cut.opml: This OPML file is broken at line 4: "):
        run("sources", "import", str(path))
    assert not Source.objects.exists()


def test_fetch_once_runs_the_pipeline_and_reports(feed_server, allow_private_networks):
    run("sources", "add", feed_server.url("testdata/site/feed.xml"))
    output = run("fetch", "--once")
    assert "Saltmere Gazette: 3 new, 0 updated" in output
    assert Article.objects.count() == 3
    with pytest.raises(CommandError, match="No source with id 999"):
        run("fetch", "--once", "--source", "999")


def test_init_without_a_terminal_writes_the_admin_password_to_a_private_file():
    output = run("init")
    path = Path(settings.TIDINGS_HOME) / "admin-password.txt"
    assert str(path) in output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(path.read_text().strip())
    assert "exists already" in run("init")


def test_init_starter_follows_the_bundled_starter_list():
    output = run("init", "--starter")
    count = Source.objects.count()
    assert count >= 10
    assert f"Following {count} starter sources" in output


def test_fetch_once_enriches_what_it_stored(feed_server, allow_private_networks, settings):
    settings.TIDINGS = {**settings.TIDINGS, "EMBEDDINGS": "hashed"}
    run("sources", "add", feed_server.url("testdata/site/feed.xml"))
    output = run("fetch", "--once")
    assert "Enriched 3 articles" in output
    pier = Article.objects.get(guid="gazette-pier-1")
    analysis = pier.analysis
    assert analysis.language == "en"
    assert analysis.summary and pier.text[analysis.summary[0]["start"] :].startswith(
        analysis.summary[0]["text"]
    )
    assert any(
        fact["value"] == "4.2 million euros" or "4.2" in fact["value"] for fact in analysis.facts
    )
    assert analysis.embedding_backend == "hashed" and len(analysis.embedding) == 384 * 4
    assert set(analysis.stages) == {"language", "dedupe", "tag", "summarize", "facts", "embed"}
    assert "Enriched" not in run("fetch", "--once")  # nothing new, nothing to enrich
