"""A sub-folder assessment keeps its scope end to end: the CLI, the store, the main window, the
wizard's overview and the history are keyed by the folder assessed, so a scoped run and a
whole-repository run never share a history (and are never compared)."""

from __future__ import annotations

import pytest

from analysis.repository_overview import overview
from app.cli import main
from app.store import open_store


@pytest.fixture
def two_parts(git_repo):
    git_repo.write("pkg/a.py", "def f(x):\n    if x:\n        return 1\n    return 2\n")
    git_repo.write("other/b.py", "def g():\n    return 3\n")
    git_repo.commit()
    return git_repo


def _assess(path, url, capsys) -> None:
    code = main(["assess", str(path), "--db", url, "-q", "--workers", "1"])
    assert code == 0, capsys.readouterr().err


def test_the_cli_keeps_a_scoped_history_apart(two_parts, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    root, folder = two_parts.root, two_parts.root / "pkg"
    _assess(root, url, capsys)
    _assess(folder, url, capsys)
    _assess(folder, url, capsys)
    store = open_store(url)
    try:
        paths = {r.path: r.name for r in store.repositories()}
        assert paths == {str(root): root.name, str(folder): f"{root.name}/pkg"}
        assert len(store.assessments(str(root))) == 1
        scoped = store.assessments(str(folder))
        assert len(scoped) == 2
        loaded = store.load(scoped[0].id)
        assert loaded.repository.scope == "pkg" and loaded.repository.folder == str(folder)
        assert [f.path for f in loaded.code.files] == ["pkg/a.py"]
    finally:
        store.close()
    capsys.readouterr()
    assert main(["history", str(folder), "--db", url]) == 0
    assert "(2, newest first)" in capsys.readouterr().out
    assert main(["history", str(root), "--db", url]) == 0
    assert "(1, newest first)" in capsys.readouterr().out


def test_the_wizard_overview_is_of_the_folder(two_parts):
    found = overview(two_parts.root / "pkg")
    assert found.path == str(two_parts.root / "pkg") and found.scope == "pkg"
    assert found.python_files == 1 and found.name == f"{two_parts.root.name}/pkg"


def test_the_main_window_opens_and_runs_the_folder(make_window, two_parts, tmp_path, capsys, qtbot):
    from app.context import ApplicationContext
    from app.settings import Settings

    url = f"sqlite:///{tmp_path / 'store.db'}"
    folder = two_parts.root / "pkg"
    _assess(two_parts.root, url, capsys)  # a whole-repository assessment, stored first
    context = ApplicationContext(settings=Settings(workers=1), database_url=url)
    window = make_window(context)
    assert window.open_repository(str(folder))
    assert window.repository_path == str(folder)
    assert window.history_model.rowCount() == 0  # the whole repository's is not this one's
    window.run_assessment()
    qtbot.waitUntil(lambda: not window.running, timeout=60_000)
    assert window.history_model.rowCount() == 1
    stored = context.store.load(window.history_model.row_object(0).id)
    assert stored.repository.scope == "pkg"
    assert len(context.store.assessments(str(two_parts.root))) == 1


def test_the_session_keeps_the_scope_for_team_scenarios_and_history(
    make_window, two_parts, tmp_path, capsys, qtbot
):
    """Through the window's session: the folder's team answers, its stored id (the scenarios'
    key, also when the assessment is shown without its id) and its history, never the root's."""
    from analysis.decisions import TeamProfile
    from app.context import ApplicationContext
    from app.settings import Settings

    url = f"sqlite:///{tmp_path / 'store.db'}"
    folder = two_parts.root / "pkg"
    _assess(two_parts.root, url, capsys)  # the whole repository, stored first
    context = ApplicationContext(settings=Settings(workers=1), database_url=url)
    window = make_window(context)
    assert window.open_repository(str(folder))
    session = window.session
    assert (session.folder, session.repository.scope) == (str(folder), "pkg")
    with qtbot.waitSignal(window.run_finished, timeout=60_000):
        window.run_action.trigger()
    (row,) = context.store.assessments(str(folder))
    assert session.assessment_id == row.id == window.scenario_controller.assessment_id
    assert session.assessment.repository.scope == "pkg"
    panel = window.view.decisions_panel
    window.view.tabs.setCurrentWidget(panel)
    panel.team_form.team_size.setValue(5)
    panel.team_form.apply_button.click()
    assert context.store.team.load(str(folder)) == TeamProfile(team_size=5)
    assert context.store.team.load(str(two_parts.root)) == TeamProfile()
    assert session.assessment.decisions.team.team_size.value == 5
    # shown again without its id (a report handed over in memory): found by folder, not root
    window.show_assessment(session.measured)
    assert window.scenario_controller.assessment_id == row.id
    assert [r.id for r in window.history_view.rows] == [row.id]  # compared with its own only
