"""What commits changed, file by file and line by line, and who last changed a line: from git.

The reads SZZ needs (:mod:`analysis.dora.szz`), each one git process through
:mod:`analysis.git` for any number of commits:

* :func:`read_files`: parents and changed files of commits (``diff-tree --stdin --raw``: tree
  diffs only, no file content is read, so a partial clone never stops it);
* :func:`analysis.partial_clone.absent_blobs`: which file contents a partial clone lacks, so
  that a patch is never asked of git for them (git stops at the first missing object);
* :func:`read_patches`: the deleted and added lines of commits (``diff-tree --stdin -p -U0 -w``),
  limited to the files of interest;
* :func:`blame_lines`: ``git blame --incremental`` of some lines of one file at one commit.

Paths stay bytes as git wrote them (any encoding); :func:`display` makes them text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from analysis import git

#: More ``-L`` ranges than this are blamed as one span: a long command line costs more than
#: blaming the lines between them.
MAX_RANGES = 64
#: Paths a caller passes to one git process at most (a command line has a length limit).
MAX_PATHSPEC = 2000
_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+\d+(?:,(\d+))? @@")
_BLAME_HEADER = re.compile(rb"^([0-9a-f]{40}|[0-9a-f]{64}) (\d+) (\d+) (\d+)$")
_WHITESPACE = re.compile(rb"[ \t\n\v\f\r]+")


def display(path: bytes) -> str:
    """A path as text (bytes that are not UTF-8 shown as ``\\xNN``)."""
    return path.decode("utf-8", "backslashreplace")


def argument(path: bytes) -> str:
    """A path as :mod:`subprocess` hands it back to git byte for byte (POSIX file names)."""
    return os.fsdecode(path)


def without_whitespace(text: bytes) -> bytes:
    """A line as ``-w`` compares it: every whitespace character removed (git's XDL_ISSPACE)."""
    return _WHITESPACE.sub(b"", text)


@dataclass(frozen=True)
class FileEntry:
    """One changed file of a ``diff-tree --raw`` line (``--no-renames``)."""

    old_mode: str
    new_mode: str
    old_blob: str
    new_blob: str
    status: str  # A, D, M, T
    path: bytes


@dataclass
class CommitFiles:
    sha: str
    parents: tuple[str, ...]
    committed: int = 0  # committer time, seconds since the epoch (what ``--since`` compares)
    entries: list[FileEntry] = field(default_factory=list)


def read_files(root: Path | str, shas: Sequence[str]) -> dict[str, CommitFiles]:
    """Parents and changed files of each commit (a root commit's files as added); a merge
    lists no files (git shows none without ``-m``)."""
    if not shas:
        return {}
    args = [
        "diff-tree", "--stdin", "-r", "--raw", "-z", "--no-abbrev", "--no-renames", "--always",
        "--root", "--format=%x01%H %ct %P",
    ]  # fmt: skip
    stdin = "".join(f"{sha}\n" for sha in shas).encode("ascii")
    commits: dict[str, CommitFiles] = {}
    current: CommitFiles | None = None
    meta: list[str] | None = None
    for token in git.run(root, *args, input_bytes=stdin, timeout=600).stdout.split(b"\0"):
        if meta is not None:  # the path that follows a raw line
            if current is not None and len(meta) == 5:
                old_mode, new_mode, old_blob, new_blob, status = meta
                current.entries.append(
                    FileEntry(old_mode, new_mode, old_blob, new_blob, status, path=token)
                )
            meta = None
            continue
        token = token.removeprefix(b"\n")
        if token.startswith(b"\x01"):
            sha, when, *parents = token[1:].decode("ascii", "replace").split()
            committed = int(when) if when.isdigit() else 0
            current = commits.setdefault(sha, CommitFiles(sha, tuple(parents), committed))
        elif token.startswith(b":"):
            fields = token[1:].decode("ascii", "replace").split()
            meta = fields if len(fields) == 5 else []
    return commits


def unquote(raw: bytes) -> bytes:
    """A path as git writes it in a patch: C-quoted (``"a/t\\303\\251st"``) when it has
    special or non-ASCII bytes, else as is, with a tab after a name that holds a space."""
    if not raw.startswith(b'"'):
        return raw.removesuffix(b"\t")
    out = bytearray()
    escapes = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13}
    i = 1
    while i < len(raw):
        char = raw[i : i + 1]
        if char == b'"':
            break
        if char == b"\\" and i + 1 < len(raw):
            octal = raw[i + 1 : i + 4]
            if len(octal) == 3 and all(48 <= c <= 55 for c in octal):  # \ooo: one byte
                out.append(int(octal, 8) & 0xFF)
                i += 4
                continue
            nxt = raw[i + 1 : i + 2]
            out.append(escapes.get(nxt, nxt[0]))
            i += 2
            continue
        out += char
        i += 1
    return bytes(out)


