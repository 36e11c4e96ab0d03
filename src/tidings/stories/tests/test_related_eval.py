"""`tidings eval related` on a small labelled folder of its own."""

import json

from tidings.stories.related_eval import DATA, evaluate_related

STORIES = {
    ("b", "fed"): ["Fed holds interest rates steady", "Federal Reserve keeps rates unchanged"],
    ("b", "oil"): ["Oil prices climb on supply worries", "Crude oil rises as supplies tighten"],
    ("b", "jobs"): ["US employers add 200,000 jobs", "Hiring picks up as payrolls grow"],
    ("e", "film"): ["Spy thriller tops the box office", "Box office: spy film leads weekend"],
    ("e", "band"): ["Rock band announces reunion tour", "Reunited rock band plans world tour"],
    ("e", "award"): ["Singer wins album of the year", "Album of the year goes to pop singer"],
}


def test_related_scores_dev_and_cross_validated(tmp_path):
    path = tmp_path / DATA
    path.parent.mkdir(parents=True)
    rows = [
        {"id": f"{story}-{n}", "title": title, "text": "", "story": story, "category": section}
        for (section, story), titles in STORIES.items()
        for n, title in enumerate(titles)
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))

    scores = evaluate_related(tmp_path)

    assert scores["articles"] == 12 and scores["chance_precision"] == 0.5
    for backend in {"model", "hashed"} & set(scores):
        for measure in ("dev", "cross_validated"):
            assert 0 <= scores[backend][measure]["precision"] <= 1
            assert 0 <= scores[backend][measure]["coverage"] <= 1
        assert len(scores[backend]["cross_validated"]["floors"]) == 5
