"""Runtime and architecture from the code phase's module facts and the configuration files
(analysis.runtime_architecture), with the delivery model they are read under."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.architecture.section import ArchitectureSection
from analysis.code.results import FileMetrics
from analysis.delivery_model import TEAM_FILE, DeliveryModel, assess_delivery_model, with_override
from analysis.findings import ARCHITECTURE, Finding
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.phases.repository import Checkout
from analysis.project_files import ProjectFiles
from analysis.roles import FileRoles
from analysis.runtime.section import RuntimeSection
from analysis.runtime_architecture import assess_runtime_and_architecture


@dataclass
class RuntimeAndArchitecture:
    runtime: RuntimeSection
    architecture: ArchitectureSection
    delivery_model: DeliveryModel  # service, packaged application, library or template


def _run(given: PhaseInput) -> PhaseOutput[RuntimeAndArchitecture]:
    checkout: Checkout = given.value("repository")
    roles: FileRoles = given.value("roles")
    results: list[FileMetrics] = given.value("code")
    options, repo = given.options, checkout.repo
    team = options.team
    delivery_model = with_override(
        assess_delivery_model(ProjectFiles.of(repo, checkout.tracked), roles.role),
        team.delivery_model,
        team.delivery_model_source or TEAM_FILE,
    )
    runtime, architecture, problems = assess_runtime_and_architecture(
        repo,
        checkout.tracked,
        results,
        workers=options.workers,
        budget=options.file_budget_seconds,
        max_bytes=options.max_file_bytes,
        cache=given.cache,
        progress=given.progress,
        cancel=given.cancel,
        roles=roles,
        delivery_kind=delivery_model.kind,
    )
    findings = [
        Finding(code, message, path, partial=True, figure=ARCHITECTURE)
        for code, message, path in problems
    ]
    return PhaseOutput(RuntimeAndArchitecture(runtime, architecture, delivery_model), findings)


PHASE = Phase[RuntimeAndArchitecture](
    "architecture",
    "Reading imports, Python versions and the stack",
    ("repository", "roles", "code"),
    _run,
)