def _quoted_end(raw: bytes) -> int:
    """Index just past the closing quote of the C-quoted string ``raw`` starts with."""
    i = 1
    while i < len(raw):
        if raw[i : i + 1] == b"\\":
            i += 2
            continue
        if raw[i : i + 1] == b'"':
            return i + 1
        i += 1
    return len(raw)


def header_paths(header: bytes) -> tuple[bytes, bytes] | None:
    """Old and new path of ``diff --git a/X b/Y`` (given the part after ``diff --git ``)."""
    if header.startswith(b'"'):
        end = _quoted_end(header)
        old, new = unquote(header[:end]), unquote(header[end + 1 :])
    else:  # unquoted: without a rename both names are equal, so the line splits in half
        if len(header) % 2 == 0:
            return None
        half = (len(header) - 1) // 2
        old, new = header[:half], header[half + 1 :]
    if not (old.startswith(b"a/") and new.startswith(b"b/")):
        return None
    return old[2:], new[2:]


@dataclass
class FilePatch:
    """One file of a ``-U0`` patch: its names, deleted lines (old line number, text) and
    added lines (text)."""

    header: bytes
    rename_from: bytes | None = None
    minus: bytes | None = None
    plus: bytes | None = None
    binary: bool = False
    deleted: list[tuple[int, bytes]] = field(default_factory=list)
    added: list[bytes] = field(default_factory=list)

    def _side(self, named: bytes | None, prefix: bytes, half: int) -> bytes | None:
        if named is not None:
            return None if named == b"/dev/null" else named.removeprefix(prefix)
        halves = header_paths(self.header)
        return halves[half] if halves else None

    def old_path(self) -> bytes | None:
        """The file's name before the commit (None for an added file)."""
        return (
            self.rename_from if self.rename_from is not None else self._side(self.minus, b"a/", 0)
        )

    def new_path(self) -> bytes | None:
        """The file's name after the commit (None for a deleted file)."""
        return self._side(self.plus, b"b/", 1)


def parse_patch(data: bytes) -> dict[str, list[FilePatch]]:
    """Files, deleted and added lines per commit of ``diff-tree -p -U0`` output with
    ``--format=%x01%H`` headers.

    Hunk lines are consumed by the counts of their ``@@`` header, so a content line never
    reads as a header, whatever it holds.
    """
    patches: dict[str, list[FilePatch]] = {}
    files: list[FilePatch] | None = None
    current: FilePatch | None = None
    old_line = old_left = new_left = 0
    for line in data.split(b"\n"):
        if old_left or new_left:
            if line.startswith(b"-") and old_left and current is not None:
                current.deleted.append((old_line, line[1:]))
                old_line += 1
                old_left -= 1
                continue
            if line.startswith(b"+") and new_left and current is not None:
                current.added.append(line[1:])
                new_left -= 1
                continue
            if line.startswith(b"\\"):
                continue
            old_left = new_left = 0  # a malformed hunk: read the line as a header
        if line.startswith(b"\x01"):
            sha = line[1:].decode("ascii", "replace").strip()
            files = patches.setdefault(sha, [])
            current = None
        elif line.startswith(b"diff --git ") and files is not None:
            current = FilePatch(header=line[len(b"diff --git ") :])
            files.append(current)
        elif current is None:
            continue
        elif line.startswith(b"rename from "):
            current.rename_from = unquote(line[len(b"rename from ") :])
        elif line.startswith(b"--- "):
            current.minus = unquote(line[4:])
        elif line.startswith(b"+++ "):
            current.plus = unquote(line[4:])
        elif line.startswith(b"Binary files ") or line == b"GIT binary patch":
            current.binary = True
        elif line.startswith(b"@@ "):
            hunk = _HUNK.match(line)
            if hunk:
                old_line = int(hunk.group(1))
                old_left = int(hunk.group(2)) if hunk.group(2) is not None else 1
                new_left = int(hunk.group(3)) if hunk.group(3) is not None else 1
    return patches


