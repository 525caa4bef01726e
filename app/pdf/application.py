"""A Qt application for rendering when there is none (the CLI): charts are the GUI's own
pyqtgraph widgets, which need a QApplication. Without a display (a CI runner, an SSH session)
Qt's offscreen platform is used, so ``readiness ... --pdf`` works headless."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication


def needs_offscreen(environ: dict[str, str], platform: str) -> bool:
    """Linux and the BSDs draw through X11 or Wayland; with neither (and no platform chosen),
    only the offscreen platform can start. Windows and macOS always have one."""
    if environ.get("QT_QPA_PLATFORM"):
        return False
    if platform.startswith(("win", "darwin")):
        return False
    return not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def ensure_application() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    if existing is not None:
        raise RuntimeError("the PDF needs a QApplication, but another Qt application runs")
    if needs_offscreen(dict(os.environ), sys.platform):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QApplication([sys.argv[0] if sys.argv else "readiness"])
