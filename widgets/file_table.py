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

from analysis.code.results import FileMetrics

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


def mi_rank(mi: float | None) -> str:
    """radon's MI rank: A > 19, B 10-19, C <= 9 (radon.metrics.mi_rank)."""
    if mi is None:
        return ""
    return "A" if mi > 19 else "B" if mi > 9 else "C"


def cc_rank(complexity: int | None) -> str:
    """radon's cyclomatic rank: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+."""
    if complexity is None:
        return ""
    for limit, letter in ((5, "A"), (10, "B"), (20, "C"), (30, "D"), (40, "E")):
        if complexity <= limit:
            return letter
    return "F"


@dataclass(frozen=True)
class Column:
    title: str
    tooltip: str
    value: Callable[[Any], Any]
    numeric: bool = True
    digits: int = 1  # decimals shown for a float


def _max_cc(item: FileMetrics) -> int | None:
    values = [b.complexity for b in item.functions if b.kind != "class"]
    return max(values) if values else None


COLUMNS: tuple[Column, ...] = (
    Column("File", "Repository-relative path of the tracked Python file.", lambda f: f.path, False),
    Column(
        "Status",
        "ok: fully measured; syntax_error: raw counts only; skipped: not measured "
        "(the reason is in the tooltip and the Warnings tab).",
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
        "Functions",
        "Functions and methods in the file.",
        lambda f: sum(1 for b in f.functions if b.kind != "class"),
    ),
)


_NO_PARENT = QModelIndex()


class ColumnTableModel(QAbstractTableModel):
    """Rows of any objects shown through a tuple of :class:`Column`.

    Numbers sort as numbers (:data:`SORT_ROLE`) and align right; every header and cell has the
    column's tooltip.
    """

    def __init__(self, columns: tuple[Column, ...], parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, path: str) -> int:
        """The row whose object has this ``path``, or -1."""
        for row, item in enumerate(self._rows):
            if getattr(item, "path", None) == path:
                return row
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _NO_PARENT) -> int:
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
        column = self.columns[index.column()]
        value = column.value(self._rows[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            if value is None:
                return "–"
            return f"{value:.{column.digits}f}" if isinstance(value, float) else str(value)
        if role == SORT_ROLE:
            if column.numeric:
                return float("-inf") if value is None else float(value)
            return str(value).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip
        return None


class FileMetricsModel(ColumnTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)

    def set_files(self, files: Sequence[FileMetrics]) -> None:
        self.set_rows(files)

    def file_at(self, row: int) -> FileMetrics:
        return self.row_object(row)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if index.isValid():
            item = self.row_object(index.row())
            if role == Qt.ItemDataRole.ToolTipRole and item.reason:
                return f"{item.path}: {item.reason}"
            if role == Qt.ItemDataRole.ForegroundRole and item.status != "ok":
                return QBrush(QColor("#9a6700" if item.status == "syntax_error" else "#8a1c1c"))
        return super().data(index, role)


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
