"""Activity over time: monthly series, and fix and rework shares in the window.

Fix share is the history's proxy for the share of engineering time spent on rework and
debugging (the article: 30-40% or more marks a constrained system): the share of commits, and
of changed lines, whose message matches a fix / revert / hotfix pattern. Rework share is
reworked lines (:mod:`analysis.history.rework`) over all changed (added + deleted) lines.
Months are calendar months of the author time in UTC.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from analysis.history.rework import ReworkLedger
from analysis.history.timeline import Timeline


@dataclass(slots=True)
class Tally:
    commits: int = 0
    fix_commits: int = 0
    changed: int = 0
    fix_changed: int = 0
    reworked: int = 0
    authors: set[int] = field(default_factory=set)

    def fix_share(self) -> float | None:
        return round(self.fix_commits / self.commits, 4) if self.commits else None

    def fix_line_share(self) -> float | None:
        return round(self.fix_changed / self.changed, 4) if self.changed else None

    def rework_share(self) -> float | None:
        return round(self.reworked / self.changed, 4) if self.changed else None


@dataclass
class Activity:
    window: Tally
    months: list[tuple[str, Tally]]  # every month from the first to the last, gaps included


def month_index(moment: int) -> int:
    parts = time.gmtime(moment)
    return parts.tm_year * 12 + parts.tm_mon - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def activity(
    line: Timeline, rework_days: int, window_start: int | None, binary: set[int]
) -> Activity:
    """One pass over the timeline: rework ledger, monthly tallies and the window's tally."""
    ledger = ReworkLedger(rework_days)
    months: dict[int, Tally] = {}
    window = Tally()
    for step in line.steps:
        moment = step.time
        plausible = step.plausible
        changed = reworked = 0
        for file_id, added, deleted in step.files:
            if added is None or file_id in binary:
                continue
            changed += added + (deleted or 0)  # git gives both counts or neither
            reworked += ledger.change(file_id, added, deleted, moment, plausible)
        if not plausible:
            continue
        tallies = [months.setdefault(month_index(moment), Tally())]
        if window_start is not None and moment >= window_start:
            tallies.append(window)
        for tally in tallies:
            tally.commits += 1
            tally.changed += changed
            tally.reworked += reworked
            tally.authors.add(step.developer)
            if step.fix:
                tally.fix_commits += 1
                tally.fix_changed += changed
    series: list[tuple[str, Tally]] = []
    if months:
        for index in range(min(months), max(months) + 1):
            series.append((month_label(index), months.get(index) or Tally()))
    return Activity(window, series)
