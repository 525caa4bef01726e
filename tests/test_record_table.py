"""The one table framework as a user meets it: a click on a header sorts numbers as numbers
(1,200 after 999) with empty cells first, the sort chosen survives new rows, tooltips show
repository text literally, and Ctrl+C copies the selected rows as a spreadsheet pastes them."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from table_cells import header_tooltip, row_count, shown

from widgets.record_table import Cell, RecordTable, cell

COLUMNS = (("Module", "The module's path"), ("Lines", "Source lines"))


def _click_header(table: RecordTable, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def _table(qtbot, **options) -> RecordTable:
    table = RecordTable(COLUMNS, **options)
    qtbot.addWidget(table)
    table.set_rows(
        [
            [cell("shop/Orders.py"), cell(999)],
            [cell("shop/billing.py"), cell(1200)],
            [cell("legacy.py", "<b>old</b> code"), cell(None)],
            [cell("api.py"), cell(85)],
        ]
    )
    return table


def test_rows_keep_the_given_order_until_a_header_is_clicked(qtbot):
    table = _table(qtbot, sort=None)
    assert table.texts(0) == ["shop/Orders.py", "shop/billing.py", "legacy.py", "api.py"]
    table.show()
    _click_header(table, 1)
    assert table.texts(1) == ["", "85", "999", "1,200"]  # numbers, not "1,200" < "85"
    _click_header(table, 1)
    assert table.texts(1) == ["1,200", "999", "85", ""]
    _click_header(table, 0)  # texts whatever their case
    assert table.texts(0) == ["api.py", "legacy.py", "shop/billing.py", "shop/Orders.py"]


def test_the_first_sort_and_a_chosen_sort_survive_new_rows(qtbot):
    table = _table(qtbot, sort=(1, Qt.SortOrder.DescendingOrder))
    assert table.texts(0)[0] == "shop/billing.py"
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.set_rows([[cell("z.py"), cell(1)], [cell("b.py"), cell(2)]])
    assert table.texts(0) == ["b.py", "z.py"]
    assert table.horizontalHeader().sortIndicatorSection() == 0


def test_a_table_whose_order_means_something_does_not_sort(qtbot):
    table = _table(qtbot, sortable=False)
    table.show()
    _click_header(table, 1)
    assert not table.isSortingEnabled()
    assert table.texts(0) == ["shop/Orders.py", "shop/billing.py", "legacy.py", "api.py"]


def test_tooltips_show_text_literally_and_headers_say_what_a_column_means(qtbot):
    table = _table(qtbot, sort=None)
    assert header_tooltip(table, 1) == "Source lines"
    tip = shown(table, 2, 0).tooltip
    assert "<b>" not in tip.replace("&lt;b&gt;", "") and "&lt;b&gt;old&lt;/b&gt;" in tip
    assert shown(table, 0, 0).tooltip == ""  # no tooltip of its own: none


def test_ctrl_c_copies_the_selected_rows_in_the_order_shown(qtbot):
    table = _table(qtbot, sort=None)
    table.show()
    table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    table.selectRow(0)
    QTest.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "shop/billing.py\t1,200\nshop/Orders.py\t999"
    assert [a.text() for a in table.actions()] == ["&Copy"]  # also in the context menu


def test_cells_written_with_a_sort_value_sort_by_it(qtbot):
    """Versions shown as text sort by the number they carry (3.10 after 3.9)."""
    table = RecordTable((("Version", ""),))
    qtbot.addWidget(table)
    table.set_rows([[Cell(v, sort=100 * int(v[0]) + int(v[2:]))] for v in ("3.10", "3.9", "2.7")])
    assert table.texts(0) == ["2.7", "3.9", "3.10"] and row_count(table) == 3
