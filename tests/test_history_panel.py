"""The History tab: cards, hotspot map (hover names the file, click opens it), tables, trends."""

from __future__ import annotations

import pytest
from history_builder import ALICE, BOB, HistoryBuilder, day, lines
from PySide6.QtCore import Qt

from analysis.assessment import Options, run
from widgets.assessment_view import AssessmentView
from widgets.history_panel import HistoryPanel
from widgets.hotspot_map import point_size, tip_text

BRANCHY = "def f(x):\n" + "".join(f"    if x == {i}:\n        return {i}\n" for i in range(6))


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    root = tmp_path_factory.mktemp("panel") / "repo"
    b = HistoryBuilder(root)
    b.commit({"core.py": BRANCHY, "util.py": "def g():\n    return 1\n"}, author=ALICE, when=day(0))
    for n in range(1, 6):  # core.py and its test change together five times
        b.commit(
            {"core.py": BRANCHY + f"    return {n}\n", "test_core.py": f"X = {n}\n"},
            author=BOB,
            when=day(n),
            message="fix core" if n % 2 else "extend core",
        )
    b.commit({"README.md": lines(30)}, author=ALICE, when=day(40))
    repo = b.finish()
    return run(repo.root, Options(workers=1))


VIEWS: list[AssessmentView] = []  # keep each test's view alive while its panel is used


def _panel(qtbot, assessment) -> HistoryPanel:
    view = AssessmentView()
    VIEWS.append(view)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show_assessment(assessment)
    panel = next(p for p in view.panels if isinstance(p, HistoryPanel))
    assert view.tabs.tabText(view.tabs.indexOf(panel)) == "&History"
    return panel


def test_cards_and_tables_show_the_history(qtbot, assessed):
    panel = _panel(qtbot, assessed)
    history = assessed.history
    assert panel.cards["commits"].value() == "7"
    assert panel.cards["truck"].value() == str(history.truck_factor.value)
    # fixes: commits 1, 3, 5 of 7
    assert panel.cards["fix"].value() == f"{round(3 / 7 * 100)}%"
    for card in panel.cards.values():
        assert card.toolTip()
    # README.md is docs: no history figure covers it (core, util and test_core are code)
    assert panel.hotspot_model.rowCount() == len(history.hotspots) == 3
    assert panel.coupling_model.rowCount() == 1
    pair = panel.coupling_model.row_object(0)
    # core.py 6 commits, test_core.py 5, shared 5: 5 / 5.5 = 90.9% -> 90 (code-maat int)
    assert (pair.a, pair.b, pair.degree) == ("core.py", "test_core.py", 90)
    assert panel.knowledge_model.rowCount() == 3
    for model in (panel.hotspot_model, panel.coupling_model, panel.knowledge_model):
        for column in range(model.columnCount()):
            assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert len(panel.trends.months) == 2  # January and February 2024


def test_hotspot_map_hover_names_the_file_and_click_opens_it(qtbot, assessed):
    panel = _panel(qtbot, assessed)
    hotspot_map = panel.map
    # production code first, placed by cyclomatic complexity (core 7, util 1)
    assert hotspot_map.current_choice() == "production"
    shown = {h.path: h for h in hotspot_map.shown}
    assert set(shown) == {"core.py", "util.py"}
    points = hotspot_map.scatter.points()
    index = next(i for i, p in enumerate(points) if hotspot_map.shown[p.data()].path == "core.py")
    spot = points[index]
    assert (spot.pos().x(), spot.pos().y()) == (6, 7)  # 6 changes, cyclomatic 1 + 6 ifs
    assert "core.py" in hotspot_map._tip(spot.pos().x(), spot.pos().y(), spot.data())
    with qtbot.waitSignal(hotspot_map.file_selected) as blocker:
        hotspot_map.scatter.sigClicked.emit(hotspot_map.scatter, [spot], None)
    assert blocker.args == ["core.py"]
    assert "core.py" in panel.details.text() and "test_core.py (90%)" in panel.details.text()
    current = panel.hotspot_proxy.mapToSource(panel.hotspot_table.currentIndex()).row()
    assert panel.hotspot_model.row_object(current).path == "core.py"
    # the tests on their own, then all code; the README is never a hotspot
    hotspot_map.measure_box.setCurrentIndex(hotspot_map.measure_box.findData("test"))
    assert [h.path for h in hotspot_map.shown] == ["test_core.py"]
    assert tip_text(hotspot_map.shown[0]).startswith("test_core.py\n5 changes · cyclomatic")
    assert tip_text(hotspot_map.shown[0]).endswith("test · Python")
    hotspot_map.measure_box.setCurrentIndex(hotspot_map.measure_box.findData("all"))
    assert {h.path for h in hotspot_map.shown} == {"core.py", "util.py", "test_core.py"}
    assert point_size(30) < point_size(3000)


def test_knowledge_filter_and_missing_history(qtbot, assessed, tmp_path):
    panel = _panel(qtbot, assessed)
    panel.loss_only.setChecked(True)
    lost = {f.path for f in assessed.history.knowledge_loss.files}
    assert panel.knowledge_model.rowCount() == len(lost)
    panel.show_history(None)
    assert panel.cards["truck"].value() == "–"
    assert "No history" in panel.note.text()
    assert panel.hotspot_model.rowCount() == 0 and panel.trends.months == []


def test_panel_renders(qtbot, assessed, tmp_path):
    panel = _panel(qtbot, assessed)
    for index in range(panel.pages.count()):
        panel.pages.setCurrentIndex(index)
        image = panel.grab()
        assert image.width() > 0
        assert image.save(str(tmp_path / f"history-{index}.png"))


def test_the_table_shows_what_the_map_shows(qtbot, assessed):
    """ "Show: Production code" chooses for the table beside the map too: a test file listed
    under it read as a production hotspot (saleor: 9 of the first 12 rows were tests)."""
    panel = _panel(qtbot, assessed)
    roles = {h.path: h.role for h in assessed.history.hotspots}
    assert roles == {"core.py": "production", "util.py": "production", "test_core.py": "test"}

    def listed() -> set[str]:
        proxy = panel.hotspot_proxy
        return {proxy.index(row, 0).data() for row in range(proxy.rowCount())}

    box = panel.map.measure_box
    shown = {}
    for index in range(box.count()):
        box.setCurrentIndex(index)
        shown[box.currentData()] = listed()
        assert len(shown[box.currentData()]) == len(panel.map.shown)
    assert shown == {
        "production": {"core.py", "util.py"},
        "test": {"test_core.py"},
        "all": {"core.py", "util.py", "test_core.py"},
    }
