"""Table models of the debt panel: issues, debt per package or file, clone groups, rules.

Rows are plain objects from the engine (``analysis.debt``, ``analysis.code.duplication``); each
column says how to read its value, whether it sorts as a number, and what it means (tooltip).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from analysis.code.duplication import CloneGroup
from analysis.debt import DebtIssue
from widgets.file_table import SORT_ROLE, Column

#: SonarQube's maintainability rating colours (A green ... E red).
RATING_COLOURS = {"A": "#00aa00", "B": "#b0d513", "C": "#eabe06", "D": "#ed7d20", "E": "#d4333f"}

RATING_TOOLTIP = (
    "Maintainability rating on SonarQube's default grid (sonar.technicalDebt.ratingGrid): "
    "debt ratio A <= 5%, B 5-10%, C 10-20%, D 20-50%, E > 50%. "
    "Debt ratio = remediation minutes / (30 min x lines of code)."
)


def minutes_text(minutes: float) -> str:
    """45 min, 2 h 12 min, or 3 d 4 h in 8-hour days (SonarQube's technicalDebt.hoursInDay)."""
    minutes = round(minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 8:
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    days, hours = divmod(hours, 8)
    return f"{days:,} d {hours} h" if hours else f"{days:,} d"


def fragments_text(group: CloneGroup, shown: int = 2) -> str:
    """The first locations of a group, ``path:first-last``, and how many more there are."""
    text = ", ".join(f"{f.path}:{f.start_line}-{f.end_line}" for f in group.fragments[:shown])
    more = len(group.fragments) - shown
    return f"{text} (+{more:,} more)" if more > 0 else text


def rating_band(letter: str, grid: Sequence[float] = (0.05, 0.10, 0.20, 0.50)) -> str:
    """The ratio range of a rating on the grid, e.g. ``B: ratio 5-10%``."""
    limits = [0.0, *grid]
    index = "ABCDE".index(letter)
    if index == 0:
        return f"A: ratio ≤ {grid[0]:.0%}"
    if index == len(grid):
        return f"{letter}: ratio > {grid[-1]:.0%}"
    return f"{letter}: ratio {limits[index]:.0%}–{limits[index + 1]:.0%}"


ISSUE_COLUMNS: tuple[Column, ...] = (
    Column("Rule", "The debt rule raised (resources/debt_rules.toml).", lambda i: i.rule, False),
    Column("File", "Repository-relative path.", lambda i: i.path, False),
    Column("Line", "Where the issue is: the function's first line, or 1 for a whole module.",
           lambda i: i.line),
    Column("Minutes", "Estimated time to fix (the rule's remediation function, SQALE).",
           lambda i: i.minutes),
    Column("Why", "The measured figure against the rule's threshold.", lambda i: i.message, False),
)  # fmt: skip


def scope_columns(name: str, tooltip: str) -> tuple[Column, ...]:
    """Columns of a debt breakdown by package or by file."""
    return (
        Column(name, tooltip, lambda s: s.name, False),
        Column("Files", "Fully measured files in the package.", lambda s: s.files),
        Column("Lines of code", "ncloc: radon SLOC, lines with code (no blank, comment or "
               "docstring lines).", lambda s: s.ncloc),
        Column("Debt", "Sum of the remediation minutes of its issues (8-hour days).",
               lambda s: s.remediation_minutes),
        Column("Ratio", "Debt / (30 min x lines of code), SonarQube's sqale_debt_ratio.",
               lambda s: round(100 * s.ratio, 1)),
        Column("Rating", RATING_TOOLTIP, lambda s: s.rating, False),
        Column("Issues", "Number of debt issues.", lambda s: len(s.issues)),
    )  # fmt: skip


PACKAGE_COLUMNS = scope_columns("Package", "Top-level package: the first folder of the path.")
FILE_COLUMNS = scope_columns("File", "Repository-relative path.")

GROUP_COLUMNS: tuple[Column, ...] = (
    Column("Lines", "Lines inside the group's locations.", lambda g: g.lines),
    Column("Copies", "How often the block occurs (copies overlapping in one file are merged "
           "into one location).", lambda g: g.occurrences),
    Column("Files", "Files holding a copy.", lambda g: len({f.path for f in g.fragments})),
    Column("Tokens", "Length of the duplicated block in normalized tokens (identifiers and "
           "literals count alike).", lambda g: g.tokens),
    Column("Locations", "path:first-last line of the copies; select the group to see all.",
           fragments_text, False),
)  # fmt: skip

FRAGMENT_COLUMNS: tuple[Column, ...] = (
    Column("File", "Repository-relative path.", lambda f: f.path, False),
    Column("From line", "First line of the copy.", lambda f: f.start_line),
    Column("To line", "Last line of the copy.", lambda f: f.end_line),
    Column("Lines", "Lines of the copy.", lambda f: f.lines),
)  # fmt: skip

RULE_COLUMNS: tuple[Column, ...] = (
    Column("Rule", "Rule id, as used in settings overrides (debt_rules).", lambda r: r.id, False),
    Column("What", "What the rule looks for.", lambda r: r.title, False),
    Column("On", "Whether the rule is applied.", lambda r: "yes" if r.enabled else "no", False),
    Column("Threshold", "Issues are raised above this figure (MI: at or below it); 0: any.",
           lambda r: r.threshold),
    Column("Minutes", "Remediation: offset + per unit x units (SQALE).",
           lambda r: f"{r.offset_minutes} + {r.minutes_per_unit} per {r.unit}"
           if r.minutes_per_unit else f"{r.offset_minutes} per {r.unit}", False),
    Column("Source", "Where the threshold and the remediation function come from.",
           lambda r: r.source, False),
)  # fmt: skip


class RecordTableModel(QAbstractTableModel):
    """Rows of any engine objects, shown through a tuple of :class:`Column`."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].tooltip
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        value = column.value(row)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "–"
            if column.title == "Debt":
                return minutes_text(value)
            if column.title == "Ratio":
                return f"{value:.1f}%"
            return f"{value:,}" if isinstance(value, int) else str(value)
        if role == SORT_ROLE:
            if column.numeric:
                return float("-inf") if value is None else float(value)
            return str(value).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(value) if column.title in ("Why", "Locations", "Source") else column.tooltip
        if role == Qt.ItemDataRole.ForegroundRole and column.title == "Rating":
            return QBrush(QColor(RATING_COLOURS.get(str(value), "#000000")))
        return None


class IssueFilterProxyModel(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE`; keeps rows whose text matches and whose rule is chosen."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)  # any column
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._rule: str | None = None

    def set_rule(self, rule: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            self._rule = rule or None
            self.endFilterChange()
        else:
            self._rule = rule or None
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if not super().filterAcceptsRow(source_row, source_parent):
            return False
        if self._rule is None:
            return True
        item = self.sourceModel().row_object(source_row)
        return isinstance(item, DebtIssue) and item.rule == self._rule
