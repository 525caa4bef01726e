"""What the wizard asks, kept per repository, and where each answer is stored.

Nothing here is new storage: the deployment source and the Quick Check answers go to the DORA
preferences (``app.store.delivery``), imported CSV logs to the delivery logs, the team profile to
the team store. The next assessment, from the wizard, the main window or the CLI, reads them
from there (``app.assessment_job.assess_and_store``), and the wizard shows them again next time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analysis.assessment import Assessment
from analysis.decisions import TeamProfile
from analysis.dora.delivery_log import DEPLOYMENTS, INCIDENTS, ImportedLog
from analysis.dora.quick_check import QuickCheckAnswers
from analysis.dora.settings import DoraSettings
from analysis.dora.source_preview import SourceRefs
from analysis.repository_overview import RepositoryOverview
from app.context import ApplicationContext
from app.session import AssessmentSession
from widgets.background import TaskRunner

#: How delivery is measured: from the repository (tags, merges), from imported CSV logs, or
#: from the team's answers to the DORA Quick Check.
MEASURE, IMPORT, ANSWER = "measure", "import", "answer"
MODES = (MEASURE, IMPORT, ANSWER)


@dataclass
class RepositoryAnswers:
    """One repository's answers while the wizard is open (Back and Next keep them here)."""

    overview: RepositoryOverview
    mode: str = MEASURE
    settings: DoraSettings = field(default_factory=DoraSettings)
    logs: dict[str, ImportedLog] = field(default_factory=dict)  # by kind
    new_logs: set[str] = field(default_factory=set)  # kinds imported in this wizard
    log_path: str = ""  # the CSV file on screen
    log_error: str = ""  # it does not import: why
    quick_check: QuickCheckAnswers | None = None
    team: TeamProfile = field(default_factory=TeamProfile)
    refs: SourceRefs | None = None  # tags and the default branch, read for the preview
    refs_problem: str = ""

    @property
    def path(self) -> str:
        return self.overview.path

    @property
    def name(self) -> str:
        return self.overview.name

    def delivery_problem(self) -> str:
        """What stops the delivery answers from being used, in words; empty when usable."""
        if self.mode == MEASURE:
            problems = self.settings.problems()
            return problems[0] if problems else ""
        if self.mode == IMPORT:
            if self.log_error:
                return self.log_error
            if DEPLOYMENTS not in self.logs:
                return "choose a deployment log (CSV) to import, or measure from the repository"
            return ""
        if self.quick_check is None or not self.quick_check.answered():
            return "answer at least one Quick Check question, or measure from the repository"
        return ""

    def team_problem(self) -> str:
        problems = self.team.problems()
        return problems[0] if problems else ""


def load_answers(context: ApplicationContext, overview: RepositoryOverview) -> RepositoryAnswers:
    """The answers last given for this repository (defaults for a new one)."""
    inputs = context.store.delivery.inputs(overview.path)
    logs = {
        kind: log
        for kind, log in ((DEPLOYMENTS, inputs.deployment_log), (INCIDENTS, inputs.incident_log))
        if log is not None
    }
    return RepositoryAnswers(
        overview=overview,
        mode=IMPORT if DEPLOYMENTS in logs else MEASURE,
        settings=inputs.settings,
        logs=logs,
        quick_check=inputs.quick_check,
        team=context.store.team.load(overview.path),
    )


def save_answers(context: ApplicationContext, answers: RepositoryAnswers) -> None:
    """Keep the answers with the repository, for this run and the next ones.

    Raises :class:`app.store.StoreError` when the store refuses them.
    """
    store = context.store
    quick_check = answers.quick_check
    if quick_check is not None and not quick_check.answered():
        quick_check = None
    store.delivery.save_preferences(
        answers.path,
        settings=answers.settings,
        quick_check=quick_check,
        clear_quick_check=quick_check is None,
    )
    if answers.mode == IMPORT:  # logs imported and then set aside are not kept
        for kind in sorted(answers.new_logs):
            store.delivery.save_log(answers.path, answers.logs[kind])
        answers.new_logs.clear()
    store.team.save(answers.path, answers.team)


class WizardState:
    """What the pages share: the services, the repositories chosen and their answers."""

    def __init__(
        self, context: ApplicationContext, runner: TaskRunner, session: AssessmentSession
    ) -> None:
        self.context = context
        self.runner = runner
        self.session = session  # the advice model (the team's defaults) is the session's
        self.answers: dict[str, RepositoryAnswers] = {}  # by repository path, in order added
        self.current: str | None = None  # the repository whose answers are on screen
        #: finished runs: repository path -> (assessment, stored id)
        self.results: dict[str, tuple[Assessment, int]] = {}

    @property
    def repositories(self) -> list[RepositoryAnswers]:
        return list(self.answers.values())

    def add(self, overview: RepositoryOverview) -> RepositoryAnswers:
        if overview.path not in self.answers:
            self.answers[overview.path] = load_answers(self.context, overview)
        return self.answers[overview.path]

    def remove(self, path: str) -> None:
        self.answers.pop(path, None)
        self.results.pop(path, None)
        if self.current == path:
            self.current = next(iter(self.answers), None)

    def result_of(self, assessment_id: int | None):
        """The assessment stored under that id by this wizard's run (in memory), or None."""
        return next((r for r, i in self.results.values() if i == assessment_id), None)

    def selected(self) -> RepositoryAnswers | None:
        if self.current not in self.answers:
            self.current = next(iter(self.answers), None)
        return self.answers.get(self.current) if self.current else None
