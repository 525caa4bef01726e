"""What the DORA engine reads from git: commit records and tags, as plain data.

The engine depends only on the :class:`DoraCommit` protocol, so any parsed commit record works
(the history phase's records, :class:`CommitRecord` from the interim reader in
:mod:`analysis.dora.commit_log`, or records a benchmark builds in memory). Times are
timezone-aware datetimes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class DoraCommit(Protocol):
    """One commit as the DORA engine needs it.

    ``sha``: full hex object id; ``parents``: full ids, first parent first; ``author_time`` and
    ``committer_time``: timezone-aware; ``subject``: first paragraph of the message; ``body``:
    the rest of the message (where ``git revert`` writes "This reverts commit <sha>.").
    """

    @property
    def sha(self) -> str: ...

    @property
    def parents(self) -> tuple[str, ...]: ...

    @property
    def author_time(self) -> datetime: ...

    @property
    def committer_time(self) -> datetime: ...

    @property
    def subject(self) -> str: ...

    @property
    def body(self) -> str: ...


@dataclass(frozen=True, slots=True)
class CommitRecord:
    """A plain :class:`DoraCommit`."""

    sha: str
    parents: tuple[str, ...]
    author_time: datetime
    committer_time: datetime
    subject: str = ""
    body: str = ""


@dataclass(frozen=True, slots=True)
class TagRecord:
    """A tag peeled to the commit it names.

    ``date`` is the tag's own date for an annotated tag (tagger date), else the tagged commit's
    committer date: when the release was cut, not when its last change was written.
    """

    name: str
    sha: str
    date: datetime
    annotated: bool


@dataclass(frozen=True, slots=True)
class BranchTip:
    """The default branch: its name (e.g. ``origin/main``), tip commit and how it was chosen."""

    name: str
    sha: str
    reason: str
