"""The portfolio read from the store: the latest assessment of every repository (root or scoped
sub-folder: the store's key), through the store's own read paths.

Reading the headline figures is cheap (a few hundred bytes per assessment); the money figures
live in the stored report, which is decompressed and parsed (:meth:`Store.load`): that is I/O,
so the GUI calls :func:`load_portfolio` on its task runner, never on its thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.errors import Cancelled
from analysis.portfolio import DEBT_FIGURE, REWORK_FIGURE, PortfolioRow, verdict_text
from analysis.progress import CancelCheck, Progress, ProgressCallback
from app.store.store import Store, StoreError

PHASE = "portfolio"
#: the store lists repositories most recently opened first, up to a limit: all of them here
ALL_REPOSITORIES = 1_000_000


@dataclass(frozen=True)
class _Advice:
    currency: str | None = None
    rework: float | None = None
    debt: float | None = None
    refactor_text: str | None = None
    staffing_text: str | None = None
    refactor_option: str | None = None


def _advice(store: Store, assessment_id: int) -> _Advice:
    """The money figures and the verdicts' sentences of a stored assessment (its report is
    decoded); empty when the report cannot be read or holds no advice."""
    try:
        decisions = store.load(assessment_id).decisions
    except (StoreError, ValueError, KeyError, TypeError):
        return _Advice()
    if decisions is None:
        return _Advice()
    figures = {f.id: f.value for f in decisions.money.figures} if decisions.money else {}
    return _Advice(
        currency=decisions.money.currency if decisions.money else None,
        rework=figures.get(REWORK_FIGURE),
        debt=figures.get(DEBT_FIGURE),
        refactor_text=verdict_text(
            decisions.refactor_vs_rewrite.label, decisions.refactor_vs_rewrite.clear
        ),
        staffing_text=verdict_text(decisions.staffing.label, decisions.staffing.clear),
        refactor_option=decisions.refactor_vs_rewrite.verdict,
    )


def load_portfolio(
    store: Store,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> list[PortfolioRow]:
    """One row per repository with at least one stored assessment: its latest (newest
    ``analyzed_at``), ordered by name. :class:`StoreError` (one line) when the store cannot be
    read; :class:`Cancelled` when ``cancel()`` turns true."""
    repositories = [r for r in store.repositories(limit=ALL_REPOSITORIES) if r.assessments]
    rows: list[PortfolioRow] = []
    total = len(repositories)
    for done, repository in enumerate(repositories):
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(Progress(PHASE, done, total, repository.name))
        stored = store.assessments(repository.path)
        latest = stored[0] if stored else None
        figures = latest.headline if latest is not None else None
        if latest is None or figures is None:  # a report no headline can be read from
            continue
        advice = _advice(store, latest.id)
        rows.append(
            PortfolioRow(
                assessment_id=latest.id,
                path=repository.path,
                name=repository.name,
                analyzed_at=latest.analyzed_at,
                headline=figures,
                currency=advice.currency,
                rework_cost=advice.rework,
                debt_cost=advice.debt,
                refactor_text=advice.refactor_text,
                staffing_text=advice.staffing_text,
                refactor_option=advice.refactor_option,
            )
        )
    if progress is not None:
        progress(Progress(PHASE, total, total))
    rows.sort(key=lambda r: (r.name.lower(), r.path))
    return rows
