"""The answers form for DORA's AI capabilities: DORA's questions, kept in the team profile."""

from __future__ import annotations

from analysis.ai_adoption import survey
from analysis.decisions.team import TeamProfile
from widgets.ai_capabilities_form import NOT_ANSWERED, AICapabilitiesForm
from widgets.team_form import TeamForm


def test_one_drop_down_per_doras_question_with_doras_answers(qtbot):
    form = AICapabilitiesForm()
    qtbot.addWidget(form)
    assert list(form.boxes) == list(survey.question_keys())
    key = survey.question_keys()[0]
    box = form.boxes[key]
    question = survey.question(key)
    assert [box.itemText(i) for i in range(box.count())] == [NOT_ANSWERED, *question.answers]
    assert box.toolTip() == question.text
    assert form.answers() == {}


def test_answers_round_trip_by_text_or_position(qtbot):
    form = AICapabilitiesForm()
    qtbot.addWidget(form)
    first, second = survey.question_keys()[:2]
    q1 = survey.question(first)
    form.set_answers({first: 2, second: "no such answer", "unknown_key": 1})
    # position 2 is DORA's second answer; an answer DORA does not list stays unanswered
    assert form.answers() == {first: q1.answers[1]}
    with qtbot.waitSignal(form.answers_changed):
        form.boxes[second].setCurrentIndex(1)
    assert form.answers()[second] == survey.question(second).answers[0]


def test_the_team_form_keeps_the_answers_in_the_profile(qtbot):
    team = TeamForm()
    qtbot.addWidget(team)
    key = survey.question_keys()[0]
    answer = survey.question(key).answers[-2]
    team.set_profile(TeamProfile(team_size=4, ai_capabilities={key: answer}))
    profile = team.profile()
    assert profile.team_size == 4 and profile.ai_capabilities == {key: answer}
    assert profile.problems() == []
    # kept as the stored profile is (to_dict / from_dict)
    assert TeamProfile.from_dict(profile.to_dict()).ai_capabilities == {key: answer}
    with qtbot.waitSignal(team.profile_applied) as applied:
        team.apply_button.click()
    assert applied.args[0].ai_capabilities == {key: answer}
    # folded away until asked for
    assert team.ai_form.isHidden()
    team.ai_toggle.setChecked(True)
    assert not team.ai_form.isHidden()
    team.set_profile(TeamProfile())
    assert team.profile().ai_capabilities is None


def test_the_decisions_tab_carries_the_form(qtbot):
    from widgets.decisions_panel import DecisionsPanel

    panel = DecisionsPanel()
    qtbot.addWidget(panel)
    assert isinstance(panel.team_form.ai_form, AICapabilitiesForm)


def test_the_wizard_team_page_keeps_the_answers_with_the_repository(qtbot, database_url, git_repo):
    from test_wizard import add_repository, released_repo

    from app.context import ApplicationContext
    from app.settings import Settings
    from app.wizard import AssessmentWizard
    from app.wizard.answers import ANSWER

    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    repo = released_repo(git_repo)
    key = survey.question_keys()[0]
    answer = survey.question(key).answers[1]
    wizard = AssessmentWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    add_repository(qtbot, wizard, repo.root)
    wizard.next()
    wizard.delivery.mode_buttons[ANSWER].setChecked(True)
    wizard.delivery.quick_check.inputs["lead_time"].setCurrentIndex(4)
    wizard.next()
    form = wizard.team.team_form.ai_form
    form.boxes[key].setCurrentIndex(form.boxes[key].findData(answer))
    assert wizard.team.validatePage()  # Next from the team page keeps the answers
    wizard.state.runner.shutdown()
    wizard.close()
    try:
        kept = context.store.team.load(str(repo.root.resolve()))
        assert kept.ai_capabilities == {key: answer}
    finally:
        context.close()
