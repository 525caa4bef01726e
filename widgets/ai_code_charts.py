"""AI-assisted code signals per quarter (pyqtgraph): share of commits with AI trailers,
copy/paste, moved and churned shares of added code lines, coupling per commit and duplication
density at quarter ends; below them
the commits with vs without trailers and before vs after, with sample sizes, and the
definitions (analysis.ai_code.definitions). A self-contained widget: ``set_ai_code(section)``."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from analysis.ai_code.results import AICodeSection
from widgets import palette
from widgets.chart_theme import ThemedPlot, trend_plot

#: (series key, legend name, palette role) of the line-share chart
SHARES = (
    ("copy_paste_share", "copy/paste", "chart_mark"),
    ("moved_share", "moved", "chart_bound"),
    ("churn_share", "churned", "chart_line"),
)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _group_text(label: str, group: dict[str, Any]) -> str:
    return (
        f"{label}: {group['commits']} commits, {group['added_lines']} added lines; "
        f"copy/paste {_percent(group['copy_paste_share'])}, moved "
        f"{_percent(group['moved_share'])}, churned {_percent(group['churn_share'])}"
    )


def comparison_lines(data: dict[str, Any]) -> list[str]:
    """The comparisons as plain sentences with their sample sizes (also for the PDF)."""
    lines = []
    compared = data.get("with_without_trailers")
    if compared:
        lines.append(_group_text("Commits with AI trailers", compared["a"]))
        lines.append(_group_text("Commits without AI trailers", compared["b"]))
    split = data.get("before_after")
    if split:
        when = (split.get("split_date") or "")[:10]
        why = "your date" if split.get("split_source") == "setting" else "first AI-trailer commit"
        lines.append(_group_text(f"Before {when} ({why})", split["a"]))
        lines.append(_group_text(f"From {when} on", split["b"]))
    return lines


def _line(plot: ThemedPlot, points: list, colour, name: str | None = None) -> None:
    """A series of (x, y) points as a line with dots in ``colour``."""
    plot.plot(
        [p[0] for p in points],
        [p[1] for p in points],
        pen=pg.mkPen(colour, width=2),
        symbol="o",
        symbolSize=6,
        symbolBrush=colour,
        name=name,
    )


class AICodeCharts(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        grid = QGridLayout()
        layout.addLayout(grid)
        self.trailer_plot = self._plot("Commits with an AI trailer", "%")
        self.share_plot = self._plot("Added code lines: copy/paste, moved, churned", "%")
        self.share_plot.addLegend(offset=(5, 5))
        self.coupling_plot = self._plot("Sum of coupling per commit changing code", "files")
        grid.addWidget(self.trailer_plot, 0, 0)
        grid.addWidget(self.share_plot, 0, 1)
        grid.addWidget(self.coupling_plot, 1, 0)
        self.comparison = QLabel()
        self.comparison.setTextFormat(Qt.TextFormat.PlainText)
        self.comparison.setWordWrap(True)
        self.comparison.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.density_plot = self._plot("Duplication density at quarter end", "%")
        grid.addWidget(self.density_plot, 1, 1)
        grid.addWidget(self.comparison, 2, 0, 1, 2)
        self.definitions = QLabel()
        self.definitions.setTextFormat(Qt.TextFormat.PlainText)
        self.definitions.setWordWrap(True)
        layout.addWidget(self.definitions)
        self.section: AICodeSection | None = None
        self.set_ai_code(None)

    def _plot(self, title: str, unit: str) -> ThemedPlot:
        return trend_plot(title, unit, 180)

    def theme_changed(self) -> None:
        self.set_ai_code(self.section)

    def set_ai_code(self, section: AICodeSection | None) -> None:
        """Show ``section`` (None: the assessment has no AI-assisted code signals)."""
        self.section = section
        for plot in (self.trailer_plot, self.share_plot, self.coupling_plot, self.density_plot):
            plot.clear()
        if section is None or not section.quarters:
            self.summary.setText(
                "No AI-assisted code signals: the history was not read, or the section is "
                "switched off (settings: ai_code)."
            )
            self.comparison.setText("")
            self.definitions.setText("")
            return
        data = section.to_dict()
        quarters = data["quarters"]
        total = sum(q["commits"] for q in quarters)
        with_ai = sum(q["ai_trailer_commits"] for q in quarters)
        tools = ", ".join(f"{name} {count}" for name, count in data["tools"].items()) or "none"
        self.summary.setText(
            f"{with_ai} of {total} non-merge commits carry an AI co-author or tool trailer "
            f"(per tool: {tools}). Line figures from {(data['window_start'] or '')[:10]}; "
            f"churn window {data['churn_days']} days. {data['undercount']}"
            + ("" if not data["notes"] else " " + " ".join(data["notes"]))
        )
        # the charts show the quarters of the line window (the summary counts the whole history)
        measured = [q for q in quarters if q["lines_measured"]]
        quarters = measured or quarters
        ticks = [[(i, q["quarter"]) for i, q in enumerate(quarters)]]
        step = max(1, len(quarters) // 8)
        ticks = [[t for t in ticks[0] if t[0] % step == 0 or t[0] == len(quarters) - 1]]
        bar = palette.colour("chart_bar")
        xs = list(range(len(quarters)))
        trailer = [(q["ai_trailer_share"] or 0) * 100 for q in quarters]
        self.trailer_plot.addItem(pg.BarGraphItem(x=xs, height=trailer, width=0.6, brush=bar))
        top = 1.0
        for key, name, role in SHARES:
            points = [(i, q[key] * 100) for i, q in enumerate(quarters) if q[key] is not None]
            if points:
                _line(self.share_plot, points, palette.colour(role), name)
                top = max(top, *(p[1] for p in points))
        coupling = [
            (i, q["coupling_per_commit"])
            for i, q in enumerate(quarters)
            if q["coupling_per_commit"] is not None
        ]
        if coupling:
            _line(self.coupling_plot, coupling, palette.colour("chart_line"))
        density = [
            (i, q["duplication_density"] * 100)
            for i, q in enumerate(quarters)
            if q.get("duplication_density") is not None
        ]
        if density:
            self.density_plot.addItem(
                pg.BarGraphItem(
                    x=[d[0] for d in density],
                    height=[d[1] for d in density],
                    width=0.6,
                    brush=bar,
                )
            )
        for plot, high in (
            (self.density_plot, max([d[1] for d in density] + [1.0])),
            (self.trailer_plot, max([*trailer, 1.0])),
            (self.share_plot, top),
            (self.coupling_plot, max([c[1] for c in coupling] + [1.0])),
        ):
            plot.setYRange(0, high * 1.15)
            plot.setXRange(-0.6, max(len(quarters) - 0.4, 0.6))
            plot.getAxis("bottom").setTicks(ticks)
        self.comparison.setText("\n".join(comparison_lines(data)))
        self.definitions.setText(
            "\n".join(f"{name}: {text}" for name, text in data["definitions"].items())
        )
