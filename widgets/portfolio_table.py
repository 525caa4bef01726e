"""The portfolio table: one row per repository (its latest stored assessment), sortable by any
column: score, grade, both verdicts, the five DORA figures, debt ratio, hotspot share, last
assessed. A figure the assessment did not measure shows as "–" and sorts first."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView

from analysis.comparison import SPECS
from analysis.portfolio import PortfolioRow
from widgets.record_table import Column, RecordTableModel, metric_table_view


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _days(value: float) -> str:
    return f"{value:.1f} d"


def _hours(value: float) -> str:
    return f"{value:.1f} h"


def _tip(key: str, fallback: str) -> str:
    spec = SPECS.get(key)
    return getattr(spec, "definition", fallback) if spec is not None else fallback


def _figure(key: str):
    return lambda row: row.figure(key)


COLUMNS = (
    Column("Repository", "The folder assessed (a sub-folder when scoped)", lambda r: r.name,
           numeric=False),
    Column("Score", "Readiness score, 0-100 (higher is better)", _figure("score")),
    Column("Grade", "Readiness grade, A (best) to E", _figure("grade"), numeric=False),
    Column("Refactor/rewrite", "The refactor-vs-rewrite verdict", lambda r: r.refactor,
           numeric=False, value_tooltip=True),
    Column("Staffing", "The staffing verdict", lambda r: r.staffing, numeric=False,
           value_tooltip=True),
    Column("Lead time", _tip("lead_time_days", "DORA lead time for changes, median"),
           _figure("lead_time_days"), text=_days),
    Column("Deploys/wk", _tip("deploys_per_week", "DORA deployment frequency"),
           _figure("deploys_per_week"), digits=2),
    Column("Fail rate", _tip("change_fail_rate", "DORA change fail rate"),
           _figure("change_fail_rate"), text=_percent),
    Column("Recovery", _tip("recovery_hours", "DORA failed deployment recovery time, median"),
           _figure("recovery_hours"), text=_hours),
    Column("Deploy rework", _tip("deployment_rework_rate", "DORA deployment rework rate"),
           _figure("deployment_rework_rate"), text=_percent),
    Column("Debt", _tip("debt_ratio", "SQALE debt ratio"), _figure("debt_ratio"),
           text=_percent),
    Column("Hotspots", _tip("hotspot_share", "Changes landing in the top 10% hotspots"),
           _figure("hotspot_share"), text=_percent),
    Column("Assessed", "The day the latest stored assessment ran (UTC)", lambda r: r.analyzed_at,
           numeric=False, text=lambda moment: moment.strftime("%Y-%m-%d")),
)  # fmt: skip
#: column index by header title (tests, the window's default sort)
COLUMN = {c.title: i for i, c in enumerate(COLUMNS)}


class PortfolioTableModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, parent)

    def set_portfolio(self, rows: list[PortfolioRow]) -> None:
        self.set_rows(rows)

    def row_of_assessment(self, assessment_id: int) -> int:
        for row in range(self.rowCount()):
            if self.row_object(row).assessment_id == assessment_id:
                return row
        return -1


def portfolio_table(model: PortfolioTableModel):
    """A sortable, read-only view of the portfolio (double-click a row: its dashboard)."""
    view = metric_table_view(model)
    view.setWordWrap(False)  # one line a repository; the verdicts elide
    header = view.horizontalHeader()
    # the figures fit their contents; the verdicts (long sentences) take what is left, elided,
    # their full text in the tooltip: every column shows in a window of ~1,100 px
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    for title in ("Refactor/rewrite", "Staffing"):
        header.setSectionResizeMode(COLUMN[title], QHeaderView.ResizeMode.Stretch)
    view.setAccessibleName("Portfolio table")
    return view
