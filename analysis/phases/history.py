"""Behaviour over time from the commits read: hotspots, coupling, knowledge, rework
(analysis.history.mining)."""

from __future__ import annotations

from analysis.code.results import FileMetrics
from analysis.findings import HISTORY, Finding
from analysis.history.mining import HistoryStep, measure_history
from analysis.phases.commits import CommitsRead
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.phases.repository import Checkout
from analysis.roles import FileRoles


def _run(given: PhaseInput) -> PhaseOutput[HistoryStep]:
    checkout: Checkout = given.value("repository")
    roles: FileRoles = given.value("roles")
    results: list[FileMetrics] = given.value("code")
    commits: CommitsRead = given.value("commits")
    step = measure_history(
        checkout.repo,
        given.options.history,
        results,
        given.cache,
        given.progress,
        given.cancel,
        roles=roles,
        read=commits.read,
        read_failure=commits.failure,
    )
    findings = [
        Finding(code, message, partial=partial, figure=HISTORY if partial else "")
        for code, message, partial in step.notes
    ]
    return PhaseOutput(step, findings)


PHASE = Phase[HistoryStep](
    "history",
    "Measuring the history (hotspots, coupling, knowledge)",
    ("repository", "roles", "code", "commits"),
    _run,
)
