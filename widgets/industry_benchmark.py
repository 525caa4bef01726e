"""Against the industry: the team's Quick Check answers and measured figures beside DORA's Quick
Check benchmark (analysis.dora.benchmark) for the industry and organisation size picked.

One row per metric on DORA's 0-10 scale (10 best, after DORA's inversions): a band from
``mean - std`` to ``mean + std``, a tick at the mean, a circle for the team's answer and a
diamond for the measured figure. Each row's tooltip gives the figures and cites the source.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from analysis.dora.benchmark import (
    ALL,
    DEFAULT_EDITION,
    EDITIONS,
    Benchmark,
    GroupBenchmark,
    MetricBenchmark,
    choices,
)
from analysis.dora.benchmarked import benchmark_of
from analysis.dora.results import DoraReport
from widgets import palette

LICENCE = "Data: DORA Quick Check (dora.dev), Apache License 2.0."
POSITION_WORDS = {
    "below": "below the spread",
    "within": "within the spread",
    "above": "above the spread",
}


def _score(value: float | None) -> str:
    return "not known" if value is None else f"{value:.1f}"


def row_tooltip(row: MetricBenchmark, group: GroupBenchmark, edition: str) -> str:
    """The figures of one row, in words, with the source and licence."""
    lines = [
        f"<b>{escape(row.label)}</b> — {escape(group.name)}",
        f"DORA {edition}: mean {row.mean:.1f}, standard deviation {row.std:.1f} "
        f"(spread {row.low:.1f} to {row.high:.1f}; 0-10, 10 best)",
        f"Team's answer: {_score(row.answered)}"
        + (f" ({POSITION_WORDS[row.answered_position]})" if row.answered_position else ""),
        f"Measured: {_score(row.measured)}"
        + (f" ({POSITION_WORDS[row.measured_position]})" if row.measured_position else ""),
        f"Source: DORA Quick Check {edition} benchmark. {LICENCE}",
    ]
    return "<br>".join(lines)


class BenchmarkChart(QWidget):
    """The rows of one group (an industry or an organisation size)."""

    ROW = 30
    LABEL = 230

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.group: GroupBenchmark | None = None
        self.edition = DEFAULT_EDITION
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(420)

    def set_group(self, group: GroupBenchmark | None, edition: str) -> None:
        self.group, self.edition = group, edition
        rows = len(group.metrics) if group else 0
        self.setFixedHeight(self.ROW * (rows + 1) + 10)
        self.update()

    def _x(self, score: float) -> float:
        left, right = self.LABEL + 10, self.width() - 16
        return left + (right - left) * max(0.0, min(10.0, score)) / 10.0

    def row_at(self, y: float) -> MetricBenchmark | None:
        if self.group is None:
            return None
        index = int((y - 4) // self.ROW)
        return self.group.metrics[index] if 0 <= index < len(self.group.metrics) else None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            row = self.row_at(event.pos().y())
            if row is not None and self.group is not None:
                QToolTip.showText(event.globalPos(), row_tooltip(row, self.group, self.edition))
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, _event) -> None:
        if self.group is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fg = palette.colour("chart_fg")
        band = QColor(palette.colour("chart_bar"))
        band.setAlpha(90)
        mean_pen = QPen(palette.colour("chart_line"), 2)
        for index, row in enumerate(self.group.metrics):
            top = 4 + index * self.ROW
            middle = top + self.ROW / 2
            painter.setPen(fg)
            painter.drawText(
                QRectF(0, top, self.LABEL, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                row.label,
            )
            painter.setPen(QPen(palette.colour("track"), 6))
            painter.drawLine(QPointF(self._x(0), middle), QPointF(self._x(10), middle))
            if row.low is not None and row.high is not None:
                painter.fillRect(
                    QRectF(self._x(row.low), middle - 7, self._x(row.high) - self._x(row.low), 14),
                    band,
                )
            if row.mean is not None:
                painter.setPen(mean_pen)
                painter.drawLine(
                    QPointF(self._x(row.mean), middle - 9), QPointF(self._x(row.mean), middle + 9)
                )
            if row.answered is not None:
                painter.setPen(QPen(fg, 1))
                painter.setBrush(palette.colour("chart_mark"))
                painter.drawEllipse(QPointF(self._x(row.answered), middle), 5.5, 5.5)
            if row.measured is not None:
                x = self._x(row.measured)
                diamond = QPolygonF(
                    [
                        QPointF(x, middle - 7),
                        QPointF(x + 7, middle),
                        QPointF(x, middle + 7),
                        QPointF(x - 7, middle),
                    ]
                )
                painter.setPen(QPen(fg, 1))
                painter.setBrush(palette.colour("chart_bound"))
                painter.drawPolygon(diamond)
        axis = 4 + len(self.group.metrics) * self.ROW + 14
        painter.setPen(palette.colour("muted"))
        for tick in (0, 2, 4, 6, 8, 10):
            painter.drawText(
                QRectF(self._x(tick) - 15, axis - 10, 30, 16),
                Qt.AlignmentFlag.AlignCenter,
                str(tick),
            )
        painter.end()


class BenchmarkCharts(QWidget):
    """Both groups' charts under their titles, without the picker (the PDF draws this)."""

    def __init__(self, benchmark: Benchmark, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        for group in benchmark.groups:
            word = "Industry" if group.group == "industry" else "Organisation size"
            layout.addWidget(QLabel(f"<b>{word}: {escape(group.name)}</b>"))
            chart = BenchmarkChart()
            chart.set_group(group, benchmark.edition)
            layout.addWidget(chart)
        legend = QLabel(
            "Band: DORA's mean ± one standard deviation; tick: mean; circle: the team's "
            "Quick Check answer; diamond: measured here. 0-10, 10 best."
        )
        legend.setWordWrap(True)
        layout.addWidget(legend)

    def height_for(self) -> int:
        return self.sizeHint().height()


class IndustryBenchmarkView(QWidget):
    """The picker (industry, organisation size, edition) and one chart per group."""

    #: (industry, organisation size, edition) the user picked
    choice_changed = Signal(str, str, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.dora: DoraReport | None = None
        self.benchmark: Benchmark | None = None
        layout = QVBoxLayout(self)
        title = QLabel("<b>Against the industry</b>")
        layout.addWidget(title)
        intro = QLabel(
            "The team's Quick Check answers (circles) and the measured figures (diamonds) on "
            "DORA's 0-10 scale, 10 best, beside the spread (mean ± one standard deviation) of "
            "DORA's Quick Check respondents in the industry and organisation size you pick. "
            "Change fail rate, rework and stability are shown as DORA shows them, 10 − the stored "
            "figure."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.industry = QComboBox()
        self.org_size = QComboBox()
        self.edition = QComboBox()
        for edition in EDITIONS:
            self.edition.addItem(edition, edition)
        form.addRow("&Industry:", self.industry)
        form.addRow("Organisation &size:", self.org_size)
        form.addRow("DORA &edition:", self.edition)
        row = QHBoxLayout()
        row.addLayout(form)
        row.addStretch(1)
        layout.addLayout(row)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.industry_title = QLabel()
        self.industry_chart = BenchmarkChart()
        self.size_title = QLabel()
        self.size_chart = BenchmarkChart()
        for widget in (self.industry_title, self.industry_chart, self.size_title, self.size_chart):
            layout.addWidget(widget)
        self.source = QLabel()
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        layout.addStretch(1)
        self._fill_choices(DEFAULT_EDITION)
        self.industry.currentIndexChanged.connect(self._picked)
        self.org_size.currentIndexChanged.connect(self._picked)
        self.edition.currentIndexChanged.connect(self._edition_picked)

    def _fill_choices(self, edition: str, industry: str = ALL, size: str = ALL) -> None:
        for combo, group, wanted in (
            (self.industry, "industry", industry),
            (self.org_size, "organisation_size", size),
        ):
            combo.blockSignals(True)
            combo.clear()
            for key, name in choices(group, edition):
                combo.addItem(name, key)
            found = combo.findData(wanted)
            combo.setCurrentIndex(max(0, found))
            combo.blockSignals(False)

    def set_report(self, dora: DoraReport | None) -> None:
        """Show a report's benchmark; the picker takes the report's choice (the same report
        shown again, re-advised after a pick, keeps the pick)."""
        if dora is not None and dora is self.dora:
            self._picked_quietly()
            return
        self.dora = dora
        if dora is None:
            self._show(None)
            return
        shown = dora.benchmark
        edition = shown.edition if shown and shown.edition in EDITIONS else DEFAULT_EDITION
        keys = {g.group: g.key for g in shown.groups} if shown else {}
        self.edition.blockSignals(True)
        self.edition.setCurrentIndex(max(0, self.edition.findData(edition)))
        self.edition.blockSignals(False)
        self._fill_choices(edition, keys.get("industry", ALL), keys.get("organisation_size", ALL))
        self._show(shown if shown is not None else benchmark_of(dora, edition=edition))

    def selection(self) -> tuple[str, str, str]:
        return (
            str(self.industry.currentData()),
            str(self.org_size.currentData()),
            str(self.edition.currentData()),
        )

    def _edition_picked(self) -> None:
        industry, size, edition = self.selection()
        self._fill_choices(edition, industry, size)
        self._picked()

    def _picked_quietly(self) -> None:
        industry, size, edition = self.selection()
        if self.dora is not None:
            self._show(benchmark_of(self.dora, industry, size, edition))

    def _picked(self) -> None:
        industry, size, edition = self.selection()
        if self.dora is not None:
            self._show(benchmark_of(self.dora, industry, size, edition))
        self.choice_changed.emit(industry, size, edition)

    def _show(self, benchmark: Benchmark | None) -> None:
        self.benchmark = benchmark
        groups = {g.group: g for g in benchmark.groups} if benchmark else {}
        edition = benchmark.edition if benchmark else DEFAULT_EDITION
        for title, chart, group, word in (
            (self.industry_title, self.industry_chart, groups.get("industry"), "Industry"),
            (self.size_title, self.size_chart, groups.get("organisation_size"), "Size"),
        ):
            chart.set_group(group, edition)
            chart.setVisible(group is not None)
            title.setVisible(group is not None)
            if group is not None:
                title.setText(f"<b>{word}: {escape(group.name)}</b>")
        problems = benchmark.problems if benchmark else []
        self.problem.setText(" ".join(escape(p) for p in problems))
        self.problem.setVisible(bool(problems))
        if benchmark is None:
            self.source.setText("No delivery figures to compare.")
            return
        answered = any(m.answered is not None for g in benchmark.groups for m in g.metrics)
        hint = (
            ""
            if answered
            else " No Quick Check answers yet: answer them in the Quick Check tab to see the "
            "team's own view beside the measured figures."
        )
        self.source.setText(
            f"Source: DORA Quick Check {edition} benchmark (dora.dev), Apache License 2.0.{hint}"
        )
