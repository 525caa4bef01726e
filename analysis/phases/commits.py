"""Read the history's commits once (git log plus our parsing), side by side with the code
phase: the history and DORA phases both measure them (analysis.history.mining)."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.history.mining import HistoryRead, read_commits_step
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.phases.repository import Checkout


@dataclass
class CommitsRead:
    """The commits read, or why git could not read them (the history phase reports it)."""

    read: HistoryRead | None
    failure: str | None = None


def _run(given: PhaseInput) -> PhaseOutput[CommitsRead]:
    checkout: Checkout = given.value("repository")
    # the history phase measures with file roles, so code lines only: git diffs no data file
    read, failure = read_commits_step(
        checkout.repo,
        given.options.history,
        given.cache,
        given.progress,
        given.cancel,
        code_counts_only=True,
    )
    return PhaseOutput(CommitsRead(read, failure))


#: Released (``keep=False``) once the history and DORA phases have read it: the commits of a
#: large history are the run's largest object.
PHASE = Phase[CommitsRead]("commits", "Reading the commits", ("repository",), _run, keep=False)
