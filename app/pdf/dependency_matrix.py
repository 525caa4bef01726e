"""The dependency structure matrix in the PDF: the window's cells (widgets.dependency_matrix
``paint_cell``) on white paper, numbered rows with their names, and what the blocks and cuts
say in words."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPen

from analysis.architecture.dsm import DependencyMatrix
from analysis.assessment import Assessment
from app.pdf.markup import ChartSet, heading, muted, para, text
from widgets import palette
from widgets.dependency_matrix import MatrixModel, paint_cell

SCALE = 2  # as the other charts: device pixels per layout pixel
MAX_CELL = 22
NAME_SHARE = 0.3  # of the width, for the row names
HEADER = 16
BAND_LABEL = 90  # room right of the matrix for the layer names
MAX_CUTS_LISTED = 8


def matrix_image(assessment: Assessment, width: int) -> QImage | None:
    """The whole matrix at the page's width (drawn in the current palette: call it inside
    ``palette.light_rendering``); None without components."""
    section = assessment.architecture
    if section is None or not section.components:
        return None
    matrix = section.matrix()
    count = len(matrix.order)
    names = int(min(200, width * NAME_SHARE))
    cell = max(6, min(MAX_CELL, (width - names - BAND_LABEL) // count))
    height = HEADER + cell * count + 4
    image = QImage(width * SCALE, height * SCALE, QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(SCALE)
    image.fill(palette.colour("chart_bg", dark=False))  # white paper
    model = MatrixModel()
    model.set_matrix(matrix)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPixelSize(max(6, min(11, int(cell * 0.6))))
    painter.setFont(font)
    metrics = QFontMetrics(font)
    for index, name in enumerate(matrix.order):
        top = HEADER + index * cell
        painter.setPen(palette.colour("text"))
        label = metrics.elidedText(f"{index + 1}  {name}", Qt.TextElideMode.ElideMiddle, names - 8)
        painter.drawText(QRect(0, top, names - 6, cell), Qt.AlignmentFlag.AlignVCenter, label)
        painter.drawText(
            QRect(names + index * cell, 0, cell, HEADER), Qt.AlignmentFlag.AlignCenter,
            str(index + 1),
        )  # fmt: skip
        if model.block_of[index] >= 0:
            painter.fillRect(QRect(names - 4, top, 3, cell), palette.colour("diagram_cycle"))
        if index in model.band_starts:
            painter.setPen(QPen(palette.colour("strong_text"), 1.5))
            painter.drawLine(0, top, names, top)
        band = next((b for b in matrix.bands if b.first == index), None)
        if band is not None:
            painter.setPen(palette.colour("muted"))
            painter.drawText(
                QRect(names + count * cell + 6, top, BAND_LABEL, cell),
                Qt.AlignmentFlag.AlignVCenter, band.name,
            )  # fmt: skip
        for column in range(count):
            rect = QRect(names + column * cell, top, cell, cell)
            paint_cell(painter, rect, font, model, index, column)
    painter.end()
    return image


def _bands(matrix: DependencyMatrix) -> str:
    return ", ".join(
        f"{b.name} ({b.first + 1}" + (f"–{b.first + b.size})" if b.size > 1 else ")")
        for b in matrix.bands
    )


def page(assessment: Assessment, charts: ChartSet) -> str:
    """The matrix with its reading; empty without an architecture section."""
    section = assessment.architecture
    if section is None or not section.components or "dsm" not in charts:
        return ""
    matrix = section.matrix()
    parts = [
        heading("Dependency structure matrix", new_page=True),
        para(
            "Row imports column; each figure counts module-to-module imports. Components read "
            f"top-down by layer: {text(_bands(matrix))}. Imports that follow the order sit "
            "above the diagonal; each dependency cycle is one red-bordered block on it, and "
            "inside a block the marks below the diagonal close the cycle. An amber corner: a "
            "suggested cut (the imports grimp proposes to remove to break the cycle)."
        ),
        charts.image("dsm"),
    ]
    for number, block in enumerate(matrix.blocks, start=1):
        imports = sum(
            c.imports
            for c in matrix.cells
            if block.first <= min(c.row, c.column)
            and max(c.row, c.column) < block.first + block.size
        )
        parts.append(
            para(f"<b>Cycle {number}</b>: rows {block.first + 1}–{block.first + block.size}, "
                 f"{block.size} components, {imports:,} imports between them.")
        )  # fmt: skip
    cuts = sorted((c for c in matrix.cells if c.cut), key=lambda c: -c.imports)
    if cuts:
        shown = "; ".join(
            f"{text(matrix.order[c.row])} → {text(matrix.order[c.column])} ({c.imports})"
            for c in cuts[:MAX_CUTS_LISTED]
        )
        more = f" and {len(cuts) - MAX_CUTS_LISTED} more" if len(cuts) > MAX_CUTS_LISTED else ""
        parts.append(para(f"Suggested cuts, largest first: {shown}{more}."))
        below = matrix.below_diagonal()
        parts.append(
            para(f"Two ways to break the cycles: the suggested cuts remove "
                 f"{sum(c.imports for c in cuts):,} imports in {len(cuts)} cells; removing the "
                 f"{sum(c.imports for c in below):,} imports below the diagonal "
                 f"({len(below)} cells) would also break every cycle and leave the layers as "
                 "drawn.")
        )  # fmt: skip
    if not matrix.sites_kept:
        parts.append(para(muted("This report was saved before the imports behind each cell "
                                "were kept; the counts are complete.")))  # fmt: skip
    return "".join(parts)
