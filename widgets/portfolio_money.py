"""Portfolio-level money: the yearly cost of rework and the cost to fix the known debt summed
over the repositories, each repository's amount and its share of the sum
(:func:`analysis.portfolio.portfolio_money`)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from analysis.portfolio import PortfolioMoney
from widgets.record_table import Column, RecordTableModel, metric_table_view


@dataclass(frozen=True)
class MoneyLine:
    name: str
    path: str
    rework: float | None
    rework_share: float | None
    debt: float | None
    debt_share: float | None


def money_lines(money: PortfolioMoney) -> list[MoneyLine]:
    """One line per repository with either amount, largest rework first."""
    rework = {s.path: s for s in money.rework}
    debt = {s.path: s for s in money.debt}
    names = {s.path: s.name for s in [*money.rework, *money.debt]}
    lines = [
        MoneyLine(
            names[path],
            path,
            rework[path].amount if path in rework else None,
            rework[path].share if path in rework else None,
            debt[path].amount if path in debt else None,
            debt[path].share if path in debt else None,
        )
        for path in names
    ]
    lines.sort(key=lambda m: (-(m.rework or 0), -(m.debt or 0), m.name))
    return lines


def _amount(value: float) -> str:
    return f"{value:,.0f}"


def _share(value: float) -> str:
    return f"{value * 100:.1f}%"


COLUMNS = (
    Column("Repository", "", lambda m: m.name, numeric=False),
    Column("Rework a year", "Yearly cost of rework (measured share): team size x cost per "
           "engineer x measured rework share", lambda m: m.rework, text=_amount),
    Column("Share of rework", "This repository's part of the portfolio's rework cost",
           lambda m: m.rework_share, text=_share),
    Column("Cost to fix debt", "SQALE remediation hours x hourly cost", lambda m: m.debt,
           text=_amount),
    Column("Share of debt", "This repository's part of the portfolio's cost to fix debt",
           lambda m: m.debt_share, text=_share),
)  # fmt: skip


def totals_text(money: PortfolioMoney) -> str:
    currency = escape(money.currency or "")
    text = (
        f"<b>Portfolio:</b> rework costs <b>{money.rework_total:,.0f} {currency}</b> a year "
        f"({len(money.rework)} repositories with a measured rework share); fixing the known "
        f"debt costs <b>{money.debt_total:,.0f} {currency}</b> once ({len(money.debt)} "
        "repositories)."
    )
    if money.left_out:
        text += "<br>Not summed: " + "; ".join(escape(x) for x in money.left_out)
    return text


class PortfolioMoneyView(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        layout.addWidget(self.totals)
        self.model = RecordTableModel(COLUMNS, self)
        self.table = metric_table_view(self.model)
        self.table.setAccessibleName("Portfolio money")
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # the largest rework first
        layout.addWidget(self.table, 1)
        self.money: PortfolioMoney | None = None

    def set_money(self, money: PortfolioMoney) -> None:
        self.money = money
        self.totals.setText(totals_text(money))
        self.model.set_rows(money_lines(money))
