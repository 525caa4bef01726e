"""Colours by meaning, in a light and a dark variant, and the application's light/dark theme.

Widgets, charts and the PDF ask for a role ("bad", "muted", "good_bg", ...) and never write a
colour, so that text stays readable on both a light and a dark window (tests/test_palette.py
finds any colour written elsewhere). The PDF prints on white paper: it asks for the light
variant (``dark=False``, or :func:`light_rendering`).

The theme follows the operating system (``QStyleHints.colorScheme()``, Qt 6.5+, and its change
signal) unless the user picks Light or Dark; :func:`apply_theme` sets the palette and re-applies
every style registered with :func:`style`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

THEMES = ("system", "light", "dark")
THEME_LABELS = {"system": "Follow the &System", "light": "&Light", "dark": "&Dark"}

#: role -> (light, dark).
ROLES: dict[str, tuple[str, str]] = {
    "text": ("#1f1f1f", "#e8eaed"),
    "muted": ("#6a6a6a", "#a8adb3"),
    "good": ("#1b5e20", "#8fd19e"),
    "bad": ("#b71c1c", "#f28b82"),
    "bad_strong": ("#8a1c1c", "#f6aea9"),
    "warn": ("#8d6e00", "#f1c75b"),
    "good_bg": ("#e8f5e9", "#1d3a25"),
    "bad_bg": ("#fdecea", "#4a1f1f"),
    "warn_bg": ("#fff8e1", "#3d3214"),
    "info": ("#0d3c61", "#bfe0ff"),
    "info_bg": ("#e8f4fd", "#14324d"),
    "info_border": ("#b6dcf7", "#2b5f8a"),
    "bad_border": ("#f5c2c0", "#7a302c"),
    "warn_text": ("#6b4e00", "#ffe08a"),
    "warn_border": ("#f3d98b", "#6b5616"),
    "healthy_text": ("#1b5e20", "#a5d6a7"),
    "healthy_bg": ("#e3f2e5", "#1d3a25"),
    "between_text": ("#5d4200", "#ffe08a"),
    "between_bg": ("#fff3cd", "#3d3214"),
    "badge_muted_text": ("#4a4a4a", "#d0d3d6"),
    "badge_muted_bg": ("#e8e8e8", "#3a3d41"),
    "track": ("#e4e4e4", "#3c4043"),
    "tick": ("#5a5a5a", "#b0b4b8"),
    "strong_text": ("#3a3a3a", "#e0e3e6"),
    "grade_none": ("#9e9e9e", "#8a8f94"),
    # the readiness grades A-E, solid colours that read on both windows (the score gauge)
    "grade_a": ("#00aa00", "#00aa00"),
    "grade_b": ("#7cb518", "#7cb518"),
    "grade_c": ("#d9a400", "#d9a400"),
    "grade_d": ("#ed7d20", "#ed7d20"),
    "grade_e": ("#d4333f", "#d4333f"),
    # SonarQube's maintainability ratings A-E (its own colours), on both windows
    "rating_a": ("#00aa00", "#00aa00"),
    "rating_b": ("#b0d513", "#b0d513"),
    "rating_c": ("#eabe06", "#eabe06"),
    "rating_d": ("#ed7d20", "#ed7d20"),
    "rating_e": ("#d4333f", "#d4333f"),
    # DORA level pills: solid colours with their own text colour, alike on both windows
    "level_elite_bg": ("#1b7f3b", "#1b7f3b"),
    "level_high_bg": ("#2f6f9f", "#2f6f9f"),
    "level_medium_bg": ("#f2c14e", "#f2c14e"),
    "level_low_bg": ("#b3261e", "#b3261e"),
    "level_text": ("#ffffff", "#ffffff"),
    "level_medium_text": ("#3d2a00", "#3d2a00"),
    # a label drawn on a coloured chart segment: dark ink on a light one, light on a dark one
    "ink_on_light": ("#1f1f1f", "#1f1f1f"),
    "ink_on_dark": ("#f5f5f5", "#f5f5f5"),
    "diagram_cycle": ("#c62828", "#ef6b66"),
    "diagram_cycle_bg": ("#fdecea", "#4a1f1f"),
    "diagram_node": ("#546e7a", "#9fb4bf"),
    "diagram_node_bg": ("#e3f2fd", "#1c2b3a"),
    "diagram_edge": ("#90a4ae", "#6f8590"),
    "chart_bg": ("#ffffff", "#1e1f22"),
    "chart_fg": ("#333333", "#d6d9dc"),
    "chart_line": ("#2f6f9f", "#7fb6e6"),
    "chart_bar": ("#5b8fc7", "#5b8fc7"),
    "chart_bound": ("#1b7f3b", "#6fcf8a"),
    "chart_mark": ("#c0392b", "#ef6b66"),
    "link": ("#1a5fb4", "#8ab4f8"),
    "card_border": ("#d0d0d0", "#45494e"),
    "good_soft": ("#2e7d32", "#a5d6a7"),
    "accent": ("#1f3a5f", "#9ec1ea"),
    "rule": ("#c8ccd2", "#45494e"),
    "header_bg": ("#eef1f5", "#2f3235"),
    "faint": ("#8a8a8a", "#7f8489"),
}
_printing = [False]  # inside light_rendering(): every role resolves to its light colour


def is_dark() -> bool:
    """Whether the application's window is dark (its palette, whatever set it)."""
    app = QGuiApplication.instance()
    if app is None or _printing[0]:
        return False
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def hex_colour(role: str, dark: bool | None = None) -> str:
    """The colour of ``role`` as ``#rrggbb`` for the current (or the given) theme."""
    light, darker = ROLES[role]
    return darker if (is_dark() if dark is None else dark) else light


