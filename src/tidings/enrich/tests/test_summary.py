import json

import pytest
from django.template.loader import render_to_string

from tidings.enrich.models import ArticleAnalysis
from tidings.enrich.summary import process, summarize, summary_for_page

STORY = (
    "The city council approved a new budget on Tuesday after months of debate over "
    "spending on schools and roads.\n\n"
    '"This is a good day for the city," the mayor said.\n\n'
    "Will the budget survive the next election?\n\n"
    "The budget raises spending on schools by a tenth and repairs the main roads "
    "before winter, the council said.\n\n"
    "Opponents said the council had ignored the rising cost of public transport for "
    "commuters from the suburbs.\n\n"
    "The council will publish the whole budget on its website next month.\n\n"
    "Photo: the council chamber on Tuesday (City Hall)"
)


def seed(shared_data):
    return json.loads((shared_data.parent / "seed" / "articles.json").read_text())


def test_summary_of_the_seed_article_is_its_lead_and_the_istanbul_agreement(shared_data):
    main = seed(shared_data)["main"]
    text = "\n\n".join(main["paragraphs"])

    summary = summarize(main["title"], text)

    assert 2 <= len(summary) <= 3
    for sentence in summary:
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.start for s in summary] == sorted(s.start for s in summary)
    texts = [sentence.text for sentence in summary]
    assert texts[0].startswith("Russia and Ukraine exchanged prisoners of war under the age")
    assert any("Istanbul on June 2" in text for text in texts)


def test_summary_leaves_out_quotes_questions_and_captions():
    summary = summarize("City council approves budget", STORY)

    texts = [sentence.text for sentence in summary]
    assert texts[0].startswith("The city council approved a new budget")
    assert len(texts) == 3
    assert not any(text.startswith(('"', "Will ", "Photo")) for text in texts)


def test_a_dateline_is_not_part_of_the_summary_sentence():
    text = (
        "WASHINGTON (Reuters) - The Senate passed the spending bill late on Friday after "
        "a long debate.\n\nThe House is expected to vote on the bill next week, aides said."
    )
    first = summarize("Senate passes spending bill", text)[0]
    assert first.text.startswith("The Senate passed")
    assert text[first.start : first.end] == first.text


def test_short_articles_get_a_shorter_summary_and_headlines_none():
    two = "The bridge reopened on Monday after repairs. Traffic was light in the morning."
    assert [s.text for s in summarize("Bridge reopens", two)] == [
        "The bridge reopened on Monday after repairs."
    ]
    assert summarize("Bridge reopens", "") == []
    assert summarize("Bridge reopens", "Bridge reopens") == []


def test_summary_works_without_english_word_lists():
    text = (
        "Die Stadt Hamburg hat am Dienstag einen neuen Haushalt für Schulen und Straßen "
        "beschlossen.\n\nDer Haushalt erhöht die Ausgaben für Schulen um ein Zehntel, sagte "
        "der Senat.\n\nKritiker bemängelten die steigenden Kosten für den Nahverkehr der "
        "Pendler.\n\nDie Opposition kündigte Widerstand im Parlament gegen den Haushalt an."
    )
    summary = summarize("Hamburg beschließt Haushalt", text)
    assert summary[0].text.startswith("Die Stadt Hamburg hat am Dienstag")
    assert 2 <= len(summary) <= 3


def test_summary_works_in_scripts_without_spaces():
    text = (
        "東京都は２日、新しい予算案を発表した。予算は学校と道路の整備に重点を置いている。"
        "知事は記者会見で「都民の生活を守る」と述べた。野党は交通費の上昇を批判している。"
        "来月には議会で審議が始まる予定だ。"
    )
    summary = summarize("東京都が新予算案", text)
    assert summary[0].text == "東京都は２日、新しい予算案を発表した。"
    assert 2 <= len(summary) <= 3
    for sentence in summary:
        assert text[sentence.start : sentence.end] == sentence.text


def test_command_gives_one_line_per_input_line_and_exits_1_on_a_bad_one(tmp_path, run_jsonl):
    path = tmp_path / "articles.jsonl"
    lines = [
        json.dumps({"id": "a", "title": "City council approves budget", "text": STORY}),
        "{not json",
        json.dumps({"id": "b", "title": "Only a headline"}),
        json.dumps({"id": "c", "text": ["not", "text"]}),
    ]
    path.write_text("\n".join(lines) + "\n")

    code, results = run_jsonl("summarize", path, "--sentences", "2")

    assert code == 1
    assert [result["id"] for result in results] == ["a", None, "b", "c"]
    assert len(results[0]["summary"]) == 2
    for sentence in results[0]["summary"]:
        assert set(sentence) == {"text", "start", "end"}
        assert STORY[sentence["start"] : sentence["end"]] == sentence["text"]
    assert "error" in results[1] and "error" in results[3]
    assert results[2] == {"id": "b", "summary": []}


@pytest.mark.django_db
def test_process_stores_the_summary_once_and_the_page_links_its_paragraphs(make_article):
    article = make_article(title="City council approves budget", text=STORY)

    process([article])
    process([article])

    assert ArticleAnalysis.objects.filter(article=article).count() == 1
    stored = ArticleAnalysis.objects.get(article=article).summary
    assert len(stored) == 3
    article.refresh_from_db()
    on_page = summary_for_page(article)
    assert on_page[0]["paragraph"] == 0
    for item in on_page:
        assert item["text"] in article.paragraphs[item["paragraph"]]


@pytest.mark.django_db
def test_page_leaves_out_sentences_whose_text_has_changed(make_article):
    article = make_article(title="City council approves budget", text=STORY)
    process([article])
    article.text = "A rewritten article.\n\n" + STORY
    article.save()
    article.refresh_from_db()
    assert summary_for_page(article) == []


@pytest.mark.django_db
def test_summary_partial_links_each_sentence_to_its_paragraph(make_article):
    article = make_article(title="City council approves budget", text=STORY)
    process([article])
    article.refresh_from_db()

    html = render_to_string("web/_summary.html", {"summary": summary_for_page(article)})

    assert '<h2 id="summary-heading">Summary</h2>' in html
    assert '<a href="#p-0"' in html
    assert "The city council approved a new budget" in html
    assert render_to_string("web/_summary.html", {"summary": []}).strip() == ""
