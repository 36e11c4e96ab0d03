import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

import tidings
from tidings.articles.models import Article
from tidings.demo.clock import store_shifts, stored_shifts
from tidings.demo.home import DEMO_ENVIRONMENT, demo_environment, demo_home, runs_in
from tidings.demo.server import DemoFeedServer
from tidings.demo.site import build_demo_site
from tidings.enrich.stages import enrich_pending
from tidings.fetch import parse_private_networks
from tidings.pipeline import refresh_sources
from tidings.sources.management.commands.run import refuse_busy_port, serve
from tidings.sources.models import Source
from tidings.sources.ports import die_with_parent
from tidings.stories.assign import cluster_pending
from tidings.stories.models import Story

SOURCE_WORKERS = 2
REPORTS = 10  # progress lines per stage, at most


class Command(BaseCommand):
    help = (
        "Serve bundled, openly licensed news as feeds and article pages from a local server, "
        "ingest them through the normal pipeline into a data folder of the demo's own, then "
        "serve the site. Needs no internet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000, help="port of the site")
        parser.add_argument(
            "--feeds-port",
            type=int,
            default=8765,
            help="port of the demo publishers' server; keep it the same between runs",
        )
        where = parser.add_mutually_exclusive_group()
        where.add_argument(
            "--home", metavar="DIR", help="the demo's data folder (default: TIDINGS_HOME/demo)"
        )
        where.add_argument(
            "--temp", action="store_true", help="a temporary data folder, removed at the end"
        )
        parser.add_argument(
            "--seed",
            metavar="DIR",
            help="a folder whose articles.json adds its articles to the demo (optional)",
        )
        parser.add_argument("--no-serve", action="store_true", help="ingest, then return")

    def handle(self, *args, host, port, feeds_port, home=None, temp=False, **options):
        if not options["no_serve"]:
            refuse_busy_port(host, port)  # now, not after minutes of ingesting
        tidings_home = Path(settings.TIDINGS_HOME)
        folder = Path(tempfile.mkdtemp(prefix="tidings-demo-")) if temp else None
        target = demo_home(tidings_home, str(folder) if folder else home)
        if runs_in(target, tidings_home, os.environ):
            return self.run_demo(host, port, feeds_port, options["seed"], options["no_serve"])
        # Django's settings name the operator's database; the demo's own folder needs a
        # process whose settings were read with it.
        target.mkdir(parents=True, exist_ok=True)
        argv = [sys.executable, "-m", "tidings", "demo", "--home", str(target)]
        argv += ["--host", host, "--port", str(port), "--feeds-port", str(feeds_port)]
        argv += ["--seed", options["seed"]] if options["seed"] else []
        argv += ["--no-serve"] if options["no_serve"] else []
        child = subprocess.Popen(
            argv, env=demo_environment(os.environ, target), preexec_fn=die_with_parent()
        )
        try:
            returncode = wait_through_interrupts(child)
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
        if returncode:
            raise SystemExit(returncode)

    def run_demo(self, host, port, feeds_port, seed, no_serve):
        self.started = time.monotonic()
        home = Path(settings.TIDINGS_HOME)
        os.environ.update(DEMO_ENVIRONMENT)
        local = parse_private_networks("1")
        settings.TIDINGS = {**settings.TIDINGS, "ALLOW_PRIVATE_NETWORKS": local, "OFFLINE": True}
        self.say(f"Demo data folder: {home}")
        call_command("migrate", interactive=False, verbosity=0)

        seed_dir = find_seed(seed)
        server = DemoFeedServer(port=feeds_port)
        site = build_demo_site(server.base_url, seed_dir=seed_dir, shifts=stored_shifts(home))
        store_shifts(home, site.shifts)
        try:
            server.serve(site)
        except OSError as error:
            raise CommandError(str(error)) from None
        try:
            self.ingest(site)
            site_url = f"http://{'127.0.0.1' if host in {'0.0.0.0', '::'} else host}:{port}"
            seed_article = Article.objects.filter(title=site.seed_title).first()
            if site.seed_title and seed_article is not None:
                self.say(f"The seed article: {site_url}{seed_article.get_absolute_url()}")
            if no_serve:
                return
            self.say(f"tidings is at {site_url}/  (Ctrl-C stops)")
            env = {**DEMO_ENVIRONMENT, "TIDINGS_DEMO_PUBLISHED": "/".join(map(str, site.published))}
            serve(host, port, extra_env=env)
        finally:
            server.stop()

    def ingest(self, site):
        sources = [follow(feed.url, feed.outlet) for feed in site.feeds]
        self.say(
            f"Demo publishers at {site.base_url}/: {len(sources)} feeds of articles published "
            f"{site.published[0]} to {site.published[1]}, each run of them shifted so that "
            "its newest article is from today."
        )
        failed = 0
        logs = refresh_sources([source.pk for source in sources], workers=SOURCE_WORKERS)
        for fetched, log in enumerate(logs, start=1):
            failed += bool(log is not None and log.error_code)
            if crossed(fetched - 1, fetched, len(sources)):
                stored = Article.objects.count()
                self.step(f"feeds fetched {fetched}/{len(sources)}, articles stored {stored}")
        articles = Article.objects.all()
        total = articles.count()
        full = articles.filter(text_origin__in=["feed", "page"]).count()
        self.say(
            f"{total} articles stored ({full} with full text, the rest headlines whose pages "
            "are not reachable offline)" + (f"; {failed} feeds failed" if failed else "") + "."
        )
        self.count_batches(enrich_pending(), "enriched", total)
        self.count_batches(cluster_pending(), "grouped into stories", total)
        stories = Story.objects.filter(merged_into__isnull=True)
        wide = stories.filter(outlet_count__gte=2).count()
        self.say(
            f"{stories.count()} stories, {wide} covered by 2+ outlets; "
            f"ready in {time.monotonic() - self.started:.0f} s."
        )

    def count_batches(self, batches, done: str, total: int) -> None:
        count = 0
        for size in batches:
            before, count = count, count + size
            if crossed(before, count, total):
                self.step(f"articles {done} {count}/{total}")

    def step(self, line: str) -> None:
        """A progress line, with the seconds since the demo started."""
        self.say(f"  {time.monotonic() - self.started:4.0f} s  {line}")

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()


def crossed(before: int, after: int, total: int) -> bool:
    """Whether going from ``before`` to ``after`` done passed one of REPORTS evenly spaced
    steps to ``total``, or reached the end."""
    step = max(1, total // REPORTS)
    return after >= total or after // step > before // step


def wait_through_interrupts(child: subprocess.Popen) -> int:
    """Ctrl-C reaches the demo's process too, which stops its servers; wait for it."""
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue


def follow(url: str, outlet: str) -> Source:
    source, _ = Source.objects.get_or_create(url=url, defaults={"name": outlet})
    return source


def find_seed(given: str | None) -> Path | None:
    """The seed page's articles, which are not ours to ship: only from a folder beside the
    checkout (development, tests) or one named on the command line."""
    if given:
        path = Path(given)
        if not (path / "articles.json").is_file():
            raise CommandError(f"{path} has no articles.json.")
        return path
    checkout = Path(tidings.__file__).resolve().parents[2]
    for candidate in (Path.cwd().parent / "shared" / "seed", checkout.parent / "shared" / "seed"):
        if (candidate / "articles.json").is_file():
            return candidate
    return None
