"""The run: every repository assessed in turn on the background task runner (the same job as
the main window's), progress per phase with the time left, a log of warnings, and cancel."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from analysis.findings import group_lines, partial_note
from analysis.progress import Progress
from app.assessment_job import PHASE_NAMES, assess_and_store, release_earlier_runs
from app.store import StoreError
from app.wizard.answers import WizardState
from app.wizard.eta import RunClock, duration_text
from widgets import palette
from widgets.background import Task
from widgets.literal_text import literal_label

PHASES = list(PHASE_NAMES)
WAITING, RUNNING, DONE = "waiting", "running", "done"


class PhaseRow:
    """One phase on screen: its name, a small bar and what it is doing or how long it took."""

    def __init__(self, grid: QGridLayout, row: int, phase: str) -> None:
        self.name = QLabel(PHASE_NAMES[phase])
        self.bar = QProgressBar()
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 1)
        self.detail = literal_label(QLabel(""))  # progress details name files
        self.detail.setMinimumWidth(260)
        grid.addWidget(self.name, row, 0)
        grid.addWidget(self.bar, row, 1)
        grid.addWidget(self.detail, row, 2)
        self.state = WAITING
        self.reset()

    def reset(self) -> None:
        self.state = WAITING
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.detail.setText("waiting")
        palette.style(self.name, "color: {muted};")

    def running(self, progress: Progress) -> None:
        self.state = RUNNING
        palette.style(self.name, "font-weight: 600;")
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(progress.done)
            self.detail.setText(f"{progress.done:,} of {progress.total:,}")
        else:
            self.bar.setRange(0, 0)  # busy
            self.detail.setText(progress.detail[:60])

    def done(self, seconds: float | None) -> None:
        self.state = DONE
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        palette.style(self.name, "")
        self.detail.setText("✓ done" + (f" in {duration_text(seconds)}" if seconds else ""))


class RunPage(QWizardPage):
    #: a repository's assessment was stored: (repository path, assessment id)
    assessment_stored = Signal(str, int)

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.task: Task | None = None
        self.queue: list[str] = []
        self.clock: RunClock | None = None
        self.outcome = ""  # "" running or not started, "done", "cancelled"
        self.setTitle("Measuring")
        self.setSubTitle(
            "The repositories are read in the background; nothing of theirs is run. Cancel "
            "stops the run (Esc does too) and keeps nothing of the repository being measured."
        )
        layout = QVBoxLayout(self)
        self.repository_label = QLabel("")
        layout.addWidget(self.repository_label)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        self.rows = {phase: PhaseRow(grid, row, phase) for row, phase in enumerate(PHASES)}
        layout.addLayout(grid)
        self.overall = QProgressBar()
        self.overall.setRange(0, 1000)
        self.overall.setFormat("%p%")
        self.overall.setToolTip("All repositories, all phases")
        layout.addWidget(self.overall)
        status_row = QHBoxLayout()
        self.eta_label = QLabel("")
        self.eta_label.setToolTip(
            "Time left: the current phase projected from its own pace; the whole run from the "
            "last assessment of this repository (cached results make a re-run faster)"
        )
        status_row.addWidget(self.eta_label, 1)
        self.cancel_button = QPushButton("&Cancel run")
        self.cancel_button.setToolTip("Stop measuring (Esc); nothing is kept of this repository")
        self.again_button = QPushButton("Run a&gain")
        self.again_button.hide()
        status_row.addWidget(self.cancel_button)
        status_row.addWidget(self.again_button)
        layout.addLayout(status_row)
        self.detail_label = literal_label(QLabel(""))
        palette.style(self.detail_label, "color: {muted};")
        layout.addWidget(self.detail_label)
        log_label = QLabel("&Warnings and notes:")
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setToolTip(
            "What could not be fully measured (the result is then marked partial), and why"
        )
        log_label.setBuddy(self.log)
        layout.addWidget(log_label)
        layout.addWidget(self.log, 1)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._show_time)
        self.cancel_button.clicked.connect(self.cancel)
        self.again_button.clicked.connect(self.start)

    # ------------------------------------------------------------------ page protocol
    def initializePage(self) -> None:
        self.start()

    def cleanupPage(self) -> None:
        """Back: stop a run in progress; the answers stay."""
        self.cancel()

    def isComplete(self) -> bool:
        return self.outcome == "done" and bool(self.state.results)

    @property
    def running(self) -> bool:
        return self.task is not None

    # ------------------------------------------------------------------ the queue
    def start(self) -> None:
        if self.running:
            return
        self.state.results.clear()
        self.queue = [answers.path for answers in self.state.repositories]
        self.total = len(self.queue)
        self.outcome = ""
        self.log.clear()
        self.overall.setValue(0)
        self.again_button.hide()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.completeChanged.emit()
        self._next()

    def _next(self) -> None:
        if not self.queue:
            self._finish("done")
            return
        path = self.queue.pop(0)
        answers = self.state.answers[path]
        index = self.total - len(self.queue)
        self.repository_label.setText(
            f"<b>{escape(answers.name)}</b>"
            + (f" — repository {index} of {self.total}" if self.total > 1 else "")
        )
        for row in self.rows.values():
            row.reset()
        try:
            previous = self.state.context.store.previous_duration(path)
        except StoreError:
            previous = None
        self.clock = RunClock(previous)
        options = self.state.context.settings.analysis_options()
        release_earlier_runs()  # on the GUI thread, before the run (app.assessment_job)
        task = Task(assess_and_store, path, options, self.state.context)
        task.signals.progress.connect(self._progress)
        task.signals.succeeded.connect(lambda payload, p=path: self._succeeded(p, payload))
        task.signals.failed.connect(lambda message, p=path: self._failed(p, message))
        task.signals.cancelled.connect(lambda: self._finish("cancelled"))
        self.task = task
        self.ticker.start()
        self.eta_label.setText("Starting…")
        self.state.runner.start(task)

    def cancel(self) -> None:
        if self.task is None:
            return
        self.task.cancel()
        self.queue.clear()
        self.cancel_button.setEnabled(False)
        self.eta_label.setText("Cancelling…")

    # ------------------------------------------------------------------ progress
    def _progress(self, progress: Progress) -> None:
        """Phases run side by side: each row follows its own phase; a row is done when its
        phase says it ended; the overall bar is the mean of the rows' fractions."""
        if self.clock is None or progress.phase not in self.rows:
            return
        self.clock.update(progress)
        row = self.rows[progress.phase]
        if progress.ended:
            row.done(self.clock.finished.get(progress.phase))
        else:
            row.running(progress)
            self.detail_label.setText(f"{row.name.text()}: {progress.detail}"[:140])
        repository = self.total - len(self.queue) - 1
        share = self.clock.fraction(len(PHASES))
        self.overall.setValue(int(1000 * (repository + share) / max(1, self.total)))

    def _show_time(self) -> None:
        if self.clock is None:
            return
        left = self.clock.remaining()
        elapsed = duration_text(self.clock.elapsed)
        if left is None:
            self.eta_label.setText(f"{elapsed} so far; estimating the time left…")
        else:
            last = (
                f" (the last assessment took {duration_text(self.clock.previous)})"
                if self.clock.previous
                else ""
            )
            self.eta_label.setText(
                f"{elapsed} so far; about {duration_text(left)} left for this repository{last}"
            )

    # ------------------------------------------------------------------ outcomes
    def _succeeded(self, path: str, payload) -> None:
        result, assessment_id = payload
        self.task = None
        for phase, row in self.rows.items():
            if row.state != DONE:
                row.done(self.clock.finished.get(phase) if self.clock else None)
        self.state.results[path] = (result, assessment_id)
        warnings = result.repository.warnings
        name = result.repository.name
        self.log.appendPlainText(
            f"{name}: measured in {duration_text(result.duration_seconds)}, "
            + (f"{len(warnings)} warnings" if warnings else "no warnings")
            + (
                f" — {partial_note(result.repository.partial_figures) or 'partial result'}"
                if result.repository.partial
                else ""
            )
        )
        for line in group_lines(warnings, per_group=5):
            self.log.appendPlainText(f"  {line}")
        self.assessment_stored.emit(path, assessment_id)
        self._next()

    def _failed(self, path: str, message: str) -> None:
        self.task = None
        name = self.state.answers[path].name if path in self.state.answers else path
        self.log.appendPlainText(f"{name}: could not be assessed: {message}")
        self._next()

    def _finish(self, outcome: str) -> None:
        self.task = None
        self.ticker.stop()
        self.cancel_button.setEnabled(True)
        self.cancel_button.hide()
        self.again_button.show()
        self.detail_label.clear()
        if outcome == "cancelled":
            self.outcome = "cancelled"
            self.eta_label.setText(
                "Cancelled. Nothing was kept of the repository being measured. Run again, or go "
                "Back to change the answers."
            )
        elif self.state.results:
            self.outcome = "done"
            self.overall.setValue(1000)
            count = len(self.state.results)
            self.eta_label.setText(
                f"Done: {count} of {self.total} "
                f"{'repository' if self.total == 1 else 'repositories'} assessed and saved. "
                "Press Next for the results."
            )
        else:
            self.outcome = "failed"
            self.eta_label.setText("No repository could be assessed: see the log below.")
        self.completeChanged.emit()
        if self.outcome == "done" and self.wizard() is not None:
            self.wizard().button(self.wizard().WizardButton.NextButton).setFocus()
