"""One assessment of one repository: the engine's single entry point.

``run(path, options, progress=..., cancel=...)`` runs the declared phases
(:mod:`analysis.phases`) with the scheduler, each as soon as the phases it needs are done (the
history's git pass beside the per-file code phase, DORA as soon as the commits are read), and
gathers their values into an :class:`Assessment`, a plain data object that
:mod:`analysis.report` turns into the public JSON report. The GUI runs it on a background thread,
the CLI in the foreground; neither re-implements any of it.
"""

from __future__ import annotations

import importlib
import os
import time
from typing import TYPE_CHECKING, Any

from analysis.cache import NoCache, ResultCache
from analysis.decisions.team import with_advice
from analysis.options import Options
from analysis.progress import CancelCheck, Progress, ProgressCallback, never_cancel, no_progress
from analysis.results import Assessment, CodeSection, RepositoryInfo
from analysis.reuse import assessment_key, keep, reuse
from analysis.scan import open_repository

#: the progress key of the check for a kept run (before the phases)
REUSE = "reuse"

if TYPE_CHECKING:
    from analysis.phases.code import CODE_CACHE, file_findings

#: names this module re-exports from the code phase, imported on first use (PEP 562)
_FROM_CODE_PHASE = ("CODE_CACHE", "file_findings")


def __getattr__(name: str) -> Any:
    if name in _FROM_CODE_PHASE:
        return getattr(importlib.import_module("analysis.phases.code"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CODE_CACHE",
    "Assessment",
    "CodeSection",
    "Options",
    "RepositoryInfo",
    "file_findings",
    "run",
]


def run(
    path: str | os.PathLike[str],
    options: Options | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelCheck = never_cancel,
    cache: ResultCache | None = None,
    *,
    side_by_side: bool = True,
) -> Assessment:
    """Assess the git repository at ``path``.

    ``progress`` receives a :class:`~analysis.progress.Progress` per phase step and per file,
    under the phase's key (:data:`analysis.phases.LABELS`), possibly from several threads one
    at a time, and a last one with ``ended`` when a phase finishes; ``cancel`` is polled at
    least every 0.05 s, and a true answer raises :class:`~analysis.errors.Cancelled`. Bad input
    raises an :class:`~analysis.errors.AssessmentError` whose text is meant for the user.
    ``cache`` keeps per-file results by content, so a re-assessment parses only changed files.
    ``side_by_side=False`` runs the phases one after another (to measure what overlap saves).
    """
    started = time.monotonic()
    options = options or Options()
    cache = cache if cache is not None else NoCache()
    key = None
    if not isinstance(cache, NoCache):  # nothing changed since a kept run: its figures
        progress(Progress(REUSE, 0, 1, "checking what changed since the last run"))
        key = assessment_key(open_repository(path, allow_bare=True), options)
        kept = reuse(cache, key, started) if key and options.reuse_unchanged else None
        progress(Progress(REUSE, 1, 1, "nothing changed" if kept else "changed", ended=True))
        if kept is not None:
            return kept
    # imported here: a reused run needs none of the phases (~0.2 s of its start-up)
    from analysis.phases import PHASES
    from analysis.phases.assembly import assemble
    from analysis.phases.scheduler import run_phases

    outputs, seconds = run_phases(
        PHASES, os.fspath(path), options, cache, progress, cancel, side_by_side=side_by_side
    )
    findings = [finding for phase in PHASES for finding in outputs[phase.key].findings]
    # the advice, and the debt priced by the team it resolved (one home of the loaded cost)
    result = with_advice(
        assemble(lambda key: outputs[key].value, findings), outputs["decisions"].value
    )
    result.repository.phase_seconds = seconds
    result.duration_seconds = round(time.monotonic() - started, 3)
    if key:
        keep(cache, key, result)
    return result
