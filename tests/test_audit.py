"""Lighthouse (mobile) and axe-core on the home, story, article and sign-up pages of a live
server holding a small, real-looking site: a story told by three outlets, a lead picture
resized by the pipeline's own step, hashtags and comments.

The npm tools live in scripts/audit (``npm ci`` there; .ci/run does it). Without them the
test skips, unless TIDINGS_AUDIT_REQUIRED=1 (as in CI), where their absence fails it."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from tests.browser import BROWSER, CHROMIUM, CHROMIUM_ARGS

AUDIT = Path(__file__).resolve().parents[1] / "scripts" / "audit"
LIGHTHOUSE = AUDIT / "node_modules" / "lighthouse" / "cli" / "index.js"
AXE = AUDIT / "node_modules" / "axe-core" / "axe.min.js"
LEAST_SCORES = {"accessibility": 0.95, "best-practices": 0.95, "seo": 0.90, "performance": 0.90}
# Violations of these impacts fail; "moderate" and "minor" ones are printed.
FAILING_IMPACTS = {"serious", "critical"}

pytestmark = BROWSER

PARAGRAPHS = [
    "Russia and Ukraine exchanged prisoners of war on Monday in emotional homecoming scenes, "
    "the first step in a series of planned swaps that could become the largest of the war.",
    "The exchange followed direct talks in Istanbul on June 2, where both sides agreed to "
    "exchange at least 1,200 prisoners of war each and to return the bodies of the dead.",
    "Officials in Kyiv said some of the men who came home had been held since the first "
    "weeks of the war. They were taken by bus to a hospital for checks, food and rest.",
    "Outside the hospital, families held up photographs of relatives still missing, hoping "
    "that one of the returning soldiers would recognise them and bring news.",
]


@pytest.fixture
def tools():
    missing = [path for path in (LIGHTHOUSE, AXE) if not path.is_file()]
    if missing or not shutil.which("node"):
        reason = f"run `npm ci` in {AUDIT} (node and {', '.join(map(str, missing))} needed)"
        if os.environ.get("TIDINGS_AUDIT_REQUIRED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def site(transactional_db, settings, tmp_path, make_source, make_article, make_reader):
    """The pages to audit, by name, in a small site of the test's database."""
    from tidings.articles.images import make_article_picture
    from tidings.articles.store import save_image
    from tidings.comments.posting import post_comment
    from tidings.sources.services import fetch_policy
    from tidings.stories.models import Story

    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    picture = io.BytesIO()
    Image.radial_gradient("L").resize((1600, 1000)).convert("RGB").save(picture, "JPEG")
    outlets = [
        make_source(name=name, site_url=f"https://{host}/")
        for name, host in (("The Japan Times", "japantimes.example"), ("NHK", "nhk.example"))
    ]
    outlets.append(make_source(name="Kyodo News", site_url="https://kyodo.example/"))
    lead = make_article(
        source=outlets[0],
        title="Russia and Ukraine exchange prisoners of war",
        text="\n\n".join(PARAGRAPHS),
        content_html="".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS),
        text_origin="page",
        published_at=now - timedelta(hours=4),
        image=save_image(picture.getvalue(), "jpg"),  # as if downloaded already
        image_url="https://japantimes.example/images/pow.jpg",
        image_caption="Families hold up photographs of missing relatives on Monday.",
        image_credit="Kyodo",
    )
    assert make_article_picture(lead.pk, fetch_policy())
    others = [
        make_article(
            source=outlet,
            title=title,
            text=PARAGRAPHS[1],
            published_at=now - timedelta(hours=hours),
        )
        for outlet, title, hours in (
            (outlets[1], "Ukraine and Russia swap hundreds of prisoners", 3),
            (outlets[2], "Prisoners return home in first of planned swaps", 1),
        )
    ]
    story = Story.objects.create(
        id=1,
        title=lead.title,
        article_count=3,
        outlet_count=3,
        first_published=lead.published_at,
        last_published=others[-1].published_at,
    )
    for article in [lead, *others]:
        article.story = story
        article.save(update_fields=["story"])
    for number in range(12):
        make_article(source=outlets[number % 3], title=f"Other news of the day, number {number}")
    reader = make_reader(display_name="Careful Reader")
    post_comment(author=reader, target=lead, body="A **useful** report, thank you.")
    return {
        "home": "/",
        "story": story.get_absolute_url(),
        "article": lead.get_absolute_url(),
        "sign-up": "/accounts/signup/",
    }


def lighthouse(url: str) -> dict[str, float]:
    """Lighthouse's category scores for ``url``, mobile profile (its default)."""
    done = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            "--quiet",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    failing = [
        f"{audit['id']} ({audit['score']}): {audit['title']}"
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in {"binary", "numeric", "metricSavings"}
    ]
    print(url, "audits below 0.9:", *failing, sep="\n  ")
    return {name: category["score"] for name, category in report["categories"].items()}


def test_lighthouse_and_axe_find_the_pages_fit_for_phones_and_assistive_technology(
    tools, live_server, site, monkeypatch
):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    low_scores, violations = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, scheme in ((390, "light"), (1280, "light"), (390, "dark"), (1280, "dark")):
            # axe is injected past the site's content security policy, which refuses it.
            context = browser.new_context(
                viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True
            )
            page = context.new_page()
            for name, path in site.items():
                page.goto(live_server.url + path)
                page.add_script_tag(path=str(AXE))
                found = page.evaluate("axe.run().then(result => result.violations)")
                where = f"{name} at {width} px, {scheme}"
                for violation in found:
                    print(where, violation["impact"], violation["id"], violation["help"])
                    if violation["impact"] in FAILING_IMPACTS:
                        targets = [node["target"] for node in violation["nodes"]][:5]
                        violations[f"{where}: {violation['id']}"] = targets
            context.close()
        browser.close()
    for name, path in site.items():
        scores = lighthouse(live_server.url + path)
        print(name, scores)
        low_scores.update(
            {
                f"{name} {category}": score
                for category, score in scores.items()
                if score is None or score < LEAST_SCORES[category]
            }
        )
    assert violations == {}
    assert low_scores == {}
