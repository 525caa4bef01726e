"""A block of the dashboard: a title, a link to the detailed tab, and the block's content (or a
readable note when the assessment has no such section)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeGuard, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from analysis.assessment import Assessment
from widgets import palette
from widgets.literal_text import literal_tooltip

Section = TypeVar("Section")


class DashboardBlock(QFrame):
    #: the user asked for the detailed tab: the block's key
    details_requested = Signal(str)
    #: each block shows its own figures of an assessment (declared here for the dashboard,
    #: which feeds every block alike; each subclass defines it)
    show_assessment: Callable[[Assessment], None]

    def __init__(self, key: str, title: str, tab: str, tooltip: str = "", parent=None) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("DashboardBlock")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 10)
        outer.setSpacing(6)
        header = QHBoxLayout()
        self.title = QLabel(f"<b>{title}</b>")
        self.title.setToolTip(tooltip)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        header.addWidget(self.title, 1)
        self.link = QToolButton()
        self.link.setText(f"{tab} ›")
        self.link.setAutoRaise(True)
        self.link.setToolTip(f"Open the {tab} tab for the details")
        self.link.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.link.setAccessibleName(f"Open the {tab} tab")
        palette.style(self.link, "QToolButton {{ color: {link}; }}")
        self.link.clicked.connect(lambda: self.details_requested.emit(self.key))
        header.addWidget(self.link, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)
        self.content = QWidget()
        self.body = QVBoxLayout(self.content)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(6)
        outer.addWidget(self.content, 1)
        self.missing = QLabel("")
        self.missing.setWordWrap(True)
        # takes the content's place and its stretch, text at the top under the title
        self.missing.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        palette.style(self.missing, "color: {muted};")
        self.missing.hide()
        outer.addWidget(self.missing, 1)

    def show_missing(self, text: str) -> None:
        """The assessment has no figures for this block: say why, hide the content."""
        self.missing.setText(text)
        self.missing.show()
        self.content.hide()

    def show_content(self) -> None:
        self.missing.hide()
        self.content.show()

    def present(self, section: Section | None, missing: str) -> TypeGuard[Section]:
        """Whether the assessment has ``section``; without it, ``missing`` says why."""
        if section is None:
            self.show_missing(missing)
            return False
        self.show_content()
        return True


def label(text: str = "", tooltip: str = "", muted: bool = False, rich: bool = True) -> QLabel:
    """A wrapped, selectable label for a dashboard block."""
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if tooltip:
        widget.setToolTip(literal_tooltip(tooltip))
    if muted:
        palette.style(widget, "color: {muted};")
    return widget


#: (text role, background role) of a status chip
CHIP_ROLES = {
    "good": ("good", "good_bg"),
    "bad": ("bad", "bad_bg"),
    "warn": ("warn", "warn_bg"),
    "muted": ("badge_muted_text", "badge_muted_bg"),
}


def chip(text: str, kind: str, tooltip: str = "") -> QLabel:
    """A small status tile (good / warn / bad / muted) that follows the theme."""
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    fg, bg = CHIP_ROLES.get(kind, CHIP_ROLES["muted"])
    palette.style(
        widget,
        f"QLabel {{{{ color: {{{fg}}}; background: {{{bg}}}; border-radius: 6px;"
        " padding: 4px 6px; }}",
    )
    widget.setToolTip(literal_tooltip(tooltip))
    widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return widget
