"""DORA tables: the article's healthy vs high-debt table filled with this repository's figures,
and the evidence behind the figures: deployments (or releases) in the window with their kind and
release line, each failure with the commits that link it to its cause, the release lines, and
the tags set aside (pre-releases, non-release tags) with the reason for each."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from analysis.dora.evidence_wording import (
    commit_text,
    lead_time_text,
    method_of,
    method_tip,
    method_words,
    unit,
)
from analysis.dora.levels import ARTICLE_TABLE, METRIC_LABELS, METRICS, article_table
from analysis.dora.results import DeploymentEntry, DoraReport, FailureEntry
from analysis.dora.wording import count, duration, percent
from widgets import palette
from widgets.cell_table import Cell, RecordTable, ThemedItem, cell
from widgets.dora_cards import LEVEL_COLOURS
from widgets.literal_text import literal_tooltip


def header_item(table: QTableWidget, column: int) -> QTableWidgetItem:
    """The column's header item (made when the header has none yet)."""
    item = table.horizontalHeaderItem(column)
    if item is None:
        item = QTableWidgetItem()
        table.setHorizontalHeaderItem(column, item)
    return item


def configure(table: QTableWidget, headers: Sequence[str], tooltips: Sequence[str]) -> None:
    """Read-only rows, headers with tooltips, columns fitted to their contents."""
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    for column, tip in enumerate(tooltips):
        header_item(table, column).setToolTip(tip)
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


def fit_rows(table: QTableWidget, most: int) -> None:
    """As tall as its rows, up to ``most`` rows (then it scrolls)."""
    table.resizeRowsToContents()
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(min(table.rowCount(), most)))
    table.setFixedHeight(height + 2)


def table_item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = ThemedItem(text)
    if tooltip:
        item.setToolTip(literal_tooltip(tooltip))
    return item


