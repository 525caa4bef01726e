"""The strangler roadmap as a chart: each checkpoint of each carve-out (keep, build beside, cut
the cycle-breaking imports, route and retire, move the tables) and the readiness score the
advice gives once its moves are made (cumulative scenarios, ``analysis.decisions.roadmap``).

Points are coloured by grade, with the grade bands as lines; carve-outs are separated and named
on top. The table under the chart lists what moves at each checkpoint and where the figure
comes from: computed from the architecture section, or the article's target.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from analysis.decisions.roadmap import ARTICLE, Checkpoint, roadmap_summary, verdicts_text
from widgets import palette
from widgets.chart_theme import ThemedPlot
from widgets.literal_text import literal_label, literal_tooltip
from widgets.record_table import Cell, RecordTable

#: the model's grade lines ([grades] in resources/readiness_model.toml)
GRADE_LINES = (("A", 85), ("B", 70), ("C", 55), ("D", 40))
STAGE_LABELS = {
    "keep": "keep",
    "build": "build",
    "cut": "cut",
    "route": "route",
    "tables": "tables",
}
CAPTION = (
    "Each point is a checkpoint of the plan and a scenario: its score is what the advice gives "
    "once the moves up to it are made (dashed: the weighted score before the caps). Moves are "
    "computed from the import graph, except the delivery targets (a diamond), which are the "
    "article's. Hover a point for what moves."
)
COLUMNS = (
    ("#", "The checkpoint's place in the roadmap (carve-outs in the plan's order)."),
    ("Checkpoint", "The carve-out and the article's step: keep, build beside, route "
     "incrementally, decompose."),
    ("Moves (scored)", "Inputs of the advice that move here; they enter the checkpoint's "
     "scenario and its score."),
    ("Shown, not scored", "Figures computed from the architecture section that are no "
     "input a scenario can set: shown, not scored."),
    ("Score", "Projected readiness score and grade with the moves up to this checkpoint."),
    ("Verdicts", "Refactor or rewrite; staffing, at this checkpoint."),
)  # fmt: skip


def checkpoint_tip(c: Checkpoint) -> str:
    """What a checkpoint moves, and from where, as plain text."""
    p = c.projected
    lines = [c.name, f"Step: {c.step}"]
    if p is not None:
        score = "not enough data" if p.score is None else f"{p.score} (grade {p.grade})"
        lines.append(f"Projected score {score}")
        if p.capped_by:
            lines.append(f"Held down by a cap: {p.capped_by}")
        lines.append(f"Refactor or rewrite: {p.refactor_label}; staffing: {p.staffing_label}")
    if c.moves:
        lines.append("Moves (scored):")
        lines += [f"  {m.label}: {m.text} [{m.source}]" for m in c.moves]
    if c.figures:
        lines.append("Also moves (shown, not scored):")
        lines += [f"  {m.label}: {m.text} [{m.source}]" for m in c.figures]
    if not c.moves and not c.figures:
        lines.append("Nothing measurable moves in the core at this step.")
    return "\n".join(lines)


class StranglerRoadmap(QWidget):
    """The roadmap chart over its table of moves."""

    #: a checkpoint was clicked on the chart or chosen in the table: its index
    checkpoint_selected = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.checkpoints: list[Checkpoint] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = literal_label(QLabel(""))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.caption = QLabel(CAPTION)
        self.caption.setWordWrap(True)
        palette.style(self.caption, "color: {muted};")
        layout.addWidget(self.caption)
        self.empty = literal_label(QLabel(""))
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout.addWidget(self.empty)
        self.plot = ThemedPlot()
        self.plot.setMinimumHeight(200)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setLabel("left", "Projected readiness score")
        self.plot.showAxis("right")
        self.plot.getPlotItem().getAxis("right").setWidth(56)
        self.plot.getPlotItem().getAxis("right").setTicks(
            [[(float(line), f"{grade} {line}") for grade, line in GRADE_LINES]]
        )
        self.plot.setToolTip(CAPTION)
        # a row's place is the checkpoint's (the chart selects by it): not sortable
        self.table = RecordTable(COLUMNS, wrap=True, sortable=False)
        self.table.setAlternatingRowColors(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column in (2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._select(current.row())
        )
        # wrapped cells take the height their column's width gives them
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.plot)
        split.addWidget(self.table)
        split.setSizes([270, 300])
        layout.addWidget(split, 1)
        self.split = split
        self.scatter: pg.ScatterPlotItem | None = None

    # ------------------------------------------------------------------ data
    def set_roadmap(
        self, checkpoints: list[Checkpoint], note: str = "", components: int | None = None
    ) -> None:
        """Show ``checkpoints``; ``note`` says why there are none; ``components`` is the
        number of components (for "23 of 27 in cycles")."""
        self.checkpoints = list(checkpoints)
        self.summary.setText(roadmap_summary(self.checkpoints, components))
        self.summary.setVisible(bool(self.checkpoints))
        self.empty.setText(note or "No carve-out: no roadmap.")
        self.empty.setVisible(not self.checkpoints)
        self.split.setVisible(bool(self.checkpoints))
        self.caption.setVisible(bool(self.checkpoints))
        self._fill_table()
        self._draw()

    def theme_changed(self) -> None:
        self.plot.theme_changed()
        self._draw()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.table.resizeRowsToContents()

    def select_carve_out(self, component: str) -> None:
        """Select the first checkpoint of ``component`` in the table and bring it into view."""
        for row, c in enumerate(self.checkpoints):
            if c.carve_out == component:
                self.table.selectRow(row)
                self.table.scrollTo(self.table.model().index(row, 0))
                return

    # ------------------------------------------------------------------ drawing
    def _draw(self) -> None:
        plot = self.plot
        plot.clear()
        self.scatter = None
        if not self.checkpoints:
            return
        foreground = palette.colour("chart_fg")
        muted = palette.colour("muted")
        xs = [float(c.sequence) for c in self.checkpoints]
        # (x, score, projection) of the checkpoints with a projected score
        known = [
            (float(c.sequence), c.projected.score, c.projected)
            for c in self.checkpoints
            if c.projected is not None and c.projected.score is not None
        ]
        last = xs[-1]
        for _grade, line in GRADE_LINES:
            plot.addItem(
                pg.InfiniteLine(
                    line, angle=0, pen=pg.mkPen(muted, width=1, style=Qt.PenStyle.DotLine)
                )
            )
        starts = [c for n, c in enumerate(self.checkpoints)
                  if n == 0 or c.carve_out != self.checkpoints[n - 1].carve_out]  # fmt: skip
        for c in starts:
            if c.sequence > 1:
                plot.addItem(
                    pg.InfiniteLine(c.sequence - 0.5, angle=90,
                                    pen=pg.mkPen(foreground, width=1, style=Qt.PenStyle.DashLine))
                )  # fmt: skip
            name = pg.TextItem(f"{c.rank}. {c.carve_out}", color=foreground, anchor=(0, 0))
            name.setPos(c.sequence - 0.45, 100)
            plot.addItem(name)
        uncapped = [
            (float(c.sequence), c.projected.uncapped)
            for c in self.checkpoints
            if c.projected is not None and c.projected.uncapped is not None
        ]
        if any(c.projected and c.projected.capped_by for c in self.checkpoints) and uncapped:
            plot.plot(
                [x for x, _ in uncapped], [u for _, u in uncapped],
                pen=pg.mkPen(muted, width=1.5, style=Qt.PenStyle.DashLine),
            )  # fmt: skip
        if known:
            plot.plot(
                [x for x, _, _ in known], [s for _, s, _ in known],
                pen=pg.mkPen(palette.colour("chart_line"), width=2),
            )  # fmt: skip
            brushes = [
                pg.mkBrush(palette.colour(palette.grade_role(p.grade)))
                for _, _, p in known
            ]  # fmt: skip
            self.scatter = pg.ScatterPlotItem(
                x=[x for x, _, _ in known], y=[s for _, s, _ in known], size=13, brush=brushes,
                pen=pg.mkPen(foreground, width=1), data=[int(x) - 1 for x, _, _ in known],
                symbol=[
                    "d" if any(m.source == ARTICLE for m in self.checkpoints[int(x) - 1].moves)
                    else "o"
                    for x, _, _ in known
                ],
                hoverable=True, hoverSize=17,
                tip=lambda x, y, data: literal_tooltip(checkpoint_tip(self.checkpoints[data])),
            )  # fmt: skip
            self.scatter.sigClicked.connect(self._clicked)
            plot.addItem(self.scatter)
            previous = None
            for n, (x, s, p) in enumerate(known):
                key = (s, p.grade)
                if key != previous or n == len(known) - 1:
                    text = pg.TextItem(f"{p.grade} {s}", color=foreground,
                                       anchor=(0.5, 1.3))  # fmt: skip
                    text.setPos(x, s)
                    plot.addItem(text)
                previous = key
        axis = plot.getPlotItem().getAxis("bottom")
        axis.setTicks([[(float(c.sequence), STAGE_LABELS.get(c.stage, c.step))
                        for c in self.checkpoints]])  # fmt: skip
        plot.setXRange(0.4, last + 0.6, padding=0)
        plot.setYRange(0, 108, padding=0)

    def _clicked(self, _item, points, *_args) -> None:
        if len(points):
            self.table.selectRow(int(points[0].data()))

    # ------------------------------------------------------------------ table
    def _fill_table(self) -> None:
        rows = []
        for c in self.checkpoints:
            p = c.projected
            score = "" if p is None or p.score is None else f"{p.score} ({p.grade})"
            if p is not None and p.capped_by:
                score += ", capped"
            texts = (
                str(c.sequence),
                f"{c.step}: {c.title}",
                "\n".join(
                    f"{m.label}: {m.text}" + (" (the article's)" if m.source == ARTICLE else "")
                    for m in c.moves
                )
                or "–",
                "\n".join(f"{m.label}: {m.text}" for m in c.figures) or "–",
                score,
                verdicts_text(p),
            )
            tip = checkpoint_tip(c)
            grade = palette.grade_role(p.grade) if p is not None and p.grade else None
            rows.append(
                [Cell(text, tip, foreground=grade if column == 4 else None)
                 for column, text in enumerate(texts)]
            )  # fmt: skip
        self.table.set_rows(rows)
        self.table.setColumnWidth(0, 30)
        self.table.setColumnWidth(1, 230)
        self.table.setColumnWidth(4, 80)
        self.table.setColumnWidth(5, 170)
        self.table.resizeRowsToContents()

    def _select(self, row: int) -> None:
        if 0 <= row < len(self.checkpoints):
            self.checkpoint_selected.emit(row)
