"""Which role each tracked file plays (production, test, docs, generated ...): analysis.roles."""

from __future__ import annotations

from analysis.findings import Finding
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.phases.repository import Checkout
from analysis.progress import Progress
from analysis.roles import FileRoles, classify_files


def _run(given: PhaseInput) -> PhaseOutput[FileRoles]:
    checkout: Checkout = given.value("repository")
    given.progress(Progress(given.key, 0, 1, "classifying files"))
    roles = classify_files(checkout.repo, checkout.tracked, given.options.roles)
    return PhaseOutput(roles, [Finding("roles", note) for note in roles.notes])


PHASE = Phase[FileRoles](
    "roles", "Classifying files (production, tests, docs, generated ...)", ("repository",), _run
)
