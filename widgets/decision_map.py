"""The decision map of one verdict: where the system stands against the model's thresholds on
the two inputs that move the verdict most, and the nearest change that gives another verdict.

It draws the plain dict of ``analysis.decisions.decision_map`` (the report's
``decisions.<verdict>.map``): every cell of the grid is shaded with the verdict ``decide`` gives
there, every other input held at its measured value, so the picture is the model's answer, not a
drawing of it. Dashed lines are the rules' thresholds on either input; the dot is the system (or
the scenario); the arrow goes to ``nearest_flip``, labelled with its change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QLabel, QVBoxLayout, QWidget

from analysis.decisions.inputs import (
    format_value,
)
from widgets import palette
from widgets.chart_theme import ThemedPlot
from widgets.literal_text import literal_tooltip
from widgets.map_text import (
    InputAxis,
    axis_title,
    cell_edges,
    nearest_index,
    short_change,
)
from widgets.verdict_colours import option_colour, option_fill

MODEL_SOURCE = "resources/readiness_model.toml"
AXIS_WIDTH, AXIS_HEIGHT = 64, 44  # px: ticks such as "1,000" or "100%" and the input's name
HOW_TO_READ = (
    "Shaded: the verdict the model gives at each pair of values, every other input as measured "
    f"(computed by the same decide() and model, {MODEL_SOURCE}). Dashed: the model's thresholds "
    "on either input. Dot: the system. Arrow: the nearest change that gives another verdict."
)


@dataclass
class MapMarks:
    """The items drawn over the regions, made once per theme and then moved: the arrow to the
    nearest other verdict with its label, the system's dot with its tag."""

    arrow_line: pg.PlotDataItem
    arrow: pg.ArrowItem
    arrow_label: pg.TextItem
    point: pg.ScatterPlotItem
    point_tag: pg.TextItem


