"""Test helper: every label, tooltip and item of a widget tree, as Qt will show it.

Qt interprets a QLabel's text as HTML when its format is RichText, or AutoText (the default)
and ``Qt.mightBeRichText`` says so; tooltips are always guessed. :func:`shown_texts` gives each
text as the user will see it, and :func:`interpreted` names those where repository text carrying
:data:`MARK` was taken as markup (or escaped twice, showing ``&lt;``).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import Qt, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QGraphicsView, QHeaderView, QLabel, QWidget

#: Markup a hostile repository writes into file names, subjects and tags.
MARK = "<b>x</b><img src=x>"
#: What gives it away when Qt read it as HTML, or when it was escaped twice.
_RAW_TAGS = ("<b>x</b>", "<img src=x>")
_DOUBLE = ("&lt;b&gt;x", "&amp;lt;")


@dataclass(frozen=True)
class Shown:
    where: str
    raw: str
    rich: bool

    @property
    def text(self) -> str:
        """What the user reads."""
        if not self.rich:
            return self.raw
        document = QTextDocument()
        document.setHtml(self.raw)
        return document.toPlainText()


def _label_is_rich(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text())
    )


def _tip(where: str, text: str) -> Shown | None:
    return Shown(where, text, Qt.mightBeRichText(text)) if text else None


def _model_texts(name: str, view: QAbstractItemView) -> list[Shown]:
    model = view.model()
    if model is None:
        return []
    found = []
    rows = model.rowCount(QModelIndex())
    try:
        columns = model.columnCount(QModelIndex())
    except TypeError:  # a list model: one column, and PySide hides its columnCount
        columns = 1
    for row in range(rows):
        for column in range(columns):
            index = model.index(row, column)
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str) and (shown := _tip(f"{name}[{row},{column}] tip", tip)):
                found.append(shown)
            display = model.data(index, Qt.ItemDataRole.DisplayRole)
            if isinstance(display, str) and display:  # item text is never rich
                found.append(Shown(f"{name}[{row},{column}]", display, False))
    for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
        count = columns if orientation == Qt.Orientation.Horizontal else rows
        for section in range(count):
            tip = model.headerData(section, orientation, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str) and (shown := _tip(f"{name} header {section} tip", tip)):
                found.append(shown)
    return found


def shown_texts(root: QWidget) -> list[Shown]:
    """Labels, widget tooltips, item texts and tooltips, graphics items' tooltips."""
    found: list[Shown] = []
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__}({widget.objectName()})"
        if isinstance(widget, QLabel) and widget.text():
            found.append(Shown(name, widget.text(), _label_is_rich(widget)))
        if shown := _tip(f"{name} tip", widget.toolTip()):
            found.append(shown)
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            found.extend(_model_texts(name, widget))
        if isinstance(widget, QGraphicsView) and widget.scene() is not None:
            for item in widget.scene().items():
                if shown := _tip(f"{name} item tip", item.toolTip()):
                    found.append(shown)
    return found


def interpreted(texts: list[Shown]) -> list[Shown]:
    """Texts where repository markup was obeyed, or shown escaped twice."""
    return [
        shown
        for shown in texts
        if (shown.rich and any(tag in shown.raw for tag in _RAW_TAGS))
        or any(entity in shown.text for entity in _DOUBLE)
    ]


def literal(texts: list[Shown]) -> list[Shown]:
    """Texts that show the repository's markup literally, as the user should read it."""
    return [shown for shown in texts if "<b>x</b>" in shown.text]
