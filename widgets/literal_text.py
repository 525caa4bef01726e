"""Repository text shown as text: a file named ``<b>x</b><img src=x>`` reads as such.

Qt guesses that a label (``Qt.TextFormat.AutoText``, the default) or a tooltip is HTML when its
first line looks like a tag (``Qt.mightBeRichText``); a path, subject or tag name from the
repository would then be rendered as markup, fetch images, or hide text. Labels that show such
text are set to plain text (:func:`literal_label`); labels that mix our markup with it escape
it with ``html.escape``; tooltips, always guessed, go through :func:`literal_tooltip`.
"""

from __future__ import annotations

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QLabel


def literal_tooltip(text: str) -> str:
    """``text`` as a tooltip Qt shows literally: unchanged when Qt would not read it as HTML,
    else converted to the HTML that displays it (``Qt.convertFromPlainText``: escaped, line
    breaks kept, not wrapped, as a plain tooltip is)."""
    if not text or not Qt.mightBeRichText(text):
        return text
    return Qt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpacePre)


def literal_label(label: QLabel) -> QLabel:
    """The label shows its text as plain text, never as HTML; returned for chaining."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
