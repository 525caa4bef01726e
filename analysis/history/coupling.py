"""Temporal coupling and sum of coupling, exactly as code-maat computes them.

code-maat (``coupling_algos.clj``, ``logical_coupling.clj``, ``sum_of_coupling.clj``):

* a commit's change set is its distinct files; change sets with more than
  ``max-changeset-size`` (30) files are dropped before anything is counted;
* a file's revisions are the kept change sets it is in; a pair's shared revisions the kept
  change sets holding both;
* ``average-revs = (revs_a + revs_b) / 2``, ``coupling = shared / average-revs x 100`` (Clojure
  ratios: exact), ``degree = (int coupling)``; a pair is reported when ``average-revs >=
  min-revs`` (5), ``shared >= min-shared-revs`` (5), ``coupling >= min-coupling`` (30) and
  ``floor(coupling) <= max-coupling`` (100);
* sum of coupling of a file: over the kept change sets that contain it, ``files - 1``.

The arithmetic here is on integers (``200 shared / (revs_a + revs_b)``), so a pair exactly at a
threshold is decided as code-maat's exact ratios decide it, with no float rounding.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CouplingSettings:
    min_revs: int = 5
    min_shared: int = 5
    min_degree: int = 30
    max_degree: int = 100
    max_changeset: int = 30


@dataclass(frozen=True)
class CoupledPair:
    a: int
    b: int
    shared: int
    degree: int
    revisions_a: int
    revisions_b: int


@dataclass
class CouplingResult:
    pairs: list[CoupledPair]  # degree descending, then shared revisions descending
    sum_of_coupling: dict[int, int]
    revisions: dict[int, int]  # per file, over the kept change sets
    ignored_changesets: int  # over max_changeset files


def temporal_coupling(
    changesets: Iterable[Iterable[int]], settings: CouplingSettings
) -> CouplingResult:
    """code-maat's coupling over change sets of file ids (one per commit)."""
    revisions: dict[int, int] = {}
    shared: dict[tuple[int, int], int] = {}
    soc: dict[int, int] = {}
    ignored = 0
    for changeset in changesets:
        files = sorted(set(changeset))
        size = len(files)
        if not size:
            continue
        if size > settings.max_changeset:
            ignored += 1
            continue
        for index, first in enumerate(files):
            revisions[first] = revisions.get(first, 0) + 1
            soc[first] = soc.get(first, 0) + size - 1
            for second in files[index + 1 :]:
                key = (first, second)
                shared[key] = shared.get(key, 0) + 1
    pairs = []
    for (a, b), count in shared.items():
        total = revisions[a] + revisions[b]  # = 2 x average-revs
        if total < 2 * settings.min_revs or count < settings.min_shared:
            continue
        if 200 * count < settings.min_degree * total:
            continue
        degree = (200 * count) // total
        if degree > settings.max_degree:
            continue
        pairs.append(CoupledPair(a, b, count, degree, revisions[a], revisions[b]))
    pairs.sort(key=lambda p: (-p.degree, -p.shared, p.a, p.b))
    return CouplingResult(pairs, soc, revisions, ignored)
