"""What keeps the GUI responsive, checked for correctness: the report text (orjson) reads back
as json reads it, tables sorted by the model sort as the proxy did, hidden tabs are fed when
shown, the assessment job pauses collections and leaves them on, and Open Dashboard shows the
wizard's own result."""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QItemSelectionModel, Qt
from test_dashboard import assessed  # noqa: F401 - the module's assessment, shared
from test_wizard import add_repository, released_repo

from analysis import json_text
from analysis.report import to_report
from app.assessment_job import assess_and_store, collections_paused, release_earlier_runs
from app.context import ApplicationContext
from app.settings import Settings
from widgets.assessment_view import AssessmentView
from widgets.record_table import Column, RecordFilterProxyModel, RecordTableModel, metric_table_view

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=40) | st.dictionaries(st.text(), inner, max_size=40),
    max_leaves=300,
)


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_report_text_reads_back_as_json_reads_it(value):
    # orjson's text, read by the standard library: the same value, compact and indented
    assert json.loads(json_text.dumps(value)) == value
    assert json.loads(json_text.dumps(value, indent=True)) == value
    assert json_text.loads(json.dumps(value)) == value


def test_a_real_report_is_json_dumps_indented_text(assessed):  # noqa: F811
    report = to_report(assessed)
    assert json_text.dumps(report, indent=True).decode() == json.dumps(
        report, indent=2, ensure_ascii=False
    )
    assert json_text.dumps({1: "a", "b": [1.5, None]}) == b'{"1":"a","b":[1.5,null]}'
    assert json.loads(json_text.dumps({"big": 2**70})) == {"big": 2**70}  # json's fallback
    assert json_text.dumps({"x": float("nan")}) == b'{"x":null}'  # never NaN, which is not JSON
    assert json.loads(json_text.dumps(["\ud800 é"])) == ["\ud800 é"]  # a lone surrogate: json's


@dataclass
class Row:
    path: str
    lines: int | None


def test_tables_sort_in_the_model_as_the_proxy_did(qtbot):
    columns = (Column("Path", "", lambda r: r.path, False), Column("Lines", "", lambda r: r.lines))
    rows = [Row("b.py", 10), Row("A.py", None), Row("c.py", 2), Row("d.py", 10)]
    model = RecordTableModel(columns)
    proxy = RecordFilterProxyModel(0)
    proxy.setSourceModel(model)
    view = metric_table_view(proxy)
    qtbot.addWidget(view)
    model.set_rows(rows)

    def shown() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # numbers as numbers, none last
    assert shown() == ["b.py", "d.py", "c.py", "A.py"]  # ties keep their order (stable)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # text without case
    assert shown() == ["A.py", "b.py", "c.py", "d.py"]
    view.selectionModel().setCurrentIndex(
        proxy.index(2, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert shown() == ["A.py", "c.py", "b.py", "d.py"]
    assert view.currentIndex().data() == "c.py"  # the selection follows its row
    proxy.setFilterFixedString("D")
    assert shown() == ["d.py"]
    proxy.setFilterFixedString("")
    model.set_rows([Row("z.py", 1), Row("y.py", 5)])  # new rows keep the table's sort
    assert shown() == ["z.py", "y.py"]
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the order given
    assert shown() == ["z.py", "y.py"]


def test_a_lazy_view_feeds_a_tab_when_it_is_shown(qtbot, assessed):  # noqa: F811
    view = AssessmentView(lazy=True)
    qtbot.addWidget(view)
    view.show_assessment(assessed)
    assert view.dashboard.assessment is assessed  # the tab on screen
    assert view.history_panel.section is None and view.history_panel in view.stale
    view.tabs.setCurrentWidget(view.history_panel)
    assert view.history_panel.section is assessed.history and view.history_panel not in view.stale
    assert view.decisions_panel.decisions is None
    view.show_component(assessed.architecture.components[0].name)  # fed on demand too
    assert view.tabs.currentWidget() is view.architecture_panel
    assert view.architecture_panel.section is assessed.architecture


def test_collections_are_paused_for_a_run_and_on_again_after(git_repo, database_url):
    git_repo.write("app.py", "def f():\n    return 1\n")
    git_repo.commit()
    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    assert gc.isenabled()
    seen = []

    def progress(p):
        seen.append(gc.isenabled())

    options = context.settings.analysis_options()
    given = (options.dora, options.team)
    _result, assessment_id = assess_and_store(
        str(git_repo.root), options, context, progress=progress, cancel=lambda: False
    )
    assert options.dora is given[0] and options.team is given[1]  # the caller's, unchanged
    assert seen and not any(seen[:-1])  # paused while measuring and saving
    assert gc.isenabled() and gc.get_freeze_count() > 0
    assert context.store.load(assessment_id).code.totals.files == 1
    release_earlier_runs()  # what the GUI does on its thread before the next run
    assert gc.get_freeze_count() == 0
    try:
        with collections_paused():
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert gc.isenabled() and gc.get_freeze_count() == 0  # a stopped run is not frozen
    context.close()


def test_open_dashboard_shows_the_wizards_result(make_window, qtbot, database_url, git_repo):
    released_repo(git_repo)
    context = ApplicationContext(settings=Settings(workers=1), database_url=database_url)
    window = make_window(context)
    window.show()
    wizard = window.new_assessment()
    wizard.next()
    add_repository(qtbot, wizard, git_repo.root)
    wizard.next()
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.run_page.outcome == "done", timeout=60_000)
    wizard.next()
    assessment_id = wizard.results.selected_id()
    shown = wizard.state.result_of(assessment_id)
    with qtbot.waitSignal(window.assessment_shown) as opened:
        wizard.accept()
    assert opened.args == [shown]  # the object in memory, not loaded again
    assert window.view.tabs.currentWidget() is window.view.dashboard
    assert window.repository_path == str(git_repo.root.resolve())
    assert window.history_model.rowCount() == 1
    assert window.wizard is None
    window.runner.shutdown()
