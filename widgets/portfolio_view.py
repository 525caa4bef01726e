"""The portfolio view: the table of repositories, the scatter, the money and the median score
trend, over rows the application reads from the store (widgets do no store I/O).
``repository_chosen(assessment id)``: a bubble clicked or a row double-clicked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from analysis.portfolio import PortfolioRow, TrendPoint, portfolio_money
from widgets.portfolio_money import PortfolioMoneyView
from widgets.portfolio_scatter import PortfolioScatter
from widgets.portfolio_table import COLUMN, PortfolioTableModel, portfolio_table
from widgets.portfolio_trend import PortfolioTrend


class PortfolioView(QWidget):
    repository_chosen = Signal(int)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.status = QLabel("Reading the store…")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = PortfolioTableModel(self)
        self.table = portfolio_table(self.model)
        self.table.sortByColumn(COLUMN["Score"], Qt.SortOrder.AscendingOrder)  # weakest first
        self.table.doubleClicked.connect(self._row_chosen)
        self.table.setToolTip("Double-click a repository: its dashboard in the main window")
        split.addWidget(self.table)
        self.tabs = QTabWidget()
        self.scatter = PortfolioScatter()
        self.scatter.repository_chosen.connect(self.repository_chosen)
        self.money = PortfolioMoneyView()
        self.trend = PortfolioTrend()
        self.tabs.addTab(self.scatter, "&Scatter")
        self.tabs.addTab(self.money, "&Money")
        self.tabs.addTab(self.trend, "&Trend")
        split.addWidget(self.tabs)
        split.setSizes([300, 420])
        layout.addWidget(split, 1)

    def set_portfolio(self, rows: list[PortfolioRow], trend: list[TrendPoint]) -> None:
        self.model.set_portfolio(rows)
        self.scatter.set_rows(rows)
        self.money.set_money(portfolio_money(rows))
        self.trend.set_points(trend)
        if rows:
            self.status.setText(
                f"{len(rows)} repositories, each with its latest stored assessment. Sort by any "
                "column; double-click a row or click a bubble to open its dashboard."
            )
        else:
            self.status.setText(
                "No stored assessment yet: assess a repository (or run readiness portfolio) "
                "and it appears here."
            )

    def set_problem(self, message: str) -> None:
        self.status.setText(message)

    def theme_changed(self) -> None:
        self.scatter.theme_changed()
        self.trend.theme_changed()

    def _row_chosen(self, index) -> None:
        self.repository_chosen.emit(self.model.row_object(index.row()).assessment_id)
