"""The application's one table framework: read-only Qt models over plain objects, and the view.

:class:`RecordTableModel` shows rows of engine objects through a tuple of :class:`Column`
(how to read a value, whether it sorts as a number, how to show it, what it means: the header
tooltip); subclasses add row-specific tooltips or colours. :class:`CellTableModel` shows rows
already written as :class:`Cell` (text, tooltip, sort value, colour roles, bold), for the
section panels' small tables. Both sort in Python once per row (numbers as numbers, an empty
cell first); :class:`RecordTableView` is the read-only view every table uses (rows selected
whole, Ctrl+C or the context menu copies the selected rows as tab-separated text).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

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
    colour: Callable[[Any], str | None] | None = None  # a value's text colour: a palette role
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

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Other columns (a CSV file's headers); the rows go, the sort is forgotten."""
        self.beginResetModel()
        self.columns = tuple(columns)
        self._rows, self._given, self._sorted = [], [], (-1, Qt.SortOrder.AscendingOrder)
        self.endResetModel()

    def set_title(self, section: int, title: str) -> None:
        """A column's header text (e.g. "Release" or "Deployment" by what the rows are)."""
        columns = list(self.columns)
        columns[section] = replace(columns[section], title=title)
        self.columns = tuple(columns)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, section, section)

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
            return literal_tooltip(self.columns[section].tooltip)
        return None

    def cell_tooltip(self, row: Any, column: Column, text: str) -> str:
        return text if column.value_tooltip else column.tooltip

    def row_colour(self, row: Any) -> str | None:
        """A text colour (palette role) for the whole row (e.g. a file not measured)."""
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
            return QBrush(palette.colour(colour)) if colour else None
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
    table = RecordTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
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


