"""What every page of a running demo says about its clock (``demo.clock``): the dates
were shifted, and when the articles really appeared. Nothing outside the demo."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def demo_clock(request: HttpRequest) -> dict:
    published = settings.TIDINGS["DEMO_PUBLISHED"]
    if published is None:
        return {}
    return {"demo_clock": {"first": published[0], "last": published[1]}}
