"""Per-commit line figures from the diffs, oldest commit first: added, copy/paste, moved, churn.

Definitions (GitClear, "Coding on Copilot: 2023 data suggests downward pressure on code
quality", 2024, and "AI Copilot Code Quality: 2025 data", 2025; the issue's wording):

* **churn**: an added line is churned when a later commit changes or deletes it within
  ``churn_days`` days (GitClear: 14) of being authored. Lines are followed through each file's
  hunks (a changed line is a removed line plus an added one in git's diff), so a churned line
  is counted once, against the commit that wrote it. Lines written before the window are not
  followed (their age is unknown).
* **copy/paste**: an added line inside a run of at least 5 consecutive added lines that
  already exists in the repository or is added twice in the same commit. Lines are compared
  with surrounding white space stripped, blank lines skipped; a 5-line run counts only when its
  text holds at least :data:`MIN_RUN_CHARS` characters (five closing brackets are not a copy).
  "Already in the repository" is what this pass has seen added before in the window (code
  present only from before the window is not indexed: a floor).
* **moved**: an added line whose text (stripped, at least :data:`MIN_MOVED_CHARS` characters)
  is removed elsewhere in the same commit, each removed line matched once. A moved line is not
  also counted as copy/paste.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from analysis.ai_code.diffs import CommitDiff

RUN = 5
MIN_RUN_CHARS = 40
MIN_MOVED_CHARS = 4
DAY = 86_400


@dataclass
class CommitLines:
    """One commit's line figures (code files only)."""

    sha: str
    time: int  # author time, Unix seconds
    added: int = 0
    deleted: int = 0
    copy_paste: int = 0
    moved: int = 0
    churned: int = 0  # lines this commit added that a later commit changed within the window


def _windows(lines: list[str]) -> list[tuple[int, tuple[int, ...]]]:
    """(hash, indices) of every run of RUN consecutive non-blank stripped lines of ``lines``."""
    kept = [(i, text) for i, text in enumerate(lines) if text]
    found = []
    for start in range(len(kept) - RUN + 1):
        run = kept[start : start + RUN]
        if sum(len(text) for _, text in run) < MIN_RUN_CHARS:
            continue
        found.append((hash(tuple(text for _, text in run)), tuple(i for i, _ in run)))
    return found


class Ledger:
    """Follows added lines file by file and measures each commit as it comes (oldest first)."""

    def __init__(self, churn_days: int) -> None:
        self.churn_seconds = churn_days * DAY
        self.records: list[CommitLines] = []
        self._files: dict[str, list[int]] = {}  # path -> birth record index per line (-1: older)
        self._index: set[int] = set()  # 5-line runs added so far

    def add(self, diff: CommitDiff, time: int) -> CommitLines:
        record = CommitLines(diff.sha, time)
        me = len(self.records)
        self.records.append(record)
        removed: Counter[str] = Counter()
        for file in diff.files:
            for hunk in file.hunks:
                for line in hunk.removed:
                    text = line.strip()
                    if len(text) >= MIN_MOVED_CHARS:
                        removed[text] += 1
        seen_here: Counter[int] = Counter()
        new_runs: list[int] = []
        for file in diff.files:
            self._follow(file.old_path, file.new_path, file.hunks, me, time)
            for hunk in file.hunks:
                record.added += len(hunk.added)
                record.deleted += len(hunk.removed)
                stripped = [line.strip() for line in hunk.added]
                moved = [False] * len(stripped)
                for i, text in enumerate(stripped):
                    if len(text) >= MIN_MOVED_CHARS and removed[text] > 0:
                        removed[text] -= 1
                        moved[i] = True
                copied = [False] * len(stripped)
                for key, indices in _windows(stripped):
                    if key in self._index or seen_here[key]:
                        for i in indices:
                            copied[i] = True
                    seen_here[key] += 1
                    new_runs.append(key)
                record.moved += sum(moved)
                record.copy_paste += sum(
                    1 for c, m in zip(copied, moved, strict=True) if c and not m
                )
        self._index.update(new_runs)
        return record

    def _follow(
        self, old: str | None, new: str | None, hunks: Iterable, me: int, time: int
    ) -> None:
        """Apply one file's hunks to its line births; count churn of the lines removed."""
        lines = self._files.pop(old, []) if old is not None else []
        if new is None:  # deleted: every line goes (its hunk removes them all)
            lines_after: list[int] | None = None
        else:
            lines_after = lines
        offset = 0
        for hunk in hunks:
            start = (hunk.old_start - 1 if hunk.old_count else hunk.old_start) + offset
            end = start + hunk.old_count
            if end > len(lines):
                lines.extend([-1] * (end - len(lines)))
            for birth in lines[start:end]:
                if birth >= 0:
                    self._churn(birth, time)
            lines[start:end] = [me] * hunk.new_count
            offset += hunk.new_count - hunk.old_count
        if lines_after is not None and new is not None:
            self._files[new] = lines_after

    def _churn(self, birth: int, time: int) -> None:
        record = self.records[birth]
        if time - record.time <= self.churn_seconds:
            record.churned += 1


def measure_lines(
    diffs: Iterable[CommitDiff], time_of: Callable[[str], int], churn_days: int
) -> list[CommitLines]:
    """The line figures of every commit of ``diffs`` (oldest first)."""
    ledger = Ledger(churn_days)
    for diff in diffs:
        ledger.add(diff, time_of(diff.sha))
    return ledger.records
