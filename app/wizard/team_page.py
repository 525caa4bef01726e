"""The team: what the repository cannot tell (size, loaded cost, rework share, AI budget and
timeline, teams per deployment, senior architects, how the system is delivered when the files
mislead), and the DORA Quick Check when it was not answered on the delivery page. Leaving the
page keeps every repository's answers in the store."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from analysis.decisions import TeamProfile, load_model, resolve_team
from analysis.delivery_model import KINDS, WIZARD
from app.store import StoreError
from app.wizard.answers import ANSWER, RepositoryAnswers, WizardState, save_answers
from app.wizard.repository_picker import PerRepositoryPage
from widgets.quick_check_form import QuickCheckForm
from widgets.team_form import TeamForm

#: What a field left at "not given" becomes before the history is read.
TEAM_SIZE_DEFAULT = "not given: counted from the history (most monthly active authors)"
DETECTED_DELIVERY = "as the files show (detected)"


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
        delivery = QFormLayout()
        self.delivery_model = QComboBox()
        self.delivery_model.addItem(DETECTED_DELIVERY, None)
        for kind in KINDS:
            self.delivery_model.addItem(kind, kind)
        self.delivery_model.setToolTip(
            "Service: the team deploys it. Packaged application: released for others to "
            "install. Library: a published package others import (read at its supported "
            "Python range, no carve-outs). Template/example: copied to start a project."
        )
        delivery.addRow("How it is delivered", self.delivery_model)
        layout.addLayout(delivery)
        self.quick_box = QGroupBox("DORA Quick Check (optional): how the team sees its delivery")
        box = QVBoxLayout(self.quick_box)
        self.quick_check = QuickCheckForm(compact=True)
        box.addWidget(self.quick_check)
        layout.addWidget(self.quick_box)
        layout.addStretch(1)
        outer.addWidget(scroll, 1)
        self.add_problem_line()
        self.team_form.profile_changed.connect(self._team_edited)
        self.delivery_model.currentIndexChanged.connect(lambda _index: self._team_edited())
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
            self.team_form.set_profile(answers.team)
        with QSignalBlocker(self.delivery_model):
            self.delivery_model.setCurrentIndex(
                max(0, self.delivery_model.findData(answers.team.delivery_model))
            )
        self.quick_check.set_answers(answers.quick_check)

    def filled(self, answers: RepositoryAnswers) -> None:
        self._show_defaults()
        self.quick_box.setVisible(answers.mode != ANSWER)

    def _team_edited(self) -> None:
        answers = self.edited()
        if answers is None:
            return
        kind = self.delivery_model.currentData()
        answers.team = replace(
            self.team_form.profile(),
            delivery_model=kind,
            delivery_model_source=WIZARD if kind else None,
        )
        self._show_defaults()
        self.completeChanged.emit()

    def _answers_edited(self) -> None:
        answers = self.edited()
        if answers is not None:
            answers.quick_check = self.quick_check.answers()
