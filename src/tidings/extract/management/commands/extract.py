"""`tidings extract FILE_OR_URL... [--jsonl]`: see what extraction makes of a page."""

from __future__ import annotations

import json
import sys
import zlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tidings.extract.article import extract_article
from tidings.extract.types import ExtractedArticle
from tidings.fetch import FetchError, FetchPolicy, fetch

GZIP_MAGIC = b"\x1f\x8b"
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
# A progress bar is worth drawing only for more inputs than this.
PROGRESS_AFTER = 3


class InputError(Exception):
    """An input that could not be read or fetched, in words for the person who named it."""


class Command(BaseCommand):
    # Django's checks import every view (the URL check): seconds of start-up for a command
    # that serves nothing. `tidings check` still runs them.
    requires_system_checks: list[str] = []
    help = (
        "Extract the article from HTML files (plain or gzipped) or http(s) URLs and print "
        "its title, author, date, lead image and text; --jsonl prints one JSON object per input."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("inputs", nargs="+", metavar="FILE_OR_URL")
        parser.add_argument(
            "--jsonl", action="store_true", help="one JSON object per input, in input order"
        )

    def handle(self, *args, **options) -> None:
        inputs: list[str] = options["inputs"]
        as_jsonl: bool = options["jsonl"]
        failures = 0
        progress = tqdm(
            total=len(inputs),
            file=sys.stderr,
            unit="page",
            disable=len(inputs) <= PROGRESS_AFTER or not sys.stderr.isatty(),
        )
        with progress:
            for item in inputs:
                try:
                    article = _extract(item)
                except InputError as error:
                    failures += 1
                    self._report_failure(item, str(error), as_jsonl)
                else:
                    self._report(item, article, as_jsonl)
                progress.update()
        if failures:
            raise CommandError(f"{failures} of {len(inputs)} inputs failed", returncode=1)

    def _report(self, item: str, article: ExtractedArticle, as_jsonl: bool) -> None:
        published = article.published.isoformat() if article.published else None
        if as_jsonl:
            record = {
                "file": item,
                "title": article.title,
                "text": article.text,
                "author": article.author,
                "published": published,
                "image": article.image_url,
                "caption": article.image_caption,
                "credit": article.image_credit,
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))
            return
        self.stdout.write(f"== {item}")
        for label, value in (
            ("Title", article.title),
            ("Author", article.author),
            ("Published", published or ""),
            ("Image", article.image_url),
            ("Caption", article.image_caption),
            ("Credit", article.image_credit),
        ):
            self.stdout.write(f"{label + ':':<11}{value}")
        self.stdout.write("")
        self.stdout.write(article.text or "(no article text found)")
        self.stdout.write("")

    def _report_failure(self, item: str, message: str, as_jsonl: bool) -> None:
        if as_jsonl:
            self.stdout.write(json.dumps({"file": item, "error": message}, ensure_ascii=False))
        else:
            self.stderr.write(f"tidings extract: {item}: {message}")


def _extract(item: str) -> ExtractedArticle:
    if item.startswith(("http://", "https://")):
        try:
            result = fetch(item, FetchPolicy.from_config(settings.TIDINGS), accept=HTML_ACCEPT)
        except FetchError as error:
            raise InputError(str(error)) from None
        return extract_article(result.body, result.url, charset=result.charset)
    return extract_article(_read_file(Path(item)))


def _read_file(path: Path) -> bytes:
    """The file's bytes, gunzipped when they start with gzip's magic number."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("is a directory, not an HTML file") from None
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror}") from None
    if not data.startswith(GZIP_MAGIC):
        return data
    return _gunzip(data, settings.TIDINGS["MAX_BYTES"])


def _gunzip(data: bytes, limit: int) -> bytes:
    """Decompressed ``data``, refusing more than ``limit`` bytes (a gzip bomb stays small)."""
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, limit + 1)
    except zlib.error as error:
        raise InputError(f"looks gzipped but is not valid gzip ({error})") from None
    if len(out) > limit:
        raise InputError(f"decompresses to more than {limit} bytes (TIDINGS_MAX_BYTES)")
    if not decompressor.eof:
        raise InputError("gzip data is truncated")
    return out
