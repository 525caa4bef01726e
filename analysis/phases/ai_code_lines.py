"""The AI-assisted code section's diff pass, run beside the history read instead of after it
(analysis.ai_code.window): the ``ai_code`` phase takes its figures when the history reads the
same commits, and measures them again otherwise."""

from __future__ import annotations

from analysis.ai_code.measure import cache_key, cached_section
from analysis.ai_code.window import EarlyLines, early_lines
from analysis.errors import Cancelled, GitCommandFailed
from analysis.history.source import resolve_source
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.phases.repository import Checkout
from analysis.progress import Progress
from analysis.roles import FileRoles

KEY = "ai_code_lines"


def _run(given: PhaseInput) -> PhaseOutput[EarlyLines | None]:
    options, history = given.options.ai_code, given.options.history
    if options.problems() or not options.enabled or not history.enabled or history.problems():
        return PhaseOutput(None)
    checkout: Checkout = given.value("repository")
    # as the roles phase decided (analysis.roles.FileRoles.classified): the code phase, beside
    # this one, refines the roles when it ends
    roles: FileRoles = given.value("roles").classified()
    try:
        source = resolve_source(checkout.repo, history)
        if cached_section(given.cache, cache_key(source, history, options, roles)) is not None:
            return PhaseOutput(None)  # the section is kept: nothing to measure
        given.progress(Progress(KEY, 0, 1, "reading the diffs of the last months"))
        early = early_lines(
            source,
            history,
            options.months,
            options.churn_days,
            roles.is_code,
            given.cache,
            given.cancel,
        )
    except Cancelled:
        raise
    except (GitCommandFailed, OSError, ValueError):
        return PhaseOutput(None)  # the ai_code phase measures from the commits read, and says
    return PhaseOutput(early)


#: Released once the ``ai_code`` phase has taken its figures.
PHASE = Phase[EarlyLines | None](
    KEY,
    "Reading the diffs for the AI-assisted code signals",
    ("repository", "roles"),
    _run,
    keep=False,
)
