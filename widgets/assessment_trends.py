"""Trend charts over all stored assessments of a repository (pyqtgraph): readiness score, lead
time, deployment frequency, change fail rate, debt ratio and hotspot share, one small chart
each, oldest assessment on the left. The two assessments being compared are ringed.

One point per assessment, evenly spaced and labelled with its date: several runs on one day
stay apart. A figure an assessment did not measure leaves a gap. Dashed lines are the article's
healthy bounds where it gives one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QWidget

from analysis.comparison import SPECS
from analysis.headline import Headline
from widgets import palette
from widgets.chart_theme import ThemedPlot, trend_plot


@dataclass(frozen=True)
class TrendChart:
    key: str  # Headline field
    title: str
    unit: str
    scale: float  # shown value = stored value x scale
    bound: float | None  # the article's healthy bound, in shown units
    better: str  # "lower" | "higher": said in the title


TRENDS = (
    TrendChart("score", "Readiness score", "0-100", 1, None, "higher"),
    TrendChart("lead_time_days", "Lead time (median)", "days", 1, 3, "lower"),
    TrendChart("deploys_per_week", "Deployment frequency", "per week", 1, 5, "higher"),
    TrendChart("change_fail_rate", "Change fail rate", "%", 100, 10, "lower"),
    TrendChart("debt_ratio", "Debt ratio", "%", 100, 5, "lower"),
    TrendChart("hotspot_share", "Hotspot share", "%", 100, None, "lower"),
)
BOUND_TIPS = {
    "lead_time_days": "Dashed: the article's healthy bound, 3 days.",
    "deploys_per_week": "Dashed: daily deployment (5 working days a week), the article's "
    "healthy system.",
    "change_fail_rate": "Dashed: the article's healthy bound, 10%.",
    "debt_ratio": "Dashed: SonarQube's rating A bound, 5%.",
}


def date_labels(moments: list[str]) -> list[str]:
    """``2026-11-27T06:47:55+00:00`` -> ``11-27`` (local time); with the time when two fall on
    one day, so that every point has its own label."""
    times: list[datetime | None] = []
    for moment in moments:
        try:
            times.append(datetime.fromisoformat(moment).astimezone())
        except ValueError:
            times.append(None)
    days = [t.strftime("%m-%d") if t else "?" for t in times]
    if len(set(days)) == len(days):
        return days
    return [t.strftime("%m-%d %H:%M") if t else "?" for t in times]


class AssessmentTrendCharts(QWidget):
    def __init__(self, parent=None, columns: int = 3) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.plots: dict[str, ThemedPlot] = {}
        self.headlines: list[Headline] = []
        self.series: dict[str, list[float | None]] = {}
        self.marked: tuple[int, ...] = ()
        for index, chart in enumerate(TRENDS):
            plot = trend_plot(f"{chart.title}, {chart.better} is better", chart.unit, 150, "9pt")
            plot.setToolTip(f"{SPECS[chart.key].definition} {BOUND_TIPS.get(chart.key, '')}")
            plot.setAccessibleName(chart.title)
            layout.addWidget(plot, index // columns, index % columns)
            self.plots[chart.key] = plot

    def set_headlines(self, headlines: list[Headline], marked: tuple[int, ...] = ()) -> None:
        """Oldest first; ``marked``: indexes of the assessments being compared."""
        self.headlines = list(headlines)
        self.marked = tuple(marked)
        labels = date_labels([h.analyzed_at for h in self.headlines])
        ticks = list(enumerate(labels))
        room = 8 if len(labels[0] if labels else "") <= 5 else 4
        step = max(1, math.ceil(len(ticks) / room))  # labels that fit under a small chart
        for chart in TRENDS:
            values = [_scaled(getattr(h, chart.key), chart.scale) for h in self.headlines]
            self.series[chart.key] = values
            self._draw(self.plots[chart.key], chart, values, marked)
            self.plots[chart.key].getAxis("bottom").setTicks([ticks[::step], ticks])

    def theme_changed(self) -> None:
        """The series in the new theme's colours (the plots re-colour their frames)."""
        for chart in TRENDS:
            if chart.key in self.series:
                self._draw(self.plots[chart.key], chart, self.series[chart.key], self.marked)

    def _draw(self, plot, chart: TrendChart, values, marked) -> None:
        plot.clear()
        line, mark = palette.colour("chart_line"), palette.colour("chart_mark")
        xs = [i for i, v in enumerate(values) if v is not None]
        ys = [values[i] for i in xs]
        if xs:
            plot.plot(
                xs, ys, pen=pg.mkPen(line, width=2), symbol="o", symbolSize=6,
                symbolBrush=line, symbolPen=None,
            )  # fmt: skip
        rings = [i for i in marked if 0 <= i < len(values) and values[i] is not None]
        if rings:
            plot.plot(
                rings, [values[i] for i in rings], pen=None, symbol="o", symbolSize=13,
                symbolBrush=None, symbolPen=pg.mkPen(mark, width=2),
            )  # fmt: skip
        if chart.bound is not None:
            plot.addItem(
                pg.InfiniteLine(
                    pos=chart.bound, angle=0,
                    pen=pg.mkPen(palette.colour("chart_bound"), width=2,
                                 style=Qt.PenStyle.DashLine),
                )
            )  # fmt: skip
        top = max([*ys, chart.bound or 0, 1])
        plot.setYRange(0, 100 if chart.key == "score" else top * 1.1, padding=0.06)
        plot.setXRange(-0.5, max(len(values) - 0.5, 0.5), padding=0)


def _scaled(value: float | None, scale: float) -> float | None:
    return None if value is None else value * scale
