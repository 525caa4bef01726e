"""The Dashboard: every section on one screen with the assessment's own figures, links to the
detailed tabs, tooltips naming each metric's source, readable without a section, and no
horizontal scrolling at 1280x800."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QLabel, QMainWindow
from test_wizard import released_repo

from analysis import assessment as engine
from analysis.assessment import Options
from widgets.assessment_view import AssessmentView
from widgets.dashboard import Dashboard
from widgets.sparkline import Sparkline


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    from gitrepo import GitRepo

    repo = released_repo(GitRepo.init(tmp_path_factory.mktemp("dash") / "repo"), releases=7)
    # cyclomatic complexity 1 + 16 = 17 > 15: SonarQube's FunctionComplexity raises one issue
    repo.write(
        "service/rules.py",
        "def grade(x):\n"
        + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(16))
        + "    return -1\n",
    )
    repo.write("service/requirements.txt", "django>=4.2\n")
    repo.commit("rules", author="Grace Hopper <grace@example.com>")
    return engine.run(repo.root, Options(workers=1))


@pytest.fixture
def dashboard(qtbot):
    board = Dashboard()
    qtbot.addWidget(board)
    board.resize(1240, 700)
    board.show()
    return board


def test_every_section_shows_the_assessments_figures(dashboard, assessed):
    a = assessed
    dashboard.show_assessment(a)
    for block in dashboard.blocks:
        assert block.content.isVisible() and not block.missing.isVisible(), block.key
    r = a.decisions.readiness
    assert dashboard.readiness.gauge.score == r.score
    assert f"{r.score}/100, grade {r.grade}" in dashboard.readiness.status.text()
    assert a.decisions.refactor_vs_rewrite.label in dashboard.decisions.refactor.text()
    assert a.decisions.staffing.label in dashboard.decisions.staffing.text()
    assert "What would change it" in dashboard.decisions.refactor.text()
    # seven release tags, one every 5 days up to yesterday: 7 deployments in the window
    assert a.dora.deployments == 7
    assert dashboard.delivery.source.text().startswith("7 deployments from release tags")
    assert dashboard.delivery.cards["deployment_frequency"].value() == (
        f"{a.dora.deployments_per_week:.1f}/week"
    )
    months = len(a.dora.monthly)
    assert all(len(s.values) == months for s in dashboard.delivery.sparks.values())
    assert dashboard.debt.cards["rating"].value() == a.debt.rating
    assert "service/rules.py" in dashboard.debt.top.text()  # the only file with debt issues
    assert (
        dashboard.hotspots.map.shown and "Hottest production code:" in dashboard.hotspots.top.text()
    )
    layers = [dashboard.architecture.layers.itemAt(i).widget() for i in range(4)]
    assert [t.text().split("</b>")[0].removeprefix("<b>") for t in layers] == [
        layer.layer for layer in a.architecture.layers
    ]
    chips = dashboard.runtime.matrix.count()
    assert chips == len(a.runtime.matrix) and chips >= 5
    risks = dashboard.risks.list.text()
    assert all(r.sentence in risks for r in a.decisions.top_risks)
    assert a.repository.head[:10] in dashboard.header.text()


def test_metrics_say_what_they_are_and_their_source(dashboard, assessed):
    dashboard.show_assessment(assessed)
    sources = {
        "readiness": ("thresholds", "DORA", "SonarQube", "radon"),
        "delivery": ("DORA", "DevLake"),
        "debt": ("SonarQube",),
        "hotspots": ("CodeScene",),
        "architecture": ("FastAPI",),
        "runtime": ("vermin",),
        "plan": ("code-maat",),
    }
    for name, words in sources.items():
        block = getattr(dashboard, name)
        tips = block.title.toolTip() + " ".join(
            w.toolTip() for w in block.findChildren(QLabel) + block.findChildren(Sparkline)
        )
        for word in words:
            assert word in tips, (name, word)
    for key, card in dashboard.delivery.cards.items():
        assert "DORA" in card.toolTip() or "dora" in card.toolTip(), key
    for card in dashboard.debt.cards.values():
        assert card.toolTip()
    assert "healthy bound" in dashboard.delivery.sparks["lead_time"].toolTip()


def test_sections_missing_from_an_assessment_read_as_missing(dashboard, assessed):
    bare = replace(assessed, history=None, dora=None, decisions=None, runtime=None)
    dashboard.show_assessment(bare)
    for block in (dashboard.hotspots, dashboard.delivery, dashboard.readiness, dashboard.runtime):
        assert block.missing.isVisible() and not block.content.isVisible()
        assert block.missing.text()
    assert "No history in this assessment" in dashboard.hotspots.missing.text()
    assert dashboard.debt.content.isVisible()  # what was measured still shows
    dashboard.show_assessment(assessed)  # and a full one afterwards shows everything again
    assert dashboard.hotspots.content.isVisible() and not dashboard.hotspots.missing.isVisible()


def test_links_open_the_detailed_tabs(qtbot, assessed):
    view = AssessmentView()
    qtbot.addWidget(view)
    view.show_assessment(assessed)
    assert view.tabs.widget(0) is view.dashboard and view.tabs.currentWidget() is view.dashboard
    expected = {
        "delivery": view.dora_panel,
        "debt": view.debt_panel,
        "history": view.history_panel,
        "architecture": view.architecture_panel,
        "decisions": view.decisions_panel,
        "warnings": view.warnings_list,
    }
    for block in view.dashboard.blocks:
        view.tabs.setCurrentIndex(0)
        block.link.click()
        page = view.tabs.currentWidget()
        assert page is not view.dashboard, block.key
        if block.key in expected:
            assert page is expected[block.key]
    view.dashboard.runtime.link.click()
    assert type(view.tabs.currentWidget()).__name__ == "RuntimePanel"
    view.dashboard.plan.link.click()
    assert view.decisions_panel.tabs.currentWidget() is view.decisions_panel.plan_view
    path = assessed.history.hotspots[0].path
    view.dashboard.hotspots.map.file_selected.emit(path)
    assert view.tabs.currentWidget() is view.history_panel
    assert path in view.history_panel.details.text()


def test_no_horizontal_scrolling_at_1280_by_800(qtbot, assessed):
    window = QMainWindow()
    view = AssessmentView()
    window.setCentralWidget(view)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    view.show_assessment(assessed)
    qtbot.wait(50)
    scroll = view.dashboard.scroll_area
    assert scroll.horizontalScrollBar().maximum() == 0
    assert scroll.widget().width() <= scroll.viewport().width()
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()


def test_sparkline_draws_higher_values_higher_and_breaks_at_gaps(qtbot):
    line = Sparkline()
    qtbot.addWidget(line)
    line.resize(106, 36)
    line.set_values([1.0, None, 3.0, 2.0], bound=4.0)
    points = line.points()
    # range 0..4 (the bound is the top, 0 the bottom) over 30 px of height from y = 3:
    # 1.0 -> 3 + 30 x (1 - 1/4) = 25.5; 3.0 -> 10.5; 2.0 -> 18; x steps of 100 / 3 from 3
    assert points[1] is None
    assert points[0] == QPointF(3, 25.5)
    assert points[2] == QPointF(3 + 2 * 100 / 3, 10.5)
    assert points[3] == QPointF(103, 18)
    line.grab()  # paints without error, also with nothing to draw
    line.set_values([None, None])
    line.grab()


def test_choices_are_not_cut_off(qtbot, dashboard, assessed):
    """Choices filled after the dashboard was first shown widen to their items."""
    from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox

    dashboard.show_assessment(assessed)
    qtbot.wait(20)
    boxes = [b for b in dashboard.findChildren(QComboBox) if b.count()]
    assert boxes  # the hotspot map's measure, at least
    for box in boxes:
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        field = box.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, box
        )
        assert field.width() >= box.fontMetrics().horizontalAdvance(box.currentText())
