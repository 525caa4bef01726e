"""The AI-assisted code section's diff pass, started as soon as the file roles are known.

The section's line figures come from one ``git log -p -U0`` over the window's commits, which
used to wait for the whole history to be read (the window is the last ``months`` before the
newest commit). On a long history that made the two git passes run one after the other: on the
synthetic 25,000-commit history the commits took 92 s and then the section 66 s, one core idle
for most of it. Here the window is found from a metadata-only walk of the same revisions with
the same walk options (``git log --format``, no diff: 0.3 s on saleor), and the diffs, the line
figures and the quarter-end duplication are measured beside the history read.

The walk is checked against the commits the history then reads: the same commits in the same
order, or the section measures its lines again from those commits (an incremental read can
order a branch's new commits differently), so the figures never depend on which path ran.
Files whose content is missing from a partial clone are left out of the diff when a window
commit touches them (:mod:`analysis.partial_clone`); a diff pass that fails (a damaged
repository) is measured again from the commits read, with the paths the history found missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from analysis import git
from analysis.ai_code.diffs import stream_diffs
from analysis.ai_code.ledger import CommitLines, measure_lines
from analysis.ai_code.quarters import quarter_of, quarter_start, quarters_between
from analysis.ai_code.snapshots import duplication_density
from analysis.cache import ResultCache
from analysis.errors import GitCommandFailed
from analysis.history.mining import months_before
from analysis.history.options import HistoryOptions
from analysis.history.reader import log_scope
from analysis.history.source import HistorySource
from analysis.partial_clone import known_missing_blobs, paths_with_missing_blobs
from analysis.progress import CancelCheck


class WalkedCommit(Protocol):
    """What the window needs of a commit (a history ``Commit`` or a :class:`Walked` one)."""

    @property
    def sha(self) -> str: ...
    @property
    def author_seconds(self) -> int: ...
    @property
    def committer_seconds(self) -> int: ...
    @property
    def shallow_boundary(self) -> bool: ...
    @property
    def is_merge(self) -> bool: ...


@dataclass(frozen=True)
class Walked:
    """A commit of the metadata walk."""

    sha: str
    author_seconds: int
    committer_seconds: int
    shallow_boundary: bool
    is_merge: bool


@dataclass
class Window:
    """The window of the line figures: ``[start, end]`` and its commits, oldest first."""

    start: int
    end: int
    commits: list[WalkedCommit]


@dataclass
class LineFigures:
    """The diff pass's results: per-commit lines, whether git failed, the notes, the files left
    out, and the quarter-end duplication (None: not measured, the diff pass failed)."""

    records: list[CommitLines]
    partial: bool
    notes: list[str] = field(default_factory=list)
    excluded: tuple[str, ...] = ()
    density: dict[str, float | None] | None = None


@dataclass
class EarlyLines:
    """The line figures measured before the history was read, with the walk they came from."""

    walked: tuple[str, ...]  # every commit's sha, newest first, as the history lists them
    figures: LineFigures


def window_of(commits: Sequence[WalkedCommit], months: int) -> Window | None:
    """The last ``months`` (from the start of a quarter) before the newest commit; None when
    there is no commit to measure (merges and shallow boundaries are not)."""
    kept = [c for c in commits if not c.is_merge and not c.shallow_boundary]
    if not kept:
        return None
    end = max(c.committer_seconds for c in kept)
    start = quarter_start(months_before(end, months))
    return Window(start, end, [c for c in reversed(kept) if c.author_seconds >= start])


def measured_quarters(commits: Sequence[WalkedCommit], start: int) -> list[str]:
    """The quarters of the line figures: from the window's start to the newest commit's."""
    quarters = {
        quarter_of(c.author_seconds) for c in commits if not c.is_merge and not c.shallow_boundary
    }
    if not quarters:
        return []
    listed = quarters_between(min(quarters), max(quarters))
    return [q for q in listed if q >= quarter_of(start)]


def quarter_ends(
    commits: Sequence[WalkedCommit], tree_tip: str, quarters: list[str]
) -> list[tuple[str, str]]:
    """(quarter, the last commit before it ended); the tree's tip for the newest quarter."""
    ends = []
    for index, quarter in enumerate(quarters):
        if index == len(quarters) - 1:
            ends.append((quarter, tree_tip))
            continue
        year, q = int(quarter[:4]), int(quarter[5:])
        end = int(datetime(year + q // 4, q % 4 * 3 + 1, 1, tzinfo=UTC).timestamp())
        before = [c for c in commits if c.committer_seconds < end]
        if before:
            ends.append((quarter, max(before, key=lambda c: c.committer_seconds).sha))
    return ends


def line_figures(
    source: HistorySource,
    commits: Sequence[WalkedCommit],
    window: Window,
    is_code: Callable[[str], bool],
    excluded: tuple[str, ...],
    churn_days: int,
    cache: ResultCache,
    cancel: CancelCheck,
) -> LineFigures:
    """The window's line figures (one diff pass) and the quarter-end duplication."""
    times = {c.sha: c.author_seconds for c in window.commits}
    try:
        records = measure_lines(
            stream_diffs(
                source.root,
                [c.sha for c in window.commits],
                source.scope,
                True,
                cancel,
                code_path=is_code,
                excluded=excluded,
            ),
            times.__getitem__,
            churn_days,
        )
    except GitCommandFailed as exc:
        note = f"git could not print the diffs, so the line figures are missing: {exc}"
        return LineFigures([], True, [note], excluded)
    figures = LineFigures(records, False, [], excluded)
    ends = quarter_ends(commits, source.tree_tip, measured_quarters(commits, window.start))
    try:
        figures.density = duplication_density(
            source.root, ends, source.scope, is_code, cache, cancel
        )
    except GitCommandFailed as exc:
        figures.density = {}
        figures.notes.append(f"git could not read the quarter ends' files: {exc}")
    return figures


def missing_in_window(
    source: HistorySource, window: Window, history: HistoryOptions, found: Sequence[str]
) -> tuple[str, ...]:
    """The files to leave out of the window's diff: on a partial clone, those whose missing
    blob a window commit touches (a missing file changed only before the window is diffed
    nowhere, and a pathspec would drop the window's commits that change no other file); else
    ``found``, the paths the history read found missing (a damaged repository)."""
    missing = known_missing_blobs(source.root)
    if not missing:
        return tuple(sorted(found))
    shas = [c.sha for c in window.commits]
    first_parent = history.mode == "first-parent"
    touched = paths_with_missing_blobs(source.root, shas, missing, first_parent)
    return tuple(sorted({path for paths in touched.values() for path in paths}))


def walk(source: HistorySource, history: HistoryOptions) -> list[Walked]:
    """Every commit the history reads, newest first, without diffs (one ``git log``)."""
    scope = log_scope(source, history, source.tips)
    out = git.run(
        source.root,
        "log",
        "--format=%H%x1f%P%x1f%at%x1f%ct",
        *scope.walk_args(),
        *scope.revisions,
        *scope.paths(),
        timeout=600,
    ).stdout
    walked = []
    for line in out.decode("ascii", "replace").splitlines():
        sha, parents, author, committer = line.split("\x1f")
        walked.append(
            Walked(
                sha,
                int(author or 0),
                int(committer or 0),
                sha in source.boundary,
                len(parents.split()) > 1,
            )
        )
    return walked


def early_lines(
    source: HistorySource,
    history: HistoryOptions,
    months: int,
    churn_days: int,
    is_code: Callable[[str], bool],
    cache: ResultCache,
    cancel: CancelCheck,
) -> EarlyLines | None:
    """The line figures from a walk of the history's revisions, before the history is read;
    None when the history has no commit to measure."""
    walked = walk(source, history)
    window = window_of(walked, months)
    if window is None:
        return None
    excluded = missing_in_window(source, window, history, ())
    figures = line_figures(source, walked, window, is_code, excluded, churn_days, cache, cancel)
    return EarlyLines(tuple(c.sha for c in walked), figures)
