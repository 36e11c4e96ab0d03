"""`tidings dedupe FILE.jsonl`."""

import json

from tidings.dedupe.tests.stories import PARAGRAPHS, SAME_EVENT, STORY


def test_command_links_copies_in_time_order_and_reports_bad_lines(tmp_path, run_jsonl):
    records = [
        {"id": "late", "text": STORY, "published": "2025-03-04T09:00:00+01:00"},
        {"id": "early", "text": STORY, "published": "2025-03-04"},
        {"id": "undated", "text": "\n\n".join(PARAGRAPHS[1:])},
        {"id": "other", "text": SAME_EVENT, "published": "2025-03-03T12:00:00Z"},
        {"id": "teaser", "text": "Fire at the Valdoro mill.", "published": "2025-03-01"},
        {"id": "bad-date", "text": STORY, "published": "last Tuesday"},
    ]
    lines = [json.dumps(record) for record in records]
    lines.insert(2, "{not json")
    code, results = run_jsonl("dedupe", lines)
    assert code == 1
    assert [result["id"] for result in results] == [
        "late",
        "early",
        None,
        "undated",
        "other",
        "teaser",
        "bad-date",
    ]
    assert results[0] == {"id": "late", "copy_of": "early", "similarity": 1.0}
    assert results[1] == {"id": "early", "copy_of": None, "similarity": None}
    assert "error" in results[2]
    # Undated: keeps its place after "early", so it is later than it.
    assert results[3] == {"id": "undated", "copy_of": "early", "similarity": 1.0}
    assert results[4] == {"id": "other", "copy_of": None, "similarity": None}
    assert results[5] == {"id": "teaser", "copy_of": None, "similarity": None}
    assert "published" in results[6]["error"]
