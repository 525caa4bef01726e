"""The portfolio's median readiness score over time, read from every stored assessment's
headline (no report is decoded; see :func:`analysis.portfolio.median_score_trend`)."""

from __future__ import annotations

from analysis.portfolio import TrendPoint, median_score_trend
from app.store.portfolio import ALL_REPOSITORIES
from app.store.store import Store


def load_median_trend(store: Store) -> list[TrendPoint]:
    history = []
    for repository in store.repositories(limit=ALL_REPOSITORIES):
        if not repository.assessments:
            continue
        for summary in store.assessments(repository.path):
            score = summary.headline.score if summary.headline is not None else None
            history.append((repository.path, summary.analyzed_at, score))
    return median_score_trend(history)
