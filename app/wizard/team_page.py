"""The team: what the repository cannot tell (size, loaded cost, rework share, AI budget and
timeline, teams per deployment, senior architects), and the DORA Quick Check when it was not
answered on the delivery page. Leaving the page keeps every repository's answers in the store."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from analysis.decisions import TeamProfile, load_model, resolve_team
from app.store import StoreError
from app.wizard.answers import ANSWER, WizardState, save_answers
from app.wizard.repository_picker import RepositoryPicker
from widgets import palette
from widgets.quick_check_form import QuickCheckForm
from widgets.team_form import TeamForm

#: What a field left at "not given" becomes before the history is read.
TEAM_SIZE_DEFAULT = "not given: counted from the history (most monthly active authors)"


class TeamPage(QWizardPage):
    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self._loading = False
        self.setTitle("The team")
        self.setSubTitle(
            "What the repository cannot tell. Everything is optional: a field left at "
            "'not given' uses the default beside it, and the advice marks what rests on one."
        )
        outer = QVBoxLayout(self)
        self.picker = RepositoryPicker(state)
        self.picker.chosen.connect(self.show_repository)
        outer.addWidget(self.picker)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        self.team_form = TeamForm(with_buttons=False)
        self.team_form.intro.hide()  # the page's subtitle says it
        layout.addWidget(self.team_form)
        self.quick_box = QGroupBox("DORA Quick Check (optional): how the team sees its delivery")
        box = QVBoxLayout(self.quick_box)
        self.quick_check = QuickCheckForm(compact=True)
        box.addWidget(self.quick_check)
        layout.addWidget(self.quick_box)
        layout.addStretch(1)
        outer.addWidget(scroll, 1)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        palette.style(self.problem, "color: {bad};")
        outer.addWidget(self.problem)
        self.team_form.profile_changed.connect(self._team_edited)
        self.quick_check.answers_changed.connect(self._answers_edited)
        self.registerField("teamSize", self.team_form.team_size)
        self.registerField("reworkShare", self.team_form.rework)
        settings = self.state.context.settings
        model, _problems = load_model(
            settings.readiness_model, settings.hourly_cost, settings.currency
        )
        self.resolved = resolve_team(TeamProfile(), None, model)
        self._show_defaults()

    def _show_defaults(self) -> None:
        """Beside each field not given, the default the advice will use."""
        self.team_form.show_resolved(self.resolved)
        if self.team_form.defaults["team_size"].text():
            self.team_form.defaults["team_size"].setText(TEAM_SIZE_DEFAULT)

    # ------------------------------------------------------------------ page protocol
    def initializePage(self) -> None:
        self.picker.refresh()
        selected = self.state.selected()
        if selected is not None:
            self.show_repository(selected.path)

    def cleanupPage(self) -> None:
        """Back: keep what was answered (QWizard would reset the page's fields)."""

    def isComplete(self) -> bool:
        problems = [(a.name, a.team_problem()) for a in self.state.repositories]
        problems = [(name, text) for name, text in problems if text]
        self.problem.setText(f"{problems[0][0]}: {problems[0][1]}" if problems else "")
        return not problems

    def validatePage(self) -> bool:
        """Keep every repository's answers with it; the run reads them from there."""
        for answers in self.state.repositories:
            try:
                save_answers(self.state.context, answers)
            except StoreError as exc:
                self.problem.setText(f"{answers.name}: the answers could not be kept: {exc}")
                return False
        return True

    # ------------------------------------------------------------------ one repository
    def show_repository(self, path: str) -> None:
        answers = self.state.answers.get(path)
        if answers is None:
            return
        self.state.current = path
        self._loading = True
        try:
            with QSignalBlocker(self.team_form):
                self.team_form.set_profile(answers.team)
            self.quick_check.set_answers(answers.quick_check)
        finally:
            self._loading = False
        self._show_defaults()
        self.quick_box.setVisible(answers.mode != ANSWER)
        self.completeChanged.emit()

    def _team_edited(self) -> None:
        answers = self.state.selected()
        if answers is None or self._loading:
            return
        answers.team = self.team_form.profile()
        self._show_defaults()
        self.completeChanged.emit()

    def _answers_edited(self) -> None:
        answers = self.state.selected()
        if answers is not None and not self._loading:
            answers.quick_check = self.quick_check.answers()