def _pathspec(paths: Iterable[bytes]) -> list[str]:
    return [f":(top,literal){argument(path)}" for path in sorted(set(paths))]


def read_patches(
    root: Path | str,
    shas: Sequence[str],
    paths: Iterable[bytes] | None = None,
    renames: bool = True,
) -> dict[str, list[FilePatch]]:
    """``-U0 -w`` patches of ``shas`` against their first parent (Myers, as git's default),
    limited to ``paths`` when given; ``renames``: detect renames (``-M``) among those paths.
    A root commit's files show as added (``--root``)."""
    if not shas:
        return {}
    args = [
        "diff-tree", "--stdin", "-r", "-p", "-U0", "-w", "--no-color", "--always", "--root",
        "--diff-algorithm=myers", "--src-prefix=a/", "--dst-prefix=b/", "--format=%x01%H",
        "-M" if renames else "--no-renames",
    ]  # fmt: skip
    spec: list[str] = []
    if paths is not None:
        wanted = set(paths)
        if not wanted:
            return {sha: [] for sha in shas}
        spec = ["--", *_pathspec(wanted)]
    stdin = "".join(f"{sha}\n" for sha in shas).encode("ascii")
    return parse_patch(git.run(root, *args, *spec, input_bytes=stdin, timeout=600).stdout)


def _ranges(lines: Iterable[int]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for n in sorted(set(lines)):
        if ranges and n == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], n)
        else:
            ranges.append((n, n))
    return ranges


def blame_lines(
    root: Path | str, commit: str, path: bytes, lines: Sequence[int], since: datetime
) -> tuple[dict[str, int], set[str]]:
    """How many of ``lines`` (1-based, in ``path`` at ``commit``) each commit last changed,
    ignoring whitespace (``-w``), and the boundary commits: those before ``since`` (committer
    date), whose lines are older than the period of interest (``--root``: a first commit after
    ``since`` is no boundary; git marks it as one by default).

    ``--no-ignore-revs-file``: a ``blame.ignoreRevsFile`` setting (often a user's global one)
    naming a file the repository lacks would make git fail.
    """
    ranges = _ranges(lines)
    if len(ranges) > MAX_RANGES:
        ranges = [(ranges[0][0], ranges[-1][1])]
    when = since.astimezone(UTC).isoformat(timespec="seconds")
    args = [
        "blame", "--incremental", "-w", "--root", "--no-ignore-revs-file", f"--since={when}",
        *(f"-L{start},{end}" for start, end in ranges), commit, "--", argument(path),
    ]  # fmt: skip
    out = git.run(root, *args, timeout=300).stdout
    wanted = set(lines)
    counts: dict[str, int] = {}
    boundary: set[str] = set()
    current: str | None = None
    for line in out.split(b"\n"):
        header = _BLAME_HEADER.match(line)
        if header:
            current = header.group(1).decode("ascii")
            start, count = int(header.group(3)), int(header.group(4))
            hits = sum(1 for n in range(start, start + count) if n in wanted)
            if hits:
                counts[current] = counts.get(current, 0) + hits
        elif line == b"boundary" and current is not None:
            boundary.add(current)
    return counts, boundary
