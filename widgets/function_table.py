"""The functions, methods and classes of one file: complexity, cognitive complexity, size."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analysis.code.results import FileMetrics, FunctionMetrics
from widgets.record_table import (
    Column,
    RecordFilterProxyModel,
    RecordTableModel,
    metric_table_view,
)

#: SonarQube's default thresholds: python:S3776 (cognitive complexity) and python:S107 (params)
COGNITIVE_LIMIT = 15
PARAMS_LIMIT = 13


FUNCTION_COLUMNS: tuple[Column, ...] = (
    Column(
        "Name",
        "Function, method (Class.method), class, or nested function (outer.inner).",
        lambda f: f.name,
        False,
    ),
    Column("Kind", "function, method or class.", lambda f: f.kind, False),
    Column("Line", "Line of the def or class statement.", lambda f: f.lineno),
    Column(
        "Lines",
        "Length in lines: last line of the definition - first line + 1 (decorators excluded).",
        lambda f: f.length,
    ),
    Column(
        "CC",
        "Cyclomatic complexity (McCabe) exactly as radon cc computes it; for a class, radon's "
        "average over its methods. Like radon, it adds nothing for except* handlers or match "
        "guards.",
        lambda f: f.complexity,
    ),
    Column(
        "Rank",
        "radon's cyclomatic rank: A 1-5, B 6-10, C 11-20, D 21-30, E 31-40, F 41+.",
        lambda f: f.rank,
        False,
    ),
    Column(
        "Cognitive",
        "Cognitive complexity (SonarSource white paper, G. Ann Campbell): +1 for each break in "
        "the linear flow (if, elif, else, loops, except, match, boolean operator sequences, "
        "recursion) plus the nesting level for nested structures. SonarQube flags functions "
        f"over {COGNITIVE_LIMIT} (python:S3776). Nested functions count inside their parent; "
        "classes have none.",
        lambda f: f.cognitive,
    ),
    Column(
        "Params",
        "Parameters, *args and **kwargs included, self/cls of methods excluded. SonarQube "
        f"flags more than {PARAMS_LIMIT} (python:S107).",
        lambda f: f.params,
    ),
    Column(
        "Volume",
        "Halstead volume V = N log2 h (N operators and operands, h distinct ones), radon's "
        "per-function report; shown for functions and methods not nested in a function.",
        lambda f: None if f.halstead is None else round(f.halstead.volume, 1),
    ),
)


class FunctionMetricsModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(FUNCTION_COLUMNS, parent)

    def set_functions(self, functions: list[FunctionMetrics]) -> None:
        self.set_rows(functions)

    def cell_colour(self, row: FunctionMetrics, column: Column, value) -> str | None:
        return "bad_strong" if _over_limit(row, column.title) else None


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
        self.proxy = RecordFilterProxyModel(0, self)
        self.proxy.setSourceModel(self.model)
        self.table = metric_table_view(self.proxy)
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
