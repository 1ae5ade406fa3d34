"""Horizontal bar charts drawn on the server as SVG: no JavaScript, no request elsewhere.

One kind of chart for every figure, because a bar per row with its label on the left
and its value at the end reads at a glance in any language: labels of any length (a
topic's name in Thai, a continent in German) sit in their own column and are never
rotated. Labels too wide for the column are shortened with "…"; the full label is in
the bar's ``<title>``, the chart's ``<desc>`` and the data table under it.
"""

import unicodedata
from dataclasses import dataclass

from django.utils import formats

from network.public.formats import euros

WIDTH = 720
LABEL_WIDTH = 220
VALUE_WIDTH = 110
BAR_HEIGHT = 24
GAP = 10
PADDING = 8
FONT_SIZE = 14
# Roughly how many Latin characters fit the label column at FONT_SIZE.
LABEL_COLUMNS = 26


@dataclass
class Bar:
    """One row of a chart, placed."""

    label: str
    short_label: str
    value: float
    value_text: str
    y: float
    width: float
    text_y: float
    value_x: float


def display_width(text):
    """Columns a text takes: East Asian wide characters count twice."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def shorten(text, columns=LABEL_COLUMNS):
    if display_width(text) <= columns:
        return text
    shortened = ""
    for char in text:
        if display_width(shortened + char) > columns - 1:
            break
        shortened += char
    return shortened.rstrip() + "…"


def value_text(value, money=False):
    return euros(value) if money else formats.number_format(value, force_grouping=True)


def layout(chart):
    """The chart's bars and the SVG's height."""
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((row[2] for row in chart.rows), default=0) or 1
    bars = []
    for index, (_key, label, value, _extra) in enumerate(chart.rows):
        y = PADDING + index * (BAR_HEIGHT + GAP)
        # A zero still shows a sliver, so the row reads as "none", not "missing".
        width = max(plot * value / largest, 2 if value == 0 else 4)
        bars.append(
            Bar(
                label=label,
                short_label=shorten(label),
                value=value,
                value_text=value_text(value, chart.money),
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT / 2 + FONT_SIZE * 0.35,
                value_x=LABEL_WIDTH + width + 8,
            )
        )
    height = PADDING * 2 + max(len(bars), 1) * (BAR_HEIGHT + GAP) - GAP
    return {
        "bars": bars,
        "width": WIDTH,
        "height": height,
        "label_x": LABEL_WIDTH - 10,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "font_size": FONT_SIZE,
    }
