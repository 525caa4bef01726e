"""Light and dark themes: the palette changes, colour roles resolve to readable dark colours,
table cells, registered styles and charts follow, and the choice is kept."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from table_cells import shown

from app.context import ApplicationContext
from app.settings import Settings, load_settings, settings_path
from widgets import palette
from widgets.chart_theme import ThemedPlot
from widgets.dora_cards import LevelBadge
from widgets.message_banner import MessageBanner
from widgets.record_table import Cell, RecordTable


@pytest.fixture(autouse=True)
def back_to_the_system_theme(qapp):
    yield
    palette.apply_theme("system")


def window_colour() -> QColor:
    return QApplication.palette().color(QPalette.ColorRole.Window)


def test_switching_changes_the_palette(qapp):
    assert palette.apply_theme("dark") == "dark"
    assert palette.is_dark() and window_colour().lightness() < 128
    text = QApplication.palette().color(QPalette.ColorRole.WindowText)
    assert text.lightness() > 200  # light text on the dark window
    assert palette.apply_theme("light") == "light"
    assert not palette.is_dark() and window_colour().lightness() > 200
    # "system" follows the platform; the offscreen platform reports no scheme: light
    assert palette.apply_theme("system") == "light" and not palette.is_dark()


def test_roles_resolve_to_the_theme_s_colour(qapp):
    palette.apply_theme("light")
    assert palette.colour("bad") == QColor("#b71c1c")
    palette.apply_theme("dark")
    assert palette.colour("bad") == QColor(palette.ROLES["bad"][1])
    with palette.light_rendering():  # printing on white: the light colours
        assert palette.colour("bad") == QColor("#b71c1c")
    # every dark text colour is readable on the dark window (lightness well apart)
    for role in ("text", "muted", "good", "bad", "warn", "info", "link"):
        assert palette.colour(role).lightness() - window_colour().lightness() > 80, role


def test_tables_styles_badges_and_charts_follow_the_theme(qtbot):
    table = RecordTable((("Status", ""),), sort=None)
    qtbot.addWidget(table)
    table.set_rows(
        [[Cell("ok", foreground="good", background="good_bg")], [Cell("bad", foreground="bad")]]
    )
    banner = MessageBanner()
    qtbot.addWidget(banner)
    banner.show_message("Cannot open", "error")
    badge = LevelBadge()
    badge.set_text("high-debt")
    qtbot.addWidget(badge)
    plot = ThemedPlot()
    qtbot.addWidget(plot)
    palette.apply_theme("light")
    light_cell = shown(table, 0, 0)
    assert light_cell.foreground == QColor(palette.ROLES["good"][0])
    assert light_cell.background == QColor(palette.ROLES["good_bg"][0])
    assert palette.ROLES["bad_bg"][0] in banner.styleSheet()
    assert plot.backgroundBrush().color() == QColor("#ffffff")
    palette.apply_theme("dark")
    assert shown(table, 0, 0).foreground == QColor(palette.ROLES["good"][1])
    assert shown(table, 0, 0).background == QColor(palette.ROLES["good_bg"][1])
    assert palette.ROLES["bad_bg"][1] in banner.styleSheet()
    assert palette.ROLES["bad_bg"][1] in badge.styleSheet()
    assert plot.backgroundBrush().color() == QColor(palette.ROLES["chart_bg"][1])
    axis = plot.getPlotItem().getAxis("left")
    assert axis.textPen().color() == QColor(palette.ROLES["chart_fg"][1])


def test_the_view_menu_choice_is_applied_and_kept(make_window, qtbot, database_url):
    window = make_window(ApplicationContext(settings=Settings(), database_url=database_url))
    menu = window.theme_menu
    assert menu.actions_by_theme["system"].isChecked()
    menu.actions_by_theme["dark"].trigger()
    assert palette.is_dark() and menu.actions_by_theme["dark"].isChecked()
    assert load_settings().theme == "dark"
    assert json.loads(settings_path().read_text())["theme"] == "dark"
    menu.actions_by_theme["light"].trigger()
    assert not palette.is_dark() and load_settings().theme == "light"
    window.close()
    again = make_window(
        ApplicationContext(settings=Settings(theme="dark"), database_url=database_url)
    )
    assert palette.is_dark() and again.theme_menu.actions_by_theme["dark"].isChecked()
    settings_path().unlink()


def test_following_the_system_follows_its_changes(make_window, qtbot, database_url, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    window = make_window(ApplicationContext(settings=Settings(), database_url=database_url))
    assert not palette.is_dark()
    monkeypatch.setattr(palette, "system_scheme", lambda: "dark")  # the desktop turns dark
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert palette.is_dark()
    window.theme_menu.choose("light")  # a choice of the user's own wins over the system
    window.theme_menu._system_changed(Qt.ColorScheme.Dark)
    assert not palette.is_dark()
    settings_path().unlink()
