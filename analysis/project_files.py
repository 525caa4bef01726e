"""The repository's configuration files, read as text: tracked files only, never followed links.

Runtime and architecture evidence lives in small text files (pyproject.toml, requirements,
Dockerfiles, CI workflows). They are read from the working tree like the Python sources: size
limit, binary check, decoding with replacement, universal newlines. Nothing is executed.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field

from analysis.scan import Repository, TrackedFile, absolute_path

#: configuration files larger than this are not read (generated lock files stay well below)
MAX_CONFIG_BYTES = 4 * 1024 * 1024


@dataclass
class ProjectFiles:
    """Tracked files by repository-relative path, with a text reader that says why it failed."""

    repo: Repository
    tracked: dict[str, TrackedFile]
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    _texts: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def of(cls, repo: Repository, tracked: Iterable[TrackedFile]) -> ProjectFiles:
        return cls(repo, {item.path: item for item in tracked if not item.is_submodule})

    def __contains__(self, path: str) -> bool:
        return path in self.tracked

    def paths(self) -> list[str]:
        return sorted(self.tracked)

    def matching(self, *patterns: str) -> list[str]:
        """Tracked paths whose file name (or, for patterns with '/', whole path) matches."""
        found = []
        for path in sorted(self.tracked):
            name = posixpath.basename(path)
            for pattern in patterns:
                subject = path if "/" in pattern else name
                if fnmatch.fnmatchcase(subject, pattern):
                    found.append(path)
                    break
        return found

    def text(self, path: str, max_bytes: int = MAX_CONFIG_BYTES) -> str | None:
        """The file's text, or None (and a recorded problem) when it cannot be read as text."""
        if path in self._texts:
            return self._texts[path]
        self._texts[path] = text = self._read(path, max_bytes)
        return text

    def _read(self, path: str, max_bytes: int) -> str | None:
        item = self.tracked.get(path)
        if item is None:
            return None
        if item.is_symlink:
            self.problems.append((path, "is a symbolic link (not followed)"))
            return None
        target = absolute_path(self.repo, item)
        try:
            if os.path.islink(target):
                self.problems.append((path, "is a symbolic link (not followed)"))
                return None
            size = os.path.getsize(target)
            if size > max_bytes:
                self.problems.append((path, f"is {size:,} bytes, over the {max_bytes:,} limit"))
                return None
            with open(target, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except FileNotFoundError:
            self.problems.append((path, "tracked by git but missing from the working tree"))
            return None
        except OSError as exc:
            self.problems.append((path, f"cannot be read: {exc.strerror or exc}"))
            return None
        if b"\0" in data[:8192]:
            self.problems.append((path, "is a binary file"))
            return None
        text = data.decode("utf-8", "replace")
        if text.startswith("\ufeff"):
            text = text[1:]
        return text.replace("\r\n", "\n").replace("\r", "\n")


def continued_lines(text: str) -> list[tuple[int, str]]:
    """Lines joined across trailing backslashes (requirements files, Dockerfiles), each with
    the number of its first line."""
    out: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, raw in enumerate(text.split("\n"), 1):
        if not pending:
            start = number
        line = raw.rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        out.append((start, pending + line))
        pending = ""
    if pending:
        out.append((start, pending))
    return out


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` containing ``needle`` (else start)."""
    for number, line in enumerate(text.split("\n")[start - 1 :], start):
        if needle in line:
            return number
    return start


def section_line(text: str, header: str) -> int:
    """Line of a TOML/INI section header such as ``[project]`` or ``[tool.poetry]``."""
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.replace(" ", "") == header.replace(" ", ""):
            return number
    return 1
