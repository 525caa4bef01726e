"""One streamed ``git log -p -U0`` pass over the commits of the window, parsed while git writes.

The commits are given on stdin, oldest first, exactly those the history read (same tips, same
scope), so the diffs describe the same history the other figures do. ``-U0`` prints no context
lines: each hunk is the lines removed (``-``) and the lines added (``+``) at one place, with
git's header ``@@ -old_start,old_count +new_start,new_count @@`` (git diff's unified format,
git-scm.com/docs/diff-format). Merges print no diff here (``git log -p`` shows none without
``-m``), so a merged change counts once, in the commit that wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from analysis import git
from analysis.dora.line_changes import unquote
from analysis.progress import CancelCheck, check_cancel

_MARK = "\x01"
_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@dataclass
class Hunk:
    old_start: int
    old_count: int
    new_start: int
    new_count: int
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


@dataclass
class FileDiff:
    old_path: str | None  # None: the file is new
    new_path: str | None  # None: the file was deleted
    hunks: list[Hunk] = field(default_factory=list)
    binary: bool = False


@dataclass
class CommitDiff:
    sha: str
    files: list[FileDiff] = field(default_factory=list)


def _unquote(raw: bytes) -> str:
    """A path as git prints it (C-quoted when it holds unusual bytes), without ``a/``/``b/``
    (the unquoting is the SZZ patch reader's, :func:`analysis.dora.line_changes.unquote`)."""
    path = unquote(raw.rstrip(b"\n")).decode("utf-8", "replace")
    if path == "/dev/null":
        return path
    return path[2:] if path[:2] in ("a/", "b/") else path


class DiffParser:
    """Turns chunks of ``git log -p -U0 --format=%x01%H`` output into :class:`CommitDiff`."""

    def __init__(self) -> None:
        self._rest = b""
        self._commit: CommitDiff | None = None
        self._file: FileDiff | None = None
        self._hunk: Hunk | None = None
        self._old_left = 0
        self._new_left = 0

    def feed(self, chunk: bytes) -> list[CommitDiff]:
        data = self._rest + chunk
        lines = data.split(b"\n")
        self._rest = lines.pop()
        done: list[CommitDiff] = []
        for line in lines:
            self._line(line, done)
        return done

    def finish(self) -> list[CommitDiff]:
        done: list[CommitDiff] = []
        if self._rest:
            self._line(self._rest, done)
            self._rest = b""
        if self._commit is not None:
            done.append(self._commit)
            self._commit = None
        return done

    def _line(self, line: bytes, done: list[CommitDiff]) -> None:
        if self._hunk is not None and (self._old_left or self._new_left):
            if line[:1] == b"-" and self._old_left:
                self._hunk.removed.append(line[1:].decode("utf-8", "replace"))
                self._old_left -= 1
                return
            if line[:1] == b"+" and self._new_left:
                self._hunk.added.append(line[1:].decode("utf-8", "replace"))
                self._new_left -= 1
                return
            if line[:1] == b"\\":  # "\ No newline at end of file"
                return
        if line.startswith(b"\x01"):
            if self._commit is not None:
                done.append(self._commit)
            self._commit = CommitDiff(line[1:].decode("ascii", "replace").strip())
            self._file = None
            self._hunk = None
            return
        if self._commit is None:
            return
        if line.startswith(b"diff --git "):
            self._file = FileDiff(None, None)
            self._commit.files.append(self._file)
            self._hunk = None
            self._old_left = self._new_left = 0
            return
        file = self._file
        if file is None:
            return
        if line.startswith(b"@@ "):
            match = _HUNK.match(line)
            if match is None:
                return
            a, b, c, d = match.groups()
            self._hunk = Hunk(
                int(a), 1 if b is None else int(b), int(c), 1 if d is None else int(d)
            )
            self._old_left, self._new_left = self._hunk.old_count, self._hunk.new_count
            file.hunks.append(self._hunk)
        elif line.startswith(b"--- "):
            path = _unquote(line[4:])
            file.old_path = None if path == "/dev/null" else path
        elif line.startswith(b"+++ "):
            path = _unquote(line[4:])
            file.new_path = None if path == "/dev/null" else path
        elif line.startswith(b"rename from "):
            file.old_path = _unquote(line[12:])
        elif line.startswith(b"rename to "):
            file.new_path = _unquote(line[10:])
        elif line.startswith(b"Binary files "):
            file.binary = True


def stream_diffs(
    repo: Path | str,
    shas: list[str],
    pathspec: str,
    renames: bool,
    cancel: CancelCheck,
    code_path: Callable[[str], bool] | None = None,
    excluded: tuple[str, ...] = (),
) -> Iterator[CommitDiff]:
    """The diffs of ``shas`` (given oldest first), in that order, one git process.

    ``code_path``: when given, files whose old and new paths both fail it are dropped as they
    are parsed (a data file's diff can be large). ``excluded``: paths left out by pathspec
    (a partial clone's files whose blobs are missing: git would stop at the first one)."""
    if not shas:
        return
    args = [
        "log",
        "-p",
        "-U0",
        "--format=%x01%H",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--diff-algorithm=myers",
        "--root",
        "--no-walk=unsorted",
        "--stdin",
        "-M" if renames else "--no-renames",
    ]
    if pathspec or excluded:  # (git matches nothing with ":(top)." as the include)
        args += ["--", *([f":(top,literal){pathspec}"] if pathspec else [])]
        args += [f":(exclude,top,literal){path}" for path in excluded]
    parser = DiffParser()
    stdin = "".join(f"{sha}\n" for sha in shas).encode()

    def kept(commit: CommitDiff) -> CommitDiff:
        if code_path is not None:
            commit.files = [
                f
                for f in commit.files
                if not f.binary
                and (
                    (f.new_path is not None and code_path(f.new_path))
                    or (f.old_path is not None and code_path(f.old_path))
                )
            ]
        return commit

    # a pathspec drops the commits that change nothing inside it (a commit that changed only a
    # left-out file): each is given as a commit without files, in its place, as git shows it
    # in a clone that has every file
    expected = iter(shas)

    def in_place(commit: CommitDiff) -> Iterator[CommitDiff]:
        for sha in expected:
            if sha == commit.sha:
                yield kept(commit)
                return
            yield CommitDiff(sha)

    for chunk in git.stream(repo, *args, input_bytes=stdin):
        for commit in parser.feed(chunk):
            yield from in_place(commit)
        check_cancel(cancel)
    for commit in parser.finish():
        yield from in_place(commit)
    for sha in expected:
        yield CommitDiff(sha)
