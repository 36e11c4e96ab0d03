"""`tidings sources`: each action says what it did, and each refusal says why."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tidings.sources.models import Source

FEED = "parse/testdata/rss20.xml"


def sources(*args: str) -> str:
    out = io.StringIO()
    call_command("sources", *args, stdout=out)
    return out.getvalue()


def test_adding_a_feed_says_what_was_added_and_when_it_is_fetched(
    db, feed_server, allow_private_networks
):
    said = sources("add", feed_server.url(FEED))
    source = Source.objects.get()
    assert said.startswith(f"Added {source.name} ({source.url}), id {source.pk}; first fetch")
    assert f"`tidings fetch --once --source {source.pk}`" in said


def test_adding_a_followed_feed_again_says_so_and_adds_nothing(
    db, feed_server, allow_private_networks
):
    sources("add", feed_server.url(FEED))
    said = sources("add", feed_server.url(FEED))
    assert "is already followed, as id" in said
    assert Source.objects.count() == 1


def test_a_private_address_is_refused_naming_the_setting_that_allows_it(db, feed_server):
    with pytest.raises(CommandError, match="not a public address.*TIDINGS_ALLOW_PRIVATE_NETWORKS"):
        sources("add", feed_server.url(FEED))
    assert not Source.objects.exists()


def test_a_truncated_opml_file_is_refused_with_its_line_and_nothing_is_imported(db, tmp_path):
    whole = b"""<?xml version="1.0"?>
<opml version="2.0"><body>
<outline text="A" xmlUrl="https://a.example/feed"/>
<outline text="B" xmlUrl="https://b.example/feed"/>
</body></opml>"""
    path = tmp_path / "cut.opml"
    path.write_bytes(whole[: whole.index(b"https://b.")])
    with pytest.raises(CommandError, match="cut.opml: This OPML file is broken at line 4: "):
        sources("import", str(path))
    assert not Source.objects.exists()
