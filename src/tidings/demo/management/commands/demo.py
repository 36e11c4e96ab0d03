import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

import tidings
from tidings.articles.models import Article
from tidings.demo.server import DemoFeedServer
from tidings.demo.site import build_demo_site
from tidings.fetch import parse_private_networks
from tidings.pipeline import refresh_sources, understand_pending
from tidings.progress import progress
from tidings.sources.management.commands.run import refuse_busy_port, serve
from tidings.sources.models import Source

SOURCE_WORKERS = 2
DEMO_ENVIRONMENT = {"TIDINGS_ALLOW_PRIVATE_NETWORKS": "1", "TIDINGS_OFFLINE": "1"}


class Command(BaseCommand):
    help = (
        "Serve bundled, openly licensed news as feeds and article pages from a local server, "
        "ingest them through the normal pipeline, then serve the site. Needs no internet."
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
        parser.add_argument(
            "--seed",
            metavar="DIR",
            help="a folder whose articles.json adds its articles to the demo (optional)",
        )
        parser.add_argument("--no-serve", action="store_true", help="ingest, then return")

    def handle(self, *args, host, port, feeds_port, seed=None, no_serve=False, **options):
        started = time.monotonic()
        if not no_serve:
            refuse_busy_port(host, port)  # now, not after minutes of ingesting
        # The demo's publishers live on loopback, which tidings refuses unless told, and
        # nothing else is reachable: the headlines' own pages fail at once, not after a
        # DNS or connection timeout each.
        os.environ.update(DEMO_ENVIRONMENT)
        local = parse_private_networks("1")
        settings.TIDINGS = {**settings.TIDINGS, "ALLOW_PRIVATE_NETWORKS": local, "OFFLINE": True}
        call_command("migrate", interactive=False, verbosity=0)

        seed_dir = find_seed(seed)
        server = DemoFeedServer(port=feeds_port)
        site = build_demo_site(server.base_url, seed_dir=seed_dir)
        try:
            server.serve(site)
        except OSError as error:
            raise CommandError(str(error)) from None
        sources = [follow(feed.url, feed.outlet) for feed in site.feeds]
        self.stdout.write(
            f"Demo publishers at {server.base_url}/ ({len(sources)} feeds"
            + (", with the seed page's articles" if seed_dir else "")
            + "). Fetching them through the pipeline..."
        )
        failed = 0
        logs = refresh_sources([source.pk for source in sources], workers=SOURCE_WORKERS)
        for log in progress(logs, desc="fetching", unit="feed", total=len(sources)):
            failed += bool(log is not None and log.error_code)
        understand_pending()
        articles = Article.objects.filter(source__in=sources)
        full = articles.filter(text_origin__in=["feed", "page"]).count()
        self.stdout.write(
            f"{articles.count()} articles stored ({full} with full text, the rest headlines "
            f"whose pages are not reachable offline) in {time.monotonic() - started:.0f} s"
            + (f"; {failed} feeds failed" if failed else "")
            + "."
        )
        site_url = f"http://{'127.0.0.1' if host in {'0.0.0.0', '::'} else host}:{port}"
        seed_article = articles.filter(title=site.seed_title).first() if site.seed_title else None
        if seed_article is not None:
            self.stdout.write(f"The seed article: {site_url}{seed_article.get_absolute_url()}")
        if no_serve:
            server.stop()
            return
        self.stdout.write(f"tidings is at {site_url}/  (Ctrl-C stops)")
        try:
            serve(host, port, extra_env=DEMO_ENVIRONMENT)
        finally:
            server.stop()


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
