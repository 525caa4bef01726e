"""Parsed commits: the records every history metric, and the delivery (DORA) phase, read.

One :class:`Commit` per commit ``git log`` printed, with its :class:`FileChange` list (the
``--numstat`` lines). Both are named tuples: cheap to build by the hundred thousand, immutable,
and they serialise to plain JSON arrays for the history cache (:mod:`analysis.history.incremental`).

What a consumer can rely on:

* ``sha`` and ``parents`` are full lowercase hex object ids; ``parents`` is empty for a root
  commit and for a shallow clone's boundary commit (git hides the missing parents). In a
  first-parent pass a merge still lists all its parents.
* People are as git prints them through ``.mailmap`` (``%aN``/``%aE``, ``%cN``/``%cE``). Bytes
  that are not UTF-8 were decoded as Windows-1252 (Latin-1 for its five undefined bytes) and
  the commit has ``non_utf8`` set.
* Times are Unix seconds (UTC) with the offset the person's clock had, in minutes east of UTC
  (``+0530`` -> 330): ``author_seconds``/``author_offset`` say when the change was written,
  ``committer_seconds``/``committer_offset`` when it landed on this history (rebases, merges,
  cherry-picks move only the latter). Lead time uses committer times; activity uses author
  times. ``author_time`` and ``committer_time`` are the same as timezone-aware datetimes, so a
  :class:`Commit` is an :class:`analysis.dora.records.DoraCommit` (sha, parents, author_time,
  committer_time, subject, body) as it is.
* ``message`` is the raw message (``%B``): subject paragraph, body, trailers. ``subject``,
  ``body``, :meth:`Commit.trailers` and :meth:`Commit.reverted_shas` read it.
* ``changes`` are in git's order. A change's ``added``/``deleted`` are ``None`` for a binary
  file (``binary`` set) and for a file whose blob was missing from the object store (the
  commit then has ``counts_missing`` set). ``old_path`` is set when git detected a rename.
  A merge commit has changes only in a first-parent pass (its diff against the first parent);
  otherwise its changes are those of the commits it merged.
* ``shallow_boundary`` marks a commit whose parents a shallow clone does not have: git shows
  its whole tree as added, so metrics leave its changes out.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import NamedTuple

_REVERT = re.compile(r"This reverts commit ([0-9a-fA-F]{7,64})")
# git interpret-trailers: "<token>: <value>", token letters, digits and hyphens.
_TRAILER = re.compile(r"^([A-Za-z0-9][A-Za-z0-9-]*)\s*:\s?(.*)$")


class FileChange(NamedTuple):
    """One file in one commit, as ``git log --numstat`` reports it."""

    path: str  # repository-relative, '/'-separated; undecodable bytes shown as \xNN
    added: int | None = None  # None: binary, or the blob is missing
    deleted: int | None = None
    old_path: str | None = None  # the path before a rename
    binary: bool = False

    @property
    def changed(self) -> int:
        """Added plus deleted lines (0 when unknown)."""
        return (self.added or 0) + (self.deleted or 0)


class Commit(NamedTuple):
    """One commit: identity, people and times, message, and the files it changed."""

    sha: str
    parents: tuple[str, ...]
    author_name: str
    author_email: str
    author_seconds: int
    author_offset: int
    committer_name: str
    committer_email: str
    committer_seconds: int
    committer_offset: int
    message: str
    changes: tuple[FileChange, ...] = ()
    counts_missing: bool = False
    non_utf8: bool = False
    shallow_boundary: bool = False

    @property
    def is_merge(self) -> bool:
        return len(self.parents) > 1

    @property
    def author(self) -> str:
        """The developer identity metrics group by: the mailmapped name (code-maat's ``%aN``)."""
        return self.author_name or self.author_email

    @property
    def subject(self) -> str:
        """git's subject: the first paragraph, lines joined with spaces (``%s``)."""
        paragraph = self.message.strip("\n").split("\n\n", 1)[0]
        return " ".join(line.strip() for line in paragraph.splitlines())

    @property
    def body(self) -> str:
        """Everything after the subject paragraph (``%b``)."""
        parts = self.message.strip("\n").split("\n\n", 1)
        return parts[1] if len(parts) > 1 else ""

    def trailers(self) -> list[tuple[str, str]]:
        """``(token, value)`` pairs of the last paragraph when every line of it is a trailer.

        Follows git interpret-trailers' basic rule (a final paragraph of ``Token: value``
        lines; indented lines continue the previous value); git's 25%-of-lines leniency for
        mixed paragraphs is not applied.
        """
        body = self.body.rstrip()
        if not body:
            return []
        last = body.rsplit("\n\n", 1)[-1]
        found: list[tuple[str, str]] = []
        for line in last.splitlines():
            if line[:1] in (" ", "\t") and found:
                token, value = found[-1]
                found[-1] = (token, f"{value} {line.strip()}")
                continue
            match = _TRAILER.match(line)
            if match is None:
                return []
            found.append((match.group(1), match.group(2).strip()))
        return found

    def reverted_shas(self) -> list[str]:
        """Commits this one reverts, from git revert's "This reverts commit <sha>." line."""
        return [sha.lower() for sha in _REVERT.findall(self.message)]

    @property
    def author_time(self) -> datetime:
        """When the change was written, timezone-aware (the author's offset)."""
        return local_time(self.author_seconds, self.author_offset)

    @property
    def committer_time(self) -> datetime:
        """When the commit landed on this history, timezone-aware (the committer's offset)."""
        return local_time(self.committer_seconds, self.committer_offset)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def local_time(seconds: int, offset_minutes: int) -> datetime:
    """A timezone-aware datetime; out-of-range stamps are clamped to datetime's limits."""
    zone = timezone(timedelta(minutes=offset_minutes)) if -1440 < offset_minutes < 1440 else UTC
    try:
        return (_EPOCH + timedelta(seconds=seconds)).astimezone(zone)
    except OverflowError:
        return (datetime.max if seconds > 0 else datetime.min).replace(tzinfo=zone)


def parse_offset(text: str) -> int:
    """``+0530`` -> 330 minutes east of UTC; anything unparsable -> 0."""
    if len(text) != 5 or text[0] not in "+-" or not text[1:].isdigit():
        return 0
    minutes = int(text[1:3]) * 60 + int(text[3:5])
    return -minutes if text[0] == "-" else minutes
