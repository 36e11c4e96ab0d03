import pytest

from tidings.text import valid_json, valid_unicode


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("plain text, café, 日本, 😀", "plain text, café, 日本, 😀"),
        ("x\ud800y", "x\ufffdy"),  # a lone high surrogate
        ("x\udfffy", "x\ufffdy"),  # a lone low surrogate
        ("\ud83d\ude00", "\ufffd\ufffd"),  # a pair left split is two losses, not an emoji
        ("nul\x00byte", "nul\ufffdbyte"),
        ("", ""),
    ],
)
def test_valid_unicode_replaces_what_cannot_be_stored(raw, clean):
    assert valid_unicode(raw) == clean
    valid_unicode(raw).encode("utf-8")  # never raises


def test_valid_json_cleans_strings_at_any_depth_and_keeps_other_values():
    raw = {"body\ud800": ["a\x00", {"b": "c\udc00"}], "n": 3, "f": None, "t": True}
    assert valid_json(raw) == {
        "body\ufffd": ["a\ufffd", {"b": "c\ufffd"}],
        "n": 3,
        "f": None,
        "t": True,
    }
