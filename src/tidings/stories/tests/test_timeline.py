import xml.etree.ElementTree as ElementTree
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tidings.stories.timeline import MAX_ROWS, MAX_TICKS, build_timeline, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
SWAP = datetime(2025, 6, 9, 23, 30, tzinfo=UTC)


def drawn(svg: str) -> ElementTree.Element:
    """The SVG parsed as XML: it must be well formed to be parsed at all."""
    return ElementTree.fromstring(svg)


def test_nothing_to_count_gives_no_timeline():
    assert build_timeline([]) is None


def test_one_article_is_one_bar_in_one_hour():
    timeline = build_timeline([("The Japan Times", SWAP)])

    assert timeline.step == "hour"
    assert timeline.buckets == (datetime(2025, 6, 9, 23, tzinfo=UTC),)
    assert [(row.outlet, row.counts) for row in timeline.rows] == [("The Japan Times", (1,))]
    assert timeline.summary == "1 article from 1 outlet, all in the hour from 9 June, 23:00 UTC."
    svg = drawn(timeline_svg(timeline))
    assert svg.get("role") == "img"
    assert svg.find(f"{SVG}desc").text == timeline.summary
    assert len(svg.findall(f"{SVG}rect")) == 1


def test_outlets_are_rows_in_the_order_they_reported_with_articles_per_hour():
    timeline = build_timeline(
        [
            ("NHK", SWAP + timedelta(minutes=70)),
            ("The Japan Times", SWAP),
            ("NHK", SWAP + timedelta(minutes=85)),
            ("Kyiv Independent", SWAP + timedelta(hours=4)),
            ("The Japan Times", SWAP + timedelta(hours=4, minutes=10)),
        ]
    )

    assert [datetime.strftime(bucket, "%d %H") for bucket in timeline.buckets] == [
        "09 23",
        "10 00",
        "10 01",
        "10 02",
        "10 03",
    ]
    assert [(row.outlet, row.counts) for row in timeline.rows] == [
        ("The Japan Times", (1, 0, 0, 0, 1)),
        ("NHK", (0, 2, 0, 0, 0)),
        ("Kyiv Independent", (0, 0, 0, 0, 1)),
    ]
    assert timeline.summary == (
        "5 articles from 3 outlets between 9 June, 23:00 UTC and 10 June, 03:00 UTC. "
        "Busiest hour: 10 June, 00:00 UTC, with 2 articles."
    )
    svg = drawn(timeline_svg(timeline))
    bars = {rect.find(f"{SVG}title").text: rect for rect in svg.iter(f"{SVG}rect")}
    assert set(bars) == {
        "The Japan Times, 9 June, 23:00 UTC: 1 article",
        "NHK, 10 June, 00:00 UTC: 2 articles",
        "Kyiv Independent, 10 June, 03:00 UTC: 1 article",
        "The Japan Times, 10 June, 03:00 UTC: 1 article",
    }
    two = float(bars["NHK, 10 June, 00:00 UTC: 2 articles"].get("height"))
    one = float(bars["Kyiv Independent, 10 June, 03:00 UTC: 1 article"].get("height"))
    assert two == 2 * one


def test_a_story_longer_than_three_days_is_counted_per_day():
    timeline = build_timeline(
        [("NHK", SWAP), ("NHK", SWAP + timedelta(hours=1)), ("AP", SWAP + timedelta(days=4))]
    )

    assert timeline.step == "day"
    assert [bucket.day for bucket in timeline.buckets] == [9, 10, 11, 12, 13]
    assert [(row.outlet, row.counts) for row in timeline.rows] == [
        ("NHK", (1, 1, 0, 0, 0)),
        ("AP", (0, 0, 0, 0, 1)),
    ]
    assert timeline.summary == "3 articles from 2 outlets between 9 June 2025 and 13 June 2025."
    svg = drawn(timeline_svg(timeline))
    assert svg.find(f"{SVG}title").text == "Articles per day and outlet"


def test_exactly_three_days_is_still_counted_per_hour():
    timeline = build_timeline([("NHK", SWAP), ("AP", SWAP + timedelta(hours=72))])

    assert timeline.step == "hour"
    assert len(timeline.buckets) == 73


def test_past_twelve_outlets_the_least_prolific_share_one_row():
    points = [(f"Outlet {n:02}", SWAP + timedelta(minutes=n)) for n in range(15)]
    # Three of the late reporters wrote twice: they keep rows, the earliest single ones not.
    points += [(f"Outlet {n:02}", SWAP + timedelta(hours=2)) for n in (12, 13, 14)]

    timeline = build_timeline(points)

    assert len(timeline.rows) == MAX_ROWS
    kept = [row.outlet for row in timeline.rows[:-1]]
    assert kept[-3:] == ["Outlet 12", "Outlet 13", "Outlet 14"]
    others = timeline.rows[-1]
    assert (others.outlet, others.outlets, others.total) == ("Other outlets (4)", 4, 4)
    assert timeline.total == 18 and timeline.outlet_count == 15


def test_outlet_names_are_escaped_and_long_ones_cut_with_the_full_name_in_the_tooltip():
    name = "<script>alert(1)</script> & The Very Long Name Gazette"
    svg_text = timeline_svg(build_timeline([(name, SWAP)]))

    assert "<script>" not in svg_text
    svg = drawn(svg_text)
    label = next(svg.iter(f"{SVG}text"))
    assert label.find(f"{SVG}title").text == f"{name}: 1 article"
    assert "".join(label.itertext()).endswith("…")


def test_hours_follow_the_display_zone_even_half_an_hour_off_utc():
    timeline = build_timeline(
        [("NHK", SWAP), ("AP", SWAP + timedelta(hours=2))], ZoneInfo("Asia/Kolkata")
    )

    assert [f"{bucket:%H:%M}" for bucket in timeline.buckets] == ["05:00", "06:00", "07:00"]
    assert [row.counts for row in timeline.rows] == [(1, 0, 0), (0, 0, 1)]
    assert timeline.zone_name == "IST"


def test_the_axis_labels_at_most_eight_times_and_names_each_day_once():
    points = [("NHK", SWAP + timedelta(hours=hours)) for hours in range(0, 49, 3)]

    svg = drawn(timeline_svg(build_timeline(points)))

    labels = [text.text for text in svg.iter(f"{SVG}text") if text.get("class") == "timeline-label"]
    times = [label for label in labels if ":" in label]
    assert 2 <= len(times) <= MAX_TICKS
    assert [label for label in labels if ":" not in label] == ["9 Jun", "10 Jun", "11 Jun"]
