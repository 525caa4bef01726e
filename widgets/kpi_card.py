"""A KPI card: one figure, its name, a caption, and a tooltip saying what it is and its source."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout


class KpiCard(QFrame):
    def __init__(self, title: str, tooltip: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("KpiCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable by keyboard, tooltip on focus
        self.column = layout = QVBoxLayout(self)  # what a subclass adds goes below
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("KpiTitle")
        self.value_label = QLabel("–")
        self.value_label.setObjectName("KpiValue")
        self.value_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caption_label = QLabel("")
        self.caption_label.setObjectName("KpiCaption")
        self.caption_label.setWordWrap(True)
        self.caption_label.setTextFormat(Qt.TextFormat.PlainText)  # captions name files
        for label in (self.title_label, self.value_label, self.caption_label):
            layout.addWidget(label)
        font = self.value_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value_label.setFont(font)
        self.setToolTip(tooltip)
        self.setAccessibleName(title)

    def set_value(self, value: str, caption: str = "") -> None:
        self.value_label.setText(value)
        self.caption_label.setText(caption)
        self.setAccessibleDescription(f"{value} {caption}".strip())

    def value(self) -> str:
        return self.value_label.text()


def card_row(cards: Iterable[KpiCard]) -> QGridLayout:
    """Cards side by side, sharing the width."""
    row = QGridLayout()
    row.setSpacing(8)
    for column, card in enumerate(cards):
        row.addWidget(card, 0, column)
    return row
