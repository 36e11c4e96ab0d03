import pytest

from tidings.dedupe.tests.stories import PARAGRAPHS, SAME_EVENT, STORY, at


@pytest.fixture
def three_outlets(make_source, make_article):
    """The wire story at three outlets: whole, without its lead, and with the headline and
    a word changed; and another outlet's own report of the same fire."""
    wire = make_article(
        source=make_source(name="Wire Daily"),
        title="Fire at Valdoro mill",
        text=STORY,
        published_at=at(1),
    )
    trimmed = make_article(
        source=make_source(name="Hill Courier"),
        title="Fire at Valdoro mill",
        text="\n\n".join(PARAGRAPHS[1:]),
        published_at=at(2),
    )
    edited = make_article(
        source=make_source(name="Valley Post"),
        title="Old paper mill burns in Valdoro",
        text=STORY.replace("Tuesday", "Monday"),
        published_at=at(3),
    )
    own = make_article(
        source=make_source(name="Valdoro Voice"),
        title="Night of smoke",
        text=SAME_EVENT,
        published_at=at(1.5),
    )
    return wire, trimmed, edited, own
