"""The background task runner: results reach the GUI thread, and never a closed window."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import Shiboken

from analysis.progress import Progress
from widgets.background import Task, TaskOwner, TaskRunner


def _answer(value, *, progress, cancel):
    return value * 2


def test_a_result_arrives_in_the_gui_thread(qtbot):
    runner = TaskRunner()
    got = []
    task = Task(_answer, 21)
    task.signals.succeeded.connect(got.append)
    with qtbot.waitSignal(task.signals.finished, timeout=5000):
        runner.start(task)
    assert got == [42]
    runner.shutdown()


def test_a_result_on_its_way_when_the_window_closes_reaches_nobody(qtbot):
    """The task finishes in its thread and posts its result; before the GUI thread gets to it,
    the window shuts its runner down (the wizard closing). The result must not be delivered:
    the widgets it would fill are being deleted (a RuntimeError about a deleted QRadioButton
    before this was fixed)."""
    runner = TaskRunner()
    got, finished = [], []
    task = Task(_answer, 21)
    task.signals.succeeded.connect(got.append)
    task.signals.finished.connect(lambda: finished.append(True))
    runner.start(task)
    assert task.done.wait(5)  # finished in the worker; its signals are queued, not delivered
    runner.shutdown()
    for _ in range(5):
        QApplication.processEvents()
    assert got == [] and finished == []
    assert not runner.busy


class _Owner(TaskOwner, QWidget):
    pass


def _wait_then(gate, value, *, progress, cancel):
    gate.wait(5)
    return value, threading.current_thread()


def test_an_owner_runs_off_the_gui_thread_and_a_second_start_cuts_off_the_first(qtbot):
    """The first task (the previous repository's tags) finishes after the second started:
    its result must never reach the owner, only the second's, computed in a worker thread."""
    owner = _Owner()
    qtbot.addWidget(owner)
    got = []
    slow = threading.Event()
    first = owner.start(_wait_then, slow, "stale", on_done=got.append)
    fast = threading.Event()
    fast.set()
    owner.start(_wait_then, fast, "fresh", on_done=got.append)
    assert first.signals.discarded
    qtbot.waitUntil(lambda: len(got) == 1, timeout=5000)
    slow.set()
    assert first.done.wait(5)
    for _ in range(5):
        QApplication.processEvents()
    assert [value for value, _ in got] == ["fresh"]
    assert got[0][1] is not threading.main_thread()
    assert not owner.task_running


def test_an_owner_that_goes_away_receives_nothing(qtbot):
    owner = _Owner()
    got = []
    gate = threading.Event()
    task = owner.start(_wait_then, gate, "late", on_done=got.append)
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert Shiboken.isValid(owner) is False  # the owner is gone, at once; its task still runs
    gate.set()
    assert task.done.wait(5)
    for _ in range(5):
        QApplication.processEvents()
    assert got == [] and task.signals.discarded


def test_progress_is_thinned_per_phase_but_no_phase_loses_its_first_or_last_report(qtbot):
    def work(progress, cancel):
        # two phases side by side, each reporting far faster than the GUI needs
        for step in range(1, 2001):
            progress(Progress("code", step, 2000))
            progress(Progress("commits", step, 4000))
        progress(Progress("commits", 1, 1, "done", ended=True))
        progress(Progress("saving", 0, 1, "saving"))
        progress(Progress("saving", 1, 1, "saved", ended=True))
        return "ok"

    runner = TaskRunner()
    task = Task(work)
    seen = []
    task.signals.progress.connect(seen.append)
    with qtbot.waitSignal(task.signals.succeeded, timeout=5000):
        runner.start(task)
    phases = [(p.phase, p.done, p.ended) for p in seen]
    assert len(seen) < 200  # thinned: 4,000+ reports in a few milliseconds
    assert phases[0] == ("code", 1, False) and phases[1] == ("commits", 1, False)
    assert ("code", 2000, False) in phases  # a phase's last count is never dropped
    assert phases[-3:] == [("commits", 1, True), ("saving", 0, False), ("saving", 1, True)]
    runner.shutdown()
