"""Laying a rich-text document out on PDF pages: page size, margins, a running footer with page
numbers, and the bytes of the PDF.

Qt's QPdfWriter embeds the fonts it draws with (subsets, as CID fonts with a ToUnicode map), so
the text stays selectable and searchable. The document is laid out once for the page's text
area; each page draws its slice of the layout, then the footer under it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from widgets import palette

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
#: layout units: CSS-like pixels, 96 to the inch (what the HTML's widths are written in)
RESOLUTION = 96
MARGINS_MM = QMarginsF(18, 16, 18, 14)
FOOTER_HEIGHT = 28  # px under the text area, inside the page's paint rectangle
CLIP_INSET = 3  # px: what a page's text clip leaves out at its top and bottom


@dataclass(frozen=True)
class PageGeometry:
    width: float  # of the text area, px
    height: float


def page_geometry(page_size: str) -> PageGeometry:
    """The text area of one page in layout pixels (what HTML widths must fit)."""
    layout = QPageLayout(
        QPageSize(PAGE_SIZES[page_size]), QPageLayout.Orientation.Portrait, MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )  # fmt: skip
    rect = layout.paintRectPixels(RESOLUTION)
    return PageGeometry(rect.width(), rect.height() - FOOTER_HEIGHT)


def render_pdf(
    document: QTextDocument,
    page_size: str,
    footer_left: str,
    title: str,
    first_page_footer: bool = False,
) -> bytes:
    """The PDF of ``document`` (whose resources are already added): ``page_size`` "a4" or
    "letter", "page N of M" on every page (but the cover unless ``first_page_footer``)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(PAGE_SIZES[page_size]))
    writer.setPageMargins(MARGINS_MM, QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator(footer_left)
    geometry = page_geometry(page_size)
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    document.setPageSize(QSizeF(geometry.width, geometry.height))
    keep_headings_with_next(document, geometry.height)
    split_paragraphs_at_page_ends(document, geometry.height)
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot start the PDF")
    try:
        small = QFont(document.defaultFont())
        small.setPointSizeF(8)
        for page in range(pages):
            if page:
                writer.newPage()
            painter.save()
            painter.translate(0, -page * geometry.height)
            top = page * geometry.height
            painter.setClipRect(QRectF(0, top, geometry.width, geometry.height))
            context = QAbstractTextDocumentLayout.PaintContext()
            # Lines outside this clip are not drawn at all (not just hidden), so the PDF holds
            # each line once; a few pixels inside (less than a line), so a line that starts
            # where the next page does, or a hair above it, belongs to that page only.
            context.clip = QRectF(
                0, top + CLIP_INSET, geometry.width, geometry.height - 2 * CLIP_INSET
            )
            document.documentLayout().draw(painter, context)
            painter.restore()
            if page or first_page_footer:
                _footer(painter, small, geometry, footer_left, f"Page {page + 1} of {pages}")
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def _page(document: QTextDocument, block: QTextBlock, height: float) -> int:
    """The page a block's first line is on (a line that does not fit moves to the next page
    while the block itself still starts on this one)."""
    top = document.documentLayout().blockBoundingRect(block).top()
    layout = block.layout()
    if layout is not None and layout.lineCount():
        top += layout.lineAt(0).position().y()
    return int(top // height)


def keep_headings_with_next(document: QTextDocument, height: float, rounds: int = 5) -> None:
    """Move a heading that would end a page to the next one (Qt has no keep-with-next): a
    heading whose following block starts on a later page gets a page break before it."""
    for _ in range(rounds):
        moved = False
        block = document.begin()
        while block.isValid():
            following = block.next()
            if (
                block.blockFormat().headingLevel() > 0
                and following.isValid()
                and block.blockFormat().pageBreakPolicy()
                != QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
                and _page(document, following, height) > _page(document, block, height)
            ):
                fmt = QTextBlockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).mergeBlockFormat(fmt)
                moved = True
            block = following
        if not moved:
            return
        # Qt's incremental relayout after a format change can leave the tables that follow at
        # their old place (overlapping the moved heading): lay everything out again.
        document.markContentsDirty(0, document.characterCount())


def split_paragraphs_at_page_ends(document: QTextDocument, height: float, rounds: int = 3) -> None:
    """End a paragraph that runs onto the next page there and go on in a new one (no margin
    between the two). Qt draws a paragraph of the main flow whole on every page it touches,
    hidden by the clip but still in the PDF, so a page's text would also hold the lines of the
    next page; as two paragraphs, each page draws its own lines only."""
    root = document.rootFrame()
    for _ in range(rounds):
        splits = []
        block = document.begin()
        while block.isValid():
            layout = block.layout()
            if layout.lineCount() > 1 and block.textList() is None:
                in_flow = QTextCursor(block).currentFrame() == root
                top = document.documentLayout().blockBoundingRect(block).top()
                first = int((top + layout.lineAt(0).y()) // height)
                for index in range(1, layout.lineCount() if in_flow else 0):
                    line = layout.lineAt(index)
                    if int((top + line.y()) // height) != first:
                        splits.append(block.position() + line.textStart())
                        break
            block = block.next()
        if not splits:
            return
        cursor = QTextCursor(document)
        for position in reversed(splits):
            cursor.setPosition(position)
            cursor.insertBlock()
            continued = cursor.blockFormat()
            continued.setTopMargin(0)
            continued.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
            cursor.setBlockFormat(continued)
            cursor.movePosition(QTextCursor.MoveOperation.PreviousBlock)
            ended = cursor.blockFormat()
            ended.setBottomMargin(0)
            cursor.setBlockFormat(ended)
        document.markContentsDirty(0, document.characterCount())


def _footer(painter: QPainter, font: QFont, geometry: PageGeometry, left: str, right: str) -> None:
    painter.save()
    painter.setFont(font)
    painter.setPen(palette.colour("faint", dark=False))
    top = geometry.height + 8
    painter.drawLine(0, int(top), int(geometry.width), int(top))
    band = QRectF(0, top + 2, geometry.width, FOOTER_HEIGHT - 10)
    painter.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, left)
    painter.drawText(band, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
    painter.restore()
