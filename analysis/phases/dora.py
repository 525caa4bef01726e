"""DORA delivery metrics from the commits already read, the deployments and the team's logs
(analysis.dora.phase). Starts as soon as the commits are read and the delivery model known."""

from __future__ import annotations

from analysis.dora.benchmarked import attach_benchmark
from analysis.dora.phase import DeliveryResult, assess_delivery
from analysis.findings import DELIVERY, Finding
from analysis.history.mining import history_commits
from analysis.phases.architecture import RuntimeAndArchitecture
from analysis.phases.commits import CommitsRead
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.phases.repository import Checkout
from analysis.roles import FileRoles
from analysis.roles.model import PRODUCTION


def _run(given: PhaseInput) -> PhaseOutput[DeliveryResult]:
    checkout: Checkout = given.value("repository")
    roles: FileRoles = given.value("roles")
    commits: CommitsRead = given.value("commits")
    runtime: RuntimeAndArchitecture = given.value("architecture")
    known = history_commits(commits.read, given.options.history)
    delivery = assess_delivery(
        checkout.repo,
        given.options.dora,
        commits=known[0] if known else None,
        covered_tips=known[1] if known else (),
        progress=given.progress,
        cancel=given.cancel,
        delivery_kind=runtime.delivery_model.kind,
        # SZZ reads production code: a fix that also edits a test or the changelog is
        # not evidence that the change which wrote those lines failed
        is_code=lambda path: roles.role(path) == PRODUCTION and roles.is_code(path),
    )
    figure = DELIVERY if delivery.partial else ""
    findings = [
        Finding("dora", message, partial=delivery.partial, figure=figure)
        for message in delivery.warnings
    ]
    if delivery.report is not None:
        team = given.options.team
        for problem in attach_benchmark(
            delivery.report, team.industry, team.organisation_size, team.benchmark_edition
        ):
            findings.append(Finding("dora", f"DORA benchmark: {problem}"))
    return PhaseOutput(delivery, findings)


#: ``code`` is needed for the refined roles SZZ reads (a data table is not production code).
PHASE = Phase[DeliveryResult](
    "dora",
    "Delivery metrics (DORA)",
    ("repository", "roles", "code", "commits", "architecture"),
    _run,
)
