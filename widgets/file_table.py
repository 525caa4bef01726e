"""Per-file metrics as a Qt model, with a proxy that sorts numerically and filters by path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from analysis.code.results import FileMetrics

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def mi_rank(mi: float | None) -> str:
    """radon's MI rank: A > 19, B 10-19, C <= 9 (radon.metrics.mi_rank)."""
    if mi is None:
        return ""
    return "A" if mi > 19 else "B" if mi > 9 else "C"


@dataclass(frozen=True)
class Column:
    title: str
    tooltip: str
    value: Callable[[FileMetrics], Any]
    numeric: bool = True


def _max_cc(item: FileMetrics) -> int | None:
    values = [b.complexity for b in item.functions if b.kind != "class"]
    return max(values) if values else None


COLUMNS: tuple[Column, ...] = (
    Column("File", "Repository-relative path of the tracked Python file.", lambda f: f.path, False),
    Column(
        "Status",
        "ok: fully measured; syntax_error: raw counts only; newer_syntax: valid only for a "
        "newer Python than the analyzer's (raw counts only; the tooltip says which); skipped: "
        "not measured (the reason is in the tooltip and the Warnings tab).",
        lambda f: f.status,
        False,
    ),
    Column("LOC", "Lines of code: every line of the file (radon raw).", lambda f: f.loc),
    Column("SLOC", "Source lines: lines with code (radon raw).", lambda f: f.sloc),
    Column("LLOC", "Logical lines: statements (radon raw).", lambda f: f.lloc),
    Column("Comments", "Lines holding a comment (radon raw).", lambda f: f.comments),
    Column(
        "Multi", "Lines of multi-line strings, docstrings included (radon raw).", lambda f: f.multi
    ),
    Column("Blank", "Blank lines (radon raw).", lambda f: f.blank),
    Column(
        "MI",
        "Maintainability Index 0-100 (radon mi, multi-line strings as comments): "
        "171 - 5.2 ln V - 0.23 G - 16.2 ln LLOC + 50 sin(sqrt(2.4 C)), rescaled. "
        "Rank A > 19, B 10-19, C <= 9.",
        lambda f: None if f.mi is None else round(f.mi, 2),
    ),
    Column("MI rank", "radon's MI rank: A > 19, B 10-19, C <= 9.", lambda f: mi_rank(f.mi), False),
    Column(
        "CC total",
        "Total cyclomatic complexity of the module as radon's MI uses it (McCabe, radon cc).",
        lambda f: f.cc_total,
    ),
    Column(
        "Max CC",
        "Highest cyclomatic complexity of a function or method in the file; "
        "rank A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+ (radon cc).",
        _max_cc,
    ),
    Column(
        "Max cognitive",
        "Highest cognitive complexity of a function or method in the file (SonarSource white "
        "paper: +1 per break in the linear flow, plus the nesting level). SonarQube flags "
        "functions over 15 (python:S3776).",
        lambda f: f.cognitive_max,
    ),
    Column(
        "Volume",
        "Halstead volume of the file, V = N log2 h (N operators and operands, h distinct "
        "ones; radon), the V of the Maintainability Index.",
        lambda f: None if f.halstead is None else round(f.halstead.volume, 1),
    ),
    Column(
        "Functions",
        "Functions and methods in the file (select the file to list them below).",
        lambda f: sum(1 for b in f.functions if b.kind != "class"),
    ),
)


class ColumnTableModel(QAbstractTableModel):
    """Rows of objects shown through :class:`Column` definitions: display text, numeric sort
    key (:data:`SORT_ROLE`), right-aligned numbers, the column's tooltip."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
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

    def tooltip(self, item: Any, column: Column) -> str:
        return column.tooltip

    def foreground(self, item: Any, column: Column) -> QBrush | None:
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(item, column)
        value = column.value(item)
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "–"
            return f"{value:.1f}" if isinstance(value, float) else str(value)
        if role == SORT_ROLE:
            if column.numeric:
                return float("-inf") if value is None else float(value)
            return str(value).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class FileMetricsModel(ColumnTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)

    def set_files(self, files: Sequence[FileMetrics]) -> None:
        self.set_rows(files)

    def file_at(self, row: int) -> FileMetrics:
        return self.row_at(row)

    def tooltip(self, item: FileMetrics, column: Column) -> str:
        return f"{item.path}: {item.reason}" if item.reason else column.tooltip

    def foreground(self, item: FileMetrics, column: Column) -> QBrush | None:
        if item.status == "ok":
            return None
        return QBrush(QColor("#8a1c1c" if item.status == "skipped" else "#9a6700"))


def metric_table_view(model) -> QTableView:
    """A read-only, row-selecting, sortable table over ``model`` whose first column stretches."""
    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


class FileFilterProxyModel(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE` (numbers as numbers) and keeps rows whose path matches."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(0)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._status: str | None = None

    def set_status_filter(self, status: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; invalidateFilter is deprecated there
            self.beginFilterChange()
            self._status = status or None
            self.endFilterChange()
        else:
            self._status = status or None
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if not super().filterAcceptsRow(source_row, source_parent):
            return False
        if self._status is None:
            return True
        model = self.sourceModel()
        return model.file_at(source_row).status == self._status
