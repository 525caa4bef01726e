"""A before/after table in the article's format: each headline figure before and after, the
change, and the article's healthy target; green when the figure moved the right way for its
metric, red when the wrong way (a shorter lead time is better, more deployments are better)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analysis.comparison import BETTER, NOT_COMPARABLE, WORSE, Comparison
from widgets import palette
from widgets.record_table import Cell, RecordTable

MUTED = "muted"
COLUMNS = (
    ("Measure", "The headline figure; hover a row for its definition and source."),
    ("Before", "The older assessment of the two."),
    ("After", "The newer assessment of the two."),
    (
        "Change",
        "After minus before, as shown (percentages change in percentage points, pp; in "
        "brackets the change relative to before). Green: better for this measure; red: worse.",
    ),
    ("Healthy target", "The article's healthy system (or the threshold's source)."),
)
DIRECTION_STYLE = {BETTER: ("good", "good_bg"), WORSE: ("bad", "bad_bg")}


def comparison_rows(comparison: Comparison) -> list[list[Cell]]:
    rows = []
    for m in comparison.metrics:
        tip = m.definition
        fg, bg = DIRECTION_STYLE.get(m.direction, (MUTED, None))
        word = {BETTER: "better", WORSE: "worse"}.get(m.direction, m.direction)
        rows.append(
            [
                Cell(m.label, tip),
                Cell(m.before_text, tip, foreground=MUTED if m.before is None else None),
                Cell(m.after_text, tip, foreground=MUTED if m.after is None else None),
                Cell(m.delta_text, f"{word}: {tip}" if m.direction != NOT_COMPARABLE
                     else "Not measured in one of the two assessments.",
                     foreground=fg, background=bg, bold=m.direction in DIRECTION_STYLE),
                Cell(m.article, tip, foreground=MUTED),
            ]
        )  # fmt: skip
    return rows


def verdict_lines(comparison: Comparison) -> str:
    """One line per verdict: before -> after, the new one in bold when it changed."""
    lines = []
    for v in comparison.verdicts:
        before, after = escape(v.before or "–"), escape(v.after or "–")
        moved = f"{before} → <b>{after}</b>" if v.changed else f"{after} (unchanged)"
        lines.append(f"{escape(v.label)}: {moved}")
    return "<br>".join(lines)


class ComparisonTable(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = RecordTable(COLUMNS, stretch=4, sort=None, sortable=False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.verdicts = QLabel()
        self.verdicts.setWordWrap(True)
        self.verdicts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdicts.setToolTip(
            "The advice's verdicts (Decisions tab; methodology sections 2-3) in the two "
            "assessments."
        )
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        palette.style(self.notes, "color: {warn};")
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.verdicts)
        layout.addWidget(self.notes)
        self.comparison: Comparison | None = None

    def show_comparison(self, comparison: Comparison | None, title: str = "") -> None:
        self.comparison = comparison
        self.title.setText(title)
        self.table.set_rows(comparison_rows(comparison) if comparison else [])
        self.verdicts.setText(verdict_lines(comparison) if comparison else "")
        notes = comparison.notes if comparison else []
        self.notes.setText("⚠ " + " ".join(notes) if notes else "")
        self.notes.setVisible(bool(notes))
