"""The timeline of a story's coverage: how many articles each outlet published, hour by
hour, drawn as an SVG chart for the story page.

Pure: ``build_timeline`` turns ``(outlet, published time)`` pairs into counts per outlet
and time bucket, and ``timeline_svg`` draws them, escaping every piece of text. A story
that runs longer than ``HOURLY_SPAN`` is counted per day instead, since three days of
hours would be too narrow to read; ``Timeline.step`` says which, for the legend.

Each outlet has a row, ordered by when it first reported, so the chart reads top-down
as the story spread. Past ``MAX_ROWS`` outlets, the least prolific share one row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from html import escape

HOURLY_SPAN = timedelta(hours=72)
MAX_ROWS = 12
# The axis gets at most this many labels; the interval between them is the first of the
# step's "nice" intervals that fits.
MAX_TICKS = 8
HOUR_TICKS = (1, 2, 3, 4, 6, 12, 24)
DAY_TICKS = (1, 2, 7, 14, 28, 56, 91, 182, 364)
# Outlet names longer than this are cut in the chart; the full name is in its tooltip
# and in the table beside the chart.
LABEL_CHARACTERS = 22

# Geometry, in the SVG's own units (it scales to the width of the page).
LABEL_WIDTH = 170
PLOT_WIDTH = 560
RIGHT_PAD = 14
TOP_PAD = 6
ROW_HEIGHT = 26
BAR_MARGIN = 4  # above and below the tallest bar within its row
AXIS_HEIGHT = 40


@dataclass(frozen=True)
class TimelineRow:
    """One outlet's articles per bucket (or, for the last row, several outlets')."""

    outlet: str
    counts: tuple[int, ...]
    first: datetime
    last: datetime
    outlets: int = 1  # more than one for the shared "Other outlets" row

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Timeline:
    step: str  # "hour" or "day"
    buckets: tuple[datetime, ...]  # the start of each bucket, in the display time zone
    rows: tuple[TimelineRow, ...]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)

    @property
    def outlet_count(self) -> int:
        return sum(row.outlets for row in self.rows)

    @property
    def zone_name(self) -> str:
        return self.buckets[0].tzname() or "UTC"

    def bucket_totals(self) -> list[int]:
        return [sum(column) for column in zip(*(row.counts for row in self.rows), strict=True)]

    @property
    def summary(self) -> str:
        """The chart in words, for screen readers and as the SVG's description."""
        totals = self.bucket_totals()
        count = f"{_plural(self.total, 'article')} from {_plural(self.outlet_count, 'outlet')}"
        if len(self.buckets) == 1:
            within = "on" if self.step == "day" else "in the hour from"
            return f"{count}, all {within} {self.label(self.buckets[0])}."
        span = f"{count} between {self.label(self.buckets[0])} and {self.label(self.buckets[-1])}."
        busiest = max(range(len(totals)), key=lambda index: (totals[index], -index))
        if totals[busiest] < 2:
            return span
        return (
            f"{span} Busiest {self.step}: {self.label(self.buckets[busiest])}, "
            f"with {totals[busiest]} articles."
        )

    def label(self, moment: datetime) -> str:
        if self.step == "day":
            return f"{moment.day} {moment:%B %Y}"
        return f"{moment.day} {moment:%B, %H:%M} {moment.tzname() or 'UTC'}"


def build_timeline(points: Iterable[tuple[str, datetime]], zone: tzinfo = UTC) -> Timeline | None:
    """Count ``(outlet, published)`` pairs per outlet and per hour (per day past
    ``HOURLY_SPAN``), in ``zone``. None when there is nothing to count.

    1. Pick the step from the span between the first and the last time.
    2. Give each time its bucket: hours are counted from the first whole hour (so zones
       half an hour off UTC still get whole local hours), days by local calendar date.
    3. Rows: every outlet in order of its first article; past ``MAX_ROWS`` outlets the
       most prolific keep their rows and the rest share the last one.
    """
    local = [(outlet, moment.astimezone(zone)) for outlet, moment in points]
    if not local:
        return None
    times = [moment for _, moment in local]
    earliest, latest = min(times), max(times)

    # Hours are real hours (counted in UTC, where no clock change repeats or skips one);
    # days are the display zone's calendar days.
    if latest.astimezone(UTC) - earliest.astimezone(UTC) <= HOURLY_SPAN:
        step = "hour"
        start = earliest.replace(minute=0, second=0, microsecond=0).astimezone(UTC)
        size = _hours_between(start, latest) + 1
        buckets = tuple((start + timedelta(hours=n)).astimezone(zone) for n in range(size))

        def bucket(moment: datetime) -> int:
            return _hours_between(start, moment)

    else:
        step = "day"
        first_day = earliest.date()
        size = (latest.date() - first_day).days + 1
        buckets = tuple(
            datetime.combine(first_day + timedelta(days=n), time(), zone) for n in range(size)
        )

        def bucket(moment: datetime) -> int:
            return (moment.date() - first_day).days

    per_outlet: dict[str, list[datetime]] = defaultdict(list)
    for outlet, moment in local:
        per_outlet[outlet].append(moment)
    outlets = sorted(per_outlet, key=lambda name: (min(per_outlet[name]), name))
    if len(outlets) > MAX_ROWS:
        first = {name: position for position, name in enumerate(outlets)}
        prolific = sorted(outlets, key=lambda name: (-len(per_outlet[name]), first[name]))
        kept = set(prolific[: MAX_ROWS - 1])
        others = [name for name in outlets if name not in kept]
        outlets = [name for name in outlets if name in kept]
    else:
        others = []

    def row(name: str, moments: list[datetime], count: int = 1) -> TimelineRow:
        counted = Counter(bucket(moment) for moment in moments)
        counts = tuple(counted.get(index, 0) for index in range(size))
        return TimelineRow(name, counts, min(moments), max(moments), count)

    rows = [row(name, per_outlet[name]) for name in outlets]
    if others:
        moments = [moment for name in others for moment in per_outlet[name]]
        rows.append(row(f"Other outlets ({len(others)})", moments, len(others)))
    return Timeline(step, buckets, tuple(rows))


