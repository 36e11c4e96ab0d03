"""`tidings tag` over JSON Lines, and `tidings eval tagging` on the crowd keyphrases."""

import io
import json

from django.core.management import call_command


def test_tag_command_answers_every_line_in_order(tmp_path, seed_main, run_jsonl):
    lines = [
        json.dumps({"id": "main", "title": seed_main.title, "text": seed_main.text}),
        "{this is not json",
        json.dumps(
            {
                "id": "fr",
                "title": "La Russie et l'Ukraine échangent des prisonniers de guerre",
                "text": "La Russie et l'Ukraine ont échangé lundi des prisonniers de guerre "
                "âgés de moins de 25 ans, lors de scènes émouvantes de retour au pays.",
            }
        ),
        json.dumps({"id": "empty", "title": "", "text": ""}),
        json.dumps({"id": 7, "title": "Kyiv talks", "text": ["not", "a", "string"]}),
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, results = run_jsonl("tag", path, "--top", "4", "--backend", "yake")
    assert code == 1
    assert [result["id"] for result in results] == ["main", None, "fr", "empty", 7]
    main = results[0]
    assert main["backend"] == "yake" and len(main["hashtags"]) == 4
    assert set(main["hashtags"][0]) == {"tag", "label", "kind", "score"}
    assert {"#Russia", "#Ukraine"} <= {tag["tag"] for tag in main["hashtags"]}
    assert "not JSON" in results[1]["error"]
    assert results[2]["hashtags"] == [] and results[2]["skipped"] == "language fr is not supported"
    assert "error" in results[3] and "error" in results[4]


def test_tag_command_uses_spacy_when_installed(tmp_path, seed_main, with_spacy, run_jsonl):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": 1, "title": seed_main.title, "text": seed_main.text}))
    code, [result] = run_jsonl("tag", path)
    assert code == 0
    assert result["backend"] == "spacy+yake"
    assert "#VolodymyrZelenskyy" in {tag["tag"] for tag in result["hashtags"]}


def test_eval_tagging_beats_plain_yake_on_the_crowd_keyphrases(shared_data, with_spacy):
    out = io.StringIO()
    call_command("eval", "tagging", "--data", str(shared_data / "keyphrases"), stdout=out)
    scores = json.loads(out.getvalue())
    assert scores["documents"] == 131
    assert scores["ours"]["f1@10"] > scores["yake"]["f1@10"]
    assert scores["ours"]["f1@5"] > scores["yake"]["f1@5"]
    assert scores["ours_without_ml"]["f1@10"] > scores["yake"]["f1@10"]
    assert scores["published_best_f1@10"] == 18.2
