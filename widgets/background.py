"""Background work for the GUI: a pure function run in a QRunnable on a QThreadPool.

It lives below the widgets so that a widget that needs a git call, a file read or a report
decoded owns its work (:class:`TaskOwner`, after Orange's ConcurrentWidgetMixin,
Orange/widgets/utils/concurrent.py) instead of doing it on the GUI thread.

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
        self._last_progress: dict[str, float] = {}  # phase -> when its last report was posted
        self.done = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, progress: Progress) -> None:
        """At most one report per phase every 0.05 s, but never a phase's first or last (phases
        run side by side: a row starts and ends on those)."""
        now = time.monotonic()
        last = self._last_progress.get(progress.phase)
        if last is None or now - last >= 0.05 or progress.done >= progress.total:
            self._last_progress[progress.phase] = now
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
        # a discarded task never delivers ``finished``: forget the ones already done
        self._tasks = {known for known in self._tasks if not known.done.is_set()}
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


class TaskOwner:
    """Mixin for a QObject (a widget) that owns its background work, one task at a time.

    ``start(function, *args, on_done=...)`` first cancels the task still in flight and cuts it
    off, so a stale result (the tags of the previous repository, the previous file) never
    reaches the widget; then runs ``function(*args, progress=, cancel=)`` off the GUI thread and
    calls ``on_done(result)`` (or ``on_failed(message)``) in the GUI thread. The owner's task is
    cut off when the owner is destroyed. After Orange's ConcurrentWidgetMixin
    (Orange/widgets/utils/concurrent.py: start, cancel, shutdown).

    ``task_runner`` may be set to a shared :class:`TaskRunner` (the main window's, shut down with
    it); otherwise owners share one runner that outlives them, so that an owner closing never
    waits for its task: the task is cancelled and what it sends reaches nobody.
    """

    task_runner: TaskRunner | None = None
    _owned_task: Task | None = None
    _tasks_started: list[Task]

    def start(
        self,
        function: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], Any],
        on_failed: Callable[[str], Any] | None = None,
        on_finished: Callable[[], Any] | None = None,
        **kwargs: Any,
    ) -> Task:
        self.cancel_task()
        if self.task_runner is None:
            self.task_runner = _owners_runner()
        if isinstance(self, QObject) and not getattr(self, "_owner_hooked", False):
            self._owner_hooked = True
            tasks = self._tasks_started = []
            self.destroyed.connect(lambda *_: _discard(tasks))
        task = Task(function, *args, **kwargs)
        self._tasks_started[:] = [t for t in self._tasks_started if not t.done.is_set()] + [task]
        # the owner is idle again (``task_running`` false) when its handler runs
        task.signals.succeeded.connect(lambda value: self._handle(task, on_done, value))
        if on_failed is not None:
            task.signals.failed.connect(lambda message: self._handle(task, on_failed, message))
        task.signals.finished.connect(lambda: self._task_finished(task))
        if on_finished is not None:
            task.signals.finished.connect(on_finished)
        self._owned_task = task
        self.task_runner.start(task)
        return task

    @property
    def task_running(self) -> bool:
        return self._owned_task is not None

    def cancel_task(self) -> None:
        """Ask the task in flight to stop and cut it off: nothing it sends reaches the owner."""
        task, self._owned_task = self._owned_task, None
        if task is not None:
            task.cancel()
            task.signals.discarded = True

    def shutdown_tasks(self, timeout_ms: int = 5000) -> None:
        """Cancel the task in flight and wait for it (the owner closing)."""
        task = self._owned_task
        self.cancel_task()
        if task is not None:
            task.done.wait(timeout_ms / 1000)

    def _handle(self, task: Task, handler: Callable[[Any], Any], value: Any) -> None:
        self._task_finished(task)
        handler(value)

    def _task_finished(self, task: Task) -> None:
        if self._owned_task is task:
            self._owned_task = None


_OWNERS_RUNNER: TaskRunner | None = None


def _owners_runner() -> TaskRunner:
    global _OWNERS_RUNNER
    if _OWNERS_RUNNER is None:
        _OWNERS_RUNNER = TaskRunner()
    return _OWNERS_RUNNER


def _discard(tasks: list[Task]) -> None:
    """The owner is gone: its tasks stop, and whatever they still send reaches nobody."""
    for task in tasks:
        task.cancel()
        task.signals.discarded = True
