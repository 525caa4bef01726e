"""Run an assessment and store it: the one path the main window, the wizard and the CLI take.

:func:`run_assessment` runs the engine (collections paused, damaged cache rows reported),
:func:`save_assessment` stores the result, :func:`assess_and_store` does both as the GUI's
background job. The CLI calls the first two itself, so that a store that fails still leaves
the JSON and PDF written.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from analysis import assessment as engine
from analysis.assessment import REUSE
from analysis.cache import ResultCache
from analysis.options import Options
from analysis.progress import CancelCheck, Progress, ProgressCallback, never_cancel
from analysis.results import Assessment
from analysis.reuse import kept_packed, kept_report
from app.context import ApplicationContext
from app.store import Store
from app.store.cache import note_cache_damage

SAVING = "saving"
if TYPE_CHECKING:
    #: Every phase of a run with its name for people: the check for a kept run, the engine's
    #: declarations (analysis.phases.LABELS), then the save. Made on first use (PEP 562): the
    #: phases are not imported by a run that reuses a kept one.
    PHASE_NAMES: dict[str, str]


def __getattr__(name: str) -> Any:
    if name != "PHASE_NAMES":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from analysis.phases import LABELS

    names = {REUSE: "Checking what changed since the last run", **LABELS}
    names[SAVING] = "Saving the assessment"
    globals()["PHASE_NAMES"] = names
    return names


_paused = 0  # runs in progress that paused collections (the collector is process-wide)
_pause_lock = threading.Lock()
_enabled_before = True


@contextmanager
def collections_paused() -> Iterator[None]:
    """No automatic cycle collection while an assessment runs.

    A full collection scans every object the run holds (an assessment of 4,000 files tracks
    ~250,000 objects: 100-200 ms measured, with the GIL held), so the GUI thread froze for that
    long several times near the end of a large run. The run makes almost no cyclic garbage
    (5 unreachable objects after the 4,000-file synthetic project, same peak memory with and
    without collections), so collections are paused and, at the end, everything alive is moved
    out of the collector's sight (``gc.freeze``): re-enabling would otherwise scan all of it at
    once. Acyclic objects, the assessment among them, are still freed when no longer used.

    The collector is process-wide, so the pause is counted: the first run to start pauses it,
    the last to end restores it. The freeze is undone by :func:`release_earlier_runs`, which
    the GUI calls on its own thread when it starts the next run. A run that stops (cancelled,
    failed) is not frozen: its frames and partial results are garbage the next collection must
    free.
    """
    global _paused, _enabled_before
    with _pause_lock:
        if _paused == 0:
            _enabled_before = gc.isenabled()
            gc.disable()
        _paused += 1
    completed = False
    try:
        yield
        completed = True
    finally:
        with _pause_lock:
            _paused -= 1
            if _paused == 0:
                if completed:
                    gc.freeze()
                if _enabled_before:
                    gc.enable()


def release_earlier_runs() -> None:
    """Undo the freeze of earlier runs and collect once, so that what they left behind in a
    cycle is freed once per run instead of never. Call it on the GUI thread, before a run
    starts: a collection frees Qt objects (windows, models of earlier runs), which must not
    happen on a worker thread (it crashed a test run that did so); one collection there takes
    100-200 ms, once, when the user has just asked for the run."""
    gc.unfreeze()
    gc.collect()


def run_assessment(
    path: str,
    options: Options,
    cache: ResultCache,
    *,
    progress: ProgressCallback,
    cancel: CancelCheck = never_cancel,
) -> Assessment:
    """The engine's run with collections paused; damaged cache rows become a warning."""
    with collections_paused():
        result = engine.run(path, options, progress=progress, cancel=cancel, cache=cache)
    note_cache_damage(result, cache)  # damaged cache rows: dropped, recomputed, reported
    return result


def save_assessment(
    result: Assessment, store: Store, progress: ProgressCallback, report: dict | None = None
) -> int:
    """Store ``result`` (``report``: its JSON report, when made already; a reused run's is
    the one read back); returns its id."""
    progress(Progress(SAVING, 0, 1, "saving the assessment"))
    kept = kept_report(result)
    if report is None or report is kept:  # the kept report: stored as packed when kept
        assessment_id = store.save(result, kept, kept_packed(result) if kept else None)
    else:
        assessment_id = store.save(result, report)
    progress(Progress(SAVING, 1, 1, "saved", ended=True))
    return assessment_id


def with_stored_inputs(path: str, options: Options, context: ApplicationContext) -> Options:
    """``options`` with the inputs kept with the folder (delivery logs and answers, the team
    profile): a copy, the caller's options are not changed."""
    return replace(
        options,
        dora=context.store.delivery.inputs(path),  # logs, source, answers kept with it
        team=context.store.team.load(path),  # the team profile kept with it (advice)
    )


def assess_and_store(
    path: str,
    options: Options,
    context: ApplicationContext,
    *,
    progress: ProgressCallback,
    cancel: CancelCheck = never_cancel,
) -> tuple[Assessment, int]:
    """The GUI's background job: run with the inputs kept with the folder, then store;
    returns ``(assessment, id)``. ``options`` is not changed."""
    options = with_stored_inputs(path, options, context)
    with collections_paused():  # saving a large report makes objects too
        result = run_assessment(
            path, options, context.store.cache, progress=progress, cancel=cancel
        )
        return result, save_assessment(result, context.store, progress)
