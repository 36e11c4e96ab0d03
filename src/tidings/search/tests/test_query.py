import sqlite3

import pytest

from tidings.search.query import (
    MAX_CHARACTERS,
    MAX_TERMS,
    Alternative,
    InvalidQuery,
    Query,
    Term,
    fts5_match,
    parse,
    websearch,
)


def terms(*phrases: str) -> tuple[Term, ...]:
    return tuple(Term(tuple(phrase.split())) for phrase in phrases)


@pytest.mark.parametrize(
    ("text", "alternatives"),
    [
        ("Budget cuts", [Alternative(terms("budget", "cuts"))]),
        ('"central bank" rates', [Alternative(terms("central bank", "rates"))]),
        ("storm -tornado", [Alternative(terms("storm"), terms("tornado"))]),
        ('storm -"flash flood"', [Alternative(terms("storm"), terms("flash flood"))]),
        (
            "budget cuts OR tax rise",
            [Alternative(terms("budget", "cuts")), Alternative(terms("tax", "rise"))],
        ),  # noqa: E501
        ("OR storm OR", [Alternative(terms("storm"))]),
        ("storm OR OR flood", [Alternative(terms("storm")), Alternative(terms("flood"))]),
        ("e-mail U.S.", [Alternative(terms("e mail", "u s"))]),
        ("Café Zürich", [Alternative(terms("café", "zürich"))]),
        ('"unclosed phrase here', [Alternative(terms("unclosed phrase here"))]),
        ("storm or flood", [Alternative(terms("storm", "or", "flood"))]),
        ("storm OR -flood", [Alternative(terms("storm"))]),
        ("東京 election", [Alternative(terms("東京", "election"))]),
    ],
)
def test_parse_reads_websearch_syntax(text, alternatives):
    assert parse(text) == Query(tuple(alternatives))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Type the words"),
        ("   ", "Type the words"),
        ('!!! "" ---', "letters or digits"),
        ("-storm", "not only what to leave out"),
        ('-storm -"flash flood"', "not only what to leave out"),
        ("x" * (MAX_CHARACTERS + 1), f"at most {MAX_CHARACTERS} characters"),
        (" ".join(["word"] * (MAX_TERMS + 1)), f"at most {MAX_TERMS} words"),
    ],
)
def test_parse_explains_what_cannot_be_searched(text, says):
    with pytest.raises(InvalidQuery, match=says):
        parse(text)


def test_fts5_match_quotes_every_term_and_keeps_the_structure():
    query = parse('"central bank" rates -inflation OR storm')
    assert fts5_match(query) == '(("central bank" AND "rates") NOT "inflation") OR ("storm")'


def test_websearch_writes_the_same_query_back():
    query = parse('"central bank" rates -inflation OR storm')
    assert websearch(query) == '"central bank" "rates" -"inflation" OR "storm"'
    assert parse(websearch(query)) == query


def test_highlighted_words_leave_the_excluded_out():
    assert parse('storm "flash flood" -tornado OR hail').highlighted_words == {
        "storm",
        "flash",
        "flood",
        "hail",
    }


HOSTILE = [
    "NEAR(a b)",
    "a AND OR NOT b",
    "title:storm",
    "^start",
    "storm*",
    '"a" "b',
    "a + b",
    "(((",
    ")storm(",
    "{title body}: x",
    "NOT",
    "AND storm",
    '"""""storm"',
    "-(storm)",
    "col:umn -x: OR y*",
    "\x00storm",
    "storm\u0301 e\u0301te\u0301",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_input_makes_an_fts5_syntax_error(text):
    """Whatever a reader types is either refused in words or a valid MATCH expression."""
    try:
        expression = fts5_match(parse(text))
    except InvalidQuery:
        return
    database = sqlite3.connect(":memory:")
    database.execute(
        "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='porter unicode61 "
        "remove_diacritics 2')"
    )
    database.execute("INSERT INTO t VALUES ('storm near start', 'column and title')")
    database.execute("SELECT rowid FROM t WHERE t MATCH ?", (expression,)).fetchall()
