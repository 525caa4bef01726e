"""The main window driven as a user would: open, run, cancel, run again, see rows and history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.context import ApplicationContext
from app.settings import Settings


@pytest.fixture
def window(make_window, qtbot, database_url):
    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    win = make_window(context)
    win.show()
    yield win
    win.runner.shutdown()


@pytest.fixture
def project(git_repo):
    git_repo.write(
        "core/engine.py",
        "def run(x):\n"
        + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(12))
        + "    return -1\n",
    )
    git_repo.write("core/util.py", "def add(a, b):\n    return a + b\n")
    git_repo.write("legacy.py", "print 'old'\n")
    for i in range(40):
        git_repo.write(f"gen/m{i:02d}.py", f"VALUE = {i}\n")
    git_repo.commit()
    return git_repo


def _run(qtbot, win, expect="succeeded"):
    with qtbot.waitSignal(win.run_finished, timeout=60_000) as blocker:
        win.run_action.trigger()
    assert blocker.args == [expect]


def test_open_run_and_see_rows(qtbot, window, project):
    assert window.open_repository(str(project.root))
    assert window.title_label.text() == "repo"
    assert "No assessment" in window.banner.text()
    _run(qtbot, window)
    model = window.view.model
    assert model.rowCount() == 43
    assert window.view.cards["files"].value() == "43"
    assert window.view.cards["worst"].value() == "13"  # 1 + 12 ifs
    assert "Partial result: 1 file could not" in window.banner.text()
    assert window.history_model.rowCount() == 1
    assert not window.progress_bar.isVisible()


def test_cancel_then_run_again(qtbot, window, project):
    window.open_repository(str(project.root))
    with qtbot.waitSignal(window.run_finished, timeout=60_000) as blocker:
        window.run_action.trigger()
        assert window.running and window.progress_bar.isVisible()
        assert not window.run_action.isEnabled() and window.cancel_action.isEnabled()
        qtbot.waitUntil(lambda: window.progress_bar.maximum() > 0, timeout=30_000)
        window.cancel_action.trigger()
    assert blocker.args == ["cancelled"]
    assert "cancelled" in window.banner.text().lower()
    assert window.history_model.rowCount() == 0  # nothing saved
    _run(qtbot, window)
    assert window.view.model.rowCount() == 43
    assert window.history_model.rowCount() == 1


def test_filter_and_numeric_sort(qtbot, window, project):
    window.open_repository(str(project.root))
    _run(qtbot, window)
    view = window.view
    view.filter_edit.setText("CORE/")
    assert view.proxy.rowCount() == 2
    assert view.count_label.text() == "2 of 43 files"
    view.filter_edit.clear()
    loc_column = 3  # File, Role, Status, LOC
    view.table.sortByColumn(loc_column, Qt.SortOrder.DescendingOrder)
    first = view.proxy.index(0, 0).data()
    assert first == "core/engine.py"  # 26 lines sorts above 2 and 1 as numbers, not text
    view.status_filter.setCurrentIndex(view.status_filter.findData("syntax_error"))
    assert view.proxy.rowCount() == 1 and view.proxy.index(0, 0).data() == "legacy.py"
    # both filters at once: production files with syntax errors, then none among tests
    view.role_filter.setCurrentIndex(view.role_filter.findData("production"))
    assert view.proxy.rowCount() == 1
    view.role_filter.setCurrentIndex(view.role_filter.findData("test"))
    assert view.proxy.rowCount() == 0 and view.count_label.text() == "0 of 43 files"


def test_not_a_repository_is_a_readable_message(window, tmp_path):
    assert not window.open_repository(str(tmp_path))
    text = window.banner.text()
    assert text.startswith("Cannot open this folder:") and "not a git repository" in text
    assert "Traceback" not in text
    assert not window.run_action.isEnabled()


def test_history_shows_an_earlier_assessment(qtbot, window, project):
    window.open_repository(str(project.root))
    _run(qtbot, window)
    project.write("core/new.py", "x = 1\n")
    project.commit("add a module")
    _run(qtbot, window)
    assert window.history_model.rowCount() == 2
    assert window.view.model.rowCount() == 44
    older = window.history_model.index(1, 0)
    window.history_table.activated.emit(older)
    qtbot.waitUntil(lambda: window.view.model.rowCount() == 43, timeout=10_000)


def test_recent_list_and_drop(qtbot, window, project):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(project.root))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.repository_path == str(project.root.resolve())
    window.refresh_recent()
    assert window.recent_list.count() == 1
    assert window.recent_menu.actions()[0].text().startswith("repo")
