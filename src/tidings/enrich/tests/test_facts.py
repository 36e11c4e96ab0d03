"""The facts stage: `tidings facts` over JSON Lines, and stored facts as a page shows them."""

import json

import pytest
from django.template.loader import render_to_string

from tidings.enrich.facts import facts_for_page, process
from tidings.enrich.models import ArticleAnalysis


def test_command_gives_facts_per_line_skips_other_languages_and_reports_bad_lines(
    tmp_path, run_jsonl
):
    english = "The firm paid $2 million in fines. It employs 4,500 people in 12 countries."
    french = (
        "La société a payé 2 millions d'euros d'amende. Elle emploie 4 500 personnes dans "
        "douze pays, selon son rapport annuel publié mardi."
    )
    path = tmp_path / "articles.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": 1, "text": english}),
                json.dumps({"id": 2, "text": french, "language": "fr"}),
                "[1, 2]",
                json.dumps({"id": 4, "title": "Headline only"}),
            ]
        )
        + "\n"
    )

    code, results = run_jsonl("facts", path, "--limit", "2")

    assert code == 1
    assert [result["id"] for result in results] == [1, 2, None, 4]
    assert len(results[0]["facts"]) == 2
    for fact in results[0]["facts"]:
        assert set(fact) == {"value", "unit", "what", "sentence", "start", "end"}
        assert english[fact["start"] : fact["end"]] == fact["sentence"]
    assert results[1] == {"id": 2, "facts": [], "skipped": "language fr is not supported"}
    assert "error" in results[2]
    assert results[3] == {"id": 4, "facts": []}


@pytest.mark.django_db
def test_process_stores_facts_once_and_the_page_shows_them_as_written(make_article):
    text = "Budget news.\n\nThe city will spend $2 million on 14 new buses, officials said."
    article = make_article(text=text, language="en")

    process([article])
    process([article])

    analysis = ArticleAnalysis.objects.get(article=article)
    assert ArticleAnalysis.objects.filter(article=article).count() == 1
    assert [fact["value"] for fact in analysis.facts] == ["$2 million", "14"]
    article.refresh_from_db()
    on_page = facts_for_page(article)
    assert [(fact["figure"], fact["what"], fact["paragraph"]) for fact in on_page] == [
        ("$2 million", "The city will spend", 1),
        ("14", "new buses", 1),
    ]


@pytest.mark.django_db
def test_process_notes_that_other_languages_are_skipped(make_article):
    article = make_article(
        text="Die Stadt gibt 2 Millionen Euro für 14 neue Busse aus, sagten Beamte am Dienstag.",
        language="de",
    )
    process([article])
    analysis = ArticleAnalysis.objects.get(article=article)
    assert analysis.facts == []
    assert analysis.notes["facts"] == "language de is not supported"


def facts_partial(make_article, text: str) -> str:
    """The key-facts partial of a stored article whose facts were found."""
    article = make_article(text=text, language="en")
    process([article])
    article.refresh_from_db()
    return render_to_string("web/_facts.html", {"facts": facts_for_page(article)})


@pytest.mark.django_db
def test_facts_partial_quotes_each_source_sentence_with_a_link(make_article):
    text = "Budget news.\n\nThe city will spend $2 million on 14 new buses, officials said."

    html = facts_partial(make_article, text)

    assert "Key facts" in html
    assert '<strong class="key-fact-figure">$2 million</strong>' in html
    assert "— new buses" in html
    assert '<a href="#p-1"' in html and "officials said." in html
    assert render_to_string("web/_facts.html", {"facts": []}).strip() == ""


def test_command_ranks_first_the_number_its_title_repeats(tmp_path, run_jsonl):
    text = "Shares rose 8 percent on Monday. Sales reached 3 percent of the market."
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps({"id": 1, "title": "Sales hit 3% share", "text": text}) + "\n")

    code, results = run_jsonl("facts", path, "--limit", "1")

    assert code == 0
    assert [fact["value"] for fact in results[0]["facts"]] == ["3"]


@pytest.mark.django_db
def test_facts_partial_wraps_a_quoted_sentence_once(make_article):
    html = facts_partial(make_article, 'Storm news.\n\n"We counted 14 boats lost in one night."')

    assert "“We counted 14 boats lost in one night.”" in html
    assert '“"' not in html and "“&quot;" not in html
