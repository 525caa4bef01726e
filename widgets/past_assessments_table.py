"""Earlier assessments of a repository as a Qt model (rows are any objects with the fields of
``app.store.AssessmentSummary``: id, analyzed_at, head, branch, partial, python_files, sloc,
mi_average, warning_count and ``headline``, an :class:`analysis.headline.Headline` or None)."""

from __future__ import annotations

from datetime import UTC, datetime

from analysis.comparison import SPECS, duration_text, percent_text
from widgets.record_table import Column, RecordTableModel


def local_time(moment: datetime) -> str:
    """The store keeps naive UTC; show local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _figure(name: str):
    return lambda r: None if r.headline is None else getattr(r.headline, name)


def _tip(key: str, extra: str = "") -> str:
    return f"{SPECS[key].definition} {extra}".strip()


_COLUMNS = (
    Column("#", "The assessment's number (readiness report ID, readiness compare ID1 ID2).",
           lambda r: r.id),
    Column("When", "When the assessment ran (local time).", lambda r: local_time(r.analyzed_at),
           False),
    Column("Commit", "The commit that was analyzed (HEAD at the time).",
           lambda r: r.head[:10], False),
    Column("Branch", "The branch checked out; empty when HEAD was detached.",
           lambda r: r.branch or "(detached)", False),
    Column("Score", _tip("score"), _figure("score"), text=lambda v: f"{v:.0f}"),
    Column("Lead time", _tip("lead_time_days", "Empty: not enough deployments."),
           _figure("lead_time_days"), text=lambda v: duration_text(v * 24)),
    Column("Deploys/week", _tip("deploys_per_week"), _figure("deploys_per_week"), digits=2),
    Column("Change fail", _tip("change_fail_rate"), _figure("change_fail_rate"),
           text=percent_text),
    Column("Debt ratio", _tip("debt_ratio"), _figure("debt_ratio"), text=percent_text),
    Column("Hotspot share", _tip("hotspot_share"), _figure("hotspot_share"),
           text=percent_text),
    Column("Python files", "Tracked Python files.", lambda r: r.python_files),
    Column("SLOC", "Source lines of code (radon raw).", lambda r: r.sloc,
           text=lambda v: f"{v:,}"),
    Column("Warnings",
           "Inputs that could not be fully measured; 'partial' marks an incomplete result.",
           lambda r: f"{r.warning_count}" + (" (partial)" if r.partial else ""), False),
)  # fmt: skip


class PastAssessmentsModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(_COLUMNS, parent)
