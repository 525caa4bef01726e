"""The assessment session: the one observable model of what the window shows.

After git-cola's main model held by its ApplicationContext (cola/models/main.py): commands change
the session, widgets observe it. The session holds the repository opened (its root and the
folder assessed, the key of the store), the assessment shown, the repository's team profile,
the advice model and the advisor that plays scenarios, and the task runner. It never changes an
:class:`~analysis.assessment.Assessment`: a new team gives a new value
(:func:`analysis.decisions.with_advice`) published through :attr:`advice_changed`.

The loaded cost of an hour has one home: the team profile's cost, else the settings'
``hourly_cost``, resolved once by :func:`analysis.decisions.resolve_team`; the advice's money and
the debt section (:func:`analysis.decisions.priced_debt`) both read that resolved value.

Background results carry the repository they were asked for: a load or a run that ends after
another repository was opened is dropped, never shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from analysis.ai_adoption.measure import with_answers
from analysis.assessment import Assessment, Options
from analysis.decisions import Advisor, TeamProfile, with_advice
from analysis.scan import Repository, open_repository
from app.assessment_job import assess_and_store, release_earlier_runs
from app.context import ApplicationContext
from app.store import StoreError
from widgets.background import Task, TaskOwner, TaskRunner

log = logging.getLogger("readiness.session")


class AssessmentSession(TaskOwner, QObject):
    """The repository, the assessment shown with its advice, the team, the model, the runner."""

    #: another repository was opened: the :class:`analysis.scan.Repository` (root, scope, folder)
    repository_changed = Signal(object)
    #: another assessment is shown: the new Assessment, advised with the team and the model
    assessment_changed = Signal(object)
    #: the advice of the assessment shown changed (the team): the new Assessment (new decisions,
    #: debt priced anew); the measured sections are the same objects
    advice_changed = Signal(object)
    #: something the user should read (a store error, a load that failed): one line
    problem = Signal(str)

    def __init__(
        self,
        context: ApplicationContext,
        runner: TaskRunner | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner if runner is not None else TaskRunner(self)
        self.task_runner = self.runner  # stored assessments load on it (TaskOwner)
        self.model, self.model_problems = context.settings.decision_model()
        self.repository: Repository | None = None
        self.team = TeamProfile()
        self.measured: Assessment | None = None  # as measured or stored, before this advice
        self.assessment: Assessment | None = None  # shown: with the session's advice
        self.assessment_id: int | None = None  # its id in the store, when known
        self.advisor: Advisor | None = None  # the advice of the shown one; plays scenarios
        self._generation = 0  # bumped by every repository opened: older results are stale

    # ------------------------------------------------------------------ the repository
    @property
    def folder(self) -> str | None:
        """The folder assessed (the root, or a sub-folder): the key of the store."""
        return None if self.repository is None else self.repository.folder

    def open(self, path: str | Repository) -> Repository:
        """Open the repository at ``path`` (a sub-folder keeps its scope; a Repository already
        validated is taken as it is); raises AssessmentError with a one-line reason. What a load
        or a run still running brings back is not shown (the load is cancelled)."""
        repository = path if isinstance(path, Repository) else open_repository(path, True)
        self.cancel_task()
        self._generation += 1
        self.repository = repository
        self.measured = self.assessment = self.advisor = None
        self.assessment_id = None
        self.team = self._stored_team(repository.folder)
        try:
            self.context.store.touch_repository(repository.folder)
        except StoreError as exc:
            self.problem.emit(str(exc))
        self.repository_changed.emit(repository)
        return repository

    def _stored_team(self, folder: str) -> TeamProfile:
        try:
            return self.context.store.team.load(folder)
        except StoreError as exc:
            self.problem.emit(str(exc))
            return TeamProfile()

    # ------------------------------------------------------------------ the assessment shown
    def show(self, assessment: Assessment, assessment_id: int | None = None) -> bool:
        """Show ``assessment`` of the repository opened, advised with its team and the model;
        False (nothing shown) when it is of another folder."""
        if assessment.repository.folder != self.folder:
            log.info("not shown: an assessment of another folder than the one opened")
            return False
        self.measured = assessment
        self.assessment_id = assessment_id
        self.assessment = self._advised(assessment)
        self.assessment_changed.emit(self.assessment)
        return True

    def set_team(self, profile: TeamProfile) -> None:
        """The team's answers changed: keep them with the folder, then re-advise the assessment
        shown (a new Assessment through :attr:`advice_changed`; the analysis does not re-run)."""
        self.team = profile
        if self.folder is not None:
            try:
                self.context.store.team.save(self.folder, profile)
            except StoreError as exc:
                self.problem.emit(str(exc))
        if self.measured is not None:
            self.assessment = self._advised(self.measured)
            self.advice_changed.emit(self.assessment)

    def _advised(self, assessment: Assessment) -> Assessment:
        if assessment.ai_adoption is not None:  # the AI capabilities the team answered
            assessment = replace(
                assessment,
                ai_adoption=with_answers(assessment.ai_adoption, self.team.ai_capabilities),
            )
        self.advisor = Advisor(
            assessment, self.team, self.model, model_problems=self.model_problems
        )
        return with_advice(assessment, self.advisor.base)

    def advisor_of(self, assessment: Assessment) -> Advisor | None:
        """The advisor of ``assessment`` when it is the one shown (the panels' scenarios)."""
        return self.advisor if assessment is self.assessment else None

    # ------------------------------------------------------------------ background work
    @property
    def loading(self) -> bool:
        return self.task_running

    def load(
        self,
        assessment_id: int,
        on_done: Callable[[Assessment], Any] | None = None,
        on_failed: Callable[[str], Any] | None = None,
    ) -> None:
        """Load a stored assessment off the GUI thread (decompress and parse), then show it
        (or hand it to ``on_done``). A later load or another repository cuts this one off."""
        generation = self._generation

        def loaded(payload: tuple[int, Assessment | None, str]) -> None:
            if generation != self._generation:  # another repository meanwhile: stale
                return
            found_id, result, why = payload
            if result is None:
                self._failed(f"Cannot load assessment #{found_id}: {why}", on_failed)
            elif on_done is not None:
                on_done(result)
            else:
                self.show(result, found_id)

        self.start(
            _load_stored,
            self.context.store,
            assessment_id,
            on_done=loaded,
            on_failed=lambda message: self._failed(message, on_failed),
        )

    def _failed(self, message: str, on_failed: Callable[[str], Any] | None) -> None:
        if on_failed is not None:
            on_failed(message)
        else:
            self.problem.emit(message)

    def run(self, options: Options | None = None) -> Task:
        """Assess the folder opened in the background and store it (``assess_and_store``); the
        result is shown when it comes back, unless another repository was opened meanwhile.
        The caller connects the task's progress, failure and cancellation."""
        if self.folder is None:
            raise RuntimeError("no repository is open")
        self.cancel_task()  # a stored assessment still loading: the run's result is the one
        options = options or self.context.settings.analysis_options()
        release_earlier_runs()  # here, on the GUI thread (see its doc)
        task = Task(assess_and_store, self.folder, options, self.context)
        generation = self._generation
        task.signals.succeeded.connect(lambda payload: self._ran(generation, payload))
        self.runner.start(task)
        return task

    def _ran(self, generation: int, payload: tuple[Assessment, int]) -> None:
        if generation != self._generation:  # stored, but of a repository no longer open
            return
        result, assessment_id = payload
        self.show(result, assessment_id)

    def shutdown(self) -> None:
        self.runner.shutdown()


def _load_stored(store, assessment_id: int, *, progress, cancel) -> tuple:
    """In a worker: (id, the stored assessment or None, why not)."""
    try:
        return assessment_id, store.load(assessment_id), ""
    except (StoreError, ValueError, KeyError) as exc:
        return assessment_id, None, str(exc)
