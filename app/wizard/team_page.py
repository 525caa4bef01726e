"""The team: what the repository cannot tell (size, loaded cost, rework share, AI budget and
timeline, teams per deployment, senior architects), and the DORA Quick Check when it was not
answered on the delivery page (which also sets how the system is delivered, beside what the
files show). Leaving the page keeps every repository's answers in the store."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from analysis.decisions import TeamProfile, resolve_team
from app.store import StoreError
from app.wizard.answers import ANSWER, RepositoryAnswers, WizardState, save_answers
from app.wizard.repository_picker import PerRepositoryPage
from widgets.quick_check_form import QuickCheckForm
from widgets.team_form import TeamForm

#: What a field left at "not given" becomes before the history is read.
TEAM_SIZE_DEFAULT = "not given: counted from the history (most monthly active authors)"


class TeamPage(PerRepositoryPage):
    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(
            state,
            "The team",
            "What the repository cannot tell. Everything is optional: a field left at "
            "'not given' uses the default beside it, and the advice marks what rests on one.",
            parent,
        )
        outer = self.outer
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
        self.add_problem_line()
        self.team_form.profile_changed.connect(self._team_edited)
        self.quick_check.answers_changed.connect(self._answers_edited)
        self.registerField("teamSize", self.team_form.team_size)
        self.registerField("reworkShare", self.team_form.rework)
        # the defaults as the advice resolves them: the session's model, the settings' cost
        self.resolved = resolve_team(TeamProfile(), None, self.state.session.model)
        self._show_defaults()

    def _show_defaults(self) -> None:
        """Beside each field not given, the default the advice will use."""
        self.team_form.show_resolved(self.resolved)
        if self.team_form.defaults["team_size"].text():
            self.team_form.defaults["team_size"].setText(TEAM_SIZE_DEFAULT)

    # ------------------------------------------------------------------ page protocol
    def problem_of(self, answers: RepositoryAnswers) -> str:
        return answers.team_problem()

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
    def fill(self, answers: RepositoryAnswers) -> None:
        with QSignalBlocker(self.team_form):
            self.team_form.set_profile(answers.team)  # keeps the delivery model chosen before
        self.quick_check.set_answers(answers.quick_check)

    def filled(self, answers: RepositoryAnswers) -> None:
        self._show_defaults()
        self.quick_box.setVisible(answers.mode != ANSWER)

    def _team_edited(self) -> None:
        answers = self.edited()
        if answers is None:
            return
        answers.team = self.team_form.profile()
        self._show_defaults()
        self.completeChanged.emit()

    def _answers_edited(self) -> None:
        answers = self.edited()
        if answers is not None:
            answers.quick_check = self.quick_check.answers()
