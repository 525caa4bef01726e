"""The dependency structure matrix (analysis.architecture.dsm) as a zoomable grid.

Row imports column. Rows are numbered and named; columns carry the same numbers (the full name
on hover), as NDepend and Lattix draw it, so that 40 components fit a 1280x800 window. Cycle
blocks are shaded with a border, suggested cuts outlined, layers separated by lines; clicking a
cell (or moving to it with the arrow keys) lists the imports behind it. Ctrl+wheel, + and -
zoom; Ctrl+0 fits the window again.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QKeySequence, QPainter, QPen, QPolygon, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from analysis.architecture.dsm import DependencyMatrix, DsmBand, DsmCell
from widgets import palette
from widgets.literal_text import literal_label, literal_tooltip

#: cell sizes in pixels, smallest to largest (zoom steps)
CELL_SIZES = (12, 14, 16, 18, 20, 22, 24, 28, 32, 38, 44)
DEFAULT_CELL = 24
MAX_FIT = 32  # a handful of components is not blown up past this
READABLE = 18  # the smallest cell whose count and name stay legible: below it, scroll
NAME_WIDTH = 210  # row header width at the default zoom; longer names are elided (full on hover)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class MatrixModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix: DependencyMatrix | None = None
        self.block_of: list[int] = []  # row -> block number, -1 outside cycles
        self.band_starts: set[int] = set()
        self.heaviest = 1

    def set_matrix(self, matrix: DependencyMatrix | None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        size = len(matrix.order) if matrix else 0
        self.block_of = [-1] * size
        self.band_starts = set()
        if matrix is not None:
            for number, block in enumerate(matrix.blocks):
                for row in range(block.first, block.first + block.size):
                    self.block_of[row] = number
            self.band_starts = {b.first for b in matrix.bands if b.first > 0}
            self.heaviest = max((c.imports for c in matrix.cells), default=1)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.order)

    columnCount = rowCount

    def cell(self, index: QModelIndex | QPersistentModelIndex) -> DsmCell | None:
        if not index.isValid():
            return None
        return self.cell_at(index.row(), index.column())

    def cell_at(self, row: int, column: int) -> DsmCell | None:
        """The imports of row's component from column's; None without any (or no matrix)."""
        return None if self.matrix is None else self.matrix.cell(row, column)

    def same_block(self, row: int, column: int) -> bool:
        return self.block_of[row] >= 0 and self.block_of[row] == self.block_of[column]

    def cycle_block(self, row: int, column: int) -> DsmBand | None:
        """The dependency cycle holding both row's and column's component, if one does."""
        if self.matrix is None or not self.same_block(row, column):
            return None
        return self.matrix.blocks[self.block_of[row]]

    def describe(self, row: int, column: int) -> str:
        m = self.matrix
        if m is None:
            return ""
        source, target = m.order[row], m.order[column]
        if row == column:
            return f"{row + 1}. {source}"
        found = m.cell(row, column)
        if found is None:
            text = f"{source} does not import {target}"
        else:
            text = (
                f"{source} imports {target}: {_plural(found.imports, 'module import')}"
                " (distinct module pairs)"
            )
            if found.cut:
                text += "\nSuggested cut: removing these imports helps break the cycle"
            elif row > column:
                text += "\nBelow the diagonal: an import against the layering, inside a cycle"
            text += "\nClick to list them"
        if self.same_block(row, column):
            text += f"\nBoth in dependency cycle {self.block_of[row] + 1}"
        return text

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if self.matrix is None or not index.isValid():
            return None
        found = self.cell(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return str(found.imports) if found else ""
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return literal_tooltip(self.describe(index.row(), index.column()))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if self.matrix is None or not 0 <= section < len(self.matrix.order):
            return None
        name = self.matrix.order[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Vertical:
                return f"{section + 1}  {name}"
            return str(section + 1)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{section + 1}. {name}\nLayer: {self.matrix.layers[section]}"
            if self.block_of[section] >= 0:
                text += f"\nIn dependency cycle {self.block_of[section] + 1}"
            return literal_tooltip(text)
        return None


def paint_cell(
    painter: QPainter,
    rect: QRect,
    font: QFont,
    model: MatrixModel,
    row: int,
    column: int,
    selected: bool = False,
) -> None:
    """One cell as the window and the PDF draw it: shaded by count (log scale), the cycle block
    shaded and bordered, a suggested cut outlined, layer boundaries as lines."""
    found = model.cell_at(row, column)
    painter.save()
    base = "diagram_cycle_bg" if model.same_block(row, column) else "chart_bg"
    if row == column:
        base = "badge_muted_bg"
    painter.fillRect(rect, palette.colour(base))
    if found is not None:
        shade = palette.colour("chart_bar")
        weight = math.log1p(found.imports) / math.log1p(max(model.heaviest, 1))
        shade.setAlpha(int(50 + 150 * weight))
        painter.fillRect(rect, shade)
    painter.setPen(QPen(palette.colour("track"), 1))
    painter.drawLine(rect.topRight(), rect.bottomRight())
    painter.drawLine(rect.bottomLeft(), rect.bottomRight())
    if row in model.band_starts:
        painter.setPen(QPen(palette.colour("strong_text"), 2))
        painter.drawLine(rect.topLeft(), rect.topRight())
    if column in model.band_starts:
        painter.setPen(QPen(palette.colour("strong_text"), 2))
        painter.drawLine(rect.topLeft(), rect.bottomLeft())
    _block_border(painter, model, row, column, rect)
    if found is not None:
        if found.cut:  # a corner flag: many cells can be cuts, outlines would be noise
            side = max(4, int(rect.height() * 0.45))
            corner = rect.topRight()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.colour("warn"))
            painter.drawPolygon(
                QPolygon([corner, QPoint(corner.x() - side, corner.y()),
                          QPoint(corner.x(), corner.y() + side)])
            )  # fmt: skip
        sized = QFont(font)
        sized.setPixelSize(max(5, int(rect.height() * 0.48)))
        sized.setBold(found.cut or row > column)
        painter.setFont(sized)
        painter.setPen(palette.colour("text"))
        text = str(found.imports) if found.imports < 1000 else f"{found.imports // 1000}k"
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    if selected:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(palette.colour("link"), 2))
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
    painter.restore()


def _block_border(painter: QPainter, model: MatrixModel, row: int, column: int, rect) -> None:
    block = model.cycle_block(row, column)
    if block is None:
        return
    last = block.first + block.size - 1
    painter.setPen(QPen(palette.colour("diagram_cycle"), 2))
    if row == block.first:
        painter.drawLine(rect.topLeft(), rect.topRight())
    if row == last:
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
    if column == block.first:
        painter.drawLine(rect.topLeft(), rect.bottomLeft())
    if column == last:
        painter.drawLine(rect.topRight(), rect.bottomRight())


class CellDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option, index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        if isinstance(model, MatrixModel) and model.matrix is not None:
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            paint_cell(painter, option.rect, option.font, model, index.row(), index.column(),
                       selected)  # fmt: skip


class MatrixHeader(QHeaderView):
    """A header that marks layer boundaries and the rows and columns in a cycle."""

    def paintSection(self, painter: QPainter, rect: QRect, section: int) -> None:
        painter.save()
        super().paintSection(painter, rect, section)
        painter.restore()
        model = self.model()
        if not isinstance(model, MatrixModel) or model.matrix is None:
            return
        painter.save()
        vertical = self.orientation() == Qt.Orientation.Vertical
        if model.block_of[section] >= 0:
            strip = (
                QRect(rect.right() - 3, rect.top(), 4, rect.height())
                if vertical
                else QRect(rect.left(), rect.bottom() - 3, rect.width(), 4)
            )
            painter.fillRect(strip, palette.colour("diagram_cycle"))
        if section in model.band_starts:
            painter.setPen(QPen(palette.colour("strong_text"), 2))
            if vertical:
                painter.drawLine(rect.topLeft(), rect.topRight())
            else:
                painter.drawLine(rect.topLeft(), rect.bottomLeft())
        painter.restore()


class MatrixTable(QTableView):
    """The grid: Ctrl+wheel and the + and - keys zoom."""

    parent_view: DependencyMatrixView

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = 1 if event.angleDelta().y() > 0 else -1
            self.parent_view.zoom(step)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.parent_view.zoom(1)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self.parent_view.zoom(-1)
        else:
            super().keyPressEvent(event)


class DependencyMatrixView(QWidget):
    """The matrix, a zoom bar and the imports of the selected cell."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.matrix: DependencyMatrix | None = None
        self.cell_size = DEFAULT_CELL
        self.zoomed_by_user = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        bar.addWidget(self.legend, 1)
        for text, step, tip in (("−", -1, "Zoom out (-, Ctrl+wheel)"), ("+", 1, "Zoom in (+)")):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(lambda _=False, s=step: self.zoom(s))
            bar.addWidget(button)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = MatrixModel(self)
        self.table = MatrixTable()
        self.table.parent_view = self
        self.table.setModel(self.model)
        self.table.setHorizontalHeader(MatrixHeader(Qt.Orientation.Horizontal, self.table))
        self.table.setVerticalHeader(MatrixHeader(Qt.Orientation.Vertical, self.table))
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setShowGrid(False)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.setAccessibleName("Dependency structure matrix: row imports column")
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setHighlightSections(True)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.selectionModel().currentChanged.connect(self._current_changed)
        self.table.clicked.connect(lambda index: self.show_cell(index.row(), index.column()))
        split.addWidget(self.table)
        below = QWidget()
        column = QVBoxLayout(below)
        column.setContentsMargins(0, 0, 0, 0)
        self.caption = literal_label(QLabel("Click a cell to list the imports behind it."))
        self.caption.setWordWrap(True)
        column.addWidget(self.caption)
        self.imports = QListWidget()
        self.imports.setAccessibleName("Imports behind the selected cell")
        self.imports.setToolTip("file:line, then the importing and the imported module")
        column.addWidget(self.imports)
        split.addWidget(below)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([500, 110])
        layout.addWidget(split, 1)
        QShortcut(QKeySequence("Ctrl+0"), self, self.fit_width)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.zoom(1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.zoom(-1))
        self.setFocusProxy(self.table)

    # ------------------------------------------------------------------ content
    def show_matrix(self, matrix: DependencyMatrix | None) -> None:
        self.matrix = matrix
        self.model.set_matrix(matrix)
        self.imports.clear()
        self.caption.setText(
            "Click a cell (or move to it with the arrow keys) to list the imports behind it."
            if matrix and matrix.cells
            else "No imports between components."
        )
        self._legend()
        self.fit_width()

    def _legend(self) -> None:
        m = self.matrix
        if m is None or not m.order:
            self.legend.setText("")
            return
        bands = " · ".join(
            f"{b.name} {b.first + 1}" + (f"–{b.first + b.size}" if b.size > 1 else "")
            for b in m.bands
        )
        above = sum(c.imports for c in m.cells if c.row < c.column)
        below = sum(c.imports for c in m.cells if c.row > c.column)
        cuts = sum(1 for c in m.cells if c.cut)
        swatch = "<span style='color:{c}'>■</span>"
        self.legend.setText(
            "<b>Row imports column.</b> "
            f"Layers top-down: {bands}. "
            f"{swatch.format(c=palette.hex_colour('diagram_cycle'))} cycle block; "
            f"<span style='color:{palette.hex_colour('warn')}'>◥</span> suggested cut "
            f"({cuts} cells). {above:,} imports follow the order (above the diagonal), "
            f"{below:,} go against it (below, all inside cycles: removing them would break "
            "every cycle)."
        )

    def theme_changed(self) -> None:
        self._legend()
        self.table.viewport().update()

    # ------------------------------------------------------------------ zoom
    def zoom(self, step: int) -> None:
        self.zoomed_by_user = True
        sizes = list(CELL_SIZES)
        nearest = min(range(len(sizes)), key=lambda i: abs(sizes[i] - self.cell_size))
        self.set_cell_size(sizes[max(0, min(len(sizes) - 1, nearest + step))])

    def fit_width(self) -> None:
        """The largest zoom step at which the whole matrix shows, but never below READABLE
        when the width allows it (then the rows scroll): names and counts stay legible."""
        self.zoomed_by_user = False
        count = len(self.matrix.order) if self.matrix else 0
        if not count:
            self.set_cell_size(DEFAULT_CELL)
            return
        header = self.table.verticalHeader().width()
        free_w = max(100, self.table.width() - header - 20)
        free_h = max(100, self.table.height() - self.table.horizontalHeader().height() - 20)

        def largest(room: int) -> int:
            fitting = [s for s in CELL_SIZES if s * count <= room]
            return fitting[-1] if fitting else CELL_SIZES[0]

        wide = largest(free_w)
        self.set_cell_size(min(MAX_FIT, max(min(wide, largest(free_h)), min(wide, READABLE))))
        if not self.table.currentIndex().isValid():
            self.table.scrollToTop()
            self.table.horizontalScrollBar().setValue(0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self.zoomed_by_user:
            self.fit_width()

    def set_cell_size(self, size: int) -> None:
        self.cell_size = size
        font = QFont(self.table.font())
        font.setPixelSize(max(9, min(16, int(size * 0.55))))
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setFont(font)
            header.setMinimumSectionSize(1)
            header.setDefaultSectionSize(size)
        self.table.horizontalHeader().setFixedHeight(max(size, 22))
        self.table.verticalHeader().setFixedWidth(int(NAME_WIDTH * max(0.8, min(1.3, size / 24))))
        self.table.updateGeometries()  # the viewport moves beside the header's new width
        self.table.viewport().update()

    def sizeHint(self) -> QSize:
        return QSize(760, 600)

    # ------------------------------------------------------------------ selection
    def select_cell(self, row: int, column: int) -> None:
        index = self.model.index(row, column)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        self.show_cell(row, column)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_cell(current.row(), current.column())

    def show_cell(self, row: int, column: int) -> None:
        m = self.matrix
        self.imports.clear()
        if m is None or not (0 <= row < len(m.order) and 0 <= column < len(m.order)):
            return
        found = m.cell(row, column)
        source, target = m.order[row], m.order[column]
        if found is None:
            self.caption.setText(
                f"{row + 1}. {source} – itself" if row == column else
                f"{source} does not import {target}."
            )  # fmt: skip
            return
        statements = sum(len(s.locations) for s in found.sites)
        text = f"{source} → {target}: {_plural(found.imports, 'module import')}"
        if found.sites:
            text += f" in {_plural(statements, 'statement')}"
        if found.cut:
            text += " · suggested cut: remove these to help break the cycle"
        elif row > column:
            text += " · below the diagonal: against the layering"
        self.caption.setText(text)
        if not m.sites_kept:
            self.imports.addItem(
                "This report was saved before the imports behind each cell were kept; "
                "assess the repository again to list them."
            )
            return
        for site in found.sites:
            for location in site.locations:
                self.imports.addItem(f"{location}   {site.importer} → {site.imported}")
