"""View › Theme: follow the operating system's light or dark scheme, or choose one; the choice
is kept in the settings. Following the system also follows its changes while running."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QMenu

from app.settings import Settings, save_settings
from widgets import palette

log = logging.getLogger("readiness.gui")


class ThemeMenu(QMenu):
    #: the theme was applied: "light" or "dark"
    theme_applied = Signal(str)

    def __init__(self, settings: Settings, parent=None) -> None:
        super().__init__("&Theme", parent)
        self.settings = settings
        self.group = QActionGroup(self)
        self.actions_by_theme: dict[str, QAction] = {}
        for theme in palette.THEMES:
            action = QAction(palette.THEME_LABELS[theme], self)
            action.setCheckable(True)
            action.setData(theme)
            self.group.addAction(action)
            self.addAction(action)
            self.actions_by_theme[theme] = action
        self.actions_by_theme["system"].setStatusTip(
            "Light or dark as the operating system says, also when it changes"
        )
        choice = settings.theme if settings.theme in palette.THEMES else "system"
        self.actions_by_theme[choice].setChecked(True)
        self.group.triggered.connect(lambda action: self.choose(action.data()))
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_changed)

    def apply(self) -> str:
        """Apply the theme the settings name (at start)."""
        scheme = palette.apply_theme(self.settings.theme)
        self.theme_applied.emit(scheme)
        return scheme

    def choose(self, theme: str) -> None:
        self.settings.theme = theme
        self.actions_by_theme[theme].setChecked(True)
        try:
            save_settings(self.settings)
        except OSError as exc:  # the theme still applies for this session
            log.warning("theme not saved: %s", exc)
        self.apply()

    def _system_changed(self, *_args) -> None:
        if self.settings.theme == "system":
            self.apply()
