"""The strangler roadmap on screen and on paper: the chart has a point per checkpoint at its
projected score, the table lists what moves and where it comes from, the plan view shows it,
the colours follow the theme, and the PDF prints it (fintech case, tests/decision_cases.py)."""

from __future__ import annotations

import decision_cases as cases
import pytest
from PySide6.QtGui import QTextDocument
from table_cells import row_count, shown

from analysis.decisions import decide
from analysis.decisions.roadmap import checkpoints_of
from widgets import palette
from widgets.strangler_plan_view import StranglerPlanView
from widgets.strangler_roadmap import StranglerRoadmap, checkpoint_tip


@pytest.fixture(scope="module")
def advice():
    return decide(cases.fintech(), cases.FINTECH_TEAM)


def test_the_chart_has_a_point_per_checkpoint_at_its_score(qtbot, advice):
    view = StranglerRoadmap()
    qtbot.addWidget(view)
    roadmap = checkpoints_of(advice)
    view.set_roadmap(roadmap)
    xs, ys = view.scatter.getData()
    assert list(xs) == list(range(1, 14))
    assert list(ys) == [c.projected.score for c in roadmap]
    assert list(ys)[3] == 52 and list(ys)[7] == 54
    ticks = view.plot.getPlotItem().getAxis("bottom")._tickLevels[0]
    assert [label for _, label in ticks][:5] == ["keep", "build", "cut", "route", "tables"]
    assert row_count(view.table) == 13
    assert shown(view.table, 3, 2).text == "Components in dependency cycles: 3 → 2"
    assert "Imports crossing components: 32 → 12" in shown(view.table, 3, 3).text
    assert "(the article's)" in shown(view.table, 12, 2).text
    assert shown(view.table, 12, 4).text == "54 (D), capped"
    assert shown(view.table, 3, 5).text == "strangler refactor; architectural partner"
    assert view.summary.text() == (
        "With the code moves alone the projected score goes from 50 (D) to 54 (D): components "
        "in dependency cycles 3 → 0. Held down by a cap: At least 30% of deployments fail: the "
        "system is constrained (not ready). With the article's delivery targets as well (not "
        "computed from the code): 54 (D), still held down: At least 30% of engineering work is "
        "rework: the system is constrained (not ready)."
    )


def test_the_tooltip_names_what_moves_and_its_source(advice):
    roadmap = checkpoints_of(advice)
    tip = checkpoint_tip(roadmap[3])
    assert "Checkpoint 4: payments routed, out of the core" in tip
    assert "Components in dependency cycles: 3 → 2 [computed from the architecture section]" in tip
    assert "not a lever" in tip
    last = checkpoint_tip(roadmap[-1])
    assert "the article's target, not computed from the code" in last
    assert "Held down by a cap" in last
    assert "Nothing measurable moves" in checkpoint_tip(roadmap[1])


def test_the_plan_view_shows_the_roadmap_and_follows_the_carve_out(qtbot, advice):
    view = StranglerPlanView()
    qtbot.addWidget(view)
    view.show_plan(advice)
    assert row_count(view.roadmap.table) == 13
    assert view.roadmap.split.isVisibleTo(view)
    view.plan.setCurrentRow(1)  # orders: its first checkpoint is the sixth
    assert view.roadmap.table.currentIndex().row() == 5
    assert view.roadmap.checkpoints[5].carve_out == "orders"


def test_no_carve_out_says_why(qtbot):
    view = StranglerPlanView()
    qtbot.addWidget(view)
    view.show_plan(decide(cases.python2()))
    assert not view.roadmap.split.isVisibleTo(view)
    assert "One component" in view.roadmap.empty.text()


def test_light_and_dark(qtbot, qapp, advice):
    view = StranglerRoadmap()
    qtbot.addWidget(view)
    view.set_roadmap(checkpoints_of(advice))
    try:
        palette.apply_theme("dark")
        view.theme_changed()
        assert view.plot.backgroundBrush().color().name() == palette.hex_colour("chart_bg")
        assert palette.is_dark()
    finally:
        palette.apply_theme("light")
    view.theme_changed()
    assert view.plot.backgroundBrush().color().name() == "#ffffff"


def test_the_pdf_prints_the_roadmap_chart_and_table(qapp, advice):
    from app.pdf.export import build_document

    assessment = cases.fintech()
    assessment.decisions = advice
    document = build_document(assessment)
    text = document.toPlainText()
    assert "Strangler roadmap: checkpoints" in text
    assert "Components in dependency cycles: 3 → 2" in text
    assert "the article's target" in text
    image = document.resource(QTextDocument.ResourceType.ImageResource, "chart:roadmap")
    assert image is not None and not image.isNull()


def test_a_scenario_keeps_the_measured_roadmap_on_screen(qtbot, advice):
    """A scenario's advice has no roadmap of its own: the view keeps the measured one."""
    from analysis.decisions.advisor import Advisor

    view = StranglerPlanView()
    qtbot.addWidget(view)
    view.show_plan(advice)
    scenario = Advisor(cases.fintech(), cases.FINTECH_TEAM, maps=False).decide(
        {"change_fail_rate": 0.09}, name="Lower failures"
    )
    view.show_plan(scenario)
    assert row_count(view.roadmap.table) == 13
