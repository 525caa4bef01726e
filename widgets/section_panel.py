"""The frame of a report section's panel: a summary above sub-tabs, and pages of stacked parts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget


class SectionPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.frame = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.frame.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.frame.addWidget(self.tabs, 1)

    @staticmethod
    def page(*parts: QWidget | str | tuple[QWidget, int]) -> QWidget:
        """A page of parts from top to bottom: widgets (optionally with a stretch), or text."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            if isinstance(part, str):
                layout.addWidget(QLabel(part))
            elif isinstance(part, tuple):
                layout.addWidget(part[0], part[1])
            else:
                layout.addWidget(part)
        return page
