"""The functions, methods and classes of one file: complexity, cognitive complexity, size."""

from __future__ import annotations

from collections.abc import Callable
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
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from analysis.code.results import FileMetrics, FunctionMetrics
from widgets.file_table import SORT_ROLE

#: SonarQube's default thresholds: python:S3776 (cognitive complexity) and python:S107 (params)
COGNITIVE_LIMIT = 15
PARAMS_LIMIT = 13


@dataclass(frozen=True)
class FunctionColumn:
    title: str
    tooltip: str
    value: Callable[[FunctionMetrics], Any]
    numeric: bool = True


FUNCTION_COLUMNS: tuple[FunctionColumn, ...] = (
    FunctionColumn(
        "Name",
        "Function, method (Class.method), class, or nested function (outer.inner).",
        lambda f: f.name,
        False,
    ),
    FunctionColumn("Kind", "function, method or class.", lambda f: f.kind, False),
    FunctionColumn("Line", "Line of the def or class statement.", lambda f: f.lineno),
    FunctionColumn(
        "Lines",
        "Length in lines: last line of the definition - first line + 1 (decorators excluded).",
        lambda f: f.length,
    ),
    FunctionColumn(
        "CC",
        "Cyclomatic complexity (McCabe) exactly as radon cc computes it; for a class, radon's "
        "average over its methods. Like radon, it adds nothing for except* handlers or match "
        "guards.",
        lambda f: f.complexity,
    ),
    FunctionColumn(
        "Rank",
        "radon's cyclomatic rank: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+.",
        lambda f: f.rank,
        False,
    ),
    FunctionColumn(
        "Cognitive",
        "Cognitive complexity (SonarSource white paper, G. Ann Campbell): +1 for each break in "
        "the linear flow (if, elif, else, loops, except, match, boolean operator sequences, "
        "recursion) plus the nesting level for nested structures. SonarQube flags functions "
        f"over {COGNITIVE_LIMIT} (python:S3776). Nested functions count inside their parent; "
        "classes have none.",
        lambda f: f.cognitive,
    ),
    FunctionColumn(
        "Params",
        "Parameters, *args and **kwargs included, self/cls of methods excluded. SonarQube "
        f"flags more than {PARAMS_LIMIT} (python:S107).",
        lambda f: f.params,
    ),
    FunctionColumn(
        "Volume",
        "Halstead volume V = N log2 h (N operators and operands, h distinct ones), radon's "
        "per-function report; shown for functions and methods not nested in a function.",
        lambda f: None if f.halstead is None else round(f.halstead.volume, 1),
    ),
)


class FunctionMetricsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._functions: list[FunctionMetrics] = []

    def set_functions(self, functions: list[FunctionMetrics]) -> None:
        self.beginResetModel()
        self._functions = list(functions)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._functions)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FUNCTION_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(FUNCTION_COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return FUNCTION_COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:
            return FUNCTION_COLUMNS[section].tooltip
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid():
            return None
        item = self._functions[index.row()]
        column = FUNCTION_COLUMNS[index.column()]
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
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip
        if role == Qt.ItemDataRole.ForegroundRole and _over_limit(item, column.title):
            return QBrush(QColor("#8a1c1c"))
        return None


def _over_limit(item: FunctionMetrics, title: str) -> bool:
    if title == "Cognitive":
        return (item.cognitive or 0) > COGNITIVE_LIMIT
    if title == "Params":
        return (item.params or 0) > PARAMS_LIMIT
    if title in ("CC", "Rank"):
        return item.rank not in ("", "A", "B")
    return False


class FunctionTable(QWidget):
    """A titled, sortable table of one file's functions; empty until a file is chosen."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.title)
        self.model = FunctionMetricsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.show_file(None)

    def show_file(self, item: FileMetrics | None) -> None:
        if item is None:
            self.title.setText("Functions: select a file above to see its functions.")
            self.model.set_functions([])
            return
        functions = item.functions
        if functions:
            count = sum(1 for f in functions if f.kind != "class")
            self.title.setText(f"Functions in {item.path}: {count} functions and methods")
        elif item.status != "ok":
            self.title.setText(f"Functions in {item.path}: not measured ({item.reason})")
        else:
            self.title.setText(f"Functions in {item.path}: none")
        self.model.set_functions(functions)
        self.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
