"""A process pool for CPU-bound per-file work, with a per-item time budget and prompt cancel.

``concurrent.futures.ProcessPoolExecutor`` cannot stop one running task: a single pathological
file (radon's raw analyzer is quadratic in statement length and can run for minutes) would hold
a worker, and cancel, until it finished. Here each worker is a process we own: when an item runs
past its budget, or the caller cancels, the worker is terminated and, for a budget overrun,
replaced, and the run goes on. Workers use the ``spawn`` start method everywhere: safe in a
process that runs Qt threads, and the same on Linux, macOS, Windows and in a frozen build.

Each worker may also have a memory budget: its address space is capped with
``resource.setrlimit(RLIMIT_AS)`` (POSIX; setrlimit(2)) at what it holds when it starts plus the
budget, so a pathological file fails with ``MemoryError`` in the worker, is reported as too
large to analyse, and the worker is replaced, before it takes gigabytes. Where the platform has
no such limit (Windows) the budget is not enforced; the parent process is never limited.

A pool may run its workers on another CPython (:class:`OtherPython`, POSIX only): each worker is
then that interpreter started isolated (``-I -S``, an empty environment) with an explicit
``sys.path`` (its own standard library, then the given folders), talking over a socket pair with
the same messages, budgets and cancel as the ``spawn`` workers. It imports only what the
function's module imports, from those folders (analysis.code.newer_grammar).
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from analysis.errors import AssessmentError, Cancelled
from analysis.progress import CancelCheck, never_cancel

T = TypeVar("T")
R = TypeVar("R")

_POLL_SECONDS = 0.05
#: Address space a worker may add while it works on one item (Settings.file_memory_megabytes).
DEFAULT_MEMORY_BYTES = 1024 * 1024 * 1024


@dataclass
class TaskOutcome(Generic[T, R]):
    """What became of one item: ``result``, or ``timed_out``, or ``too_large`` (it ran out of
    the worker's memory budget), or ``error`` (a traceback)."""

    item: T
    result: R | None = None
    timed_out: bool = False
    too_large: bool = False
    error: str = ""
    seconds: float = 0.0


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _address_space() -> int | None:
    """This process's virtual size in bytes (Linux ``/proc/self/statm``), None elsewhere."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            pages = int(handle.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def limit_memory(budget_bytes: int | None) -> int | None:
    """Cap this process's address space at its current size plus ``budget_bytes`` (or at
    ``budget_bytes`` where the size cannot be read); the cap set, or None (no budget, or the
    platform has no ``RLIMIT_AS``). Only ever called in a worker process."""
    if not budget_bytes or budget_bytes <= 0:
        return None
    try:
        import resource  # POSIX only
    except ImportError:
        return None
    if not hasattr(resource, "RLIMIT_AS"):
        return None
    cap = (_address_space() or 0) + budget_bytes
    try:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError):  # e.g. macOS refuses some values: run without a budget
        return None
    return cap


_TOO_LARGE = "\0too large"  # a worker's reply: the item ran out of the memory budget


def _worker_main(
    func: Callable[[Any], Any], conn: Connection, memory_bytes: int | None = None
) -> None:
    """Worker loop: receive an item, send ``(ok, result or traceback)``; ``None`` ends it."""
    limit_memory(memory_bytes)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if message is None:
            return
        (item,) = message
        out_of_memory = False
        try:
            payload = (True, func(item))
        except MemoryError:  # the budget: answer once the frames holding the memory are gone
            out_of_memory = True
        except BaseException:  # report, do not die: the parent decides what to do
            payload = (False, traceback.format_exc(limit=8))
        if out_of_memory:
            payload = (False, _TOO_LARGE)
        try:
            conn.send(payload)
        except (OSError, ValueError):
            return


_MAIN_LOCK = threading.Lock()


@contextmanager
def _main_script_left_out(func: Callable[[Any], Any]) -> Iterator[None]:
    """Start ``spawn`` workers without re-running the parent's main script or module.

    A ``spawn`` child first runs the parent's ``__main__`` again, as ``__mp_main__``
    (multiprocessing.spawn.get_preparation_data: ``init_main_from_name`` for ``python -m``,
    ``init_main_from_path`` for a script), so that functions defined there can be unpickled.
    Ours live in importable modules: for the CLI (``python -m app.cli``) that re-run imported
    the whole app, SQLAlchemy and the store included, in every worker (measured here:
    ``import app.cli`` 0.75 s of CPU, the worker's own modules 0.12 s). While a worker
    starts, ``__main__`` shows neither its spec nor its file, so the child skips it; a
    function from ``__main__`` itself (a script's own worker function) keeps the re-run it
    needs.
    """
    main = sys.modules.get("__main__")
    if main is None or getattr(func, "__module__", None) == "__main__":
        yield
        return
    with _MAIN_LOCK:
        saved: dict[str, Any] = {
            name: main.__dict__[name] for name in ("__spec__", "__file__") if name in main.__dict__
        }
        main.__dict__.pop("__file__", None)
        main.__dict__["__spec__"] = None
        try:
            yield
        finally:
            main.__dict__.pop("__spec__", None)
            main.__dict__.update(saved)


_DIED = "worker process died"
_NOTHING = object()


class _Worker:
    """One worker process with at most one item in flight."""

    def __init__(self, context, func: Callable[[Any], Any], memory_bytes: int | None) -> None:
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_worker_main, args=(func, child, memory_bytes), daemon=True
        )
        with _main_script_left_out(func):
            self.process.start()
        child.close()
        self.item: Any = _NOTHING
        self.started = 0.0

    @property
    def busy(self) -> bool:
        return self.item is not _NOTHING

    def give(self, item: Any) -> None:
        self.item = item
        self.started = time.monotonic()
        self.conn.send((item,))

    def outcome(self, ready: list, now: float, budget: float | None) -> TaskOutcome | None:
        """What became of the item in flight, or None while it is still running in budget."""
        if self.conn in ready:
            try:
                ok, payload = self.conn.recv()
            except (EOFError, OSError):
                return TaskOutcome(self.item, error=_DIED)
            if ok:
                return TaskOutcome(self.item, result=payload)
            if payload == _TOO_LARGE:
                return TaskOutcome(self.item, too_large=True)
            return TaskOutcome(self.item, error=payload)
        if self.process.sentinel in ready or not self.process.is_alive():
            return TaskOutcome(self.item, error=_DIED)
        if budget is not None and now - self.started > budget:
            return TaskOutcome(self.item, timed_out=True)
        return None

    def stop(self, kill: bool = False) -> None:
        if self.conn.closed:
            return
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


@dataclass(frozen=True)
class OtherPython:
    """Another CPython for a pool's workers: its executable and the folders appended to its
    ``sys.path`` (after its own standard library) so that it finds the worker function."""

    executable: str
    path: tuple[str, ...]


#: What the other interpreter runs: argv is the socket's descriptor, ``module:function``, the
#: memory budget in bytes (0: none), then the folders for sys.path. Failing to import the
#: function answers every item with the traceback, so the parent sees why (items are not
#: unpickled then: their classes may be what cannot be imported).
_OTHER_PYTHON_MAIN = """
import pickle, sys, traceback
from multiprocessing.connection import Connection
conn = Connection(int(sys.argv[1]))
sys.path.extend(sys.argv[4:])
try:
    import importlib
    module, _, name = sys.argv[2].partition(":")
    func = getattr(importlib.import_module(module), name)
    from analysis.parallel import _worker_main
except BaseException:
    error = traceback.format_exc(limit=8)
    def stop(message):
        try:
            return pickle.loads(message) is None
        except Exception:
            return False
    try:
        while not stop(conn.recv_bytes()):
            conn.send((False, error))
    except (EOFError, OSError):
        pass
else:
    _worker_main(func, conn, int(sys.argv[3]) or None)
"""


class _OtherProcess:
    """A ``subprocess.Popen`` with the part of ``multiprocessing.Process`` the pool uses. The
    sentinel, as multiprocessing's, is the read end of a pipe whose write end only the child
    holds: it becomes readable when the child exits."""

    def __init__(self, popen: subprocess.Popen, sentinel: int) -> None:
        self.popen = popen
        self.sentinel = sentinel

    def is_alive(self) -> bool:
        return self.popen.poll() is None

    def terminate(self) -> None:
        if self.is_alive():
            self.popen.terminate()

    def kill(self) -> None:
        if self.is_alive():
            self.popen.kill()

    def join(self, timeout: float) -> None:
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            return
        if self.sentinel >= 0:
            os.close(self.sentinel)
            self.sentinel = -1


class _OtherPythonWorker(_Worker):
    """One worker process on another interpreter (:class:`OtherPython`)."""

    def __init__(
        self, python: OtherPython, func: Callable[[Any], Any], memory_bytes: int | None
    ) -> None:
        ours, theirs = socket.socketpair()
        sentinel, held = os.pipe()
        try:
            popen = subprocess.Popen(
                [
                    python.executable,
                    "-I",
                    "-S",
                    "-c",
                    _OTHER_PYTHON_MAIN,
                    str(theirs.fileno()),
                    f"{func.__module__}:{func.__qualname__}",
                    str(memory_bytes or 0),
                    *python.path,
                ],
                pass_fds=(theirs.fileno(), held),
                env={},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except BaseException:
            ours.close()
            os.close(sentinel)
            raise
        finally:
            theirs.close()
            os.close(held)
        self.conn = Connection(ours.detach())
        self.process = _OtherProcess(popen, sentinel)
        self.item = _NOTHING
        self.started = 0.0


class _Run:
    """The state of one :meth:`WorkerPool.run`: the queue, the workers, what has come back."""

    def __init__(self, pool: WorkerPool, items: list) -> None:
        self.pool = pool
        self.pending = deque(items)
        self.workers = [pool._start() for _ in range(min(pool.workers, len(items)))]
        self.successes = 0
        self.deaths = 0
        for worker in self.workers:
            worker.give(self.pending.popleft())

    @property
    def busy(self) -> list[_Worker]:
        return [w for w in self.workers if w.busy]

    def collect(self) -> Iterator[TaskOutcome]:
        """Wait up to one poll interval, then settle every worker whose item is done."""
        busy = self.busy
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], _POLL_SECONDS)
        now = time.monotonic()
        for slot, worker in enumerate(self.workers):
            if not worker.busy:
                continue
            outcome = worker.outcome(ready, now, self.pool.budget)
            if outcome is not None:
                outcome.seconds = now - worker.started
                worker.item = _NOTHING
                self._settle(slot, outcome)
                yield outcome

    def _settle(self, slot: int, outcome: TaskOutcome) -> None:
        died = outcome.error == _DIED
        self.successes += not (died or outcome.timed_out)
        self.deaths += died
        # a worker that ran out of memory is replaced: its heap may stay large and fragmented
        died = died or outcome.too_large
        if died and not self.successes and self.deaths > len(self.workers):
            raise AssessmentError(
                "the analysis worker processes stop as soon as they start; if you run the "
                "engine from a script, guard it with 'if __name__ == \"__main__\":'"
            )
        worker = self.workers[slot]
        if (outcome.timed_out or died) and self.pending:
            worker.stop(kill=True)
            worker.join(1.0)
            worker = self.workers[slot] = self.pool._start()
        elif outcome.timed_out or died:
            worker.stop(kill=True)
            return
        if self.pending:
            worker.give(self.pending.popleft())

    def close(self, clean: bool) -> None:
        for worker in self.workers:
            worker.stop(kill=not clean)
        for worker in self.workers:
            worker.join(2.0 if clean else 0.5)


class WorkerPool(Generic[T, R]):
    """Run ``func`` (a picklable module-level function) over items in worker processes."""

    def __init__(
        self,
        func: Callable[[T], R],
        workers: int | None = None,
        budget_seconds: float | None = 30.0,
        memory_bytes: int | None = DEFAULT_MEMORY_BYTES,
        python: OtherPython | None = None,
    ) -> None:
        self.func = func
        self.python = python  # None: workers on this interpreter (spawn)
        self.workers = max(1, workers or default_workers())
        self.budget = budget_seconds
        self.memory_bytes = memory_bytes  # per worker, beyond its size at start; None: no cap
        self._context = multiprocessing.get_context("spawn")

    def run(self, items: Iterable[T], cancel: CancelCheck = never_cancel) -> Iterator[TaskOutcome]:
        """Yield one :class:`TaskOutcome` per item, in completion order.

        Raises :class:`Cancelled` (after stopping every worker, within ~0.1 s) when ``cancel()``
        turns true.
        """
        items = list(items)
        if not items:
            return
        state = _Run(self, items)
        clean = False
        try:
            while state.busy:
                if cancel():
                    raise Cancelled("assessment cancelled")
                yield from state.collect()
            clean = True
        finally:
            state.close(clean)

    def _start(self) -> _Worker:
        if self.python is not None:
            return _OtherPythonWorker(self.python, self.func, self.memory_bytes)
        return _Worker(self._context, self.func, self.memory_bytes)
