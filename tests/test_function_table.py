"""The Files tab: per-file cognitive and Halstead columns, and the functions of the chosen file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from analysis.assessment import run
from widgets.assessment_view import AssessmentView
from widgets.file_table import COLUMNS
from widgets.function_table import FUNCTION_COLUMNS

SOURCE = """def plain(a, b):
    return a + b


class Shop:
    def checkout(self, cart, user, coupon=None, *extra, **options):
        total = 0
        for item in cart:                 # +1
            if item.price and item.stock:  # +2 (nesting 1), `and` +1
                total += item.price
        return total
"""


@pytest.fixture
def view(qtbot, git_repo):
    git_repo.write("shop.py", SOURCE)
    git_repo.write("legacy.py", "print 'old'\n")
    git_repo.commit()
    widget = AssessmentView()
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.show_assessment(run(git_repo.root))
    return widget


def _cell(model, row, title, columns):
    column = [c.title for c in columns].index(title)
    return model.data(model.index(row, column))


def test_files_table_has_cognitive_and_volume_with_tooltips(view):
    titles = [c.title for c in COLUMNS]
    assert "Max cognitive" in titles and "Volume" in titles
    assert all(c.tooltip for c in COLUMNS)
    proxy = view.proxy
    rows = {proxy.data(proxy.index(r, 0)): r for r in range(proxy.rowCount())}
    assert _cell(proxy, rows["shop.py"], "Max cognitive", COLUMNS) == "4"
    assert _cell(proxy, rows["legacy.py"], "Max cognitive", COLUMNS) == "–"
    header = view.model.headerData(
        titles.index("Volume"), Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert "Halstead volume" in header


def test_selecting_a_file_lists_its_functions(view, qtbot, tmp_path):
    functions = view.functions
    assert functions.model.rowCount() == 0 and "select a file" in functions.title.text()
    proxy = view.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.data(proxy.index(r, 0)) == "shop.py")
    view.table.selectRow(row)
    table = functions.proxy
    assert table.rowCount() == 3  # plain, Shop, Shop.checkout
    names = [table.data(table.index(r, 0)) for r in range(3)]
    assert names == ["plain", "Shop", "Shop.checkout"]  # sorted by line
    checkout = 2
    # 4 parameters and *extra, **options: 5 besides self
    assert _cell(table, checkout, "Params", FUNCTION_COLUMNS) == "5"
    assert _cell(table, checkout, "Cognitive", FUNCTION_COLUMNS) == "4"
    assert _cell(table, checkout, "CC", FUNCTION_COLUMNS) == "4"  # 1 + for + if + and
    assert _cell(table, checkout, "Rank", FUNCTION_COLUMNS) == "A"
    assert _cell(table, checkout, "Lines", FUNCTION_COLUMNS) == "6"
    assert _cell(table, 1, "Cognitive", FUNCTION_COLUMNS) == "–"  # a class has none
    assert all(c.tooltip for c in FUNCTION_COLUMNS)
    assert "shop.py" in functions.title.text()
    view.grab().save(str(tmp_path / "files_tab.png"))
    rows = {proxy.data(proxy.index(r, 0)): r for r in range(proxy.rowCount())}
    view.table.selectRow(rows["legacy.py"])
    assert functions.model.rowCount() == 0 and "not measured" in functions.title.text()
