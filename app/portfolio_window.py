"""The Portfolio window (View › Portfolio): every repository in the store side by side. The
store is read off the GUI thread (the stored reports are decoded for their money figures); a
bubble clicked or a row double-clicked opens that assessment's dashboard in the main window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QWidget

from analysis.portfolio import PortfolioRow, TrendPoint
from analysis.progress import CancelCheck, ProgressCallback
from app.store.portfolio import load_portfolio
from app.store.portfolio_trend import load_median_trend
from app.store.store import Store
from widgets.background import TaskOwner
from widgets.portfolio_view import PortfolioView


def read_portfolio(
    store: Store, progress: ProgressCallback | None = None, cancel: CancelCheck | None = None
) -> tuple[list[PortfolioRow], list[TrendPoint]]:
    """The rows and the median trend (runs on the task runner)."""
    rows = load_portfolio(store, progress=progress, cancel=cancel)
    return rows, load_median_trend(store)


class PortfolioWindow(TaskOwner, QMainWindow):
    def __init__(
        self, store: Store, open_dashboard: Callable[[int], None], parent: QWidget | None = None
    ) -> None:
        QMainWindow.__init__(self, parent)
        self.store = store
        self.open_dashboard = open_dashboard
        self.setWindowTitle("Portfolio — Readiness Advisor")
        self.resize(1180, 780)
        self.view = PortfolioView()
        self.view.repository_chosen.connect(self._chosen)
        self.setCentralWidget(self.view)
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.activated.connect(self.refresh)
        self.rows: list[PortfolioRow] = []

    def refresh(self) -> None:
        """Read the store again in the background."""
        self.view.set_problem("Reading the store…")
        self.start(read_portfolio, self.store, on_done=self._loaded, on_failed=self._failed)

    def _loaded(self, result: tuple[list[PortfolioRow], list[TrendPoint]]) -> None:
        self.rows, trend = result
        self.view.set_portfolio(self.rows, trend)

    def _failed(self, message: str) -> None:
        self.view.set_problem(f"Cannot read the portfolio: {message}")

    def _chosen(self, assessment_id: int) -> None:
        self.open_dashboard(assessment_id)
        parent = self.parent()
        if isinstance(parent, QObject) and isinstance(parent, QWidget):
            parent.raise_()
            parent.activateWindow()

    def closeEvent(self, event) -> None:
        self.cancel_task()
        super().closeEvent(event)
