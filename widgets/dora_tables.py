"""DORA tables: the article's healthy vs high-debt table filled with this repository's figures,
and the evidence behind the figures (deployments in the window, failures and their links)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from analysis.dora.failures import KIND_LABELS
from analysis.dora.levels import ARTICLE_TABLE, METRIC_LABELS, METRICS
from analysis.dora.results import DoraReport
from analysis.dora.wording import duration, percent
from widgets.cell_table import ThemedItem
from widgets.dora_cards import LEVEL_COLOURS


def configure(table: QTableWidget, headers: Sequence[str], tooltips: Sequence[str]) -> None:
    """Read-only rows, headers with tooltips, columns fitted to their contents."""
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    for column, tip in enumerate(tooltips):
        table.horizontalHeaderItem(column).setToolTip(tip)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)


def fit_height(table: QTableWidget) -> None:
    """Make a short table exactly as tall as its rows (no empty area below them)."""
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(table.rowCount()))
    table.setFixedHeight(height + 2)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)


def table_item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = ThemedItem(text)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def measured_text(dora: DoraReport, metric: str) -> str:
    """This repository's figure for one of the article's rows, with its sample size."""
    if metric == "lead_time":
        lead = dora.lead_time_hours
        return f"{duration(lead.median)} median (n = {lead.n} commits)"
    if metric == "deployment_frequency":
        return (
            f"{dora.deploy_days.bucket}: {dora.deployments_per_week:.2f} per week "
            f"(n = {dora.deployments})"
        )
    if metric == "change_fail_rate":
        return f"{percent(dora.change_fail_rate)} ({dora.failed_deployments} of {dora.deployments})"
    recovery = dora.recovery_hours
    return f"{duration(recovery.median)} median (n = {recovery.n} failed deployments)"


class ArticleTable(QTableWidget):
    """The article's table (healthy vs high-debt system) with a column for this repository."""

    HEADERS = ("Metric", "Healthy system", "High-debt system", "This repository", "Verdict")
    TIPS = (
        "DORA metric",
        "The article's healthy system",
        "The article's high-debt system",
        "Measured over the window, with its sample size",
        "Healthy, in between or high-debt by the article's figures; 'not enough data' with "
        "fewer than 5 deployments (5 failed deployments for recovery)",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        configure(self, self.HEADERS, self.TIPS)
        self.setAlternatingRowColors(False)
        self.setRowCount(len(METRICS))
        for row, metric in enumerate(METRICS):
            healthy, debt = ARTICLE_TABLE[metric]
            self.setItem(row, 0, table_item(METRIC_LABELS[metric]))
            self.setItem(row, 1, table_item(healthy))
            self.setItem(row, 2, table_item(debt))
        fit_height(self)

    def set_report(self, dora: DoraReport) -> None:
        for row, metric in enumerate(METRICS):
            self.setItem(row, 3, table_item(measured_text(dora, metric)))
            verdict = dora.article_verdicts.get(metric, "")
            item = table_item(verdict)
            colours = LEVEL_COLOURS.get(verdict)
            if colours:
                item.setForeground(QBrush(QColor(colours[0])))
                item.setBackground(QBrush(QColor(colours[1])))
            self.setItem(row, 4, item)


class DeploymentTable(QTableWidget):
    HEADERS = ("Deployed (UTC)", "Deployment", "Commits", "Failed", "Unplanned", "Commit")
    TIPS = (
        "When it reached production",
        "Log id, tag or commit",
        "Changes it shipped first (each a lead-time sample)",
        "A failure links to it: see the failures below",
        "Made to fix something (revert, hotfix, fix tag, rollback): counts in rework rate",
        "The commit deployed",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        configure(self, self.HEADERS, self.TIPS)

    def set_report(self, dora: DoraReport) -> None:
        self.setSortingEnabled(False)
        self.setRowCount(len(dora.deployment_list))
        for row, d in enumerate(reversed(dora.deployment_list)):
            cells = [
                d.deployed_at[:16].replace("T", " "),
                d.name,
                str(d.commits),
                "failed" if d.failed else "",
                "unplanned" if d.unplanned else "",
                (d.sha or "not in this repository")[:12],
            ]
            for column, text in enumerate(cells):
                item = table_item(text)
                if column == 2:
                    item.setData(Qt.ItemDataRole.DisplayRole, d.commits)
                self.setItem(row, column, item)
        self.setSortingEnabled(True)


class FailureTable(QTableWidget):
    HEADERS = ("Failed deployment", "Source", "Evidence", "Linked", "Restored by", "Recovery")
    TIPS = (
        "The deployment that failed",
        "Where the failure comes from",
        "What shows the failure",
        "How the failure was linked to the deployment",
        "The deployment that restored service (the revert or fix)",
        "From the failed deployment to the restoring deployment or incident resolution",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        configure(self, self.HEADERS, self.TIPS)

    def set_report(self, dora: DoraReport) -> None:
        names = {d.id: d.name for d in dora.deployment_list}

        def named(key: str | None) -> str:
            name = names.get(key or "", "")
            return f"{key} ({name})" if name and name != key else key or ""

        self.setRowCount(len(dora.failures))
        for row, f in enumerate(dora.failures):
            cells = [
                named(f.deployment),
                KIND_LABELS.get(f.kind, f.kind),
                f.evidence,
                f.link,
                named(f.restored_by) or ("resolved" if f.restored_at else "not restored"),
                duration(f.recovery_hours),
            ]
            for column, text in enumerate(cells):
                self.setItem(row, column, table_item(text, text if column in (2, 3) else ""))
