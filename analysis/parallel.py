"""A process pool for CPU-bound per-file work, with a per-item time budget and prompt cancel.

``concurrent.futures.ProcessPoolExecutor`` cannot stop one running task: a single pathological
file (radon's raw analyzer is quadratic in statement length and can run for minutes) would hold
a worker, and cancel, until it finished. Here each worker is a process we own: when an item runs
past its budget, or the caller cancels, the worker is terminated and, for a budget overrun,
replaced, and the run goes on. Workers use the ``spawn`` start method everywhere: safe in a
process that runs Qt threads, and the same on Linux, macOS, Windows and in a frozen build.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from analysis.errors import AssessmentError, Cancelled
from analysis.progress import CancelCheck, never_cancel

T = TypeVar("T")
R = TypeVar("R")

_POLL_SECONDS = 0.05


@dataclass
class TaskOutcome(Generic[T, R]):
    """What became of one item: ``result``, or ``timed_out``, or ``error`` (a traceback)."""

    item: T
    result: R | None = None
    timed_out: bool = False
    error: str = ""
    seconds: float = 0.0


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _worker_main(func: Callable[[Any], Any], conn: Connection) -> None:
    """Worker loop: receive ``(index, item)``, send ``(index, ok, payload)``; ``None`` ends it."""
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        index, item = message
        try:
            payload = (index, True, func(item))
        except BaseException:  # report, do not die: the parent decides what to do
            payload = (index, False, traceback.format_exc(limit=8))
        try:
            conn.send(payload)
        except (OSError, ValueError):
            return


class _Worker:
    def __init__(self, context, func: Callable[[Any], Any]) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_worker_main, args=(func, child), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.started = 0.0

    def give(self, index: int, item: Any) -> None:
        self.index = index
        self.started = time.monotonic()
        self.conn.send((index, item))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.terminate()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                self.process.terminate()
        self.conn.close()

    def join(self, timeout: float) -> None:
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1.0)


class WorkerPool(Generic[T, R]):
    """Run ``func`` (a picklable module-level function) over items in worker processes."""

    def __init__(
        self,
        func: Callable[[T], R],
        workers: int | None = None,
        budget_seconds: float | None = 30.0,
    ) -> None:
        self.func = func
        self.workers = max(1, workers or default_workers())
        self.budget = budget_seconds
        self._context = multiprocessing.get_context("spawn")

    def run(self, items: Iterable[T], cancel: CancelCheck = never_cancel) -> Iterator[TaskOutcome]:
        """Yield one :class:`TaskOutcome` per item, in completion order.

        Raises :class:`Cancelled` (after stopping every worker, within ~0.1 s) when ``cancel()``
        turns true.
        """
        pending = list(items)
        if not pending:
            return
        pending.reverse()  # pop() from the end keeps the caller's order
        count = len(pending)
        workers = [self._start() for _ in range(min(self.workers, count))]
        index_of: dict[int, T] = {}
        next_index = 0
        finished = 0
        successes = deaths = 0
        clean = False
        try:
            for worker in workers:
                item = pending.pop()
                index_of[next_index] = item
                worker.give(next_index, item)
                next_index += 1
            while finished < count:
                if cancel():
                    raise Cancelled("assessment cancelled")
                busy = [w for w in workers if w.index is not None]
                ready = wait(
                    [w.conn for w in busy] + [w.process.sentinel for w in busy],
                    timeout=_POLL_SECONDS,
                )
                now = time.monotonic()
                for slot, worker in enumerate(workers):
                    if worker.index is None:
                        continue
                    outcome = None
                    if worker.conn in ready:
                        try:
                            index, ok, payload = worker.conn.recv()
                        except (EOFError, OSError):
                            outcome = TaskOutcome(
                                index_of[worker.index], error="worker process died"
                            )
                        else:
                            item = index_of[index]
                            outcome = (
                                TaskOutcome(item, result=payload)
                                if ok
                                else TaskOutcome(item, error=payload)
                            )
                    elif worker.process.sentinel in ready or not worker.process.is_alive():
                        outcome = TaskOutcome(index_of[worker.index], error="worker process died")
                    elif self.budget is not None and now - worker.started > self.budget:
                        outcome = TaskOutcome(index_of[worker.index], timed_out=True)
                    if outcome is None:
                        continue
                    outcome.seconds = now - worker.started
                    del index_of[worker.index]
                    worker.index = None
                    finished += 1
                    died = outcome.error == "worker process died"
                    successes += not (died or outcome.timed_out)
                    deaths += died
                    if died and not successes and deaths > len(workers):
                        raise AssessmentError(
                            "the analysis worker processes stop as soon as they start; "
                            "if you run the engine from a script, guard it with "
                            "'if __name__ == \"__main__\":'"
                        )
                    if outcome.timed_out or died:
                        worker.stop(kill=True)
                        worker.join(1.0)
                        worker = workers[slot] = self._start() if pending else worker
                    if pending and worker.process.is_alive():
                        item = pending.pop()
                        index_of[next_index] = item
                        worker.give(next_index, item)
                        next_index += 1
                    yield outcome
            clean = True
        finally:
            for worker in workers:
                if worker.conn.closed:
                    continue
                worker.stop(kill=not clean)
            for worker in workers:
                worker.join(2.0 if clean else 0.5)

    def _start(self) -> _Worker:
        return _Worker(self._context, self.func)
