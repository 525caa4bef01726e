"""Hotspots: change frequency crossed with complexity (CodeScene, "Your Code as a Crime Scene").

A hotspot is a file that changes often *and* is complex: that is where debt costs the most,
because it is paid again on every change. Only code is ranked (production and test files, by
their role: analysis.roles), never translations, docs, data, configuration or generated files.
Change frequency is the number of commits touching the file in the window; complexity is the
file's total cyclomatic complexity: radon's for Python (the code engine), lizard's for other
languages (analysis.code.other_languages), one scale for all. Code that no measure covers
(HTML templates, style sheets) is counted in ``unranked`` instead of being ranked by lines,
which would set a long template beside a complex module.

Score, 0-1: ``(revisions / most revisions) x (complexity / largest complexity)``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePosixPath

from analysis import git
from analysis.code.results import FileMetrics
from analysis.errors import GitCommandFailed
from analysis.history.results import Hotspot
from analysis.history.source import HistorySource, TreeEntry
from analysis.roles.file_types import language

MAX_LOC_BYTES = 20 * 1024 * 1024  # larger files are data, not code: not read


def line_count(data: bytes) -> int:
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def working_tree_contents(root, paths: Iterable[str]) -> dict[str, bytes]:
    """Contents of working-tree files (missing, unreadable, linked or huge files left out)."""
    contents: dict[str, bytes] = {}
    for path in paths:
        target = os.path.join(root, *PurePosixPath(path).parts)
        try:
            if os.path.getsize(target) > MAX_LOC_BYTES or os.path.islink(target):
                continue
            with open(target, "rb") as handle:
                contents[path] = handle.read()
        except (OSError, ValueError):
            continue
    return contents


def blob_contents(root, entries: Mapping[str, TreeEntry]) -> dict[str, bytes]:
    """Contents of blobs (a bare repository has no working tree), through one long-lived
    ``cat-file --batch`` (:func:`analysis.git.read_blobs`); missing blobs (a partial clone) and
    blobs over the size limit are left out."""
    wanted = {p: e.blob for p, e in entries.items() if e.mode.startswith("100")}
    if not wanted:
        return {}
    try:
        with git.open_repo(root) as repo:
            blobs = git.read_blobs(repo, wanted.values(), MAX_LOC_BYTES)
    except GitCommandFailed:
        return {}
    return {path: blobs[blob] for path, blob in wanted.items() if blob in blobs}


def rank_hotspots(
    candidates: list[tuple[str, int]],
    code_files: Mapping[str, FileMetrics],
    lines: Mapping[str, int],
    other_complexity: Mapping[str, int] | None = None,
    role_of: Callable[[str], str] | None = None,
) -> tuple[list[Hotspot], dict[str, int]]:
    """Hotspots of ``(path, revisions in window)``, highest score first, and the changed files
    left unranked for want of a complexity measure (per language or file type)."""
    other = other_complexity or {}
    rows: list[tuple[str, int, int, int | None, str]] = []
    unranked: dict[str, int] = {}
    for path, revisions in candidates:
        metrics = code_files.get(path)
        loc = metrics.loc if metrics is not None and metrics.loc is not None else lines.get(path)
        if metrics is not None and metrics.status == "ok" and metrics.cc_total is not None:
            rows.append((path, revisions, metrics.cc_total, loc, "Python"))
        elif path in other:
            rows.append((path, revisions, other[path], loc, language(path) or ""))
        else:
            kind = language(path) or PurePosixPath(path).suffix.lstrip(".").upper() or "other"
            unranked[kind] = unranked.get(kind, 0) + 1
    if not rows:
        return [], unranked
    top_revisions = max(r[1] for r in rows) or 1
    top = max(r[2] for r in rows) or 1
    spots = [
        Hotspot(
            path=path,
            revisions=revisions,
            complexity=value,
            measure="cc",
            loc=loc,
            score=round((revisions / top_revisions) * (value / top), 4),
            role=role_of(path) if role_of is not None else "",
            language=name,
        )
        for path, revisions, value, loc, name in rows
    ]
    spots.sort(key=lambda h: (-h.score, -h.revisions, h.path))
    return spots, dict(sorted(unranked.items()))


def current_contents(
    source: HistorySource, tree: Mapping[str, TreeEntry], paths: Iterable[str]
) -> dict[str, bytes]:
    """The files as they are now: the working tree, or the tip's blobs when bare."""
    paths = list(paths)
    if source.bare:
        return blob_contents(source.root, {p: tree[p] for p in paths if p in tree})
    return working_tree_contents(source.root, paths)
