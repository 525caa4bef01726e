"""The guided assessment: welcome, repositories, delivery data, team, run, results.

A QWizard with explicit page ids; the pages share a :class:`~app.wizard.answers.WizardState`
(the answers per repository, kept while the user goes Back and Next, and stored when the run
starts). Runs go through the same background task runner and job as the main window.
"""

from __future__ import annotations

from PySide6.QtCore import QMetaMethod, Signal
from PySide6.QtWidgets import QWizard

from app.context import ApplicationContext
from app.session import AssessmentSession
from app.wizard.answers import WizardState
from app.wizard.delivery_page import DeliveryPage
from app.wizard.repositories_page import RepositoriesPage
from app.wizard.results_page import ResultsPage
from app.wizard.run_page import RunPage
from app.wizard.team_page import TeamPage
from app.wizard.welcome_page import WelcomePage
from widgets.background import TaskRunner

WELCOME, REPOSITORIES, DELIVERY, TEAM, RUN, RESULTS = range(6)


class AssessmentWizard(QWizard):
    #: the user asked for the PDF summary of a stored assessment: its id (the main window's
    #: PDF export listens; with no listener the button is disabled)
    export_pdf_requested = Signal(int)
    #: Finish: show this stored assessment's dashboard
    open_dashboard_requested = Signal(int)
    #: an assessment was stored during the run: (repository path, assessment id)
    assessment_stored = Signal(str, int)

    def __init__(
        self,
        context: ApplicationContext,
        runner: TaskRunner | None = None,
        parent=None,
        session: AssessmentSession | None = None,
    ) -> None:
        """``session``: the main window's (its advice model gives the team page's defaults);
        without one the wizard has its own, on ``runner`` or a runner of its own."""
        super().__init__(parent)
        self.setWindowTitle("New Assessment — Readiness Advisor")
        self.own_runner = runner is None and session is None
        if session is None:
            session = AssessmentSession(context, runner or TaskRunner(self), self)
        self.state = WizardState(context, session.runner, session)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Open &Dashboard")
        self.welcome = WelcomePage()
        self.repositories = RepositoriesPage(self.state)
        self.delivery = DeliveryPage(self.state)
        self.team = TeamPage(self.state)
        self.run_page = RunPage(self.state)
        self.results = ResultsPage(self.state)
        for page_id, page in (
            (WELCOME, self.welcome),
            (REPOSITORIES, self.repositories),
            (DELIVERY, self.delivery),
            (TEAM, self.team),
            (RUN, self.run_page),
            (RESULTS, self.results),
        ):
            self.setPage(page_id, page)
        self.setStartId(WELCOME)
        self.run_page.assessment_stored.connect(self.assessment_stored)
        self.results.export_requested.connect(self.export_pdf_requested)
        self.currentIdChanged.connect(self._page_changed)
        self.resize(1000, 720)

    def export_connected(self) -> bool:
        """Whether anything listens to :attr:`export_pdf_requested`."""
        return self.isSignalConnected(QMetaMethod.fromSignal(self.export_pdf_requested))

    def _page_changed(self, page_id: int) -> None:
        if page_id == RESULTS:
            self.results.set_export_available(self.export_connected())
        button = self.button(QWizard.WizardButton.CancelButton)
        button.setText("&Close" if page_id == RESULTS else "Cancel")

    def result_of(self, assessment_id: int):
        """The assessment of this run with that id (in memory), or None."""
        return self.state.result_of(assessment_id)

    def accept(self) -> None:
        assessment_id = self.results.selected_id()
        if assessment_id is not None:  # while the results are still here (result_of)
            self.open_dashboard_requested.emit(assessment_id)
        super().accept()

    def reject(self) -> None:
        """Esc or Cancel: stop a run in progress first; a second press closes."""
        if self.run_page.running:
            self.run_page.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        if self.run_page.running:
            self.run_page.cancel()
        if self.own_runner:
            self.state.runner.shutdown()
        super().done(result)
