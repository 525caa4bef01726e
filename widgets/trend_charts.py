"""Monthly trend charts of the history: activity, and the share of work that is rework or fixes.

Top: commits per month (bars) and active authors (line). Bottom: fix share (commits whose
message marks a fix, revert or hotfix) and rework share (lines deleted within the rework window
of being added, over changed lines), with the article's 30-40% band: when that much of the
work goes to rework and debugging, the system is constrained.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analysis.history.results import MonthlyPoint
from widgets import palette
from widgets.chart_theme import ThemedPlot

ACTIVITY_TIP = (
    "Per calendar month (author time, UTC): commits (bars, bots left out) and active authors "
    "(line: people with at least one commit that month)."
)
SHARES_TIP = (
    "Fix share: commits whose message matches a fix / revert / hotfix pattern (editable in the "
    "settings). Rework share: lines deleted within the rework window (14/21/30 days, default 21; "
    "Pluralsight Flow, GitClear) of being added, over all changed lines, estimated newest-lines-"
    "first from git numstat. The shaded band is 30-40%: the article's sign of a constrained "
    "system (that much engineering time on rework and debugging)."
)


def month_time(label: str) -> float:
    year, month = (int(part) for part in label.split("-"))
    return datetime(year, month, 15, tzinfo=UTC).timestamp()


class TrendCharts(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.activity = _plot("Commits and active authors per month", ACTIVITY_TIP)
        self.shares = _plot("Fix share and rework share per month (%)", SHARES_TIP)
        self.shares.setYRange(0, 100)
        self.shares.setXLink(self.activity)
        self.empty = QLabel("No commits with plausible dates: no monthly trend to show.")
        self.empty.hide()
        layout.addWidget(self.empty)
        layout.addWidget(self.activity, 1)
        layout.addWidget(self.shares, 1)
        self.months: list[MonthlyPoint] = []

    def theme_changed(self) -> None:
        self.set_months(self.months)

    def set_months(self, months: list[MonthlyPoint]) -> None:
        self.months = list(months)
        self.activity.clear()
        self.shares.clear()
        self.empty.setVisible(not months)
        if not months:
            return
        xs = [month_time(m.month) for m in months]
        width = 20 * 86400
        self.activity.addItem(
            pg.BarGraphItem(
                x=xs,
                height=[m.commits for m in months],
                width=width,
                brush=pg.mkBrush(120, 144, 176, 180),
                pen=pg.mkPen(None),
                name="Commits",
            )
        )
        self.activity.plot(
            xs,
            [m.active_authors for m in months],
            pen=pg.mkPen(200, 110, 20, width=2),
            name="Active authors",
        )
        band = pg.LinearRegionItem(
            values=(30, 40),
            orientation="horizontal",
            movable=False,
            brush=pg.mkBrush(220, 60, 60, 35),
            pen=pg.mkPen(None),
        )
        band.setToolTip("30-40%: the article's threshold of a constrained system")
        self.shares.addItem(band)
        label = pg.TextItem(
            "30-40%: constrained system", color=palette.colour("bad"), anchor=(0, 1)
        )
        label.setPos(xs[0], 40)
        self.shares.addItem(label)
        self.shares.plot(
            xs,
            [_pct(m.fix_share) for m in months],
            pen=pg.mkPen(180, 40, 40, width=2),
            connect="finite",
            name="Fix share (commits)",
        )
        self.shares.plot(
            xs,
            [_pct(m.rework_share) for m in months],
            pen=pg.mkPen(40, 100, 180, width=2),
            connect="finite",
            name="Rework share (lines)",
        )
        self.shares.setYRange(0, 100)
        self.activity.autoRange()


def _plot(title: str, tooltip: str) -> ThemedPlot:
    plot = ThemedPlot(axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
    plot.setToolTip(tooltip)
    plot.set_title(title)
    plot.showGrid(y=True, alpha=0.2)
    plot.addLegend(offset=(-10, 5))
    plot.theme_changed()
    return plot


def _pct(value: float | None) -> float:
    return float("nan") if value is None else value * 100