def measured_text(dora: DoraReport, metric: str) -> str:
    """This repository's figure for one of the article's rows, with its sample size."""
    if metric == "lead_time":
        lead = dora.lead_time_hours
        if dora.lead_time_reason:
            return lead_time_text(dora)
        return f"{duration(lead.median)} median (n = {lead.n} commits)"
    if metric == "deployment_frequency":
        return (
            f"{dora.deploy_days.bucket}: {dora.deployments_per_week:.2f} {unit(dora)}s per week "
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
        table = article_table(dora.reads_as == "releases")
        for row, metric in enumerate(METRICS):
            healthy, debt = table[metric]
            self.setItem(row, 1, table_item(healthy))
            self.setItem(row, 2, table_item(debt))
            self.setItem(row, 3, table_item(measured_text(dora, metric)))
            verdict = dora.article_verdicts.get(metric, "")
            item = table_item(verdict)
            colours = LEVEL_COLOURS.get(verdict)
            if colours:
                item.setForeground(QBrush(QColor(colours[0])))
                item.setBackground(QBrush(QColor(colours[1])))
            self.setItem(row, 4, item)


#: Release lines shown before the table scrolls (flask has some twenty lines since 0.1).
MAX_LINE_ROWS = 10
#: Text colour of rows that are listed but not counted (backports, pre-releases).
NOT_COUNTED = palette.colour("muted", dark=False)
KIND_TIPS = {
    "release": "A release tag that ships new changes: counted",
    "backport": "A patch on an older release line carrying only changes already shipped on a "
    "newer line: listed, counted once where the changes first shipped",
    "pre-release": "A release candidate, beta, alpha or dev tag: listed, never counted",
    "deployment": "A deployment-log row or a default-branch merge: counted",
}


def not_counted_reason(d: DeploymentEntry, names: dict[str, str]) -> str:
    """Why a listed deployment is left out of the figures, in words."""
    if d.kind == "backport":
        first = names.get(d.backport_of or "", d.backport_of or "")
        where = f" of {first}" if first else ""
        return (
            f"Not counted: a backport{where}. Its changes first shipped there and are counted "
            "once, there."
        )
    if d.kind == "pre-release":
        return "Not counted: a pre-release (rc, beta, alpha, dev). Listed, never counted."
    return "Not counted in the figures."


class DeploymentTable(RecordTable):
    """Deployments (or releases) in the window, newest first; the ones not counted in grey."""

    COLUMNS = (
        ("Deployed (UTC)", "When it reached production (for a tag: when it was made)"),
        ("Deployment", "Log id, tag or commit"),
        ("Kind", "release, backport (counted where its changes first shipped), pre-release "
         "(never counted) or deployment (a log row or a merge); grey: not counted"),
        ("Line", "The release line (major.minor, with a monorepo tag prefix)"),
        ("Commits", "Changes it shipped first (each a lead-time sample)"),
        ("Failed", "A failure links to it: see Failures"),
        ("Unplanned", "Made to fix something (revert, hotfix, fix tag, rollback): counts in "
         "rework rate"),
        ("Commit", "The commit deployed"),
    )  # fmt: skip

    def __init__(self, parent=None) -> None:
        super().__init__(self.COLUMNS, parent, sort=None)

    def set_report(self, dora: DoraReport) -> None:
        names = {d.id: d.name for d in dora.deployment_list}
        header_item(self, 1).setText(unit(dora).capitalize())
        rows = []
        for d in reversed(dora.deployment_list):
            tip = "" if d.counted else not_counted_reason(d, names)
            grey = None if d.counted else NOT_COUNTED
            kind = d.kind + ("" if d.counted else " (not counted)")
            texts = [
                (d.deployed_at[:16].replace("T", " "), d.deployed_at),
                (d.name, None),
                (kind, None),
                (d.line or "", None),
                (f"{d.commits:,}", d.commits),
                ("failed" if d.failed else "", None),
                ("unplanned" if d.unplanned else "", None),
                ((d.sha or "not in this repository")[:12], None),
            ]
            rows.append(
                [
                    Cell(text, tip or (KIND_TIPS.get(d.kind, "") if c == 2 else ""), sort,
                         foreground=grey)
                    for c, (text, sort) in enumerate(texts)
                ]
            )  # fmt: skip
        self.set_rows(rows)


class FailureTable(RecordTable):
    """Each failed deployment with its evidence: the later deployment that shipped the fix, the
    fixing commit, the change it fixed, how they were linked, and the recovery time."""

    COLUMNS = (
        ("Failed", "The deployment that failed: a change it shipped first needed a fix"),
        ("Fixed in", "The later deployment that shipped the fix (or the revert) and so "
         "restored service"),
        ("Fix commit", "The commit that fixed or reverted the change (hover: full sha and "
         "subject)"),
        ("Fixed change", "The change it fixed or reverted, first shipped in the failed "
         "deployment (hover: full sha and subject)"),
        ("How linked", "How the fix was tied to the change (hover: the method and its source)"),
        ("Recovery", "From the failed deployment to the deployment that shipped the fix (or "
         "the incident's resolution)"),
    )  # fmt: skip

    def __init__(self, parent=None) -> None:
        super().__init__(self.COLUMNS, parent, stretch=3, sort=None)

    def set_report(self, dora: DoraReport) -> None:
        """Counted failures first; then, in grey, failures of deployments not counted (a
        backport failing with the release it copies is one failure, counted there)."""
        entries = {d.id: d for d in dora.deployment_list}
        header_item(self, 0).setText(f"Failed {unit(dora)}")
        ordered = sorted(dora.failures, key=lambda f: not f.counted)
        self.set_rows([self._row(f, entries) for f in ordered])

    @staticmethod
    def _row(f: FailureEntry, entries: dict[str, DeploymentEntry]) -> list[Cell]:
        names = {key: d.name for key, d in entries.items()}

        def named(key: str | None) -> str:
            return names.get(key or "", key or "")

        method = method_of(f)
        grey = None if f.counted else NOT_COUNTED
        outside = ""
        if not f.counted:
            failed = entries.get(f.deployment)
            outside = (
                not_counted_reason(failed, names) if failed else "Not counted in the figures."
            ) + "\n\n"
        restored = named(f.restored_by) or ("resolved" if f.restored_at else "not restored")
        fix, fixed = f.fix_commit, f.fixed_commit
        link_tip = method_tip(method)
        if f.link:
            link_tip += f"\n\nHere: {f.link}"
        if f.evidence:
            link_tip += f"\n\nEvidence: {f.evidence}"
        cells = [
            Cell(named(f.deployment), f"Id: {f.deployment}"),
            Cell(restored, f"Restored at {f.restored_at[:16].replace('T', ' ')} UTC"
                 if f.restored_at else "Not restored in the data"),
            Cell(commit_text(fix, f.fix_subject, 48) or "–",
                 f"{fix}\n{f.fix_subject}" if fix else f"No commit named. {f.evidence}"),
            Cell(commit_text(fixed, f.fixed_subject) or "–",
                 f"{fixed}\n{f.fixed_subject}" if fixed else f"No commit named. {f.evidence}"),
            Cell(method_words(method), link_tip),
            Cell(duration(f.recovery_hours), "", f.recovery_hours),
        ]  # fmt: skip
        return [Cell(c.text, outside + c.tooltip, c.sort, foreground=grey) for c in cells]


class ReleaseLineTable(RecordTable):
    """Release lines (major.minor), newest first; the current line in bold."""

    COLUMNS = (
        ("Line", "major.minor (with a monorepo tag prefix; a CalVer line is year.month)"),
        ("Releases", "Releases of the line in the window that shipped new changes: counted"),
        ("Backports", "Patches in the window carrying only changes already shipped on a newer "
         "line: listed, not counted"),
        ("Pre-releases", "rc, beta, alpha and dev tags of the line in the window: not counted"),
        ("First release", "The line's first release ever (UTC)"),
        ("Last release", "The line's last release (UTC)"),
        ("Maintained", "Released in the window"),
    )  # fmt: skip

    def __init__(self, parent=None) -> None:
        super().__init__(self.COLUMNS, parent, sort=None)

    def set_report(self, dora: DoraReport) -> None:
        rows = []
        for line in dora.release_lines:
            name = f"{line.line} (current)" if line.current else line.line
            tip = "The newest line still released" if line.current else ""
            rows.append(
                [
                    Cell(name, tip, line.line, bold=line.current),
                    cell(line.releases),
                    cell(line.backports),
                    cell(line.pre_releases),
                    Cell((line.first or "")[:10]),
                    Cell((line.last or "")[:10]),
                    Cell("yes" if line.maintained else "no",
                         "Released in the window" if line.maintained
                         else "No release in the window"),
                ]
            )  # fmt: skip
        self.set_rows(rows)
        fit_rows(self, MAX_LINE_ROWS)


class SetAsideTagTable(RecordTable):
    """Tags of the window that are not releases (pre-releases, non-release tags), and why."""

    COLUMNS = (
        ("Tag", "The tag's name"),
        ("Date", "When the tag was made (UTC)"),
        ("Read as", "pre-release (rc, beta, alpha, dev: never counted) or non-release (not a "
         "version: never a deployment)"),
        ("Why", "Why it is not counted as a release"),
    )  # fmt: skip

    def __init__(self, parent=None) -> None:
        super().__init__(self.COLUMNS, parent, stretch=3, sort=None)

    def set_report(self, dora: DoraReport) -> None:
        self.set_rows(
            [
                [Cell(t.name), Cell((t.date or "")[:10]), Cell(t.kind), Cell(t.reason, t.reason)]
                for t in dora.set_aside_tags
            ]
        )


def tag_kinds_text(dora: DoraReport) -> str:
    """The tags read, by kind: "1456 tags in the repository: 1310 releases, ..."."""
    kinds = dora.tag_kinds
    if not kinds:
        return ""
    total = sum(kinds.values())
    parts = [
        count(kinds.get("release", 0), "release"),
        count(kinds.get("pre-release", 0), "pre-release"),
        count(kinds.get("non-release", 0), "non-release tag"),
    ]
    return f"{count(total, 'tag')} in the repository: " + ", ".join(parts) + "."
