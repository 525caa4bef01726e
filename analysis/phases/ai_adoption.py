"""AI-adoption readiness (DORA AI Capabilities Model) from the commits already read, the file
roles, the tracked files and the delivery figures (analysis.ai_adoption)."""

from __future__ import annotations

from analysis.ai_adoption.measure import measure_ai_adoption
from analysis.ai_adoption.results import AIAdoption
from analysis.dora.phase import DeliveryResult
from analysis.findings import Finding
from analysis.phases.commits import CommitsRead
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.phases.repository import Checkout
from analysis.progress import Progress
from analysis.project_files import ProjectFiles
from analysis.roles import FileRoles


def _run(given: PhaseInput) -> PhaseOutput[AIAdoption]:
    checkout: Checkout = given.value("repository")
    roles: FileRoles = given.value("roles")
    commits: CommitsRead = given.value("commits")
    delivery: DeliveryResult = given.value("dora")
    given.progress(Progress(given.key, 0, 1, "measuring batch size, commit rhythm, platform"))
    history = given.options.history
    read = commits.read
    result = measure_ai_adoption(
        read.outcome.commits if read is not None else None,
        checkout.repo.head,
        roles,
        ProjectFiles.of(checkout.repo, checkout.tracked),
        delivery.report,
        answers=given.options.team.ai_capabilities,
        window_months=history.window_months,
        first_parent=history.mode == "first-parent",
        is_bot=history.is_bot,
    )
    given.progress(Progress(given.key, 1, 1, "done"))
    return PhaseOutput(result, [Finding("ai_adoption", note) for note in result.notes])


PHASE = Phase[AIAdoption](
    "ai_adoption",
    "AI-adoption readiness (DORA AI capabilities)",
    ("repository", "roles", "commits", "dora"),
    _run,
)
