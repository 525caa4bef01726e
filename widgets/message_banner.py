"""An inline message banner for errors, warnings and notes: readable text, never a traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton

_STYLES = {
    "error": ("#8a1c1c", "#fdecea", "#f5c2c0"),
    "warning": ("#6b4e00", "#fff8e1", "#f3d98b"),
    "info": ("#0d3c61", "#e8f4fd", "#b6dcf7"),
}


class MessageBanner(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info") -> None:
        fg, bg, border = _STYLES.get(kind, _STYLES["info"])
        self.kind = kind
        self.setStyleSheet(
            f"#MessageBanner {{ background: {bg}; border: 1px solid {border};"
            " border-radius: 4px; }"
            f"#MessageBanner QLabel {{ color: {fg}; }}"
        )
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""
