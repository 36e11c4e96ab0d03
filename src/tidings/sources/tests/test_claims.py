"""Claims on sources: short, renewed while the fetch runs, taken over once they run out."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tidings.articles.models import Article
from tidings.sources.models import Source
from tidings.sources.services import CLAIM_FOR, claim_source, claims

pytestmark = pytest.mark.django_db


def fetch_once() -> str:
    out = io.StringIO()
    call_command("fetch", "--once", stdout=out)
    return out.getvalue()


def test_a_claim_that_ran_out_is_taken_over():
    source = Source.objects.create(
        url="https://a.example/rss", claimed_until=timezone.now() - timedelta(seconds=1)
    )
    assert claim_source(source.pk) is not None


def test_a_running_fetch_renews_its_claim_and_a_finished_one_stops():
    source = Source.objects.create(url="https://a.example/rss")
    claim_source(source.pk)
    Source.objects.filter(pk=source.pk).update(claimed_until=timezone.now())
    claims.renew()
    source.refresh_from_db()
    assert source.claimed_until > timezone.now() + CLAIM_FOR - timedelta(seconds=30)
    claims.drop(source.pk)
    Source.objects.filter(pk=source.pk).update(claimed_until=None)
    claims.renew()
    source.refresh_from_db()
    assert source.claimed_until is None


def test_fetch_once_takes_over_a_source_claimed_by_a_killed_fetch(
    feed_server, allow_private_networks
):
    # A fetch killed a moment ago left its claim, which runs out shortly.
    Source.objects.create(
        url=feed_server.url("testdata/site/feed.xml"),
        claimed_until=timezone.now() + timedelta(seconds=1),
    )
    output = fetch_once()
    assert "Waiting for 1 sources another process is fetching" in output
    assert "3 new, 0 updated" in output
    assert Article.objects.count() == 3


def test_fetch_once_says_which_sources_another_process_kept(
    feed_server, allow_private_networks, monkeypatch
):
    monkeypatch.setattr("tidings.sources.management.commands.fetch.WAIT_AT_MOST", timedelta(0))
    free = Source.objects.create(url=feed_server.url("testdata/site/feed.xml"))
    held = Source.objects.create(
        url=feed_server.url("testdata/site/feed.xml?copy"),
        claimed_until=timezone.now() + timedelta(minutes=2),
    )
    with pytest.raises(CommandError, match=f"1 of 2 sources were not fetched.*ids {held.pk}"):
        fetch_once()
    assert Article.objects.filter(source=free).count() == 3
    assert not Article.objects.filter(source=held).exists()
