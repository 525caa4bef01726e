"""The Scenario panel (Decisions › Maps and what-if): an edit shows what ``Advisor.decide``
gives for that setting (checked against ``analysis.decisions.decide`` with the same what-if),
the maps follow, the article's scenario fills its values, Save / Save as / Delete emit the
scenario, and the Advisor is built once per assessment, not per edit."""

from __future__ import annotations

import decision_cases as cases
import pytest

import widgets.decisions_panel as decisions_panel_module
from analysis.decisions import decide, load_model
from analysis.decisions.advisor import Advisor
from analysis.decisions.scenario import Scenario, article_scenario
from widgets import palette
from widgets.decisions_panel import DecisionsPanel
from widgets.scenario_panel import ScenarioPanel
from widgets.verdict_colours import option_colour, option_fill


@pytest.fixture
def model():
    return load_model()


def shown(qtbot, advisor: Advisor) -> ScenarioPanel:
    palette.apply_theme("light")
    panel = ScenarioPanel()
    qtbot.addWidget(panel)
    panel.resize(1280, 800)
    labels = {**advisor.model.refactor.labels, **advisor.model.staffing.labels}
    panel.set_advisor(advisor, labels)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def fintech(qtbot, model):
    advisor = Advisor(cases.fintech(), cases.FINTECH_TEAM, model[0], model[1])
    yield shown(qtbot, advisor), advisor
    palette.apply_theme("system")


@pytest.fixture
def healthy(qtbot, model):
    advisor = Advisor(cases.healthy(), cases.HEALTHY_TEAM, model[0], model[1])
    yield shown(qtbot, advisor), advisor
    palette.apply_theme("system")


def test_an_edit_shows_what_decide_gives(fintech, model):
    panel, advisor = fintech
    assert panel.decisions is advisor.base and "As measured" in panel.summary.text()
    editor = panel.editors["change_fail_rate"]
    assert editor.spin.suffix() == " %" and editor.measured.text() == "30.0 %"
    editor.spin.setValue(5)  # 5 % of deployments fail instead of 30 %
    expected = advisor.decide({"change_fail_rate": 0.05})
    independent = decide(
        cases.fintech(), cases.FINTECH_TEAM, model[0], what_if={"change_fail_rate": 0.05}
    )
    assert panel.settings() == {"change_fail_rate": 0.05}
    got = panel.decisions.readiness
    assert (got.score, got.grade) == (expected.readiness.score, expected.readiness.grade)
    assert (got.score, got.grade) == (independent.readiness.score, independent.readiness.grade)
    assert got.score != advisor.base.readiness.score  # the edit moved the score (50 -> 54)
    summary = panel.summary.text()
    assert f"{got.score} ({got.grade}" in summary and f"{advisor.base.readiness.score} (" in summary
    # a better score in the "better" colour (the red of "worse" would say the opposite)
    assert f"color:{palette.hex_colour('good')}'>{got.score} (" in summary
    # the change-fail-rate cap is lifted in the scenario's column, kept in the measured one
    caps = [c.id for c in independent.readiness.caps]
    assert "change-fail-rate" not in caps and "(change-fail-rate)" in summary
    assert summary.count("(change-fail-rate)") == 1
    for which in ("refactor_vs_rewrite", "staffing"):
        verdict = getattr(panel.decisions, which)
        assert verdict.verdict == getattr(independent, which).verdict
        assert panel.maps[which].data == verdict.map  # the maps repaint with the scenario
    assert editor.reset.isEnabled()
    editor.reset.click()
    assert panel.settings() == {} and panel.decisions is advisor.base
    assert editor.value() == pytest.approx(0.3)


def test_moving_to_the_maps_flip_shows_the_other_verdict_and_colour(healthy, model):
    panel, advisor = healthy
    data = advisor.base.refactor_vs_rewrite.map
    flip = data["nearest_flip"]
    x, y = data["x"]["input"], data["y"]["input"]
    shown_map = panel.maps["refactor_vs_rewrite"]
    options = data["options"]
    dot = shown_map.marks.point.points()[0]
    assert dot.brush().color() == option_colour("keep_and_improve", options)
    for key, value in ((x, flip["x"]), (y, flip["y"])):
        editor = panel.editors[key]
        editor.spin.setValue(value * editor.scale)
    settings = {x: flip["x"], y: flip["y"]}
    assert panel.settings() == pytest.approx(settings)
    independent = decide(cases.healthy(), cases.HEALTHY_TEAM, model[0], what_if=settings)
    verdict = panel.decisions.refactor_vs_rewrite.verdict
    assert verdict == flip["verdict"] == independent.refactor_vs_rewrite.verdict
    assert verdict != advisor.base.refactor_vs_rewrite.verdict
    assert "Surgical refactor" in panel.summary.text()
    # the map of the scenario: the dot where the flip was, in the new verdict's colour
    moved = shown_map.data["point"]
    assert (moved["x"], moved["y"]) == (flip["x"], flip["y"])
    dot = shown_map.marks.point.points()[0]
    assert dot.brush().color() == option_colour(verdict, options)
    assert shown_map.region_colour_at(moved["x"], moved["y"]) == option_fill(verdict, options)
    assert "scenario" in shown_map.heading.text()