def timeline_svg(timeline: Timeline) -> str:
    """The timeline as an inline SVG: a row per outlet with a bar per bucket that has
    articles (taller for more), and a time axis. The SVG is one image to assistive
    technology, described by ``Timeline.summary``; each bar's tooltip gives its count.
    Colours come from the site's stylesheet through the classes, with presentation
    attributes as the fallback (the content security policy refuses style attributes)."""
    size = len(timeline.buckets)
    width = LABEL_WIDTH + PLOT_WIDTH + RIGHT_PAD
    plot_bottom = TOP_PAD + ROW_HEIGHT * len(timeline.rows)
    height = plot_bottom + AXIS_HEIGHT
    slot = PLOT_WIDTH / size
    bar_width = max(min(slot * 0.8, 28.0), 2.0)
    tallest = max(max(row.counts) for row in timeline.rows)
    unit = "hour" if timeline.step == "hour" else "day"

    parts = [
        f'<svg class="timeline-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="timeline-title timeline-desc">',
        f'<title id="timeline-title">Articles per {unit} and outlet</title>',
        f'<desc id="timeline-desc">{escape(timeline.summary)}</desc>',
    ]
    for index, row in enumerate(timeline.rows):
        top = TOP_PAD + ROW_HEIGHT * index
        base = top + ROW_HEIGHT
        name = row.outlet
        short = name if len(name) <= LABEL_CHARACTERS else name[: LABEL_CHARACTERS - 1] + "…"
        parts.append(
            f'<line class="timeline-rule" x1="{LABEL_WIDTH}" x2="{LABEL_WIDTH + PLOT_WIDTH}" '
            f'y1="{base}" y2="{base}" stroke="#dde2e9"/>'
        )
        parts.append(
            f'<text class="timeline-outlet" x="{LABEL_WIDTH - 8}" y="{base - 8}" '
            f'text-anchor="end" font-size="13" fill="currentColor">'
            f"<title>{escape(name)}: {_plural(row.total, 'article')}</title>{escape(short)}</text>"
        )
        for position, count in enumerate(row.counts):
            if not count:
                continue
            bar_height = max((ROW_HEIGHT - 2 * BAR_MARGIN) * count / tallest, 3.0)
            x = LABEL_WIDTH + slot * position + (slot - bar_width) / 2
            when = timeline.label(timeline.buckets[position])
            parts.append(
                f'<rect class="timeline-bar" x="{x:.1f}" y="{base - bar_height:.1f}" '
                f'width="{bar_width:.1f}" height="{bar_height:.1f}" rx="1.5" fill="#1a56c4">'
                f"<title>{escape(name)}, {escape(when)}: {_plural(count, 'article')}</title>"
                "</rect>"
            )
    parts.extend(_axis(timeline, slot, plot_bottom))
    parts.append("</svg>")
    return "".join(parts)


def _axis(timeline: Timeline, slot: float, top: int) -> list[str]:
    """Tick marks and labels under the plot: hours with the date under the first one of
    each day, or dates."""
    steps = HOUR_TICKS if timeline.step == "hour" else DAY_TICKS
    size = len(timeline.buckets)
    every = next((n for n in steps if size / n <= MAX_TICKS), steps[-1])
    parts = [
        f'<line class="timeline-axis" x1="{LABEL_WIDTH}" x2="{LABEL_WIDTH + PLOT_WIDTH}" '
        f'y1="{top}" y2="{top}" stroke="#56606d"/>'
    ]
    shown_day = None
    for position in range(0, size, every):
        moment = timeline.buckets[position]
        x = LABEL_WIDTH + slot * position + slot / 2
        parts.append(
            f'<line class="timeline-tick" x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + 5}" '
            'stroke="#56606d"/>'
        )
        if timeline.step == "hour":
            lines = [f"{moment:%H:%M}"]
            if moment.date() != shown_day:
                lines.append(f"{moment.day} {moment:%b}")
                shown_day = moment.date()
        else:
            lines = [f"{moment.day} {moment:%b}"]
            if position == 0 or moment.year != timeline.buckets[position - every].year:
                lines.append(f"{moment.year}")
        for line_number, text in enumerate(lines):
            parts.append(
                f'<text class="timeline-label" x="{x:.1f}" y="{top + 18 + 14 * line_number}" '
                f'text-anchor="middle" font-size="12" fill="currentColor">{escape(text)}</text>'
            )
    return parts


def _hours_between(start: datetime, moment: datetime) -> int:
    return int((moment.astimezone(UTC) - start) // timedelta(hours=1))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
