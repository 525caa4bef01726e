"""Background work for the GUI: a pure function run in a QRunnable on a QThreadPool.

The function takes ``progress`` and ``cancel`` keyword arguments (see :mod:`analysis.progress`);
results, errors and progress come back to the GUI thread through queued signals. Progress is
throttled to 20 updates a second so thousands of files never flood the event loop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from analysis.errors import AssessmentError, Cancelled
from analysis.progress import Progress

log = logging.getLogger("readiness.tasks")


class TaskSignals(QObject):
    """The task's signals, emitted in the GUI thread (the thread that created the task).

    The worker posts everything through one internal signal to :meth:`_deliver`, which runs in
    the GUI thread and re-emits it, unless the task was discarded meanwhile: a result already
    on its way when its window closed (``TaskRunner.shutdown``) then reaches no widget, where it
    would touch deleted C++ objects (seen: a wizard's tag list arriving after the wizard closed).
    """

    progress = Signal(object)  # analysis.progress.Progress
    succeeded = Signal(object)  # the function's return value
    failed = Signal(str)  # a message for the user
    cancelled = Signal()
    finished = Signal()  # after exactly one of succeeded / failed / cancelled
    _posted = Signal(str, object)  # from the worker: (which signal, its value)

    def __init__(self) -> None:
        super().__init__()
        self.discarded = False
        self._posted.connect(self._deliver)

    def post(self, which: str, value: Any = None) -> None:
        """Called from the worker thread: queue one emission for the GUI thread."""
        self._posted.emit(which, value)

    def _deliver(self, which: str, value: Any) -> None:
        if self.discarded:
            return
        signal = getattr(self, which)
        if which in ("cancelled", "finished"):
            signal.emit()
        else:
            signal.emit(value)


class Task(QRunnable):
    def __init__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = TaskSignals()
        self._function = function
        self._args = args
        self._kwargs = kwargs
        self._cancel = threading.Event()
        self._last_progress = 0.0
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last_progress >= 0.05 or progress.done >= progress.total:
            self._last_progress = now
            self.signals.post("progress", progress)

    def run(self) -> None:
        try:
            result = self._function(
                *self._args, progress=self._progress, cancel=self._cancel.is_set, **self._kwargs
            )
        except Cancelled:
            self.signals.post("cancelled")
        except AssessmentError as exc:
            self.signals.post("failed", str(exc))
        except Exception as exc:  # shown to the user in one line; the traceback goes to the log
            log.exception("background task failed")
            self.signals.post(
                "failed",
                f"Unexpected error: {exc.__class__.__name__}: {exc} (details in the log file)",
            )
        else:
            if self._cancel.is_set():
                self.signals.post("cancelled")
            else:
                self.signals.post("succeeded", result)
        finally:
            self.done.set()
            self.signals.post("finished")


class TaskRunner(QObject):
    """Owns the thread pool and the tasks in flight; ``shutdown`` cancels and waits."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._tasks: set[Task] = set()

    def start(self, task: Task) -> Task:
        self._tasks.add(task)
        task.signals.finished.connect(lambda: self._tasks.discard(task))
        self.pool.start(task)
        return task

    @property
    def busy(self) -> bool:
        return any(not task.done.is_set() for task in self._tasks)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Cancel and wait for the tasks in flight; what they send afterwards, or had sent
        but the GUI thread had not yet received, reaches nobody."""
        for task in list(self._tasks):
            task.cancel()
        self.pool.waitForDone(timeout_ms)
        for task in list(self._tasks):
            task.signals.discarded = True
        self._tasks.clear()
