"""The two evaluations run end to end on a few development records (shapes, not scores)."""

import io
import json

from django.core.management import call_command


def _few(shared_data, folder, name, tmp_path, count):
    lines = (shared_data / "ai" / folder / name).read_text(encoding="utf-8").splitlines()
    (tmp_path / name).write_text("\n".join(lines[:count]) + "\n", encoding="utf-8")
    return str(tmp_path)


def test_eval_summary_prints_ours_cross_validated_and_the_baseline(shared_data, tmp_path):
    data = _few(shared_data, "multinews-longbench", "clusters.dev.jsonl", tmp_path, 3)
    out = io.StringIO()
    call_command("eval", "summary", "--data", data, stdout=out)
    scores = json.loads(out.getvalue())
    assert scores["clusters"] == 3
    for run in ("ours", "cross_validated", "lead3_220_words"):
        assert {"rouge1", "rouge2", "rougeL", "longbench_rougeL", "repeated_pairs"} <= set(
            scores[run]
        )
    assert {"cited_percent", "citation_check_percent"} <= set(scores["ours"])


def test_eval_five_w_prints_each_question_and_the_means(shared_data, tmp_path):
    data = _few(shared_data, "giveme5w1h-gold", "articles.dev.jsonl", tmp_path, 6)
    out = io.StringIO()
    call_command("eval", "five-w", "--data", data, stdout=out)
    scores = json.loads(out.getvalue())
    assert scores["articles"] == 6
    for run in ("ours", "cross_validated", "headline_baseline"):
        assert {"who", "what", "when", "where", "why", "how", "mean_4w", "mean_5w1h"} <= set(
            scores[run]
        )