def test_the_article_scenario_fills_its_values(fintech):
    panel, advisor = fintech
    article = article_scenario(advisor.delivery.kind, advisor.current)
    index = panel.choice.findData("article")
    assert "article" in panel.choice.itemText(index)
    panel.choice.setCurrentIndex(index)
    panel.choice.activated.emit(index)  # as a user's choice
    assert panel.settings() == pytest.approx(article.settings)
    assert panel.editors["lead_time_days"].spin.text() == "3.0 days"
    assert panel.editors["change_fail_rate"].spin.text() == "9.0 %"
    assert panel.editors["deploys_per_week"].value() == 5
    for key, editor in panel.editors.items():
        assert editor.edited == (key in article.settings), key
    assert panel.decisions.readiness.score == advisor.decide(article.settings).readiness.score
    assert panel.current_scenario().origin == "article"


def test_save_save_as_and_delete_emit_the_scenario(fintech, qtbot):
    panel, _ = fintech
    assert not panel.save_as_button.isEnabled()  # nothing edited, no name
    panel.editors["lead_time_days"].spin.setValue(4)
    assert not panel.save_as_button.isEnabled()  # no name yet
    panel.name.setText("  Plan A ")
    with qtbot.waitSignal(panel.scenario_saved) as saved:
        panel.save_as_button.click()
    scenario, replace = saved.args
    assert scenario == Scenario("Plan A", {"lead_time_days": 4.0}, "team") and replace is False
    with qtbot.waitSignal(panel.scenario_saved) as saved:
        panel.save_button.click()
    assert saved.args[1] is True
    # the application lists it back: choosing it fills the editors, Delete emits its name
    panel.set_scenarios([Scenario("Plan A", {"lead_time_days": 4.0, "debt_ratio": 0.05})])
    panel.reset()
    index = panel.choice.findData("Plan A")
    panel.choice.setCurrentIndex(index)
    panel.choice.activated.emit(index)
    assert panel.settings() == {"lead_time_days": 4.0, "debt_ratio": 0.05}
    assert panel.name.text() == "Plan A" and panel.delete_button.isEnabled()
    with qtbot.waitSignal(panel.scenario_deleted) as deleted:
        panel.delete_button.click()
    assert deleted.args == ["Plan A"]


def test_the_decisions_panel_builds_the_advisor_once_per_assessment(
    qtbot, monkeypatch, database_url
):
    """The session advises (app.session); the panel shows its advisor and never builds one."""
    from pathlib import Path

    import app.session as session_module
    from analysis.scan import Repository
    from app.context import ApplicationContext
    from app.decisions_controller import DecisionsController
    from app.session import AssessmentSession
    from app.settings import Settings

    built = []

    class Counted(Advisor):
        def __init__(self, *args, **kwargs):
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(session_module, "Advisor", Counted)
    monkeypatch.setattr(decisions_panel_module, "Advisor", Counted)
    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    context.store.team.save("/repos/fintech", cases.FINTECH_TEAM)
    session = AssessmentSession(context)
    panel = DecisionsPanel()
    qtbot.addWidget(panel)
    DecisionsController(session, panel, panel)
    session.assessment_changed.connect(panel.show_assessment)
    session.advice_changed.connect(panel.show_assessment)

    def show(assessment) -> None:
        repo = assessment.repository
        session.open(Repository(Path(repo.path), repo.head, repo.branch, repo.scope))
        session.show(assessment)

    show(cases.fintech())
    assert len(built) == 1
    assert panel.tabs.tabText(panel.tabs.indexOf(panel.scenario)) == "Maps and what-if"
    scenario = panel.scenario
    assert scenario.advisor is panel.advisor is session.advisor
    assert scenario.base is panel.decisions is session.assessment.decisions
    for value in (20, 10, 5):
        scenario.editors["change_fail_rate"].spin.setValue(value)
    assert len(built) == 1  # edits never rebuild it
    assert panel.decisions.readiness.score == 50  # the measured advice stays on the header
    session.set_team(cases.HEALTHY_TEAM)  # another team: another Advisor
    assert len(built) == 2
    # the values being played are kept for the same assessment (team answers, theme)
    assert scenario.settings() == {"change_fail_rate": 0.05}
    assert (
        scenario.decisions.readiness.score
        == panel.advisor.decide({"change_fail_rate": 0.05}).readiness.score
    )
    show(cases.healthy())  # another assessment: from its measured state
    assert scenario.settings() == {} and len(built) == 3
    session.shutdown()
    context.close()


def test_a_measured_value_beyond_a_levers_range_is_shown_not_clamped(qtbot):
    from PySide6.QtWidgets import QWidget

    from analysis.decisions.scenario import COUNT, INPUT, Lever
    from widgets.lever_editor import LeverEditor

    lever = Lever("shared_model_imports", "Imports", COUNT, 0, 200, 1, INPUT, "tip")
    editor = LeverEditor(lever, lambda _e: None, lambda _e: None)
    holder = QWidget()
    qtbot.addWidget(holder)
    editor.spin.setParent(holder)
    editor.show(718, edited=False)
    assert editor.value() == 718 and editor.text_of(718).startswith("718")


def test_real_sized_figures_fit_the_levers():
    from analysis.decisions.scenario import check_setting

    # saleor: 718 imports of other components' models; a 90-day lead time; 2,000 engineers
    assert check_setting("shared_model_imports", 718) == 718
    assert check_setting("lead_time_days", 90) == 90
    assert check_setting("team_size", 2000) == 2000
