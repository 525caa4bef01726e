"""An inline message banner for errors, warnings and notes: readable text, never a traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton

from widgets import palette
from widgets.literal_text import literal_label

#: (text, background, border) palette roles of each kind of message
_STYLES = {
    "error": ("bad_strong", "bad_bg", "bad_border"),
    "warning": ("warn_text", "warn_bg", "warn_border"),
    "info": ("info", "info_bg", "info_border"),
}


class MessageBanner(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("MessageBanner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = literal_label(QLabel())  # messages quote paths and names
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
        palette.style(
            self,
            f"#MessageBanner {{{{ background: {{{bg}}}; border: 1px solid {{{border}}};"
            " border-radius: 4px; }}"
            f"#MessageBanner QLabel {{{{ color: {{{fg}}}; }}}}",
        )
        self.label.setText(text)
        self.show()

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""
