"""Where a verdict's points come from: per option, a stacked horizontal bar of its prior and
of every rule that holds for it (``Verdict.options``, ``Verdict.evidence``), so the CTO sees
which measured facts carried the verdict and by how much it leads.

The points are the model's (``resources/readiness_model.toml``: each rule reads one input
against one threshold and adds its points to the option it supports; the most points wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analysis.decisions.inputs import format_value
from analysis.decisions.model import OP_WORDS
from analysis.decisions.verdicts import Verdict
from widgets import palette
from widgets.chart_theme import ThemedPlot
from widgets.literal_text import literal_tooltip
from widgets.verdict_colours import SHORT_NAMES, blend, option_colour

MODEL_SOURCE = "resources/readiness_model.toml"
BAR_HEIGHT = 0.62


@dataclass
class Segment:
    """One rule's (or the prior's) points in one option's bar."""

    option: str
    start: float
    points: float
    row: int
    name: str  # short: the input's label, or "prior"
    tooltip: str


def points_text(points: float) -> str:
    """``1 point``, ``0 points``, ``2.5 points``."""
    return f"{points:g} point" + ("" if points == 1 else "s")


def short_name(metric: str, label: str) -> str:
    """``Change lead time (median)`` -> ``Lead time``: what fits in a bar segment."""
    return SHORT_NAMES.get(metric, label.split(" (")[0])


def segments(verdict: Verdict, labels: dict[str, str]) -> list[Segment]:
    """The bars' pieces: per option (rows top-down in the verdict's order, the winner first),
    its prior, then its rules largest first; positive points stack right of zero, negative
    ones left of it."""
    found = []
    for row, option in enumerate(verdict.options):
        ahead, behind = 0.0, 0.0
        label = labels.get(option.option, option.label)
        pieces = []
        if option.prior:
            pieces.append(
                (
                    option.prior,
                    "prior",
                    f"{label}: prior {option.prior:+g} points (the model's starting point for "
                    f"this option, {MODEL_SOURCE})",
                )
            )
        rules = [e for e in verdict.evidence if e.supports == option.option]
        for e in sorted(rules, key=lambda e: (-abs(e.points), e.rule)):
            pieces.append(
                (
                    e.points,
                    short_name(e.metric, e.label),
                    f"Rule {e.rule}: {e.points:+g} points to {label}\n"
                    f"{e.label} {format_value(e.metric, e.value)} ({e.provenance}), "
                    f"{OP_WORDS.get(e.op, e.op)} {format_value(e.metric, e.threshold)}\n"
                    f"Threshold's source: {e.source}\nModel: {MODEL_SOURCE}",
                )
            )
        for points, name, tip in pieces:
            if points >= 0:
                found.append(Segment(option.option, ahead, points, row, name, tip))
                ahead += points
            else:
                found.append(Segment(option.option, behind, points, row, name, tip))
                behind += points
    return found


