"""AI-assisted code signals over time (analysis.ai_code): trailers per tool, copy/paste, moved
lines, churn and coupling per quarter, from the commits read plus one diff pass."""

from __future__ import annotations

from analysis.ai_code.measure import measure_ai_code
from analysis.ai_code.results import AICodeSection
from analysis.ai_code.window import EarlyLines
from analysis.findings import Finding
from analysis.phases.commits import CommitsRead
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.roles import FileRoles

AI_CODE = "ai_code"


def _run(given: PhaseInput) -> PhaseOutput[AICodeSection | None]:
    options = given.options.ai_code
    commits: CommitsRead = given.value("commits")
    # the roles ai_code_lines measured with, whether or not the code phase has refined them
    roles: FileRoles = given.value("roles").classified()
    early: EarlyLines | None = given.value("ai_code_lines")
    problems = options.problems()
    if problems:
        return PhaseOutput(None, [Finding("ai-code-settings", p) for p in problems])
    if not options.enabled or commits.read is None:
        return PhaseOutput(None)
    section = measure_ai_code(
        commits.read,
        given.options.history,
        options,
        roles,
        given.cache,
        given.progress,
        given.cancel,
        early,
    )
    findings = [
        Finding("ai-code-partial", n, partial=True, figure="AI-assisted code")
        for n in section.notes
    ]
    return PhaseOutput(section, findings)


PHASE = Phase[AICodeSection | None](
    AI_CODE,
    "Measuring AI-assisted code signals (trailers, copy/paste, churn)",
    ("roles", "commits", "ai_code_lines"),
    _run,
)
