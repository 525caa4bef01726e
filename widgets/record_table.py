"""A read-only Qt table model over plain engine objects, described by a tuple of columns.

Each :class:`Column` says how to read its value from a row, whether it sorts as a number
(:data:`SORT_ROLE` gives proxies the raw value), how to show it, and what it means (header
tooltip). Subclasses add row-specific tooltips or colours.
"""

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
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from widgets import palette
from widgets.literal_text import literal_tooltip

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    title: str
    tooltip: str
    value: Callable[[Any], Any]
    numeric: bool = True
    text: Callable[[Any], str] | None = None  # how to show a (non-None) value
    value_tooltip: bool = False  # the cell's tooltip is its text (long values)
    colour: Callable[[Any], str | None] | None = None  # text colour (or palette role) for a value
    digits: int = 1  # decimals shown for a float


def default_text(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


class RecordTableModel(QAbstractTableModel):
    """Rows of any objects, shown through ``columns``."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []
        self._given: list[Any] = []  # the rows in the order given (column -1)
        self._sorted = (-1, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: Sequence[Any]) -> None:
        """New rows, in the order given, or sorted as the table was last sorted."""
        self.beginResetModel()
        self._given = list(rows)
        self._rows = self._ordered(*self._sorted)
        self.endResetModel()

    def sort_key(self, column: int) -> Callable[[Any], Any]:
        """What rows sort by in ``column``: numbers as numbers (no value first), else text."""
        spec = self.columns[column]
        if spec.numeric:
            return lambda row: float("-inf") if (v := spec.value(row)) is None else float(v)
        return lambda row: str(spec.value(row)).lower()

    def _ordered(self, column: int, order: Qt.SortOrder) -> list[Any]:
        if not 0 <= column < len(self.columns):
            return list(self._given)
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(self._given, key=self.sort_key(column), reverse=descending)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python, once per row (a proxy's sort asks for two values per comparison:
        seconds for the tens of thousands of rows of a large project); -1: the given order."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        objects = [self._rows[index.row()] for index in before]
        self._sorted = (column, order)
        self._rows = self._ordered(column, order)
        where = {id(row): number for number, row in reversed(list(enumerate(self._rows)))}
        self.changePersistentIndexList(
            before,
            [self.index(where[id(o)], i.column()) for o, i in zip(objects, before, strict=True)],
        )
        self.layoutChanged.emit()

    def row_object(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, path: str) -> int:
        """The row whose object has this ``path``, or -1."""
        for row, item in enumerate(self._rows):
            if getattr(item, "path", None) == path:
                return row
        return -1

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

    def cell_tooltip(self, row: Any, column: Column, text: str) -> str:
        return text if column.value_tooltip else column.tooltip

    def row_colour(self, row: Any) -> str | None:
        """A text colour for the whole row (e.g. a file that could not be measured)."""
        return None

    def cell_colour(self, row: Any, column: Column, value: Any) -> str | None:
        """A text colour for one cell: the column's colour for the value, else the row's."""
        return column.colour(value) if column.colour else self.row_colour(row)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        value = column.value(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                default_text(value, column.digits)
                if value is None or column.text is None
                else column.text(value)
            )
        if role == SORT_ROLE:
            if column.numeric:
                return float("-inf") if value is None else float(value)
            return str(value).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_tooltip(self.cell_tooltip(row, column, self.data(index)))
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.cell_colour(row, column, value)
            return QBrush(palette.adapt(colour)) if colour else None
        return None


class RecordFilterProxyModel(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE` (numbers as numbers); keeps rows whose text matches the filter
    string in ``filter_column`` (-1: any column) and that pass the row filter, if one is set."""

    def __init__(self, filter_column: int = -1, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(filter_column)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._keep: Callable[[Any], bool] | None = None

    def set_row_filter(self, keep: Callable[[Any], bool] | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9; invalidateFilter is deprecated there
            self.beginFilterChange()
            self._keep = keep
            self.endFilterChange()
        else:
            self._keep = keep
            self.invalidateFilter()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (once per row); this proxy keeps its order and filters."""
        source = self.sourceModel()
        if isinstance(source, RecordTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if not super().filterAcceptsRow(source_row, source_parent):
            return False
        source = self.sourceModel()
        if self._keep is None or not isinstance(source, RecordTableModel):
            return True  # the row test reads record rows: other models are not filtered by it
        return self._keep(source.row_object(source_row))


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
    fit_widths_on_sample(header)
    return table


#: Rows whose contents size a column fitted to its contents (Qt's default: 1,000, which costs
#: over a second for a table of a few thousand rows every time the rows change).
WIDTH_SAMPLE_ROWS = 200


def fit_widths_on_sample(header: QHeaderView) -> None:
    header.setResizeContentsPrecision(WIDTH_SAMPLE_ROWS)
