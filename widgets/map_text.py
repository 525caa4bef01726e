"""What a decision map writes: its axes in the inputs' units (compact ticks, titles with the
unit), the grid's cell edges (on the thresholds), the arrow's short label and the heading's
caveat for a verdict that is not clear. Plain text and numbers, beside
:mod:`widgets.decision_map` which draws them."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import pyqtgraph as pg

from analysis.decisions.inputs import (
    COUNT,
    DAYS,
    FRACTION,
    HOURS,
    MONEY,
    MONTHS,
    PER_WEEK,
    SPECS,
    format_value,
)
from widgets.verdict_colours import SHORT_NAMES

UNIT_WORDS = {FRACTION: "%", DAYS: "days", HOURS: "hours", PER_WEEK: "a week", MONTHS: "months",
              MONEY: "a year"}  # fmt: skip


def unit_word(key: str) -> str:
    spec = SPECS.get(key)
    return UNIT_WORDS.get(spec.unit, "") if spec is not None else ""


def axis_title(axis: dict) -> str:
    """``Change fail rate (%)``: the input's name and its unit."""
    word = unit_word(axis.get("input", ""))
    # "Change lead time (median)" -> "Change lead time": the axis is narrow at 1280 x 800;
    # the full name is in the tooltip
    label = (axis.get("label") or axis.get("input", "")).split(" (")[0]
    return f"{label} ({word})" if word and word not in label else label


def tick_text(key: str, value: float) -> str:
    """A compact tick: 30% for a fraction, 12 for days, 1.5 for deployments a week."""
    spec = SPECS.get(key)
    if spec is not None and spec.unit == FRACTION:
        return f"{value * 100:.0f}%"
    if (spec is not None and spec.unit == COUNT) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


class InputAxis(pg.AxisItem):
    """An axis whose ticks read in the input's unit (percent for fractions)."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.key = ""

    def tickStrings(self, values, scale, spacing):
        return [tick_text(self.key, v) for v in values]


def caveat_of(verdict) -> str:
    """What the map's heading adds for a verdict that is not clear (``Verdict.clear``)."""
    if getattr(verdict, "clear", True):
        return ""
    return f"no clear verdict: it leads by {verdict.margin:g} points, the options nearly balance"


def short_change(d: dict) -> str:
    """The arrow's label: ``Lead time 34.2 → 9.5 days`` per input it moves (the full wording,
    ``nearest_flip.change``, is in the tooltip and under the chart)."""
    flip, point, words = d["nearest_flip"], d["point"], []
    for axis in ("x", "y"):
        key = d[axis]["input"]
        if flip[axis] != point[axis]:
            name = SHORT_NAMES.get(key, d[axis].get("label", key))
            spec = SPECS.get(key)
            was = (
                format_value(key, point[axis])
                if spec is not None and spec.unit == FRACTION
                else tick_text(key, point[axis])
            )
            words.append(f"{name} {was} → {format_value(key, flip[axis])}")
    return "; ".join(words)


def cell_edges(values: list[float], thresholds: Sequence[float] = ()) -> list[float]:
    """The edges of the grid's cells: midway between samples, or at the threshold between
    them when there is one (the verdict changes there, so the shading meets the dashed line);
    the outer cells end at the first and the last sample (the range explored)."""
    if len(values) == 1:
        half = abs(values[0]) * 0.05 or 0.5
        return [values[0] - half, values[0] + half]
    middles = []
    for a, b in pairwise(values):
        between = [t for t in thresholds if a < t <= b]
        middles.append(between[0] if len(between) == 1 else (a + b) / 2)
    return [values[0], *middles, values[-1]]


def nearest_index(values: list[float], value: float) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - value))
