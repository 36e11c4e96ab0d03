import gzip
import json
import re
from pathlib import Path

from tidings.demo.bundle import CORPUS2_FILE, CORPUS_FILE, DATA_DIR, HEADLINES_FILE, main


def _readable_text(path: Path) -> str:
    raw = path.read_bytes()
    return (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8", "replace")


def _package_files() -> list[Path]:
    demo = DATA_DIR.parent
    return [path for path in demo.rglob("*") if path.is_file() and "__pycache__" not in path.parts]


def test_no_bundled_or_package_file_holds_the_seeds_text(seed_articles):
    """The seed's articles belong to their publishers: they may be read in tests, never
    shipped. This test file quotes nothing of them, so it checks itself too."""
    distinctive = [
        seed_articles["main"]["paragraphs"][6],
        seed_articles["main"]["image"]["caption"],
    ]
    distinctive += [related["text"][:120] for related in seed_articles["related"]]
    for path in _package_files():
        text = _readable_text(path)
        for sentence in distinctive:
            assert sentence not in text, f"{path} contains seed text"


def test_bundled_files_are_what_the_bundler_makes_from_the_shared_data(
    shared_data, tmp_path, monkeypatch
):
    import tidings.demo.bundle as bundle

    monkeypatch.setattr(bundle, "CORPUS_FILE", tmp_path / CORPUS_FILE.name)
    monkeypatch.setattr(bundle, "HEADLINES_FILE", tmp_path / HEADLINES_FILE.name)
    monkeypatch.setattr(bundle, "CORPUS2_FILE", tmp_path / CORPUS2_FILE.name)
    main(
        shared_data / "demo-corpus" / "articles.jsonl",
        shared_data / "clustering-news" / "uci_news_head.dev.jsonl",
        shared_data / "demo-corpus2" / "articles.jsonl",
    )
    for bundled in (CORPUS_FILE, HEADLINES_FILE, CORPUS2_FILE):
        assert (tmp_path / bundled.name).read_bytes() == bundled.read_bytes()


def test_bundled_records_keep_their_attribution_and_only_the_needed_fields():
    articles = [json.loads(line) for line in _readable_text(CORPUS_FILE).splitlines()]
    headlines = [json.loads(line) for line in _readable_text(HEADLINES_FILE).splitlines()]
    assert len(articles) == 58
    assert all(a["license"] in {"CC BY 2.5", "CC BY 3.0"} and a["attribution"] for a in articles)
    assert all(a["author"] for a in articles if a["outlet"] == "Global Voices")
    assert len(headlines) == 1557
    assert {tuple(sorted(h)) for h in headlines} == {("outlet", "published", "title", "url")}
    assert all(h["outlet"] for h in headlines)
    second = [json.loads(line) for line in _readable_text(CORPUS2_FILE).splitlines()]
    assert len(second) == 111
    assert all(a["license"] in {"CC BY 2.5", "Public domain"} and a["attribution"] for a in second)
    assert {a["language"] for a in second} == {"en", "fr", "ja"}


def test_attribution_names_every_data_file_its_licence_and_the_conversion():
    attribution = (DATA_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    bundled = sorted(p.name for p in DATA_DIR.iterdir() if p.name != "ATTRIBUTION.md")
    assert bundled == sorted([CORPUS_FILE.name, HEADLINES_FILE.name, CORPUS2_FILE.name])
    for name in bundled:
        assert f"`{name}`" in attribution
    for licence in ("by/2.5/", "by/3.0/", "by/4.0/"):
        assert f"https://creativecommons.org/licenses/{licence}" in attribution
    assert re.search(r"converted to plain text", attribution, re.IGNORECASE)
