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


def test_answers_rescore_the_assessment_shown_without_a_new_analysis(qtbot, database_url, git_repo):
    from app.context import ApplicationContext
    from app.session import AssessmentSession
    from app.settings import Settings

    git_repo.write("app.py", "def f(x):\n    return x\n")
    git_repo.commit()
    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    session = AssessmentSession(context)
    try:
        session.open(str(git_repo.root))
        with qtbot.waitSignal(session.assessment_changed, timeout=60_000):
            session.run()
        before = session.assessment
        stance = before.ai_adoption.capability("clear_ai_stance")
        assert (stance.status, stance.score) == ("not_known", None)
        # "To what extent is it clear which AI tools ...": the first clarity question of the
        # stance; its answers run "Not at all clear" (0) ... "Extremely clear" (10)
        key = next(
            q.key
            for q in survey.questions()
            if q.text.startswith("To what extent is it clear which")
        )
        session.set_team(TeamProfile(ai_capabilities={key: "Very clear"}))  # 4th of 5: 7.5
        after = session.assessment.ai_adoption
        assert after.capability("clear_ai_stance").status == "answered"
        assert after.capability("clear_ai_stance").score == 7.5
        assert after.readiness_basis == before.ai_adoption.readiness_basis + 1
        # the assessment shown before is unchanged (a new object)
        assert before.ai_adoption.capability("clear_ai_stance").score is None
        assert after.small_batches is before.ai_adoption.small_batches  # measured: kept
    finally:
        session.shutdown()
        context.close()
