"""Rework: lines deleted within N days of being added, estimated from per-file line counts.

Definitions: GitClear counts code "churn" as lines changed or reverted less than 14 days after
they were authored; Pluralsight Flow calls code rewritten less than 21 days (newer: 30) after
it was authored "rework". The window is a setting (14 / 21 / 30 days, default 21).

The approximation. ``git log --numstat`` says how many lines each commit added and deleted in
each file, not which ones. This ledger keeps, per file, a stack of line batches (when added,
how many), newest on top, and assumes a commit's deleted lines are the file's *newest* lines
(last in, first out): a deletion first consumes lines added most recently, and the lines it
consumes that are younger than the window count as reworked. A modification shows in numstat as
deletions plus additions, so rewriting fresh lines counts, and the replacement lines start a new
batch. Edits cluster on recently changed code, which is what LIFO models; where an old line is
edited right after unrelated lines were added to the same file, LIFO counts that edit as rework,
so the figure leans high rather than low. Lines of binary files, of commits whose blobs were
missing and of commits with implausible timestamps are never counted as reworked.
"""

from __future__ import annotations

DAY = 86_400
_OLD = -(2**62)  # a batch time older than any window
_COMPACT_AT = 48


class ReworkLedger:
    """Per-file stacks of ``[author time, line count]`` batches (see the module doc)."""

    def __init__(self, days: int) -> None:
        self.limit = days * DAY
        self.stacks: dict[int, list[list[int]]] = {}

    def change(
        self, file_id: int, added: int | None, deleted: int | None, moment: int, plausible: bool
    ) -> int:
        """Apply one file change; return how many of its deleted lines were reworked."""
        stack = self.stacks.get(file_id)
        if stack is None:
            stack = self.stacks[file_id] = []
        reworked = 0
        remaining = deleted or 0
        limit = self.limit
        while remaining and stack:
            batch = stack[-1]
            take = batch[1] if batch[1] < remaining else remaining
            if plausible and moment - batch[0] <= limit:
                reworked += take
            remaining -= take
            batch[1] -= take
            if not batch[1]:
                stack.pop()
        if added:
            stack.append([moment if plausible else _OLD, added])
            if len(stack) > _COMPACT_AT:
                self._compact(stack, moment)
        return reworked

    def _compact(self, stack: list[list[int]], moment: int) -> None:
        """Merge the bottom batches that are already older than the window into one."""
        old = 0
        keep = 0
        for batch in stack:
            if moment - batch[0] > self.limit:
                old += batch[1]
                keep += 1
            else:
                break
        if keep > 1:
            stack[:keep] = [[_OLD, old]]
