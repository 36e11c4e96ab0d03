import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

from django.core.management import CommandError, call_command

TESTDATA = Path(__file__).resolve().parent.parent / "testdata"


def run_extract(*args: str) -> tuple[str, CommandError | None]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("extract", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_jsonl_has_one_object_per_input_in_order_and_failures_do_not_stop_the_rest(tmp_path):
    gzipped = tmp_path / "article.html"  # gzip is found by its magic bytes, not the name
    gzipped.write_bytes(gzip.compress((TESTDATA / "jsonld_article.html").read_bytes()))
    missing = tmp_path / "missing.html"
    plain = TESTDATA / "credit_span_cp1252.html"

    out, error = run_extract(str(gzipped), str(missing), str(plain), "--jsonl")

    assert error is not None and error.returncode == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [record["file"] for record in records] == [str(gzipped), str(missing), str(plain)]
    first, failed, last = records
    assert set(first) == {
        "file",
        "title",
        "text",
        "author",
        "published",
        "image",
        "caption",
        "credit",
    }
    assert first["title"] == "Lanterns float down the river as the town marks its founding"
    assert first["published"] == "2024-05-13T19:30:00+09:00"
    assert first["credit"] == "AFP-JIJI"
    assert first["text"].startswith("Thousands of residents")
    assert failed == {"file": str(missing), "error": "no such file"}
    assert last["title"] == "Le café du port rouvre ses portes"
    assert last["caption"] == "La terrasse du café, mardi matin."


def test_all_inputs_readable_means_no_error():
    out, error = run_extract(str(TESTDATA / "cookie_wall.html"), "--jsonl")
    assert error is None
    assert json.loads(out)["text"] == ""


def test_human_output_lists_the_metadata_then_the_text():
    out, error = run_extract(str(TESTDATA / "jsonld_article.html"))
    assert error is None
    lines = out.splitlines()
    assert lines[0] == f"== {TESTDATA / 'jsonld_article.html'}"
    assert lines[1:7] == [
        "Title:     Lanterns float down the river as the town marks its founding",
        "Author:    Mara Lindqvist, Tomas Okafor",
        "Published: 2024-05-13T19:30:00+09:00",
        "Image:     https://images.courier.example/2024/05/lanterns-1200x630.jpg",
        "Caption:   People hold paper lanterns before releasing them on the river on Monday.",
        "Credit:    AFP-JIJI",
    ]
    assert lines[8].startswith("Thousands of residents")


def test_corrupt_gzip_and_directories_are_reported_as_errors(tmp_path):
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    out, error = run_extract(str(broken), str(tmp_path), "--jsonl")
    assert error is not None
    records = [json.loads(line) for line in out.splitlines()]
    assert "gzip" in records[0]["error"]
    assert "directory" in records[1]["error"]


def test_urls_are_fetched(feed_server, allow_private_networks):
    url = feed_server.url("extract/testdata/jsonld_article.html")
    out, error = run_extract(url, feed_server.url("extract/testdata/gone.html"), "--jsonl")
    assert error is not None
    found, gone = (json.loads(line) for line in out.splitlines())
    assert found["title"] == "Lanterns float down the river as the town marks its founding"
    # Links in the page resolve against where it was fetched from.
    assert found["image"] == "https://images.courier.example/2024/05/lanterns-1200x630.jpg"
    assert gone["error"].startswith("http_404")


def test_the_tidings_command_exits_1_and_still_prints_the_others(tmp_path):
    # `python -m tidings` is the `tidings` console script without needing it on PATH.
    command = [sys.executable, "-m", "tidings"]
    finished = subprocess.run(
        [
            *command,
            "extract",
            "--jsonl",
            str(tmp_path / "nope.html"),
            str(TESTDATA / "jsonld_article.html"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode == 1
    records = [json.loads(line) for line in finished.stdout.splitlines()]
    assert records[0]["error"] == "no such file"
    assert records[1]["author"] == "Mara Lindqvist, Tomas Okafor"
    assert "1 of 2 inputs failed" in finished.stderr
