"""The portfolio read from the store: the latest assessment of every repository (root or scoped
sub-folder: the store's key), through the store's own read paths.

Reading the headline figures is cheap (a few hundred bytes per assessment); the money figures
live in the stored report, which is decompressed and parsed (:meth:`Store.load`): that is I/O,
so the GUI calls :func:`load_portfolio` on its task runner, never on its thread.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from analysis.errors import Cancelled
from analysis.portfolio import DEBT_FIGURE, REWORK_FIGURE, PortfolioRow, verdict_text
from analysis.progress import CancelCheck, Progress, ProgressCallback
from app.store.store import Store, StoreError

PHASE = "portfolio"
#: the store's cache of what is read from each report (money, verdicts): decoding a report of a
#: large project takes about a second, a cached row a few bytes; bump the version when
#: :class:`_Advice` changes (older rows are then never read)
ADVICE_CACHE = "portfolio-advice-v1"
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


def _advice(store: Store, assessment_id: int) -> _Advice | None:
    """The money figures and the verdicts' sentences of a stored assessment (its report is
    decoded); empty when it holds no advice, None when the report cannot be read now."""
    try:
        decisions = store.load(assessment_id).decisions
    except (StoreError, ValueError, KeyError, TypeError):
        return None
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


def _cache_key(summary) -> str:
    """An assessment's id with when and what it assessed (an id a deleted row freed and a new
    assessment took again gets a fresh key)."""
    return f"{summary.id}:{summary.analyzed_at.isoformat()}:{summary.head}"


def _cached(store: Store, keys: list[str]) -> dict[str, _Advice]:
    found: dict[str, _Advice] = {}
    for key, value in store.cache.get_many(ADVICE_CACHE, keys).items():
        try:
            found[key] = _Advice(**json.loads(value))
        except (ValueError, TypeError):
            continue  # an unreadable row: decoded again
    return found


def load_portfolio(
    store: Store,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> list[PortfolioRow]:
    """One row per repository with at least one stored assessment: its latest (newest
    ``analyzed_at``), ordered by name. :class:`StoreError` (one line) when the store cannot be
    read; :class:`Cancelled` when ``cancel()`` turns true."""
    repositories = [r for r in store.repositories(limit=ALL_REPOSITORIES) if r.assessments]
    latest = []
    for repository in repositories:
        stored = store.assessments(repository.path)
        if stored and (figures := stored[0].headline) is not None:  # else none could be read
            latest.append((repository, stored[0], figures))
    cached = _cached(store, [_cache_key(summary) for _, summary, _ in latest])
    decoded: dict[str, bytes] = {}
    rows: list[PortfolioRow] = []
    total = len(latest)
    for done, (repository, summary, figures) in enumerate(latest):
        if cancel is not None and cancel():
            raise Cancelled()
        if progress is not None:
            progress(Progress(PHASE, done, total, repository.name))
        key = _cache_key(summary)
        advice = cached.get(key)
        if advice is None:
            advice = _advice(store, summary.id)
            if advice is None:  # unreadable now: the headline's labels stand in, not kept
                advice = _Advice()
            else:
                decoded[key] = json.dumps(asdict(advice)).encode()
        rows.append(
            PortfolioRow(
                assessment_id=summary.id,
                path=repository.path,
                name=repository.name,
                analyzed_at=summary.analyzed_at,
                headline=figures,
                currency=advice.currency,
                rework_cost=advice.rework,
                debt_cost=advice.debt,
                refactor_text=advice.refactor_text,
                staffing_text=advice.staffing_text,
                refactor_option=advice.refactor_option,
            )
        )
    store.cache.put_many(ADVICE_CACHE, decoded)  # a read-only store: not kept, no error
    if progress is not None:
        progress(Progress(PHASE, total, total))
    rows.sort(key=lambda r: (r.name.lower(), r.path))
    return rows
