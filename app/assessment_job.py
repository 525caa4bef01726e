"""The background job of an assessment, shared by the main window and the wizard: run the
engine with the inputs kept with the repository, then store the result."""

from __future__ import annotations

from analysis import assessment as engine
from analysis.progress import Progress
from app.context import ApplicationContext

#: The engine's phases in the order it runs them, with their names for the user.
PHASE_NAMES = {
    "repository": "Checking the repository",
    "code": "Measuring Python files",
    "architecture": "Reading imports, Python versions and the stack",
    "history": "Reading the history",
    "dora": "Delivery metrics (DORA)",
    "duplication": "Finding duplicated code",
    "saving": "Debt, advice and saving the assessment",
}


def assess_and_store(path: str, options, context: ApplicationContext, *, progress, cancel):
    """Background job: run the assessment, then store it; returns ``(assessment, id)``."""
    options.dora = context.store.delivery.inputs(path)  # logs, source, answers kept with it
    options.team = context.store.team.load(path)  # the team profile kept with it (advice)
    result = engine.run(path, options, progress=progress, cancel=cancel, cache=context.store.cache)
    progress(Progress("saving", 0, 1, "saving the assessment"))
    assessment_id = context.store.save(result)
    progress(Progress("saving", 1, 1, "saved"))
    return result, assessment_id
