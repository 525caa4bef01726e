"""The first phase: check the repository and list its tracked files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from analysis.findings import Finding
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.progress import Progress, check_cancel
from analysis.scan import Repository, TrackedFile, open_repository, tracked_files


@dataclass
class Checkout:
    """The repository as this run found it: where, which commit, which files git tracks."""

    repo: Repository
    tracked: list[TrackedFile] = field(repr=False)
    analyzed_at: str  # ISO 8601, UTC: when the run started


def _run(given: PhaseInput) -> PhaseOutput[Checkout]:
    analyzed_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    given.progress(Progress(given.key, 0, 1, "checking the repository"))
    repo = open_repository(given.path, allow_bare=True)
    tracked = tracked_files(repo)
    check_cancel(given.cancel)
    given.progress(Progress(given.key, 1, 1, f"{len(tracked)} tracked files"))
    return PhaseOutput(
        Checkout(repo, tracked, analyzed_at), [Finding("repository", n) for n in repo.notes]
    )


PHASE = Phase[Checkout]("repository", "Checking the repository", (), _run)
