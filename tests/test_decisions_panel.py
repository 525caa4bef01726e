"""The Decisions panel: what it shows, team edits recomputing the advice without re-running the
analysis, the link to the Architecture tab, and the application keeping the team profile."""

from __future__ import annotations

import decision_cases as cases
import pytest
from table_cells import row_count, shown

from analysis.decisions import Advisor, TeamProfile
from app.context import ApplicationContext
from app.settings import Settings
from widgets.assessment_view import AssessmentView
from widgets.decisions_panel import DecisionsPanel


@pytest.fixture
def panel(qtbot):
    widget = DecisionsPanel()
    qtbot.addWidget(widget)
    widget.set_advisor_source(lambda assessment: Advisor(assessment, cases.FINTECH_TEAM))
    widget.resize(1180, 720)
    widget.show_assessment(cases.fintech())
    return widget


def test_shows_score_verdicts_plan_money_and_risks(panel):
    d = panel.decisions
    assert panel.gauge.score == d.readiness.score <= 54
    assert "Not ready" in panel.status.text()
    assert "At most 54" in panel.caps.text()  # 50.3 before caps: the caps do not bind
    assert "Strangler Fig" in panel.refactor_headline.text()
    assert "architectural partner" in panel.staffing_headline.text()
    assert panel.plan_view.plan.item(0).text().startswith("1. payments")
    assert "Route the traffic of payments" in panel.plan_view.step.toPlainText()
    assert "payments.services imports orders.models" in panel.plan_view.step.toPlainText()
    assert row_count(panel.money) == 5
    assert "630,000 EUR" in panel.money_headline.text()
    assert panel.risks.count() == 5
    texts = panel.refactor.evidence.texts(1)
    assert "Change fail rate" in texts and "Rework share" in texts
    assert panel.refactor.flips.count() >= 1
    assert row_count(panel.inputs) == len(d.inputs)
    for _, bar, value in panel.bars.values():
        assert bar.toolTip() and value.text()


def test_team_answers_go_to_the_application(panel, qtbot):
    """The panel never re-advises by itself: the answers go out, the advice shown stays."""
    shown = panel.decisions
    form = panel.team_form
    form.rework.setValue(10)
    with qtbot.waitSignal(panel.team_applied) as applied:
        form.apply_button.click()
    assert applied.args[0].rework_share == pytest.approx(0.10)
    assert panel.decisions is shown and panel.assessment.decisions is None  # not written into


def test_defaults_are_marked_in_the_form(qtbot):
    widget = DecisionsPanel()
    qtbot.addWidget(widget)
    widget.show_assessment(cases.python2())
    defaults = widget.team_form.defaults
    assert "default" in defaults["cost_per_engineer"].text()
    assert "default" in defaults["team_size"].text()
    assert "default" in defaults["ai_timeline_months"].text()
    assert "leaning towards" in widget.staffing_headline.text()
    assert "nothing to carve out" in widget.plan_headline.text()


def test_plan_links_to_the_architecture_tab(qtbot):
    view = AssessmentView()
    qtbot.addWidget(view)
    panel = view.decisions_panel
    panel.set_advisor_source(lambda assessment: Advisor(assessment, cases.FINTECH_TEAM))
    view.show_assessment(cases.fintech())
    assert view.tabs.indexOf(panel) >= 0
    panel.plan_view.plan.setCurrentRow(0)
    panel.plan_view.show_component.click()
    assert view.tabs.currentWidget() is view.architecture_panel
    table = view.architecture_panel.components
    assert shown(table, table.currentIndex().row(), 0).text == "payments"


def test_the_application_keeps_the_team_profile(make_window, qtbot, database_url, git_repo):
    git_repo.write("app/__init__.py", "")
    git_repo.write("app/core.py", "def f():\n    return 1\n")
    git_repo.commit()
    context = ApplicationContext(
        settings=Settings(workers=1, hourly_cost=75), database_url=database_url
    )
    window = make_window(context)
    assert window.open_repository(str(git_repo.root))
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        window.run_action.trigger()
    panel = window.view.decisions_panel
    window.view.tabs.setCurrentWidget(panel)  # the window feeds a tab when it is shown
    assert panel.decisions.team.hourly_cost.provenance == "settings"  # the settings' 75/h
    panel.team_form.team_size.setValue(4)
    panel.team_form.apply_button.click()
    stored = context.store.team.load(str(git_repo.root))
    assert stored == TeamProfile(team_size=4)
    # shown again (e.g. from the history list): the stored profile is used
    window.show_stored(window.history_model.row_object(0).id)
    assert panel.decisions.team.team_size.provenance == "given"
    assert panel.team_form.team_size.value() == 4
    window.runner.shutdown()
