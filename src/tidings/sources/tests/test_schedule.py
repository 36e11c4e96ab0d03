from datetime import timedelta

import pytest
from django.utils import timezone

from tidings.sources.models import Source
from tidings.sources.services import backoff, claim_source, due_source_ids


@pytest.mark.parametrize(
    ("failures", "retry_after", "expected"),
    [
        (1, None, timedelta(minutes=30)),
        (2, None, timedelta(hours=1)),
        (4, None, timedelta(hours=4)),
        (20, None, timedelta(hours=24)),
        (1, 7200, timedelta(hours=2)),  # the publisher asked for longer
        (3, 60, timedelta(hours=2)),  # our own back-off is longer already
    ],
)
def test_backoff_doubles_up_to_a_day_and_honours_retry_after(failures, retry_after, expected):
    assert backoff(1800, failures, retry_after) == expected


@pytest.mark.django_db
def test_only_due_active_unclaimed_sources_are_due():
    now = timezone.now()
    due = Source.objects.create(url="https://a.example/rss", next_fetch_at=now)
    Source.objects.create(url="https://b.example/rss", next_fetch_at=now + timedelta(hours=1))
    Source.objects.create(url="https://c.example/rss", next_fetch_at=now, active=False)
    Source.objects.create(
        url="https://d.example/rss", next_fetch_at=now, claimed_until=now + timedelta(minutes=5)
    )
    assert due_source_ids() == [due.pk]


@pytest.mark.django_db
def test_a_source_is_claimed_once():
    source = Source.objects.create(url="https://a.example/rss")
    assert claim_source(source.pk) is not None
    assert claim_source(source.pk) is None
