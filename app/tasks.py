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
    progress = Signal(object)  # analysis.progress.Progress
    succeeded = Signal(object)  # the function's return value
    failed = Signal(str)  # a message for the user
    cancelled = Signal()
    finished = Signal()  # after exactly one of succeeded / failed / cancelled


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

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, progress: Progress) -> None:
        now = time.monotonic()
        if now - self._last_progress >= 0.05 or progress.done >= progress.total:
            self._last_progress = now
            self.signals.progress.emit(progress)

    def run(self) -> None:
        try:
            result = self._function(
                *self._args, progress=self._progress, cancel=self._cancel.is_set, **self._kwargs
            )
        except Cancelled:
            self.signals.cancelled.emit()
        except AssessmentError as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:  # shown to the user in one line; the traceback goes to the log
            log.exception("background task failed")
            self.signals.failed.emit(
                f"Unexpected error: {exc.__class__.__name__}: {exc} (details in the log file)"
            )
        else:
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)
        finally:
            self.done.set()
            self.signals.finished.emit()


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
        for task in list(self._tasks):
            task.cancel()
        self.pool.waitForDone(timeout_ms)
