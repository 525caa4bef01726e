"""Commits with vs without AI trailers, and before vs after a date, on the same measures.

The split date is the user's (setting ``ai_code.split_date``, CLI ``--ai-split-date``) or else
the author time of the first commit with an AI trailer. Each side carries its sample size
(commits, lines); a side with few commits is shown, not hidden, so the reader can judge it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from analysis.ai_code.ledger import CommitLines
from analysis.ai_code.results import Comparison, Measures


def _measures(records: Iterable[CommitLines]) -> Measures:
    group = Measures()
    for r in records:
        group.commits += 1
        group.add(r.added, r.copy_paste, r.moved, r.churned)
    return group


def with_without(records: list[CommitLines], ai_shas: set[str]) -> Comparison:
    return Comparison(
        "with AI trailers",
        "without AI trailers",
        _measures(r for r in records if r.sha in ai_shas),
        _measures(r for r in records if r.sha not in ai_shas),
    )


def split_moment(split_date: str | None, first_ai: int | None) -> tuple[int, str] | None:
    """(Unix seconds, source) of the before/after split, or None when there is none."""
    if split_date:
        day = date.fromisoformat(split_date)
        return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()), "setting"
    if first_ai is not None:
        return first_ai, "first_ai_trailer"
    return None


def before_after(records: list[CommitLines], moment: int, source: str) -> Comparison:
    iso = datetime.fromtimestamp(moment, UTC).isoformat()
    return Comparison(
        "before",
        "after",
        _measures(r for r in records if r.time < moment),
        _measures(r for r in records if r.time >= moment),
        split_date=iso,
        split_source=source,
    )
