"""Hotspots: change frequency crossed with complexity (CodeScene, "Your Code as a Crime Scene").

A hotspot is a file that changes often *and* is complex: that is where debt costs the most,
because it is paid again on every change. Change frequency is the number of commits touching
the file in the window; complexity is the file's total cyclomatic complexity from the code
engine for Python files (radon), and its line count for other files (Tornhill's own proxy).

Score, 0-1: ``(revisions / most revisions) x (complexity / largest complexity of the same
measure)``. Cyclomatic complexity and lines are normalised separately, because one unit of
each is not the same amount of complexity.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath

from analysis import git
from analysis.code.results import FileMetrics
from analysis.errors import GitCommandFailed
from analysis.history.results import Hotspot
from analysis.history.source import HistorySource, TreeEntry

MAX_LOC_BYTES = 20 * 1024 * 1024  # larger files are data, not code: no line count


def _count(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def working_tree_lines(root, paths: Iterable[str]) -> dict[str, int]:
    """Line counts of working-tree files (missing, unreadable or huge files are left out)."""
    counts: dict[str, int] = {}
    for path in paths:
        target = os.path.join(root, *PurePosixPath(path).parts)
        try:
            if os.path.getsize(target) > MAX_LOC_BYTES or os.path.islink(target):
                continue
            with open(target, "rb") as handle:
                counts[path] = _count(handle.read())
        except (OSError, ValueError):
            continue
    return counts


def blob_lines(root, entries: Mapping[str, TreeEntry]) -> dict[str, int]:
    """Line counts of blobs (a bare repository has no working tree), in one cat-file stream."""
    wanted = {p: e.blob for p, e in entries.items() if e.mode.startswith("100")}
    if not wanted:
        return {}
    by_blob: dict[str, list[str]] = {}
    for path, blob in wanted.items():
        by_blob.setdefault(blob, []).append(path)
    order = list(by_blob)
    stdin = "".join(f"{blob}\n" for blob in order).encode("ascii")
    counts: dict[str, int] = {}
    buffer = b""
    index = 0
    need: int | None = None  # content bytes still expected for order[index]
    lines = 0
    last = b"\n"
    try:
        for chunk in git.stream(root, "cat-file", "--batch", input_bytes=stdin):
            buffer += chunk
            while index < len(order):
                if need is None:
                    header, sep, rest = buffer.partition(b"\n")
                    if not sep:
                        break
                    buffer = rest
                    parts = header.split()
                    if len(parts) != 3:  # "<sha> missing"
                        index += 1
                        continue
                    need, lines, last = int(parts[2]), 0, b"\n"
                if need:
                    take = buffer[:need]
                    buffer = buffer[need:]
                    need -= len(take)
                    lines += take.count(b"\n")
                    last = take[-1:] or last
                    if need:
                        break
                if not buffer:
                    break  # the newline after the content has not arrived yet
                buffer = buffer[1:]
                for path in by_blob[order[index]]:
                    counts[path] = lines + (0 if last == b"\n" else 1)
                need = None
                index += 1
    except GitCommandFailed:
        pass
    return counts


def rank_hotspots(
    candidates: list[tuple[str, int]],
    code_files: Mapping[str, FileMetrics],
    lines: Mapping[str, int],
) -> list[Hotspot]:
    """Hotspots of ``(path, revisions in window)``, highest score first."""
    rows: list[tuple[str, int, int, str, int | None]] = []
    for path, revisions in candidates:
        metrics = code_files.get(path)
        loc = lines.get(path)
        if metrics is not None and metrics.loc is not None:
            loc = metrics.loc
        if metrics is not None and metrics.status == "ok" and metrics.cc_total is not None:
            rows.append((path, revisions, metrics.cc_total, "cc", loc))
        elif loc is not None:
            rows.append((path, revisions, loc, "loc", loc))
    if not rows:
        return []
    top_revisions = max(r[1] for r in rows) or 1
    top = {
        measure: max((r[2] for r in rows if r[3] == measure), default=0) or 1
        for measure in ("cc", "loc")
    }
    spots = [
        Hotspot(
            path=path,
            revisions=revisions,
            complexity=value,
            measure=measure,
            loc=loc,
            score=round((revisions / top_revisions) * (value / top[measure]), 4),
        )
        for path, revisions, value, measure, loc in rows
    ]
    spots.sort(key=lambda h: (-h.score, -h.revisions, h.path))
    return spots


def current_lines(
    source: HistorySource, tree: Mapping[str, TreeEntry], paths: Iterable[str]
) -> dict[str, int]:
    """Lines of the files as they are now: the working tree, or the tip's blobs when bare."""
    paths = list(paths)
    if source.bare:
        return blob_lines(source.root, {p: tree[p] for p in paths if p in tree})
    return working_tree_lines(source.root, paths)
