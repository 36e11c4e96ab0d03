from tidings.search.snippets import ELLIPSIS, Segment, as_html, highlight, keys_of, snippet


def marked(segments):
    return [segment.text for segment in segments if segment.marked]


def test_highlight_marks_words_by_stem_and_without_accents():
    keys = keys_of(["election", "cafe"])
    segments = highlight("Elections at the Café: elected", keys)
    assert marked(segments) == ["Elections", "Café", "elected"]
    assert "".join(segment.text for segment in segments) == "Elections at the Café: elected"


def test_snippet_opens_near_the_matched_words_and_shows_the_cuts():
    text = (
        " ".join(f"filler{n}" for n in range(100))
        + " the harbour reopened today "
        + (" ".join(f"after{n}" for n in range(100)))
    )
    segments = snippet(text, keys_of(["harbour", "reopen"]), size=20)
    assert segments[0] == Segment(ELLIPSIS) and segments[-1] == Segment(ELLIPSIS)
    assert marked(segments) == ["harbour", "reopened"]


def test_snippet_prefers_the_window_with_more_of_the_words():
    text = "storm " + "x " * 60 + "storm flood together " + "y " * 60
    segments = snippet(text, keys_of(["storm", "flood"]), size=10)
    assert marked(segments) == ["storm", "flood"]


def test_snippet_without_a_match_is_the_opening():
    segments = snippet("One two three four five", keys_of(["absent"]), size=3)
    assert "".join(segment.text for segment in segments) == "One two three" + ELLIPSIS


def test_snippet_of_no_words_is_empty():
    assert snippet("", keys_of(["storm"])) == []
    assert snippet("— …", keys_of(["storm"])) == []


def test_as_html_escapes_everything_but_its_marks():
    segments = highlight('<script>alert("storm")</script> & storm', keys_of(["storm"]))
    assert as_html(segments) == (
        "&lt;script&gt;alert(&quot;<mark>storm</mark>&quot;)&lt;/script&gt; "
        "&amp; <mark>storm</mark>"
    )
