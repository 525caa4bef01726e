"""The background job of an assessment, shared by the main window and the wizard: run the
engine with the inputs kept with the repository, then store the result."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from analysis import assessment as engine
from analysis.progress import Progress
from app.context import ApplicationContext
from app.store.cache import note_cache_damage

#: The engine's phases in the order it runs them, with their names for the user.
PHASE_NAMES = {
    "repository": "Checking the repository",
    "roles": "Classifying files (production, tests, docs, generated ...)",
    "code": "Measuring Python files",
    "architecture": "Reading imports, Python versions and the stack",
    "history": "Reading the history",
    "dora": "Delivery metrics (DORA)",
    "duplication": "Finding duplicated code",
    "saving": "Debt, advice and saving the assessment",
}


@contextmanager
def collections_paused() -> Iterator[None]:
    """No automatic cycle collection while an assessment runs in the background.

    A full collection scans every object the run holds (an assessment of 4,000 files tracks
    ~250,000 objects: 100-200 ms measured, with the GIL held), so the GUI thread froze for that
    long several times near the end of a large run. The run makes almost no cyclic garbage
    (5 unreachable objects after the 4,000-file synthetic project, same peak memory with and
    without collections), so collections are paused and, at the end, everything alive is moved
    out of the collector's sight (``gc.freeze``): re-enabling would otherwise scan all of it at
    once. Acyclic objects, the assessment among them, are still freed when no longer used.
    A run that stops (cancelled, failed) is not frozen: its frames and partial results are
    garbage the next collection must free.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:
        if enabled:
            gc.enable()
        raise
    gc.freeze()
    if enabled:
        gc.enable()


def assess_and_store(path: str, options, context: ApplicationContext, *, progress, cancel):
    """Background job: run the assessment, then store it; returns ``(assessment, id)``.
    ``options`` is not changed: the inputs kept with the folder are added to a copy."""
    options = replace(
        options,
        dora=context.store.delivery.inputs(path),  # logs, source, answers kept with it
        team=context.store.team.load(path),  # the team profile kept with it (advice)
    )
    with collections_paused():
        result = engine.run(
            path, options, progress=progress, cancel=cancel, cache=context.store.cache
        )
        note_cache_damage(result, context.store.cache)  # damaged cache rows: a warning
        progress(Progress("saving", 0, 1, "saving the assessment"))
        assessment_id = context.store.save(result)
    progress(Progress("saving", 1, 1, "saved"))
    return result, assessment_id
