"""`tidings moderate FILE.jsonl`: one answer per line, in order, bad lines named."""

import json

SPAM = "Check out my channel http://bit.ly/3xAbc and SUBSCRIBE!!!! http://youtu.be/x"
CIVIL = "I disagree with the author, but the point about housing costs is well made."


def write_lines(tmp_path, lines):
    path = tmp_path / "comments.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_moderate_answers_every_line_in_order_and_names_bad_ones(tmp_path, run_jsonl):
    path = write_lines(
        tmp_path,
        [
            json.dumps({"id": "spam", "text": SPAM}),
            "{not json",
            json.dumps({"id": "civil", "text": CIVIL, "links": 0, "account_age_days": 30}),
            json.dumps({"id": "no-text", "links": 1}),
            json.dumps({"id": "bad-links", "text": CIVIL, "links": "two"}),
        ],
    )
    code, answers = run_jsonl("moderate", path)
    assert code == 1
    assert [a["id"] for a in answers] == ["spam", None, "civil", "no-text", "bad-links"]
    spam, not_json, civil, no_text, bad_links = answers
    assert set(spam) == {"id", "spam", "toxic", "hold", "reasons"}
    assert spam["hold"] is True and spam["spam"] > 0.95
    assert "links: 2" in spam["reasons"]
    assert civil["hold"] is False and civil["reasons"] == []
    for answer in (spam, civil):
        for score in (answer["spam"], answer["toxic"]):
            assert 0 <= score <= 1 and round(score, 4) == score
    assert not_json["error"].startswith("line 2 is not JSON")
    assert no_text["error"] == '"text" must be a string'
    assert bad_links["error"] == '"links" must be a whole number of at least 0'


def test_moderate_takes_history_and_its_thresholds_from_options(tmp_path, run_jsonl):
    promotion = "Come and read what I wrote about this election on my blog today, friends"
    path = write_lines(
        tmp_path, [json.dumps({"id": 1, "text": promotion, "history": [promotion] * 2})]
    )
    code, [held] = run_jsonl("moderate", path)
    assert code == 0 and held["hold"] is True
    assert "repetition: the same text was posted 2 times before" in held["reasons"]
    code, [let_through] = run_jsonl("moderate", path, "--hold-spam", "1", "--hold-toxic", "1")
    assert code == 0 and let_through["hold"] is False
    assert let_through["spam"] == held["spam"]
