"""A read-only, sortable table of records: header tooltips, per-cell tooltips and colours.

For the section panels' small tables (tens to a few thousand rows), where a full model class
per table would be ceremony. Numbers sort as numbers; an empty cell sorts first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from widgets import palette
from widgets.literal_text import literal_tooltip

# Light-theme colours; cells show their dark counterparts on a dark window (palette.adapt).
GOOD = palette.colour("good", dark=False)
BAD = palette.colour("bad", dark=False)
WARN = palette.colour("warn", dark=False)
GOOD_BG = palette.colour("good_bg", dark=False)
BAD_BG = palette.colour("bad_bg", dark=False)
WARN_BG = palette.colour("warn_bg", dark=False)


@dataclass(frozen=True)
class Cell:
    text: str
    tooltip: str = ""
    sort: Any = None  # value to sort by (numbers); the text when None
    foreground: QColor | None = None
    background: QColor | None = None
    bold: bool = False


class ThemedItem(QTableWidgetItem):
    """A table item whose text and background colours follow the light/dark theme."""

    def data(self, role: int):
        value = super().data(role)
        coloured = isinstance(value, QBrush) and value.style() != Qt.BrushStyle.NoBrush
        if coloured and role in _COLOUR_ROLES:
            return QBrush(palette.adapt(value.color()))
        return value


_COLOUR_ROLES = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole)


class _Item(ThemedItem):
    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.data(Qt.ItemDataRole.UserRole)
        theirs = other.data(Qt.ItemDataRole.UserRole)
        if isinstance(mine, int | float) and isinstance(theirs, int | float):
            return mine < theirs
        if mine is None or theirs is None:
            return mine is None and theirs is not None
        return str(mine) < str(theirs)


def cell(value: Any, tooltip: str = "", **style: Any) -> Cell:
    """A cell for a plain value: numbers formatted, None shown empty (and sorted first)."""
    if value is None:
        return Cell("", tooltip, None, **style)
    if isinstance(value, float):
        return Cell(f"{value:.2f}", tooltip, value, **style)
    if isinstance(value, int) and not isinstance(value, bool):
        return Cell(f"{value:,}", tooltip, value, **style)
    return Cell(str(value), tooltip, str(value), **style)


class RecordTable(QTableWidget):
    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        parent=None,
        stretch: int = -1,
        widths: dict[int, int] | None = None,
        sort: tuple[int, Qt.SortOrder] | None = (0, Qt.SortOrder.AscendingOrder),
        wrap: bool = False,
    ) -> None:
        """``columns``: (title, tooltip); ``stretch``: the column that takes the spare width;
        ``widths``: fixed starting widths (resizable); ``sort``: the initial sort, or None to
        show the rows in the order given (a click on a header still sorts); ``wrap``:
        multi-line cells, rows as tall as their text at the current widths."""
        super().__init__(0, len(columns), parent)
        for index, (title, tooltip) in enumerate(columns):
            item = QTableWidgetItem(title)
            item.setToolTip(tooltip)
            self.setHorizontalHeaderItem(index, item)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch >= 0:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(stretch < 0)
        for column, width in (widths or {}).items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        self.sort = sort
        if wrap:
            self.setWordWrap(True)
            self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def set_rows(self, rows: Sequence[Sequence[Cell]]) -> None:
        self.setSortingEnabled(False)
        self.clearContents()
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = _Item(value.text)
                item.setData(Qt.ItemDataRole.UserRole, value.sort)
                if value.tooltip:
                    item.setToolTip(literal_tooltip(value.tooltip))
                if value.foreground is not None:
                    item.setForeground(QBrush(value.foreground))
                if value.background is not None:
                    item.setBackground(QBrush(value.background))
                if value.bold:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(r, c, item)
        if self.sort is None:
            self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)  # with no indicator, the rows keep the order given
        if self.sort is not None:
            self.sortItems(*self.sort)

    def texts(self, column: int) -> list[str]:
        """The column's texts in display order (tests and accessibility)."""
        items = (self.item(r, column) for r in range(self.rowCount()))
        return [item.text() for item in items if item is not None]