class VerdictContributions(QWidget):
    """The options' points as stacked bars, one segment per rule; ``show_verdict(v, labels)``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.verdict: Verdict | None = None
        self.labels: dict[str, str] = {}
        self.pieces: list[Segment] = []
        self.bars: pg.BarGraphItem | None = None
        self.texts: list[pg.TextItem] = []
        self._shown: dict[str, object] = {}  # the ticks and range last set
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.heading = QLabel("")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.plot = ThemedPlot()
        self.plot.setMinimumHeight(140)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.getViewBox().setMouseEnabled(False, False)
        item.getViewBox().sigResized.connect(self._place_texts)
        item.setLabel("bottom", "points (the most wins)")
        item.getAxis("bottom").setStyle(maxTickLevel=1, maxTextLevel=1)  # fewer ticks to measure
        self.plot.scene().sigMouseMoved.connect(self._hover)
        layout.addWidget(self.plot, 1)

    def show_verdict(self, verdict: Verdict | None, labels: dict[str, str] | None = None) -> None:
        self.verdict, self.labels = verdict, dict(labels or {})
        self._draw()

    def theme_changed(self) -> None:
        self.bars = None  # re-made in the new theme's colours
        self._draw()

    def _draw(self) -> None:
        """Draw the verdict; items are kept and updated (a what-if edit repaints often)."""
        item = self.plot.getPlotItem()
        v = self.verdict
        if v is None or not v.options:
            self.heading.setText("No verdict for this assessment.")
            self.pieces = []
            self._shown.pop("drawn", None)
            if self.bars is not None:
                self.bars.setOpts(x0=[], width=[], y=[], brushes=[])
            for text in self.texts:
                text.setVisible(False)
            return
        if self.bars is None:  # built once per theme
            item.clear()
            self.texts, self._shown = [], {}
            self.bars = pg.BarGraphItem(x0=[], width=[], y=[], height=BAR_HEIGHT)
            item.addItem(self.bars)
            zero = pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(palette.colour("chart_fg")))
            item.addItem(zero)
        pieces = segments(v, self.labels)
        drawn = (pieces, [(o.option, o.score) for o in v.options], v.verdict, v.margin)
        if drawn == self._shown.get("drawn"):
            return  # the same points from the same rules: nothing to repaint
        self._shown["drawn"] = drawn
        self.pieces = pieces
        options = [o.option for o in v.options]
        edge = palette.colour("chart_bg")
        brushes = []
        shade: dict[str, int] = {}  # option -> bars drawn so far
        for piece in self.pieces:  # alternate two tones per bar so neighbours stand apart
            n = shade.get(piece.option, 0)
            shade[piece.option] = n + 1
            strong = option_colour(piece.option, options)
            brushes.append(pg.mkBrush(blend(strong, edge, 0.55 if n % 2 else 0.8)))
        rows = len(v.options)
        self.bars.setOpts(
            x0=[p.start if p.points >= 0 else p.start + p.points for p in self.pieces],
            width=[abs(p.points) for p in self.pieces],
            y=[rows - 1 - p.row for p in self.pieces],
            brushes=brushes,
            pen=pg.mkPen(edge, width=1.5),
        )
        font = QFont()
        font.setPointSizeF(7.5)
        while len(self.texts) < len(self.pieces):
            text = pg.TextItem("", anchor=(0.5, 0.5))
            text.setFont(font)
            item.addItem(text)
            self.texts.append(text)
        for text in self.texts[len(self.pieces) :]:
            text.setVisible(False)
        for piece, brush, text in zip(self.pieces, brushes, self.texts, strict=False):
            # dark text on a light segment, light text on a dark one (both themes)
            ink = palette.hex_colour(
                "ink_on_light" if brush.color().lightness() > 135 else "ink_on_dark"
            )
            text.setText(piece.name, color=ink)
            text.setPos(piece.start + piece.points / 2, rows - 1 - piece.row)
        ticks = []
        for row, o in enumerate(v.options):
            mark = "✔ " if o.option == v.verdict else ""
            ticks.append((rows - 1 - row, f"{mark}{self._short(o.option, o.label)}  {o.score:g}"))
        low = min([0.0] + [p.start + p.points for p in self.pieces if p.points < 0])
        high = max([0.0] + [p.start + p.points for p in self.pieces if p.points > 0])
        self._set_once("ticks", ticks, self._set_ticks)
        self._set_once(
            "range", (low, high, rows),
            lambda r: item.getViewBox().setRange(
                xRange=(r[0], r[1] + 0.5), yRange=(-0.6, r[2] - 0.4), padding=0.02
            ),
        )  # fmt: skip
        winner = self.labels.get(v.verdict, v.label)
        self.heading.setText(
            f"<b>Where the points come from</b>: {escape(winner)} leads by "
            f"{points_text(v.margin)}; "
            "each segment is a rule that holds."
        )
        self.plot.setToolTip(
            literal_tooltip(
                "Each option starts from its prior; every rule that holds adds its points "
                f"({MODEL_SOURCE}). The most points wins. Hover a segment for its rule, the "
                "value against the threshold and the threshold's source."
            )
        )
        self._place_texts()

    def _set_once(self, what: str, value, apply) -> None:
        """Apply ``value`` only when it changed (an axis re-lays itself out on every set)."""
        if self._shown.get(what) != value:
            self._shown[what] = value
            apply(value)

    def _set_ticks(self, ticks) -> None:
        left = self.plot.getPlotItem().getAxis("left")
        left.setTicks([ticks, []])
        left.setStyle(tickLength=0)
        # wide enough for the longest label at once (pyqtgraph widens an axis only after a
        # first paint, too late for a chart rendered once into the PDF)
        metrics = QFontMetrics(left.style.get("tickFont") or self.plot.font())
        width = max(metrics.horizontalAdvance(t) for _, t in ticks) + 14
        if width > left.width() or width < left.width() - 40:
            # room for a score of a few more digits: a what-if edit that changes a score
            # then keeps the axis (re-laying the chart out doubles the repaint)
            left.setWidth(width + metrics.horizontalAdvance("00"))

    def _short(self, option: str, label: str) -> str:
        text = self.labels.get(option, label)
        return text if len(text) <= 34 else text[:32].rstrip() + "…"

    def _place_texts(self, *_args) -> None:
        """Show a segment's name only where it fits inside the segment."""
        if not self.texts:
            return
        vb = self.plot.getPlotItem().getViewBox()
        width = vb.width()
        span = vb.viewRange()[0][1] - vb.viewRange()[0][0]
        if width <= 0 or span <= 0:
            return
        per_point = width / span
        for piece, text in zip(self.pieces, self.texts, strict=False):
            room = abs(piece.points) * per_point - 4
            text.setVisible(text.textItem.boundingRect().width() <= room)

    def piece_at(self, x: float, y: float) -> Segment | None:
        rows = len(self.verdict.options) if self.verdict else 0
        for piece in self.pieces:
            low, high = sorted((piece.start, piece.start + piece.points))
            if low <= x <= high and abs(y - (rows - 1 - piece.row)) <= BAR_HEIGHT / 2:
                return piece
        return None

    def _hover(self, position) -> None:
        vb = self.plot.getPlotItem().getViewBox()
        if not self.pieces or not vb.sceneBoundingRect().contains(position):
            return
        at = vb.mapSceneToView(position)
        piece = self.piece_at(at.x(), at.y())
        if piece is not None:
            self.plot.setToolTip(literal_tooltip(piece.tooltip))
