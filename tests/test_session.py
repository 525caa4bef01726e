"""The assessment session (app.session): one observable model of what the window shows.

Signals fire once per change with the new assessment; a team change re-prices the debt and the
advice in every panel that shows them, without touching the assessment it started from; the
scope of a sub-folder survives; a background result of a repository no longer open is dropped.
"""

from __future__ import annotations

import copy
import json
import threading

import pytest

import app.session as session_module
from analysis.decisions import TeamProfile
from analysis.report import to_report
from app.context import ApplicationContext
from app.session import AssessmentSession
from app.settings import Settings


@pytest.fixture
def project(git_repo):
    """Two files with known debt issues: the remediation hours are the engine's; the tests
    check that every panel prices the same hours with the same hourly cost."""
    git_repo.write("pkg/__init__.py", "")
    body = "".join(
        f"    if x == {i}:\n        return {i}\n" for i in range(30)
    )  # cyclomatic complexity 31: a complexity issue
    git_repo.write("pkg/core.py", f"def f(x):\n{body}    return -1\n")
    git_repo.write("other/b.py", "def g():\n    return 3\n")
    git_repo.commit()
    return git_repo


@pytest.fixture
def context(database_url):
    context = ApplicationContext(
        settings=Settings(workers=1, hourly_cost=75), database_url=database_url
    )
    yield context
    context.close()


@pytest.fixture
def session(context, qtbot):
    made = AssessmentSession(context)
    yield made
    made.shutdown()


def _run(session, qtbot):
    with qtbot.waitSignal(session.assessment_changed, timeout=60_000) as shown:
        session.run()
    return shown.args[0]


def test_signals_fire_once_per_change_with_the_new_assessment(session, project, qtbot):
    opened, shown, advised = [], [], []
    session.repository_changed.connect(opened.append)
    session.assessment_changed.connect(shown.append)
    session.advice_changed.connect(advised.append)
    repository = session.open(str(project.root))
    assert opened == [repository] and shown == [] and advised == []
    first = _run(session, qtbot)
    assert shown == [first] and first is session.assessment and advised == []
    assert first.decisions is session.advisor.base  # advised by the session
    session.set_team(TeamProfile(team_size=3))
    assert len(shown) == 1 and len(advised) == 1
    assert advised[0] is session.assessment and advised[0] is not first
    assert advised[0].decisions.team.team_size.value == 3
    assert advised[0].code is first.code  # the measured sections are shared, not copied


def test_a_team_change_reprices_every_panel_and_changes_no_assessment(
    make_window, context, project, qtbot, monkeypatch
):
    import analysis.assessment

    window = make_window(context)
    assert window.open_repository(str(project.root))
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        window.run_action.trigger()
    session = window.session
    before = session.assessment
    measured = session.measured
    snapshot = json.dumps(to_report(before), sort_keys=True, default=str)
    measured_debt = copy.deepcopy(measured.debt)
    hours = before.debt.remediation_minutes / 60
    assert hours > 0
    assert before.debt.hourly_cost == 75  # the settings' hourly cost, the team giving none
    monkeypatch.setattr(
        analysis.assessment, "run", lambda *a, **k: pytest.fail("the analysis must not re-run")
    )
    view = window.view
    card = view.debt_panel.cards["money"]
    view.tabs.setCurrentWidget(view.debt_panel)  # the user saw the debt's money first
    assert card.value_label.text() == f"{round(hours * 75, 2):,.0f} {before.debt.currency}"
    panel = view.decisions_panel
    view.tabs.setCurrentWidget(panel)
    form = panel.team_form
    form.cost.setValue(86_000)  # 86,000 a year = 50 an hour over 1,720 h
    shown, advised = [], []
    session.assessment_changed.connect(shown.append)
    session.advice_changed.connect(advised.append)
    form.apply_button.click()
    assert shown == [] and len(advised) == 1
    after = session.assessment
    assert after is advised[0] is view.assessment
    # the original assessment (and the measured one it came from) are unchanged
    assert json.dumps(to_report(before), sort_keys=True, default=str) == snapshot
    assert before.debt.hourly_cost == 75 and before.decisions.team.hourly_cost.value == 75
    assert measured.debt.hourly_cost == measured_debt.hourly_cost
    # what the user sees: the debt tab's money card and the decisions tab's figure agree
    money = f"{round(hours * 50, 2):,.0f} {after.debt.currency}"
    view.tabs.setCurrentWidget(view.debt_panel)
    assert card.value_label.text() == money
    assert "× 50 USD/h" in card.caption_label.text()
    view.tabs.setCurrentWidget(panel)
    figures = {f.id: f for f in panel.decisions.money.figures}
    assert panel.decisions is after.decisions
    rows = range(panel.money.row_count())
    row = next(r for r in rows if panel.money.shown(r, 0).tooltip == "debt_remediation")
    assert panel.money.shown(row, 1).text == money
    assert figures["debt_remediation"].value == pytest.approx(hours * 50, abs=1)
    # the dashboard shows the same money
    view.tabs.setCurrentWidget(view.dashboard)
    assert view.dashboard.debt.cards["money"].value_label.text() == money
    assert context.store.team.load(session.folder) == TeamProfile(cost_per_engineer=86_000)


