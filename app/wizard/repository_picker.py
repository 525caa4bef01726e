"""Which repository's answers a page shows, when the wizard assesses more than one, and the
pages whose answers are kept per repository."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget, QWizardPage

from app.wizard.answers import RepositoryAnswers, WizardState
from widgets import palette
from widgets.literal_text import literal_label


class RepositoryPicker(QWidget):
    #: the user chose another repository: its path
    chosen = Signal(str)

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Answers &for:")
        self.combo = QComboBox()
        self.combo.setToolTip("Each repository keeps its own answers")
        label.setBuddy(self.combo)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(self._picked)

    def refresh(self) -> None:
        """List the repositories and select the current one; hidden when there is only one."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for answers in self.state.repositories:
            self.combo.addItem(f"{answers.name}  —  {answers.path}", answers.path)
        selected = self.state.selected()
        if selected is not None:
            self.combo.setCurrentIndex(self.combo.findData(selected.path))
        self.combo.blockSignals(False)
        self.setVisible(self.combo.count() > 1)

    def _picked(self, index: int) -> None:
        path = self.combo.itemData(index)
        if path:
            self.chosen.emit(path)


class PerRepositoryPage(QWizardPage):
    """A page whose answers are kept per repository: the picker on top when there are several,
    below the page's own content the first problem that keeps Next disabled."""

    def __init__(self, state: WizardState, title: str, subtitle: str, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self._loading = False  # widgets being filled from the answers: not an edit
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.outer = QVBoxLayout(self)
        self.picker = RepositoryPicker(state)
        self.picker.chosen.connect(self.show_repository)
        self.outer.addWidget(self.picker)
        self.problem = literal_label(QLabel(""))  # "<repository name>: <problem>"
        self.problem.setWordWrap(True)
        palette.style(self.problem, "color: {bad};")

    def add_problem_line(self) -> None:
        """Put the problem line under what the page added."""
        self.outer.addWidget(self.problem)

    def problem_of(self, answers: RepositoryAnswers) -> str:
        """What in ``answers`` keeps Next disabled ("" when nothing)."""
        return ""

    def show_repository(self, path: str) -> None:
        """Put the answers of ``path`` on the page."""
        answers = self.state.answers.get(path)
        if answers is None:
            return
        self.state.current = path
        self._loading = True
        try:
            self.fill(answers)
        finally:
            self._loading = False
        self.filled(answers)
        self.completeChanged.emit()

    def fill(self, answers: RepositoryAnswers) -> None:
        """Set the page's widgets from ``answers`` (their change signals are not edits)."""

    def filled(self, answers: RepositoryAnswers) -> None:
        """What follows from the answers shown (previews, what to show or hide)."""

    def edited(self) -> RepositoryAnswers | None:
        """The answers an edit on screen changes; None while the page fills itself."""
        return None if self._loading else self.state.selected()

    def initializePage(self) -> None:
        self.picker.refresh()
        selected = self.state.selected()
        if selected is not None:
            self.show_repository(selected.path)

    def cleanupPage(self) -> None:
        """Back: keep what was answered (QWizard would reset the page's fields)."""

    def isComplete(self) -> bool:
        problems = [(a.name, self.problem_of(a)) for a in self.state.repositories]
        problems = [(name, text) for name, text in problems if text]
        if problems:
            name, text = problems[0]
            several = len(self.state.answers) > 1
            self.problem.setText((f"{name}: " if several else "") + text[0].upper() + text[1:])
        else:
            self.problem.setText("")
        return not problems
