"""The background task runner: results reach the GUI thread, and never a closed window."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.tasks import Task, TaskRunner


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
