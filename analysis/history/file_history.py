"""Per-file change history: revisions, authors, lines, first and last change (code-maat style).

code-maat's ``revisions``/``authors`` analyses count, per file, the commits that touched it and
their distinct authors; its ``main-dev`` analysis names the author with the most added lines and
their share of all added lines ("ownership"); ``fragmentation`` (``effort.clj``) is
``1 - sum((a_i / n)^2)`` over the authors' revision counts ``a_i`` with ``n`` revisions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from analysis.history.timeline import Timeline

MONTH_SECONDS = 30.436875 * 86_400  # mean Gregorian month


@dataclass(slots=True)
class FileRecord:
    revisions: int = 0
    window_revisions: int = 0
    added: int = 0
    deleted: int = 0
    first: int | None = None  # author time of the first change (plausible times only)
    last: int | None = None
    creator: int = -1  # developer of the oldest change (Avelino's "first authorship")
    revisions_by: dict[int, int] = field(default_factory=dict)
    added_by: dict[int, int] = field(default_factory=dict)

    @property
    def authors(self) -> int:
        return len(self.revisions_by)

    def main_developer(self) -> tuple[int, float] | None:
        """(developer, ownership share): most added lines (code-maat ``main-dev``).

        Falls back to most revisions (code-maat ``main-dev-by-revs``) when no line was added
        (binary files, missing blobs). Ties go to more revisions, then the lower developer id.
        """
        if not self.revisions_by:
            return None
        total_added = sum(self.added_by.values())
        if total_added > 0:
            best = max(
                self.added_by, key=lambda d: (self.added_by[d], self.revisions_by.get(d, 0), -d)
            )
            return best, self.added_by[best] / total_added
        best = max(self.revisions_by, key=lambda d: (self.revisions_by[d], -d))
        return best, self.revisions_by[best] / self.revisions

    def fragmentation(self) -> float:
        """code-maat ``effort.clj`` fractal value: ``1 - sum((a_i / n)^2)``."""
        if not self.revisions:
            return 0.0
        n = self.revisions
        # math.fsum: exact, so every Python gives the same digits (3.12's sum() compensates,
        # 3.11's does not: the 4th decimal differed between hosts)
        return 1.0 - math.fsum((count / n) ** 2 for count in self.revisions_by.values())


def collect_files(line: Timeline, window_start: int | None) -> list[FileRecord]:
    """One record per file id, from every step of the timeline."""
    records = [FileRecord() for _ in line.paths]
    for step in line.steps:
        moment = step.time
        in_window = step.plausible and window_start is not None and moment >= window_start
        developer = step.developer
        for file_id, added, deleted in step.files:
            record = records[file_id]
            if record.revisions == 0:
                record.creator = developer
            record.revisions += 1
            record.window_revisions += in_window
            record.revisions_by[developer] = record.revisions_by.get(developer, 0) + 1
            if added:
                record.added += added
                record.added_by[developer] = record.added_by.get(developer, 0) + added
            if deleted:
                record.deleted += deleted
            if step.plausible:
                if record.first is None or moment < record.first:
                    record.first = moment
                if record.last is None or moment > record.last:
                    record.last = moment
    return records


def last_activity(line: Timeline) -> dict[int, int]:
    """Each developer's latest plausible commit time."""
    latest: dict[int, int] = {}
    for step in line.steps:
        if step.plausible and step.time > latest.get(step.developer, -1):
            latest[step.developer] = step.time
    return latest


def age_months(first: int | None, end: int | None) -> float | None:
    if first is None or end is None:
        return None
    return round(max(0, end - first) / MONTH_SECONDS, 1)
