"""Earlier assessments of a repository as a Qt model (rows are any objects with the fields)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

_COLUMNS = (
    ("When", "When the assessment ran (local time)."),
    ("Commit", "The commit that was analyzed (HEAD at the time)."),
    ("Branch", "The branch checked out; empty when HEAD was detached."),
    ("Python files", "Tracked Python files."),
    ("SLOC", "Source lines of code (radon raw)."),
    ("Avg MI", "SLOC-weighted mean Maintainability Index (radon mi)."),
    ("Warnings", "Inputs that could not be fully measured; 'partial' marks an incomplete result."),
)


class AssessmentHistoryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
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
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _COLUMNS[section][1]
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        column = index.column()
        if column == 0:
            moment = row.analyzed_at
            if moment.tzinfo is None:  # the store keeps naive UTC
                moment = moment.replace(tzinfo=UTC)
            return moment.astimezone().strftime("%Y-%m-%d %H:%M")
        if column == 1:
            return row.head[:10]
        if column == 2:
            return row.branch or "(detached)"
        if column == 3:
            return str(row.python_files)
        if column == 4:
            return f"{row.sloc:,}"
        if column == 5:
            return "–" if row.mi_average is None else f"{row.mi_average:.1f}"
        if column == 6:
            return f"{row.warning_count}" + (" (partial)" if row.partial else "")
        return None