def test_the_scope_survives_the_session(session, project, qtbot, context):
    folder = project.root / "pkg"
    session.open(str(folder))
    assert session.folder == str(folder) and session.repository.scope == "pkg"
    shown = _run(session, qtbot)
    assert shown.repository.scope == "pkg" and shown.repository.folder == str(folder)
    assert [f.path for f in shown.code.files] == ["pkg/__init__.py", "pkg/core.py"]
    stored = context.store.assessments(str(folder))
    assert [row.id for row in stored] == [session.assessment_id]
    assert context.store.assessments(str(project.root)) == []
    session.set_team(TeamProfile(team_size=2))  # kept with the folder, not the root
    assert context.store.team.load(str(folder)) == TeamProfile(team_size=2)
    assert context.store.team.load(str(project.root)) == TeamProfile()
    assert session.assessment.repository.scope == "pkg"
    # loaded back from the store: still the folder's
    session.open(str(project.root))
    session.open(str(folder))
    with qtbot.waitSignal(session.assessment_changed, timeout=10_000) as loaded:
        session.load(stored[0].id)
    assert loaded.args[0].repository.folder == str(folder)
    assert loaded.args[0].decisions.team.team_size.value == 2  # the folder's team


def test_an_assessment_of_another_folder_is_not_shown(session, project, qtbot):
    session.open(str(project.root / "pkg"))
    whole = _run(session, qtbot)
    session.open(str(project.root))
    assert not session.show(whole)
    assert session.assessment is None


def held_back(monkeypatch, name: str) -> threading.Event:
    """Make the session's background function ``name`` wait for the returned event."""
    release = threading.Event()
    real = getattr(session_module, name)

    def slow(*args, **kwargs):
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(session_module, name, slow)
    return release


def test_a_stale_run_is_dropped(session, project, git_repo, qtbot, monkeypatch):
    release = held_back(monkeypatch, "assess_and_store")
    session.open(str(project.root))
    shown = []
    session.assessment_changed.connect(shown.append)
    task = session.run()
    session.open(str(project.root / "pkg"))  # another folder while the run is in flight
    with qtbot.waitSignal(task.signals.finished, timeout=60_000):
        release.set()
    assert shown == [] and session.assessment is None


def test_a_stale_load_is_dropped(session, project, qtbot, monkeypatch, context):
    session.open(str(project.root))
    stored_id = _run(session, qtbot) and session.assessment_id
    release = held_back(monkeypatch, "_load_stored")
    session.open(str(project.root))
    shown = []
    session.assessment_changed.connect(shown.append)
    session.load(stored_id)
    task = session._owned_task
    session.open(str(project.root / "pkg"))  # the repository switched while the load ran,
    session.open(str(project.root))  # and back: the older load is still not the one to show
    release.set()
    qtbot.waitUntil(task.done.is_set, timeout=10_000)
    qtbot.wait(50)  # whatever it posted has reached the GUI thread
    assert shown == [] and session.assessment is None
