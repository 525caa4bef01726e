"""The Assessments tab: every stored assessment, any two compared before/after with direction
colours, trends over all of them, re-assessing in one click; and File > Export PDF."""

from __future__ import annotations

import os
import shutil

import pytest
from history_pair import assess_pair
from pypdf import PdfReader
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QKeySequence
from table_cells import shown

from app.context import ApplicationContext
from app.settings import Settings
from app.store import open_store
from widgets import palette

SHOTS = os.environ.get("READINESS_SCREENSHOTS")  # a folder: save screenshots there to look at


@pytest.fixture(scope="module")
def stored_pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("history-view")
    repo, before, after = assess_pair(folder / "repo")
    database = folder / "store.db"
    store = open_store(f"sqlite:///{database}")
    ids = store.save(before), store.save(after)
    store.close()
    return repo, database, ids


@pytest.fixture
def window(make_window, qtbot, stored_pair, tmp_path):
    repo, database, _ids = stored_pair
    copy = tmp_path / "store.db"
    shutil.copy(database, copy)
    context = ApplicationContext(settings=Settings(workers=1), database_url=f"sqlite:///{copy}")
    win = make_window(context)
    win.resize(1280, 800)
    win.show()
    assert win.open_repository(str(repo.root))
    qtbot.waitUntil(lambda: win.view.assessment is not None, timeout=10_000)  # the latest
    yield win
    win.runner.shutdown()


def _row(view, label: str) -> int:
    texts = view.compare_view.table.texts(0)
    return texts.index(label)


def test_newest_is_compared_with_the_one_before(window, stored_pair):
    _repo, _db, (first, second) = stored_pair
    view = window.history_view
    window.view.tabs.setCurrentWidget(view)
    assert view.model.rowCount() == 2
    assert window.view.tabs.tabText(window.view.tabs.indexOf(view)) == "&Assessments (2)"
    assert (view.before_box.currentData(), view.after_box.currentData()) == (first, second)
    table = view.compare_view.table
    lead = _row(view, "Change lead time (median)")
    assert [shown(table, lead, c).text for c in range(4)] == [
        "Change lead time (median)", "12.0 days", "3.0 days", "-9.0 days (-75%)"]  # fmt: skip
    assert shown(table, lead, 3).foreground == palette.colour("good")
    assert "better" in shown(table, lead, 3).tooltip
    assert shown(table, lead, 0).tooltip.startswith("DORA: time from a commit")
    cfr = _row(view, "Change fail rate")
    assert shown(table, cfr, 3).text == "-33.3 pp"
    assert view.trends.series["lead_time_days"] == [12.0, 3.0]
    assert view.trends.series["hotspot_share"] == [pytest.approx(38.1), pytest.approx(31.25)]
    assert not view.empty.isVisible()
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, "assessments-tab.png"))
        view.views.setCurrentWidget(view.trends)
        window.grab().save(os.path.join(SHOTS, "assessments-trends.png"))


def test_swap_and_row_selection_choose_the_pair(window, stored_pair):
    _repo, _db, (first, second) = stored_pair
    view = window.history_view
    view.swap()
    assert (view.before_box.currentData(), view.after_box.currentData()) == (second, first)
    lead = _row(view, "Change lead time (median)")
    cell = shown(view.compare_view.table, lead, 3)
    assert cell.text == "+9.0 days (+300%)" and cell.foreground == palette.colour("bad")
    select = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.table.selectionModel().select(view.model.index(0, 0), select)
    view.table.selectionModel().select(view.model.index(1, 0), select)
    assert (view.before_box.currentData(), view.after_box.currentData()) == (first, second)


def test_showing_an_older_assessment(qtbot, window, stored_pair):
    _repo, _db, (first, _second) = stored_pair
    view = window.history_view
    view.table.setCurrentIndex(view.model.index(1, 0))
    view.open_button.click()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert window.view.assessment.repository.head == view.rows[1].head
    assert view.rows[1].id == first


