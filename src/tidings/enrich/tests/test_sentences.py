import json

import pytest

from tidings.enrich.sentences import (
    is_furniture,
    is_heading,
    lead_in_length,
    paragraph_index,
    split_sentences,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith met Gen. Jones. They talked.",
            ["Mr. Smith met Gen. Jones.", "They talked."],
        ),
        (
            "The U.S. Senate voted. The U.S. Then it adjourned.",
            ["The U.S. Senate voted.", "The U.S.", "Then it adjourned."],
        ),
        (
            "Prices rose 1.5 percent in Jan. 2024. Few noticed.",
            ["Prices rose 1.5 percent in Jan. 2024.", "Few noticed."],
        ),
        (
            "John F. Kennedy spoke. J. K. Rowling wrote.",
            ["John F. Kennedy spoke.", "J. K. Rowling wrote."],
        ),
        ("It was No. 1 on the list. Then it fell.", ["It was No. 1 on the list.", "Then it fell."]),
        ("The answer was no. The end.", ["The answer was no.", "The end."]),
        (
            '"Hi, Mom, I\'m home!" the soldier shouted. She cried.',
            ['"Hi, Mom, I\'m home!" the soldier shouted.', "She cried."],
        ),
        (
            '"It is over," he said. "We won." Then silence.',
            ['"It is over," he said.', '"We won."', "Then silence."],
        ),
        ("Wait... what? Yes! She laughed…", ["Wait... what?", "Yes!", "She laughed…"]),
        ("He left... Then he came back.", ["He left...", "Then he came back."]),
        (
            "Acme Inc. said profit rose. Visit example.com today.",
            ["Acme Inc. said profit rose.", "Visit example.com today."],
        ),
        (
            "A heading without a stop\n\nThe first paragraph.",
            ["A heading without a stop", "The first paragraph."],
        ),
        ("東京は晴れ。大阪は雨。", ["東京は晴れ。", "大阪は雨。"]),
    ],
)
def test_splitter_finds_sentence_ends_and_skips_abbreviations(text, expected):
    sentences = split_sentences(text)
    assert [sentence.text for sentence in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_a_line_break_always_ends_a_sentence_and_paragraphs_are_counted():
    text = "First line\nsecond line.\n\n\n\nNew paragraph, one sentence. Two.\n\nLast"
    sentences = split_sentences(text)
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("First line", 0),
        ("second line.", 0),
        ("New paragraph, one sentence.", 1),
        ("Two.", 1),
        ("Last", 2),
    ]
    assert [paragraph_index(text, s.start) for s in sentences] == [0, 0, 1, 1, 2]


def test_datelines_and_speakers_are_measured_so_they_can_be_left_out():
    for sentence, rest in [
        ("LOS ANGELES - One of the reasons", "One of the reasons"),
        ("KYIV, Ukraine (AP) — Russia launched", "Russia launched"),
        ("ARI SHAPIRO, HOST: Scores of people", "Scores of people"),
        ("The U.S. - and its allies", "The U.S. - and its allies"),
    ]:
        assert sentence[lead_in_length(sentence) :] == rest


def test_captions_credits_and_headlines_are_recognised():
    assert is_furniture("Photo: Reuters")
    assert is_furniture("Survivors comfort each other (Photo by Jane Doe)")
    assert is_furniture("Read more: the war in numbers")
    assert not is_furniture("He said the photo was taken in March.")
    assert is_heading("More Than 70 People Killed In Truck Attack In Nice, France")
    assert not is_heading("More than 70 people were killed in Nice.")


def test_offsets_hold_on_every_real_article(shared_data):
    path = shared_data / "clustering-news" / "g5w1h_news_cluster.dev.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text().splitlines()]
    texts += [
        json.loads(line)["body"]
        for line in (shared_data / "demo-corpus" / "articles.jsonl").read_text().splitlines()
    ]
    count = 0
    for text in texts:
        for sentence in split_sentences(text):
            assert text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip() and sentence.text
            count += 1
    assert count > 5000
