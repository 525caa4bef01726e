"""Earlier assessments of a repository as a Qt model (rows are any objects with the fields)."""

from __future__ import annotations

from datetime import UTC, datetime

from widgets.record_table import Column, RecordTableModel


def _local(moment: datetime) -> str:
    """The store keeps naive UTC; show local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


_COLUMNS = (
    Column("When", "When the assessment ran (local time).", lambda r: _local(r.analyzed_at),
           False),
    Column("Commit", "The commit that was analyzed (HEAD at the time).",
           lambda r: r.head[:10], False),
    Column("Branch", "The branch checked out; empty when HEAD was detached.",
           lambda r: r.branch or "(detached)", False),
    Column("Python files", "Tracked Python files.", lambda r: str(r.python_files), False),
    Column("SLOC", "Source lines of code (radon raw).", lambda r: f"{r.sloc:,}", False),
    Column("Avg MI", "SLOC-weighted mean Maintainability Index (radon mi).",
           lambda r: "–" if r.mi_average is None else f"{r.mi_average:.1f}", False),
    Column("Warnings",
           "Inputs that could not be fully measured; 'partial' marks an incomplete result.",
           lambda r: f"{r.warning_count}" + (" (partial)" if r.partial else ""), False),
)  # fmt: skip


class AssessmentHistoryModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(_COLUMNS, parent)