class DecisionMap(QWidget):
    """One verdict's map. ``show_map(data, labels)``; ``data`` is the report's map dict."""

    def __init__(self, title: str = "", parent=None) -> None:
        super().__init__(parent)
        self.title = title
        self.data: dict | None = None
        self.labels: dict[str, str] = {}
        self.point_label = "now"
        self.caveat = ""
        self.regions: dict[str, QGraphicsPathItem] = {}
        self.marks: MapMarks | None = None  # made with the first frame of each theme
        self._frame: tuple | None = None  # what the axes, thresholds and range were built for
        self._regions_drawn: tuple | None = None  # the edges and verdicts the regions show
        self._lines: dict[tuple, pg.InfiniteLine] = {}  # threshold lines made so far
        self.threshold_lines: list[pg.InfiniteLine] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        self.heading.setToolTip(HOW_TO_READ)
        layout.addWidget(self.heading)
        self.x_axis, self.y_axis = InputAxis("bottom"), InputAxis("left")
        # fixed axis sizes: a change of axes (another input, other tick labels) then re-lays
        # nothing out, which keeps a what-if edit's repaint to one pass
        for axis in (self.x_axis, self.y_axis):
            # and two levels of ticks, not three: each tick's text is measured at every paint
            axis.setStyle(autoExpandTextSpace=False, maxTickLevel=1, maxTextLevel=1)
        self.y_axis.setWidth(AXIS_WIDTH)
        self.x_axis.setHeight(AXIS_HEIGHT)
        self.plot = ThemedPlot(axisItems={"bottom": self.x_axis, "left": self.y_axis})
        self.plot.setMinimumHeight(220)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.getViewBox().setMouseEnabled(False, False)
        item.getViewBox().sigTransformChanged.connect(self._aim_arrow)
        self.plot.scene().sigMouseMoved.connect(self._hover)
        layout.addWidget(self.plot, 1)
        self.legend = QLabel("")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.legend)

    # ------------------------------------------------------------------ data
    def show_map(
        self,
        data: dict | None,
        labels: dict[str, str] | None = None,
        point_label: str = "now",
        caveat: str = "",
    ) -> None:
        """Draw ``data`` (``None`` or ``{}``: no map, said in words); ``caveat`` follows the
        heading (e.g. that the verdict is not clear: the region is the option it leans to)."""
        self.data = data or None
        self.caveat = caveat
        self.labels = {**(labels or {}), **((data or {}).get("labels") or {})}
        self.point_label = point_label
        self._draw()

    def verdict_at(self, x: float, y: float) -> str | None:
        """The verdict of the grid cell holding (x, y) (nearest sample on each axis)."""
        d = self.data
        if not d:
            return None
        i = nearest_index(d["x"]["values"], x)
        j = nearest_index(d["y"]["values"], y)
        return d["regions"][j][i]

    def region_colour_at(self, x: float, y: float) -> QColor | None:
        """The colour the map paints at (x, y): the brush of the region drawn there. A point on
        a cell's edge (the grid's end, a threshold) is read just inside its nearest sample's
        cell, the cell whose verdict it is."""
        d = self.data
        if not d:
            return None
        xe, ye = self._edges(d, "x"), self._edges(d, "y")
        i = nearest_index(d["x"]["values"], x)
        j = nearest_index(d["y"]["values"], y)
        inset_x, inset_y = (xe[i + 1] - xe[i]) * 1e-6, (ye[j + 1] - ye[j]) * 1e-6
        at = QPointF(
            min(max(x, xe[i] + inset_x), xe[i + 1] - inset_x),
            min(max(y, ye[j] + inset_y), ye[j + 1] - inset_y),
        )
        for item in self.regions.values():
            if item.path().contains(at):
                return item.brush().color()
        return None

    def options(self) -> list[str]:
        d = self.data or {}
        found = list(d.get("options") or [])
        for row in d.get("regions") or []:
            for verdict in row:
                if verdict not in found:
                    found.append(verdict)
        return found

    def label(self, verdict: str) -> str:
        return self.labels.get(verdict, verdict.replace("_", " "))

    def theme_changed(self) -> None:
        self._frame = None  # every item is re-made in the new theme's colours
        self.marks = None
        self.regions, self.threshold_lines = {}, []
        self._draw()

    # ------------------------------------------------------------------ drawing
    # What-if edits repaint the map many times a second: the frame (axes, thresholds, range,
    # the dot and the arrow's items) is built when the axes change; an edit then only moves
    # the regions, the dot and the arrow (re-adding items to pyqtgraph costs more than the
    # advice itself).
    def _build_frame(self, d: dict) -> MapMarks:
        """Axes, thresholds and range for ``d``'s two inputs; the dot's and the arrow's items
        are made once per theme and kept (re-adding items costs more than moving them)."""
        item = self.plot.getPlotItem()
        for old in self.regions.values():
            item.removeItem(old)
        self.regions, self._regions_drawn = {}, None
        if self.marks is None:
            self.marks = self._make_marks()
        marks = self.marks
        x, y = d["x"], d["y"]
        self.x_axis.key, self.y_axis.key = x["input"], y["input"]
        fg_hex = palette.hex_colour("chart_fg")
        item.setLabel("bottom", axis_title(x), color=fg_hex)
        item.setLabel("left", axis_title(y), color=fg_hex)
        self._draw_thresholds(d)
        xe, ye = self._edges(d, "x"), self._edges(d, "y")
        item.getViewBox().setRange(xRange=(xe[0], xe[-1]), yRange=(ye[0], ye[-1]), padding=0.02)
        self.plot.setToolTip(literal_tooltip(HOW_TO_READ))
        return marks

    def _make_marks(self) -> MapMarks:
        item = self.plot.getPlotItem()
        item.clear()
        self._lines, self.threshold_lines = {}, []
        fg, fg_hex = palette.colour("chart_fg"), palette.hex_colour("chart_fg")
        arrow_line = pg.PlotDataItem([0, 0], [0, 0], pen=pg.mkPen(fg, width=2))
        arrow = pg.ArrowItem(angle=0, headLen=14, tipAngle=32, pen=pg.mkPen(fg),
                             brush=pg.mkBrush(fg))  # fmt: skip
        arrow_label = pg.TextItem(
            "", color=fg_hex, fill=pg.mkBrush(palette.colour("chart_bg")), border=pg.mkPen(fg)
        )
        arrow_label.setZValue(20)  # over the thresholds' labels
        edge = pg.mkPen(palette.colour("chart_bg"), width=2)
        point = pg.ScatterPlotItem(size=14, symbol="o", pen=edge)
        point.setZValue(10)
        point_tag = pg.TextItem("", color=fg_hex, anchor=(0, 1))
        for part in (arrow_line, arrow, arrow_label, point, point_tag):
            item.addItem(part)
        return MapMarks(arrow_line, arrow, arrow_label, point, point_tag)

    def _frame_of(self, d: dict) -> tuple:
        thresholds = d.get("thresholds") or {}
        return (
            d["x"]["input"], d["y"]["input"],
            d["x"]["values"][0], d["x"]["values"][-1], d["y"]["values"][0], d["y"]["values"][-1],
            tuple(thresholds.get("x") or ()), tuple(thresholds.get("y") or ()),
        )  # fmt: skip

    def _draw(self) -> None:
        d = self.data
        if not d or not d.get("regions"):
            note = (d or {}).get("note") or (
                "the verdict reads no input the team controls that was measured"
            )
            self.heading.setText(f"<b>{escape(self.title)}</b>: no map for this assessment "
                                 f"({escape(note)}).")  # fmt: skip
            self.legend.setText("")
            self.plot.setVisible(False)
            self._frame = None
            return
        self.plot.setVisible(True)
        frame = self._frame_of(d)
        marks = self.marks
        if frame != self._frame or marks is None:
            marks = self._build_frame(d)
            self._frame = frame
        options = self.options()
        self._draw_regions(d, options)
        self._draw_point_and_arrow(d, options, marks)
        here = self.verdict_at(d["point"]["x"], d["point"]["y"])
        self.heading.setText(
            f"<b>{escape(self.title)}</b>: the system ({escape(self.point_label)}) is in "
            f"<b>{escape(self.label(here))}</b>"
            + (f" ({escape(self.caveat)})" if self.caveat else "")
            if here
            else f"<b>{escape(self.title)}</b>"
        )
        self.legend.setText(self._legend_html(options))

    @staticmethod
    def _edges(d: dict, axis: str) -> list[float]:
        return cell_edges(d[axis]["values"], (d.get("thresholds") or {}).get(axis) or [])

    def _draw_regions(self, d: dict, options: list[str]) -> None:
        xe, ye = self._edges(d, "x"), self._edges(d, "y")
        drawn = (xe, ye, d["regions"], tuple(options))
        if drawn == self._regions_drawn and self.regions:
            return  # an edit of an axis input moves the dot only: the regions stay
        self._regions_drawn = drawn
        paths: dict[str, QPainterPath] = {}
        for j, row in enumerate(d["regions"]):
            # runs of one verdict along a row: one rectangle each (few rectangles to fill)
            start = 0
            for i in range(1, len(row) + 1):
                if i == len(row) or row[i] != row[start]:
                    rect = QRectF(xe[start], ye[j], xe[i] - xe[start], ye[j + 1] - ye[j])
                    paths.setdefault(row[start], QPainterPath()).addRect(rect)
                    start = i
        item = self.plot.getPlotItem()
        for verdict in [v for v in self.regions if v not in paths]:
            item.removeItem(self.regions.pop(verdict))
        for verdict, path in paths.items():
            region = self.regions.get(verdict)
            if region is None:
                region = QGraphicsPathItem()
                region.setPen(QPen(Qt.PenStyle.NoPen))
                region.setZValue(-10)
                item.addItem(region)
                self.regions[verdict] = region
            region.setBrush(QBrush(option_fill(verdict, options)))
            region.setPath(path.simplified())

    def _draw_thresholds(self, d: dict) -> None:
        """The dashed lines of the thresholds on both inputs. Lines are kept by input and
        threshold and hidden when another pair of inputs is shown: a what-if edit that moves
        the map to other inputs and back re-uses them (making one costs ~1 ms)."""
        for line in self.threshold_lines:
            line.setVisible(False)
        self.threshold_lines = []
        thresholds = d.get("thresholds") or {}
        for axis, angle in (("x", 90), ("y", 0)):
            key = d[axis]["input"]
            values = d[axis]["values"]
            inside = [t for t in sorted(set(thresholds.get(axis) or []))
                      if values[0] <= t <= values[-1]]  # fmt: skip
            for n, t in enumerate(inside):
                line = self._lines.get((angle, key, t, n % 2))
                if line is None:
                    line = self._threshold_line(d[axis], angle, t, n % 2)
                    self._lines[(angle, key, t, n % 2)] = line
                line.setVisible(True)
                self.threshold_lines.append(line)

    def _threshold_line(self, axis: dict, angle: int, t: float, second: int) -> pg.InfiniteLine:
        key = axis["input"]
        pen = pg.mkPen(palette.colour("chart_fg"), width=1, style=Qt.PenStyle.DashLine)
        # labels at the top (x) or the right (y), staggered so neighbours do not overlap
        position = (0.95 - 0.07 * second) if angle == 90 else (0.93 - 0.14 * second)
        line = pg.InfiniteLine(
            pos=t, angle=angle, pen=pen, movable=False, label=format_value(key, t),
            labelOpts={"position": position, "color": palette.hex_colour("chart_fg"),
                       "fill": pg.mkBrush(palette.colour("chart_bg"))},
        )  # fmt: skip
        line.setToolTip(
            f"A threshold of the model on {axis.get('label', key)}: "
            f"{format_value(key, t)} ({MODEL_SOURCE})"
        )
        self.plot.getPlotItem().addItem(line)
        return line

    def _draw_point_and_arrow(self, d: dict, options: list[str], marks: MapMarks) -> None:
        px, py = d["point"]["x"], d["point"]["y"]
        flip = d.get("nearest_flip")
        for part in (marks.arrow_line, marks.arrow, marks.arrow_label):
            part.setVisible(bool(flip))
        if flip:
            marks.arrow_line.setData([px, flip["x"]], [py, flip["y"]])
            marks.arrow.setPos(flip["x"], flip["y"])
            verdict = self.label(flip.get("verdict", ""))
            marks.arrow_label.setText(f"{short_change(d)}\n→ {verdict}")
            marks.arrow_label.setToolTip(
                f"Nearest change to another verdict: {flip.get('change', '')} → {verdict}\n"
                "The nearest point of the map where the model gives another verdict (distance "
                "as a share of each input's range)."
            )
            self._aim_arrow()
        here = self.verdict_at(px, py) or ""
        marks.point.setData([px], [py], brush=pg.mkBrush(option_colour(here, options)))
        marks.point_tag.setText(self.point_label)
        marks.point_tag.setPos(px, py)

    def _aim_arrow(self, *_args) -> None:
        """Point the arrow head along the line on screen (axes differ in scale) and put the
        label where it stays inside the plot."""
        d, marks = self.data, self.marks
        if marks is None or not d or not d.get("nearest_flip") or self._frame is None:
            return
        vb = self.plot.getPlotItem().getViewBox()
        flip, point = d["nearest_flip"], d["point"]
        a = vb.mapViewToScene(QPointF(point["x"], point["y"]))
        b = vb.mapViewToScene(QPointF(flip["x"], flip["y"]))
        dx, dy = b.x() - a.x(), b.y() - a.y()
        if dx or dy:
            # ArrowItem's angle 0 points left (its tip at pos); the head must point from a to b
            marks.arrow.setStyle(angle=math.degrees(math.atan2(dy, dx)) + 180)
        # beside the middle of the arrow, on the side with room for it, so it covers
        # neither the dot nor the head and stays inside the plot
        box = vb.sceneBoundingRect()
        middle = QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2)
        size = marks.arrow_label.textItem.boundingRect()
        width, height = size.width() + 12, size.height() + 6
        if middle.x() + width <= box.right():
            ax, px = -0.03, middle.x()
        elif middle.x() - width >= box.left():
            ax, px = 1.03, middle.x()
        else:  # wider than either side: centred in the plot
            ax, px = 0.5, box.center().x()
        # above the arrow in the plot's lower half, below it in the upper half, clear of
        # the dot even when the arrow is short
        lower = middle.y() > box.center().y()
        ay = 1 if lower and middle.y() - height - 14 >= box.top() else 0
        at = vb.mapSceneToView(QPointF(px, middle.y() + (14 if ay == 0 else -14)))
        marks.arrow_label.setAnchor((ax, ay))
        marks.arrow_label.setPos(at.x(), at.y())
        # the dot's tag on the other side of the label
        marks.point_tag.setAnchor((-0.15, 0 if ay == 1 else 1))
        tag = marks.point_tag.textItem.boundingRect().height()
        if ay == 0 and a.y() - tag < box.top():  # above would leave the plot: beside
            marks.point_tag.setAnchor((-0.15, 0.5) if middle.x() < a.x() else (1.15, 0.5))

    def _legend_html(self, options: list[str]) -> str:
        shown = [o for o in options if o in self.regions]
        parts = [
            f"<span style='color:{option_fill(o, options).name()}; font-size:14pt'>■</span> "
            f"{escape(self.label(o))}"
            for o in shown
        ]
        return "&nbsp;&nbsp; ".join(parts)

    def _hover(self, position) -> None:
        d = self.data
        if not d:
            return
        vb = self.plot.getPlotItem().getViewBox()
        if not vb.sceneBoundingRect().contains(position):
            return
        at = vb.mapSceneToView(position)
        verdict = self.verdict_at(at.x(), at.y())
        x, y = d["x"], d["y"]
        xv = x["values"][nearest_index(x["values"], at.x())]
        yv = y["values"][nearest_index(y["values"], at.y())]
        self.plot.setToolTip(
            literal_tooltip(
                f"{x.get('label', x['input'])}: {format_value(x['input'], xv)} "
                f"(input {x['input']})\n"
                f"{y.get('label', y['input'])}: {format_value(y['input'], yv)} "
                f"(input {y['input']})\n"
                f"Verdict there: {self.label(verdict or '')}\n"
                f"Every other input as measured; decide() with {MODEL_SOURCE}."
            )
        )
