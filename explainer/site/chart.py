"""The figures view's bar chart, laid out at build time: geometry only, the SVG is a template."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from ..content.model import Claim
from .i18n import Formatter
from .views import FigureGroup

LINE = 18  # px per label line; labels wrap so that a 360 px screen shows them whole
LABEL_WIDTH = 38  # characters per label line
BAR_HEIGHT, GAP = 18, 14


@dataclass(frozen=True, slots=True)
class Bar:
    claim: Claim
    label: str  # what, who and when: "about 11,000 · Zelensky, November 2024"
    lines: tuple[tuple[int, str], ...]  # the label wrapped: (baseline y, text)
    bar_y: int  # top of the bar, px
    percent: float  # bar length, share of the chart's width (the largest value is 100)


@dataclass(frozen=True, slots=True)
class Chart:
    bars: tuple[Bar, ...]
    height: int
    summary: str  # a sentence for the chart's accessible name
    bar_height: int = BAR_HEIGHT


def when(claim: Claim, words: Formatter) -> str:
    """The date an estimate refers to, in words."""
    assert claim.figure is not None
    date = claim.figure.as_of or claim.date
    return words.date(date) if date else words.gettext("date not given")


def value_label(claim: Claim, words: Formatter, unit: str = "") -> str:
    """`about 11,000 soldiers`."""
    assert claim.figure is not None
    return f"{words.qualifier(claim.figure.qualifier)} {words.number(claim.figure.value)} {unit}".strip()


def bar_chart(group: FigureGroup, words: Formatter) -> Chart:
    """One bar per estimate, lengths proportional to the values, from zero, labelled in the
    interface's language."""
    largest = max((c.figure.value for c in group.claims if c.figure), default=0) or 1
    bars, y = [], 0
    for claim in group.claims:
        assert claim.figure is not None
        label = f"{value_label(claim, words, group.kind.unit if group.kind else '')} · {claim.figure.by}, " \
                f"{when(claim, words)}"
        wrapped = textwrap.wrap(label, LABEL_WIDTH, break_on_hyphens=False) or [label]
        lines = tuple((y + LINE * (n + 1) - 4, text) for n, text in enumerate(wrapped))
        bar_y = y + LINE * len(wrapped) + 2
        percent = max(round(100 * max(claim.figure.value, 0) / largest, 2), 0.5)
        bars.append(Bar(claim, label, lines, bar_y, percent))
        y = bar_y + BAR_HEIGHT + GAP
    # TRANSLATORS: between two estimates in the sentence that describes a chart.
    separator = words.gettext("; ")
    summary = words.gettext("%(figure)s, estimates compared: %(estimates)s.") % {
        "figure": group.label, "estimates": separator.join(b.label for b in bars)}
    return Chart(tuple(bars), max(y - GAP + 2, LINE), summary)
