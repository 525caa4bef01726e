"""The hotspot map: change frequency against complexity, point size by lines (pyqtgraph).

x: commits that changed the file in the window; y: total cyclomatic complexity (radon for
Python, lizard for other languages: one unit for the whole axis); point size: the file's lines;
colour: hotspot score. Production code, tests or both, by the files' roles. Hovering a point
names the file, clicking it emits :attr:`HotspotMap.file_selected` with the path.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from analysis.history.results import Hotspot
from widgets import palette
from widgets.chart_theme import ThemedPlot
from widgets.literal_text import literal_tooltip

#: The map's choices: which roles' files it shows.
CHOICES = {
    "production": ("Production code", ("production",)),
    "test": ("Tests", ("test",)),
    "all": ("All code", ("production", "test")),
}
Y_LABEL = "Cyclomatic complexity (file total)"
TOOLTIP = (
    "Hotspots (CodeScene, 'Your Code as a Crime Scene'): files that change often AND are "
    "complex cost the most, because their debt is paid again on every change. Right and high "
    "is where to look first. Only code is ranked: translations, docs, data, configuration and "
    "generated files never are. x: commits in the window; y: total cyclomatic complexity "
    "(radon for Python, lizard for other languages); point size: lines; colour: hotspot "
    "score 0-1. Hover a point for its file, click it for its details."
)


#: Colour steps of the score. pyqtgraph renders each distinct (size, brush) once: a colour per
#: point rendered 4,000 symbols for a 4,000-file project (0.2 s); 17 steps of colour and whole
#: pixels of size keep the symbols few.
SCORE_STEPS = 16


def point_size(loc: int | None) -> float:
    """6-32 px, growing with the square root of lines so that area tracks size."""
    return float(round(6.0 + min(26.0, math.sqrt(max(loc or 0, 0)) / 2.5)))


def _step_brush(step: int) -> pg.QtGui.QBrush:
    cold, hot = (120, 144, 176), (200, 40, 40)
    share = step / SCORE_STEPS
    return pg.mkBrush(*[int(c + (h - c) * share) for c, h in zip(cold, hot, strict=True)], 200)


_BRUSHES = tuple(_step_brush(step) for step in range(SCORE_STEPS + 1))


def score_brush(score: float) -> pg.QtGui.QBrush:
    """Grey-blue for cold files to red for the hottest, in 1/16 steps of the score."""
    return _BRUSHES[round(max(0.0, min(1.0, score)) * SCORE_STEPS)]


def tip_text(spot: Hotspot) -> str:
    unit = "cyclomatic complexity" if spot.measure == "cc" else "lines"
    loc = "" if spot.loc is None else f" · {spot.loc:,} lines"
    kind = " · ".join(part for part in (spot.role, spot.language) if part)
    return (
        f"{spot.path}\n{spot.revisions} changes · {unit} {spot.complexity:,}{loc}"
        f" · score {spot.score:.2f}" + (f"\n{kind}" if kind else "")
    )


def spot_role(spot: Hotspot) -> str:
    """A hotspot's role; reports made before file roles have none: production."""
    return spot.role or "production"


class HotspotMap(QWidget):
    file_selected = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setToolTip(TOOLTIP)
        self.hotspots: list[Hotspot] = []
        self.shown: list[Hotspot] = []
        self.by_lines = 0
        self.selected: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        label = QLabel("&Show:")
        self.measure_box = QComboBox()
        # refilled per assessment: size to the items, not to the (empty) first showing
        self.measure_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.measure_box.setToolTip(
            "Which code to show, by the files' roles: the system's production code, its tests, "
            "or both."
        )
        label.setBuddy(self.measure_box)
        row.addWidget(label)
        row.addWidget(self.measure_box)
        row.addStretch(1)
        self.count_label = QLabel()
        row.addWidget(self.count_label)
        layout.addLayout(row)

        self.plot = ThemedPlot()
        self.plot.setMouseEnabled(x=True, y=True)
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        self.plot.setLabel("bottom", "Changes in the window (commits)")
        self.scatter = pg.ScatterPlotItem(
            hoverable=True,
            hoverPen=pg.mkPen(palette.colour("chart_fg"), width=2),
            tip=self._tip,
            pen=_outline(),
        )
        self.scatter.sigClicked.connect(self._clicked)
        self.plot.addItem(self.scatter)
        layout.addWidget(self.plot, 1)
        self.measure_box.currentIndexChanged.connect(self._redraw)

    def set_hotspots(self, hotspots: list[Hotspot]) -> None:
        # an assessment made before file roles ranked other files by lines: not on this axis
        self.hotspots = [h for h in hotspots if h.measure == "cc"]
        self.by_lines = len(hotspots) - len(self.hotspots)
        self.measure_box.blockSignals(True)
        self.measure_box.clear()
        for key, (label, roles) in CHOICES.items():
            count = sum(1 for h in self.hotspots if spot_role(h) in roles)
            if count or key == "production":
                self.measure_box.addItem(f"{label} ({count})", key)
        self.measure_box.blockSignals(False)
        self.measure_box.setEnabled(self.measure_box.count() > 1)
        self._redraw()

    def current_choice(self) -> str | None:
        return self.measure_box.currentData()

    def shown_roles(self) -> tuple[str, ...]:
        """The roles of the files the current choice shows (the table beside follows it)."""
        choice = self.current_choice()
        return CHOICES[choice][1] if choice in CHOICES else ()

    def _redraw(self) -> None:
        roles = self.shown_roles()
        self.shown = [h for h in self.hotspots if spot_role(h) in roles]
        self.plot.setLabel("left", Y_LABEL)
        self.scatter.setData(
            x=[h.revisions for h in self.shown],
            y=[h.complexity for h in self.shown],
            size=[point_size(h.loc) for h in self.shown],
            brush=[score_brush(h.score) for h in self.shown],
            data=list(range(len(self.shown))),
        )
        text = f"{len(self.shown)} files changed in the window" if self.shown else "No hotspots"
        if self.by_lines:
            text += f" ({self.by_lines} measured by lines in this older assessment: not shown)"
        self.count_label.setText(text)
        self.plot.autoRange()

    def _tip(self, x, y, data) -> str:
        if isinstance(data, int) and 0 <= data < len(self.shown):
            return literal_tooltip(tip_text(self.shown[data]))  # pyqtgraph sets it as given
        return ""

    def _clicked(self, _item, points, _event=None) -> None:
        if len(points):
            index = points[0].data()
            if isinstance(index, int) and 0 <= index < len(self.shown):
                self.file_selected.emit(self.shown[index].path)

    def select(self, path: str) -> None:
        """Outline the point of ``path`` (when shown)."""
        self.selected = path
        pens = [
            pg.mkPen(palette.colour("chart_fg"), width=3) if h.path == path else _outline()
            for h in self.shown
        ]
        if pens:
            self.scatter.setPen(pens)

    def theme_changed(self) -> None:
        self.scatter.opts["hoverPen"] = pg.mkPen(palette.colour("chart_fg"), width=2)
        self.scatter.setPen(_outline())
        if self.selected:
            self.select(self.selected)


def _outline():
    """The outline of a point: the chart's text colour, half transparent."""
    colour = palette.colour("chart_fg")
    colour.setAlpha(150)
    return pg.mkPen(colour)
