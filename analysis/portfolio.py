"""The portfolio: the latest assessment of every repository (and sub-folder scope) in the store,
side by side, with the money summed over them and the median readiness score over time.

- Change pressure (the scatter's x axis) is the hotspot share of the headline
  (:func:`analysis.headline.hotspot_share`): the share of the window's file changes that land
  in the top 10% of files by change frequency x complexity (CodeScene, "Your Code as a Crime
  Scene"). A repository high on it keeps changing its most complex code.
- Money: each repository's "Yearly cost of rework (measured share)" and "Cost to fix the known
  technical debt" (:mod:`analysis.decisions.money`) are summed; a repository's share is its
  amount / the sum. Amounts in another currency than the portfolio's (the most common one) are
  not added and are listed as left out.
- Trend: per calendar month, the median (statistics.median) of the readiness scores of the
  latest assessment of each repository up to the end of that month (a repository counts from
  its first assessment on; the later months carry its latest score forward).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from analysis.headline import Headline

#: the money figures of analysis.decisions.money the portfolio sums
REWORK_FIGURE = "rework_measured"
DEBT_FIGURE = "debt_remediation"


@dataclass(frozen=True)
class PortfolioRow:
    """The latest assessment of one repository (or scoped sub-folder) in the store."""

    assessment_id: int
    path: str  # the folder assessed: the store's key
    name: str
    analyzed_at: datetime  # naive UTC, as stored
    headline: Headline
    currency: str | None = None
    rework_cost: float | None = None  # a year, measured rework share
    debt_cost: float | None = None  # once: SQALE remediation hours x hourly cost
    #: the verdicts as the report states them ("No clear verdict (leaning towards: ...)" when
    #: unclear) and the refactor verdict's option key; None: the report could not be read,
    #: the headline's labels stand in
    refactor_text: str | None = None
    staffing_text: str | None = None
    refactor_option: str | None = None

    def figure(self, key: str):
        """A headline figure by its field name (``score``, ``lead_time_days``, ...)."""
        return getattr(self.headline, key)

    @property
    def refactor(self) -> str | None:
        return self.refactor_text or self.headline.refactor_verdict

    @property
    def staffing(self) -> str | None:
        return self.staffing_text or self.headline.staffing_verdict

    @property
    def option(self) -> str:
        """The refactor verdict's option key (its colour)."""
        return self.refactor_option or verdict_key(self.headline.refactor_verdict)

    @property
    def change_pressure(self) -> float | None:
        return self.headline.hotspot_share

    @property
    def size(self) -> int | None:
        return self.headline.sloc


def verdict_key(label: str | None) -> str:
    """A verdict's option key from its label: "Keep and improve" -> ``keep_and_improve``."""
    return re.sub(r"[^a-z0-9]+", "_", (label or "").lower()).strip("_")


def verdict_text(label: str, clear: bool) -> str:
    """A verdict as the portfolio shows it: its label first (a narrow column shows that much),
    then whether it is only what an unclear verdict leans to."""
    return label if clear else f"{label} (leaning: no clear verdict)"


@dataclass(frozen=True)
class MoneyShare:
    name: str
    path: str
    amount: float
    share: float  # of the portfolio's sum, 0..1


@dataclass
class PortfolioMoney:
    currency: str | None
    rework_total: float = 0.0
    debt_total: float = 0.0
    rework: list[MoneyShare] = field(default_factory=list)
    debt: list[MoneyShare] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # "name: why"


def _shares(rows: Sequence[tuple[PortfolioRow, float]]) -> tuple[float, list[MoneyShare]]:
    total = float(sum(amount for _, amount in rows))
    shares = [
        MoneyShare(row.name, row.path, amount, amount / total if total else 0.0)
        for row, amount in rows
    ]
    shares.sort(key=lambda s: (-s.amount, s.name))
    return total, shares


def portfolio_money(rows: Iterable[PortfolioRow]) -> PortfolioMoney:
    """The rework cost and the cost to fix known debt summed over the portfolio, with each
    repository's share (see the module's docstring)."""
    rows = list(rows)
    currencies = Counter(r.currency for r in rows if r.currency)
    currency = currencies.most_common(1)[0][0] if currencies else None
    money = PortfolioMoney(currency)
    rework: list[tuple[PortfolioRow, float]] = []
    debt: list[tuple[PortfolioRow, float]] = []
    for row in rows:
        if row.currency != currency and (row.rework_cost is not None or row.debt_cost is not None):
            money.left_out.append(f"{row.name}: amounts in {row.currency}, not {currency}")
            continue
        if row.rework_cost is not None:
            rework.append((row, row.rework_cost))
        if row.debt_cost is not None:
            debt.append((row, row.debt_cost))
        if row.rework_cost is None and row.debt_cost is None:
            money.left_out.append(f"{row.name}: no money figures (no advice stored)")
    money.rework_total, money.rework = _shares(rework)
    money.debt_total, money.debt = _shares(debt)
    return money


@dataclass(frozen=True)
class TrendPoint:
    period: str  # "YYYY-MM"
    median: float
    repositories: int  # how many scores the median is of


def median_score_trend(history: Iterable[tuple[str, datetime, int | None]]) -> list[TrendPoint]:
    """The portfolio's median readiness score per calendar month.

    ``history``: ``(repository path, analysed at, score)`` of every stored assessment. For each
    month from the first assessment's to the last one's, each repository's score is that of
    its latest assessment up to the month's end (carried forward); the median is over the
    repositories that have a score by then. Assessments without a score are skipped.
    """
    scored = sorted((when, path, score) for path, when, score in history if score is not None)
    if not scored:
        return []
    months = _months(scored[0][0], scored[-1][0])
    points: list[TrendPoint] = []
    latest: dict[str, int] = {}
    index = 0
    for year, month in months:
        while index < len(scored) and (scored[index][0].year, scored[index][0].month) <= (
            year,
            month,
        ):
            _when, path, score = scored[index]
            latest[path] = score
            index += 1
        values = list(latest.values())
        points.append(
            TrendPoint(f"{year:04d}-{month:02d}", float(statistics.median(values)), len(values))
        )
    return points


def _months(first: datetime, last: datetime) -> list[tuple[int, int]]:
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