def test_reassess_is_one_click_and_lands_in_the_list(qtbot, window):
    view = window.history_view
    assert view.reassess_button.isEnabled()
    with qtbot.waitSignal(window.run_finished, timeout=120_000) as blocker:
        view.reassess_button.click()
        assert not view.reassess_button.isEnabled()
    assert blocker.args == ["succeeded"]
    assert view.model.rowCount() == 3
    assert view.after_box.currentData() == view.rows[0].id
    assert view.before_box.currentData() == view.rows[1].id
    assert view.reassess_button.isEnabled()


def test_a_single_assessment_explains_what_the_tab_is_for(
    make_window, qtbot, git_repo, database_url
):
    git_repo.write("a.py", "x = 1\n")
    git_repo.commit()
    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    win = make_window(context)
    win.show()
    win.open_repository(str(git_repo.root))
    view = win.history_view
    assert view.reassess_button.text() == "&Run the first assessment"
    with qtbot.waitSignal(win.run_finished, timeout=120_000):
        win.run_action.trigger()
    assert view.reassess_button.text() == "&Re-assess now"
    assert view.empty.isVisibleTo(view) and not view.compare_view.isVisibleTo(view)
    assert not view.before_box.isEnabled()
    win.runner.shutdown()


def test_export_pdf_from_the_file_menu(window, tmp_path):
    action = window.export_pdf_action
    assert action.shortcut() == QKeySequence("Ctrl+P")
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions() and action.isEnabled()
    target = window.export_pdf(str(tmp_path / "board.pdf"), "letter")
    assert target == str(tmp_path / "board.pdf")
    reader = PdfReader(target)
    assert round(float(reader.pages[0].mediabox.height)) == 792
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Before and after" in text  # the stored assessment before the one shown
    assert "PDF written to" in window.statusBar().currentMessage()


def test_export_pdf_failure_is_one_line_in_the_banner(window, tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    assert window.export_pdf(str(folder), "a4") is None  # a folder, not a file
    assert window.banner.text().startswith(f"Cannot write {folder}")


def test_a_stored_assessment_loads_off_the_gui_thread_and_a_newer_choice_wins(
    qtbot, window, stored_pair, monkeypatch
):
    """Loading a stored report decompresses and parses it: a worker does it while the status
    bar says so; the older choice, finishing after the newer one, is never shown."""
    import threading

    _repo, _db, (first, second) = stored_pair
    store = window.context.store
    real_load = store.load
    gates = {first: threading.Event(), second: threading.Event()}
    threads = []

    def load(assessment_id):
        threads.append(threading.current_thread())
        gates[assessment_id].wait(5)
        return real_load(assessment_id)

    monkeypatch.setattr(store, "load", load)
    window.show_stored(first)
    assert window.loading and "Loading assessment" in window.statusBar().currentMessage()
    window.show_stored(second)
    gates[second].set()
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    shown = window.view.assessment
    gates[first].set()  # the older load ends now: it must not replace what is shown
    qtbot.wait(100)
    assert window.view.assessment is shown
    assert shown.repository.head == real_load(second).repository.head
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert window.statusBar().currentMessage() == ""


def test_a_stored_assessment_that_cannot_load_says_so_in_the_banner(qtbot, window, monkeypatch):
    def broken(assessment_id):
        raise ValueError("not a report")

    monkeypatch.setattr(window.context.store, "load", broken)
    window.show_stored(99)
    qtbot.waitUntil(lambda: not window.loading, timeout=10_000)
    assert window.banner.text() == "Cannot load assessment #99: not a report"


def test_the_dashboard_of_a_stored_assessment_loads_off_the_gui_thread(
    qtbot, window, stored_pair, monkeypatch
):
    import threading

    _repo, _db, (first, _second) = stored_pair
    store = window.context.store
    real_load = store.load
    threads = []

    def load(assessment_id):
        threads.append(threading.current_thread())
        return real_load(assessment_id)

    monkeypatch.setattr(store, "load", load)
    with qtbot.waitSignal(window.assessment_shown, timeout=10_000) as shown:
        window.show_dashboard(first)
    assert shown.args[0].repository.head == real_load(first).repository.head
    assert window.view.tabs.currentWidget() is window.view.dashboard
    assert threads and threads[0] is not threading.main_thread()