def colour(role: str, dark: bool | None = None) -> QColor:
    return QColor(hex_colour(role, dark))


def grade_role(grade: str | None, default: str = "grade_none") -> str:
    """The role of a readiness grade's colour ("A" -> "grade_a"); ``default`` without one."""
    role = f"grade_{(grade or '').lower()}"
    return role if role in ROLES else default


def rating_role(rating: str | None) -> str | None:
    """The role of a SonarQube maintainability rating's colour ("A" -> "rating_a")."""
    role = f"rating_{(rating or '').lower()}"
    return role if role in ROLES else None


# ----------------------------------------------------------------------------- style sheets
_TEMPLATE = "paletteTemplate"


def fill(template: str) -> str:
    """``template`` with ``{role}`` replaced by the role's colour in the current theme."""
    return template.format_map({role: hex_colour(role) for role in ROLES})


def style(widget: QWidget, template: str) -> None:
    """Set a style sheet written with ``{role}`` placeholders; it follows theme changes."""
    widget.setProperty(_TEMPLATE, template)
    widget.setStyleSheet(fill(template))


def restyle(widgets: list[QWidget] | None = None) -> None:
    """Re-apply every registered style sheet (after the theme changed)."""
    for widget in widgets if widgets is not None else QApplication.allWidgets():
        template = widget.property(_TEMPLATE)
        if isinstance(template, str):
            widget.setStyleSheet(fill(template))
        restyler = getattr(widget, "theme_changed", None)
        if callable(restyler):
            restyler()


# ----------------------------------------------------------------------------- the theme
def dark_palette() -> QPalette:
    """A dark palette in Fusion's spirit (used when the platform offers none)."""
    window, base, text = QColor("#2b2d30"), QColor("#1e1f22"), QColor("#e8eaed")
    palette = QPalette(window)
    Role, Group = QPalette.ColorRole, QPalette.ColorGroup
    for role, value in (
        (Role.Window, window),
        (Role.WindowText, text),
        (Role.Base, base),
        (Role.AlternateBase, QColor("#26282b")),
        (Role.ToolTipBase, QColor("#3a3d41")),
        (Role.ToolTipText, text),
        (Role.PlaceholderText, QColor("#9aa0a6")),
        (Role.Text, text),
        (Role.Button, QColor("#35373b")),
        (Role.ButtonText, text),
        (Role.BrightText, QColor("#ff6b6b")),
        (Role.Light, QColor("#45494e")),
        (Role.Midlight, QColor("#3a3d41")),
        (Role.Mid, QColor("#2f3235")),
        (Role.Dark, QColor("#18191b")),
        (Role.Shadow, QColor("#000000")),
        (Role.Highlight, QColor("#3d6fb4")),
        (Role.HighlightedText, QColor("#ffffff")),
        (Role.Link, QColor("#8ab4f8")),
        (Role.LinkVisited, QColor("#c58af9")),
    ):
        palette.setColor(role, value)
    muted = QColor("#7f8489")
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(Group.Disabled, role, muted)
    return palette


def system_scheme() -> str:
    """The scheme the operating system asks for: "dark", else "light" (also when unknown)."""
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def resolve(choice: str) -> str:
    """The scheme a theme choice means now: "light" or "dark"."""
    return choice if choice in ("light", "dark") else system_scheme()


def apply_theme(choice: str) -> str:
    """Make the application light or dark as ``choice`` (system / light / dark) says.

    Returns the scheme applied. The platform's own palette is kept when it already matches (a
    dark desktop gives a dark palette); otherwise this module's palette is set.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):  # none, or a QCoreApplication: no palette to set
        return "light"
    scheme = resolve(choice)
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8+: native styles follow the request
        wanted = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}
        hints.setColorScheme(wanted.get(choice, Qt.ColorScheme.Unknown))
    app.setPalette(QPalette())  # back to the platform's palette
    if is_dark() != (scheme == "dark"):
        app.setPalette(dark_palette() if scheme == "dark" else app.style().standardPalette())
        if is_dark() != (scheme == "dark"):  # a native style that ignores palettes
            app.setStyle("Fusion")
            app.setPalette(dark_palette() if scheme == "dark" else app.style().standardPalette())
    restyle()
    return scheme


@contextmanager
def light_rendering() -> Iterator[None]:
    """Within the block, roles resolve to their light colours (for printing on white paper)."""
    saved = _printing[0]
    _printing[0] = True
    try:
        yield
    finally:
        _printing[0] = saved
