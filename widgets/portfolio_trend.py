"""The portfolio's median readiness score per month (see
:func:`analysis.portfolio.median_score_trend`), one point per month, labelled with how many
repositories it is the median of."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

from analysis.portfolio import TrendPoint
from widgets import palette
from widgets.chart_theme import trend_plot


class PortfolioTrend(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot = trend_plot(
            "Median readiness score of the portfolio, per month", "0-100", 160, "9pt"
        )
        self.plot.setAccessibleName("Portfolio median score trend")
        self.plot.setToolTip(
            "Each month: the median of every repository's latest score up to that month's end "
            "(a repository counts from its first assessment on). The number is how many "
            "repositories the median is of."
        )
        layout.addWidget(self.plot)
        self.points: list[TrendPoint] = []

    def set_points(self, points: list[TrendPoint]) -> None:
        self.points = list(points)
        self._draw()

    def theme_changed(self) -> None:
        self._draw()

    def _draw(self) -> None:
        self.plot.clear()
        if not self.points:
            return
        line = palette.colour("chart_line")
        xs = list(range(len(self.points)))
        ys = [p.median for p in self.points]
        self.plot.plot(xs, ys, pen=pg.mkPen(line, width=2), symbol="o", symbolSize=7,
                       symbolBrush=line, symbolPen=None)  # fmt: skip
        for x, point in zip(xs, self.points, strict=True):
            label = pg.TextItem(f"n={point.repositories}", color=palette.colour("muted"),
                                anchor=(0.5, -0.3))  # fmt: skip
            label.setPos(x, point.median)
            self.plot.addItem(label)
        ticks = [(x, p.period) for x, p in zip(xs, self.points, strict=True)]
        self.plot.getAxis("bottom").setTicks([ticks])
        self.plot.setYRange(0, 100, padding=0.08)
        self.plot.setXRange(-0.5, max(len(xs) - 0.5, 0.5), padding=0)