# ----------------------------------------------------------------------------- the view
class RecordTableView(QTableView):
    """A read-only table: whole rows selected, alternating row colours, no row numbers; Ctrl+C
    (or Copy in the context menu) puts the selected rows on the clipboard as tab-separated
    text, as a spreadsheet pastes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        copy = QAction("&Copy", self)
        copy.setShortcut(QKeySequence.StandardKey.Copy)
        copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        copy.triggered.connect(self.copy_selection)
        self.addAction(copy)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Qt's own Copy takes the current cell only; a row's worth is what a user pastes
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def selected_text(self) -> str:
        """The selected rows (else the current one), as shown, tab-separated, in view order."""
        model = self.model()
        if model is None:
            return ""
        rows = sorted({index.row() for index in self.selectionModel().selectedIndexes()})
        if not rows and self.currentIndex().isValid():
            rows = [self.currentIndex().row()]
        columns = [c for c in range(model.columnCount()) if not self.isColumnHidden(c)]
        lines = []
        for row in rows:
            texts = (model.index(row, column).data() for column in columns)
            lines.append("\t".join("" if t is None else str(t).replace("\n", " ") for t in texts))
        return "\n".join(lines)

    def copy_selection(self) -> None:
        text = self.selected_text()
        if text:
            QGuiApplication.clipboard().setText(text)


# ----------------------------------------------------------------------------- cell rows
@dataclass(frozen=True)
class Cell:
    """One cell as shown: its text, tooltip, what it sorts by (numbers as numbers; the text
    when None) and its look (palette roles, so that it follows the light/dark theme)."""

    text: str
    tooltip: str = ""
    sort: Any = None
    foreground: str | None = None  # a palette role: "good", "bad", "muted", ...
    background: str | None = None  # a palette role: "good_bg", "bad_bg", ...
    bold: bool = False


def cell(value: Any, tooltip: str = "", **style: Any) -> Cell:
    """A cell for a plain value: numbers formatted, None shown empty (and sorted first)."""
    if value is None:
        return Cell("", tooltip, None, **style)
    if isinstance(value, float):
        return Cell(f"{value:.2f}", tooltip, value, **style)
    if isinstance(value, int) and not isinstance(value, bool):
        return Cell(f"{value:,}", tooltip, value, **style)
    return Cell(str(value), tooltip, str(value), **style)


def cell_sort_key(shown: Cell) -> tuple[int, float, str]:
    """Empty cells first, then numbers by value, then texts alphabetically (any case)."""
    value = shown.text if shown.sort is None else shown.sort
    if isinstance(value, int | float):
        return (1, float(value), "")
    text = str(value)
    return (0, 0.0, "") if not text else (2, 0.0, text.lower())


def _cell_at(column: int) -> Callable[[Sequence[Cell]], Cell]:
    return lambda row: row[column]


def cell_columns(columns: Sequence[tuple[str, str]]) -> tuple[Column, ...]:
    """Columns of rows written as cells, from (title, header tooltip) pairs."""
    return tuple(
        Column(title, tooltip, _cell_at(number), numeric=False)
        for number, (title, tooltip) in enumerate(columns)
    )


class CellTableModel(RecordTableModel):
    """Rows of :class:`Cell` (one per column), shown as written."""

    def __init__(self, columns: Sequence[tuple[str, str]], parent=None) -> None:
        super().__init__(cell_columns(columns), parent)
        self.alignment = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def sort_key(self, column: int) -> Callable[[Any], Any]:
        return lambda row: cell_sort_key(row[column])

    def shown(self, row: int, column: int) -> Cell:
        return self.row_object(row)[column]

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if not index.isValid():
            return None
        shown: Cell = self.row_object(index.row())[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown.text
        if role == SORT_ROLE:
            return cell_sort_key(shown)
        if role == Qt.ItemDataRole.ToolTipRole:
            return literal_tooltip(shown.tooltip) if shown.tooltip else None
        if role == Qt.ItemDataRole.ForegroundRole and shown.foreground:
            return QBrush(palette.colour(shown.foreground))
        if role == Qt.ItemDataRole.BackgroundRole and shown.background:
            return QBrush(palette.colour(shown.background))
        if role == Qt.ItemDataRole.FontRole and shown.bold:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment
        return None


class RecordTable(RecordTableView):
    """A sortable table of rows written as cells (the section panels' small tables)."""

    def __init__(
        self,
        columns: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        stretch: int = -1,
        widths: dict[int, int] | None = None,
        sort: tuple[int, Qt.SortOrder] | None = (0, Qt.SortOrder.AscendingOrder),
        wrap: bool = False,
        sortable: bool = True,
    ) -> None:
        """``columns``: (title, tooltip); ``stretch``: the column that takes the spare width;
        ``widths``: fixed starting widths (resizable); ``sort``: the first sort, or None to show
        the rows in the order given (a click on a header still sorts, and a sort chosen is kept
        when the rows change); ``wrap``: multi-line cells, rows as tall as their text, aligned
        to the top; ``sortable``: False where a row's place means something (a plan's steps)."""
        super().__init__(parent)
        self.cells = CellTableModel(columns, self)
        self.setModel(self.cells)
        self.setWordWrap(wrap)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        if stretch >= 0:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(stretch < 0)
        fit_widths_on_sample(header)
        for column, width in (widths or {}).items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        if wrap:
            self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.cells.alignment = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if sortable:
            column, order = sort if sort is not None else (-1, Qt.SortOrder.AscendingOrder)
            header.setSortIndicator(column, order)
            self.setSortingEnabled(True)  # sorts by the indicator (-1: the order given)

    def set_rows(self, rows: Sequence[Sequence[Cell]]) -> None:
        self.cells.set_rows(rows)

    def set_columns(self, columns: Sequence[tuple[str, str]]) -> None:
        self.cells.set_columns(cell_columns(columns))

    def set_title(self, column: int, title: str) -> None:
        self.cells.set_title(column, title)

    def row_count(self) -> int:
        return self.cells.rowCount()

    def shown(self, row: int, column: int) -> Cell:
        """The cell at (row, column) in display order."""
        return self.cells.shown(row, column)

    def texts(self, column: int) -> list[str]:
        """The column's texts in display order (tests and accessibility)."""
        return [self.shown(row, column).text for row in range(self.row_count())]

    def select_text(self, column: int, text: str) -> bool:
        """Select and show the first row whose ``column`` reads ``text``."""
        for row in range(self.row_count()):
            if self.shown(row, column).text == text:
                self.selectRow(row)
                self.scrollTo(self.cells.index(row, 0))
                return True
        return False
