"""The portfolio scatter: every repository as a bubble, readiness score (y) against change
pressure (x: the hotspot share, see :mod:`analysis.portfolio`); the bubble's area grows with
the source lines, its colour is the refactor-vs-rewrite verdict. Clicking a bubble emits
``repository_chosen`` with the assessment id (the window opens that dashboard).

A repository without a score or a hotspot share (fewer than 10 changed files) cannot be placed:
it is named under the chart instead.
"""

from __future__ import annotations

import math
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analysis.portfolio import PortfolioRow
from widgets import palette
from widgets.chart_theme import ThemedPlot
from widgets.verdict_colours import option_colour

MIN_SIZE, MAX_SIZE = 12.0, 46.0  # bubble diameters, px


def bubble_size(sloc: int | None, largest: int) -> float:
    """Diameter whose area is proportional to the source lines (sqrt), within the bounds."""
    if not sloc or not largest:
        return MIN_SIZE
    return MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(sloc / largest)


def _x(row: PortfolioRow) -> float:
    """A placed row's x: its change pressure in percent."""
    return (row.change_pressure or 0.0) * 100


class PortfolioScatter(QWidget):
    repository_chosen = Signal(int)  # assessment id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot = ThemedPlot()
        self.plot.set_title("Readiness against change pressure (click a bubble: its dashboard)",
                            size="9pt")  # fmt: skip
        self.plot.setLabel("left", "Readiness score (0-100, higher is better)")
        self.plot.setLabel("bottom", "Change pressure: hotspot share, % of changes")
        self.plot.theme_changed()
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMinimumHeight(260)
        self.plot.setAccessibleName("Portfolio scatter")
        self.plot.setToolTip(
            "Each bubble is a repository's latest assessment. Up: readier. Right: more of the "
            "changes land in the most complex, busiest files. Bubble area: source lines. "
            "Colour: the refactor-vs-rewrite verdict."
        )
        layout.addWidget(self.plot, 1)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        layout.addWidget(self.legend)
        self.scatter = pg.ScatterPlotItem(pxMode=True, hoverable=True)
        self.scatter.sigClicked.connect(self._clicked)
        self.rows: list[PortfolioRow] = []
        self.placed: list[PortfolioRow] = []
        self.unplaced: list[PortfolioRow] = []

    def set_rows(self, rows: list[PortfolioRow]) -> None:
        self.rows = list(rows)
        self.placed = [
            r for r in self.rows if r.figure("score") is not None and r.change_pressure is not None
        ]
        self.unplaced = [r for r in self.rows if r not in self.placed]
        self._draw()

    def theme_changed(self) -> None:
        self._draw()

    def point_position(self, assessment_id: int) -> tuple[float, float] | None:
        """Where a repository's bubble is, in chart units (x %, y score)."""
        for row in self.placed:
            if row.assessment_id == assessment_id:
                return _x(row), float(row.figure("score"))
        return None

    def _draw(self) -> None:
        self.plot.clear()
        self.scatter.clear()
        largest = max((r.size or 0 for r in self.placed), default=0)
        spots = []
        text = palette.colour("text")
        for row in self.placed:
            colour = option_colour(row.option)
            x, y = _x(row), float(row.figure("score"))
            size = bubble_size(row.size, largest)
            spots.append({
                "pos": (x, y), "size": size, "data": row.assessment_id,
                "brush": pg.mkBrush(colour.red(), colour.green(), colour.blue(), 170),
                "pen": pg.mkPen(colour, width=1.5),
            })  # fmt: skip
            # right of the bubble: its radius plus a margin, in the label's own width
            label = pg.TextItem(row.name, color=text)
            width = max(label.boundingRect().width(), 1.0)
            label.setAnchor((-(size / 2 + 3) / width, 0.5))
            label.setPos(x, y)
            self.plot.addItem(label)
        self.scatter.setData(spots)
        self.plot.addItem(self.scatter)
        right = max([_x(r) for r in self.placed] + [10.0])
        self.plot.setXRange(0, min(100.0, right * 1.25), padding=0.05)
        self.plot.setYRange(0, 100, padding=0.05)
        self._legend()

    def _legend(self) -> None:
        verdicts: dict[str, str] = {}
        for row in self.placed:  # the option's label (an unclear verdict: what it leans to)
            label = row.figure("refactor_verdict") or "no verdict"
            verdicts[label] = option_colour(row.option).name()
        parts = [f"<span style='color:{c}'>●</span> {escape(v)}" for v, c in verdicts.items()]
        if self.unplaced:
            names = ", ".join(escape(r.name) for r in self.unplaced)
            parts.append(f"Not placed (no score or under 10 changed files): {names}")
        self.legend.setText(" &nbsp; ".join(parts))

    def _clicked(self, _item, points, *_args) -> None:
        if len(points):
            self.repository_chosen.emit(int(points[0].data()))
