"""The Debt panel shows the engine's figures (fixture of test_debt: rating C, 132 min, 6 issues)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from test_debt import debt_repo  # noqa: F401  (the fixture repository)

from analysis.assessment import Options, run
from widgets.assessment_view import AssessmentView
from widgets.debt_panel import DebtPanel
from widgets.debt_tables import minutes_text, rating_band


@pytest.fixture
def assessment(debt_repo):  # noqa: F811
    return run(debt_repo.root, Options(hourly_cost=95, currency="EUR"))


def test_cards_show_rating_ratio_time_money_and_duplication(qtbot, assessment):
    panel = DebtPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(assessment)
    cards = panel.cards
    assert cards["rating"].value() == "C"
    assert cards["rating"].caption_label.text() == "C: ratio 10%–20%"
    assert "SonarQube" in cards["rating"].toolTip() and "A <= 5%" in cards["rating"].toolTip()
    assert cards["ratio"].value() == "10.5%"  # 132 / (30 x 42)
    assert cards["time"].value() == "2 h 12 min"  # 132 min
    assert cards["money"].value() == "209 EUR"  # 2.2 h x 95
    assert cards["duplication"].value() == "16.6%"  # 24 / 145 lines
    assert "3.12, 3.13 (assumed" in panel.note.text()
    assert "1 file(s) with syntax errors" in panel.note.text()
    for card in cards.values():
        assert card.toolTip()


def test_issue_list_sorts_and_filters(qtbot, assessment):
    panel = DebtPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(assessment)
    proxy = panel.issue_proxy
    assert proxy.rowCount() == 6 and panel.issue_count.text() == "6 issues"
    panel.issue_table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # minutes
    minutes = [proxy.index(r, 3).data() for r in range(proxy.rowCount())]
    assert minutes == ["30", "30", "20", "20", "20", "12"]
    panel.rule_filter.setCurrentIndex(panel.rule_filter.findData("removed-stdlib-module"))
    assert proxy.rowCount() == 2 and panel.issue_count.text() == "2 of 6 issues"
    panel.rule_filter.setCurrentIndex(0)
    panel.filter_edit.setText("logic.py")
    assert proxy.rowCount() == 1
    assert proxy.index(0, 4).data() == "check: cyclomatic complexity 17 (threshold 15)"
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Rule", "File", "Line", "Minutes", "Why"]
    tooltip = proxy.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "remediation" in tooltip


def test_breakdowns_duplication_and_rules(qtbot, assessment):
    panel = DebtPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(assessment)
    packages = {
        panel.package_proxy.index(r, 0).data(): panel.package_proxy.index(r, 5).data()
        for r in range(panel.package_proxy.rowCount())
    }
    assert packages == {"app": "B", "jobs": "D", "(top level)": "A"}
    assert panel.file_proxy.rowCount() == 7
    assert panel.group_proxy.rowCount() == 1
    assert panel.fragment_proxy.rowCount() == 2  # the first group is selected
    locations = [panel.fragment_proxy.index(r, 0).data() for r in range(2)]
    assert locations == ["app/a.py", "app/b.py"]
    # the raw CPD-style figure beside it (the same here: the copy is exact)
    text = panel.duplication_label.text()
    assert "24 of 145 lines (16.6%) are in duplicated blocks" in text
    assert "every name and literal normalized" in text and "too): 16.6%." in text
    assert panel.rule_model.rowCount() == 8


def test_main_view_has_the_debt_card_and_tab(qtbot, assessment):
    view = AssessmentView()
    qtbot.addWidget(view)
    view.show_assessment(assessment)
    assert view.cards["debt"].value() == "C"
    assert "SonarQube" in view.cards["debt"].toolTip()
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert "&Debt" in titles
    model = view.model
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Dup. lines"
    )
    rows = {model.file_at(r).path: model.index(r, column).data() for r in range(model.rowCount())}
    assert rows["app/a.py"] == "12" and rows["broken.py"] == "–"


def test_an_assessment_without_debt_figures_shows_dashes(qtbot, assessment):
    panel = DebtPanel()
    qtbot.addWidget(panel)
    panel.show_assessment(assessment)
    panel.show_assessment(replace(assessment, debt=None, duplication=None))
    assert panel.cards["rating"].value() == "–"
    assert panel.cards["duplication"].value() == "–"
    assert panel.issue_model.rowCount() == 0 and panel.group_model.rowCount() == 0


def test_time_and_rating_texts():
    # SonarQube counts 8-hour days
    assert [minutes_text(m) for m in (0, 45, 60, 132, 480, 1500)] == [
        "0 min", "45 min", "1 h", "2 h 12 min", "1 d", "3 d 1 h",
    ]  # fmt: skip
    assert rating_band("A") == "A: ratio ≤ 5%"
    assert rating_band("E") == "E: ratio > 50%"
