"""Reusing a whole assessment when nothing it reads has changed (issue 16's warm run).

Every figure of an assessment is a function of what it reads: the tracked files' content and
the history (:mod:`analysis.tree_fingerprint`: HEAD, branch, index, changed files), the refs
the history and DORA read (tags, branches, remotes), the options and inputs (the team's answers,
delivery logs, the advice model's overrides), the analyzer itself, and the day (DORA windows and
history ages are counted back from today). When all of these are as they were for a stored
run, that run's report is the answer, read back in a fraction of a second instead of measuring
again: on saleor the whole warm CLI run went from ~7 s to ~2 s.

The key covers the analyzer's own source (a hash of ``analysis/``'s Python files, 10 ms), so a
new version never reuses an older one's figures. Runs that could differ when repeated are never
kept for reuse: files skipped as too slow or too large to analyse (a budget that a quieter
machine could meet), or unreadable (:func:`analysis.code.results.skipped_for_this_run`), a
history git could not read. A file skipped for what the run reads (missing from the working
tree, binary, over the size limit) is skipped again by a repeat: such a report is kept.
"""

from __future__ import annotations

import hashlib
import json
import time
import weakref
import zlib
from dataclasses import asdict
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from analysis import git, json_text
from analysis.cache import NoCache, ResultCache
from analysis.code.file_metrics import ANALYZER_ID
from analysis.code.newer_grammar import measured_alike_now
from analysis.code.results import skipped_for_this_run
from analysis.errors import GitCommandFailed
from analysis.findings import Finding
from analysis.options import Options
from analysis.report import from_report, to_report
from analysis.results import Assessment
from analysis.scan import Repository
from analysis.tree_fingerprint import reuse_key, tree_fingerprint
from analysis.version import __version__

NAMESPACE = "assessment"
REUSED = "reused"
#: findings after which the same run could measure more (budgets, a transient git failure)
NOT_REPEATABLE = frozenset({"history_failed"})
_LEVEL = 1  # zlib on saleor's 16 MB report: 2.0 MB in 0.08 s at level 1, 1.4 MB in 0.22 s at 6


@cache
def analyzer_source() -> str:
    """A hash of the analyzer's own Python source (every module of ``analysis``)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _refs(repo: Repository) -> bytes:
    """Every ref with what it points to (tags, branches, remotes: DORA and the history read
    them)."""
    return git.run(repo.root, "for-each-ref", "--format=%(refname) %(objectname) %(symref)").stdout


def _options(options: Options) -> str:
    """The options that decide figures, as canonical JSON (the worker count does not)."""
    data = asdict(options)
    for name in ("workers", "reuse_unchanged"):
        data.pop(name, None)
    return json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))


def assessment_key(repo: Repository, options: Options, now: datetime | None = None) -> str | None:
    """The key of everything the assessment of ``repo`` reads; None when git cannot say."""
    day = (now or datetime.now(UTC)).date().isoformat()
    try:
        tree = tree_fingerprint(repo.root, repo.scope)
        refs = _refs(repo)
    except (GitCommandFailed, OSError):
        return None
    # ANALYZER_ID names the host's Python grammar: a store shared by two hosts keeps each one's
    # __version__ too: a frozen build ships no .py files for analyzer_source to hash
    # the root and scope too: two checkouts of one repository (twin checkouts, a portfolio of
    # worktrees) have the same tree and refs, but each report names its own folder
    return reuse_key(
        tree,
        refs,
        analyzer_source(),
        __version__,
        ANALYZER_ID,
        _options(options),
        day,
        str(repo.root),
        repo.scope,
    )


def reusable(result: Assessment) -> bool:
    """Whether repeating the run is sure to give these figures again."""
    if any(f.code in NOT_REPEATABLE for f in result.repository.warnings):
        return False
    return not any(skipped_for_this_run(f.status, f.reason) for f in result.code.files)


def keep(cache: ResultCache, key: str, result: Assessment) -> None:
    """Keep ``result``'s report under ``key`` for the next run, when it is repeatable."""
    if isinstance(cache, NoCache) or not reusable(result):
        return
    report = to_report(result)
    packed = pack(report)
    cache.put_many(NAMESPACE, {key: packed})
    global _last
    _last = (weakref.ref(result), report, packed)  # the same report for the store and JSON


def pack(report: dict[str, Any]) -> bytes:
    """A report as kept here and stored: compact JSON (:mod:`analysis.json_text`), zlib."""
    return zlib.compress(json_text.dumps(report), _LEVEL)


def reuse(cache: ResultCache, key: str, started: float) -> Assessment | None:
    """The kept assessment of ``key`` as of now, or None (none kept, or unreadable)."""
    if isinstance(cache, NoCache):
        return None
    packed = cache.get_many(NAMESPACE, [key]).get(key)
    if packed is None:
        return None
    try:
        data: dict[str, Any] = json_text.loads(zlib.decompress(packed))
        result = from_report(data)
    except (ValueError, KeyError, TypeError, zlib.error):
        return None  # an older or damaged entry: measure again (and replace it)
    if not measured_alike_now(result.code.files):
        return None  # a newer Python came or went since: files in its grammar measure anew
    repository = result.repository
    measured_at = repository.analyzed_at
    repository.analyzed_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    note = Finding(
        REUSED,
        f"nothing this assessment reads changed since the run of {measured_at} (same "
        "commit, files, refs, settings and analyzer, same day): its figures are reused",
    )
    repository.warnings.append(note)
    seconds = round(time.monotonic() - started, 3)
    repository.phase_seconds = {REUSED: seconds}
    result.duration_seconds = seconds
    # the report read back, changed as the assessment was (what to_report would give again)
    section = data["repository"]
    section["analyzed_at"] = repository.analyzed_at
    section["warnings"].append(asdict(note))
    section["phase_seconds"] = dict(repository.phase_seconds)
    section["duration_seconds"] = seconds
    global _last
    _last = (weakref.ref(result), data, None)  # changed since packed: packed again to store
    return result


#: the assessment just kept or reused, its report and, when that report is the one kept, its
#: packed form (the assessment weakly: nothing is kept alive for it)
_last: tuple[weakref.ref[Assessment], dict[str, Any], bytes | None] | None = None


def kept_report(result: Assessment) -> dict[str, Any] | None:
    """The report of ``result`` when it is the assessment just kept or reused, unchanged
    since: its ``to_report`` without making it again (~0.3 s on saleor, a sixth of a warm CLI
    run; a cold run made it twice, for the kept copy and for the store and JSON). None
    otherwise; the caller then makes it."""
    if _last is None or _last[0]() is not result:
        return None
    return _last[1]


def kept_packed(result: Assessment) -> bytes | None:
    """:func:`pack` of :func:`kept_report`, when made already (a kept run's), else None."""
    if _last is None or _last[0]() is not result:
        return None
    return _last[2]


def forget(result: Assessment) -> None:
    """``result`` was changed after it was kept or reused: its kept report no longer is its
    report."""
    global _last
    if _last is not None and _last[0]() is result:
        _last = None
