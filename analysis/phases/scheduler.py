"""Run declared phases side by side, each as soon as the phases it needs have finished.

A small scheduler over a dependency graph (the shape of Dask's and make's): phases are started
on threads as their needs complete. Threads suffice because the long phases wait on other
processes (the code phase on its worker pool, the commit reading on ``git log``), which is what
lets the history's git pass overlap the per-file code phase. Progress is reported under each
phase's key: a first ``Progress(key, 0, 0, "starting")`` when it starts, a last
``Progress(key, 1, 1, "done", ended=True)`` when it ends. When one phase
fails or the user cancels, the others are asked to stop (their cancel check turns true), the
scheduler waits for them and raises the first error: no thread outlives the run.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from analysis.cache import ResultCache
from analysis.errors import Cancelled
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.progress import CancelCheck, Progress, ProgressCallback

if TYPE_CHECKING:
    from analysis.options import Options

#: seconds between checks of the user's cancel while phases run
POLL_SECONDS = 0.05


class PhaseGraphError(ValueError):
    """The declarations do not form a runnable graph (a programming error, not bad input)."""


def check_graph(phases: Sequence[Phase[Any]]) -> None:
    """Every key unique, every need declared by an earlier phase (so no cycle can exist)."""
    seen: set[str] = set()
    for phase in phases:
        if phase.key in seen:
            raise PhaseGraphError(f"phase {phase.key!r} declared twice")
        unknown = [need for need in phase.needs if need not in seen]
        if unknown:
            raise PhaseGraphError(f"phase {phase.key!r} needs {unknown} declared after it")
        seen.add(phase.key)


def _keyed(progress: ProgressCallback, key: str, lock: threading.Lock) -> ProgressCallback:
    """A callback that reports under ``key`` whatever name the phase's code uses inside, one
    report at a time (phases on several threads share the caller's callback)."""

    def report(step: Progress) -> None:
        with lock:
            progress(step if step.phase == key else replace(step, phase=key))

    return report


def _release(phases: Sequence[Phase[Any]], outputs: dict[str, PhaseOutput[Any]]) -> None:
    """Drop the values of phases declared ``keep=False`` once all their readers finished."""
    for phase in phases:
        output = outputs.get(phase.key)
        if phase.keep or output is None or output.value is None:
            continue
        readers = [p.key for p in phases if phase.key in p.needs]
        if all(key in outputs for key in readers):
            outputs[phase.key] = PhaseOutput(None, output.findings)


def run_phases(
    phases: Sequence[Phase[Any]],
    path: str,
    options: Options,
    cache: ResultCache,
    progress: ProgressCallback,
    cancel: CancelCheck,
    *,
    side_by_side: bool = True,
) -> tuple[dict[str, PhaseOutput[Any]], dict[str, float]]:
    """Every phase's output by key, and the wall-clock seconds each took.

    With ``side_by_side`` false the phases run one after another in declaration order (for
    measuring what the overlap saves, and for debugging).
    """
    check_graph(phases)
    outputs: dict[str, PhaseOutput[Any]] = {}
    seconds: dict[str, float] = {}
    stop = threading.Event()
    lock = threading.Lock()

    def stopped() -> bool:
        return stop.is_set() or cancel()

    def execute(phase: Phase[Any]) -> PhaseOutput[Any]:
        report = _keyed(progress, phase.key, lock)
        started = time.monotonic()
        report(Progress(phase.key, 0, 0, "starting"))
        given = PhaseInput(phase.key, path, options, cache, report, stopped, outputs, phase.needs)
        result = phase.run(given)
        seconds[phase.key] = round(time.monotonic() - started, 3)
        report(Progress(phase.key, 1, 1, "done", ended=True))
        return result

    if not side_by_side:
        for phase in phases:
            if stopped():
                raise Cancelled("assessment cancelled")
            outputs[phase.key] = execute(phase)
            _release(phases, outputs)
        return outputs, seconds

    waiting = list(phases)
    running: dict[Future[PhaseOutput[Any]], Phase[Any]] = {}
    failure: BaseException | None = None
    with ThreadPoolExecutor(max_workers=len(phases), thread_name_prefix="phase") as pool:
        try:
            while waiting or running:
                if failure is None and not stop.is_set():
                    for phase in [p for p in waiting if all(n in outputs for n in p.needs)]:
                        waiting.remove(phase)
                        running[pool.submit(execute, phase)] = phase
                if not running:
                    break  # stopped before the rest could start
                done, _ = wait(running, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                if cancel():
                    stop.set()
                for future in done:
                    phase = running.pop(future)
                    error = future.exception()
                    if error is None:
                        outputs[phase.key] = future.result()
                        _release(phases, outputs)
                    elif failure is None or isinstance(failure, Cancelled):
                        failure = error  # the first real error, rather than the stops it caused
                        stop.set()
        except BaseException:  # KeyboardInterrupt in the caller's thread: stop every phase
            stop.set()
            wait(running)
            raise
    if failure is not None:
        raise failure
    if waiting:
        raise Cancelled("assessment cancelled")
    return outputs, seconds
