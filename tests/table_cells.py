"""What a table view shows in a cell, read through its model as the view reads it: the text,
the tooltip, the text and background colours and the weight (tests of any table)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView


@dataclass(frozen=True)
class Shown:
    text: str
    tooltip: str
    foreground: QColor | None
    background: QColor | None
    bold: bool


def shown(table: QAbstractItemView, row: int, column: int) -> Shown:
    """The cell at (row, column) of the view's model, in display order."""
    index = table.model().index(row, column)
    assert index.isValid(), f"no cell at ({row}, {column})"
    role = Qt.ItemDataRole
    foreground, background = index.data(role.ForegroundRole), index.data(role.BackgroundRole)
    font = index.data(role.FontRole)
    return Shown(
        index.data(role.DisplayRole) or "",
        index.data(role.ToolTipRole) or "",
        foreground.color() if foreground is not None else None,
        background.color() if background is not None else None,
        bool(font is not None and font.bold()),
    )


def row_count(table: QAbstractItemView) -> int:
    return table.model().rowCount()


def header_tooltip(table: QAbstractItemView, column: int) -> str:
    return (
        table.model().headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        or ""
    )
