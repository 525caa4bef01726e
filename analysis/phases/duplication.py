"""Duplicated code, each role within itself (analysis.coverage.duplication_by_role).

The phase starts when the code phase ends, beside architecture, history, DORA and the
AI-adoption figures, which all hold the main process's GIL while the second core idles. On a
large repository the clone search runs in a worker process of its own: on saleor it takes ~3 s
of CPU over 55 MB of token streams (a worker starts in ~0.4 s and the streams cross the pipe in
~0.1 s), which the other phases no longer wait for. A small repository is searched in the
process (a worker would cost more than it saves); so is one whose worker fails.
"""

from __future__ import annotations

from dataclasses import dataclass

from analysis.code.clone_groups import DuplicationSettings
from analysis.code.duplication import DuplicationReport
from analysis.code.results import FileMetrics
from analysis.coverage import duplication_by_role, duplication_in_worker, duplication_task
from analysis.parallel import WorkerPool
from analysis.phases.protocol import Phase, PhaseInput, PhaseOutput
from analysis.progress import CancelCheck, Progress, ProgressCallback

#: token stream characters from which the search runs in a worker process (saleor: 55 MB)
WORKER_FROM_CHARS = 4_000_000


@dataclass
class Duplication:
    production: DuplicationReport  # the report (with by_role summaries)
    sides: dict[str, DuplicationReport]  # tests, migrations ...: their own debt only


def _in_worker(
    results: list[FileMetrics],
    settings: DuplicationSettings,
    progress: ProgressCallback,
    cancel: CancelCheck,
) -> tuple[DuplicationReport, dict[str, DuplicationReport]] | None:
    """The reports from a worker process, with each file's duplicated lines set; None for a
    small repository or a worker that failed (the caller searches in the process)."""
    task = duplication_task(results, settings)
    if task.token_chars < WORKER_FROM_CHARS:
        return None
    progress(Progress("duplication", 0, 1, f"comparing {len(task.files):,} files"))
    pool = WorkerPool(duplication_in_worker, workers=1, budget_seconds=None, memory_bytes=None)
    (outcome,) = pool.run([task], cancel)
    if outcome.result is None:
        return None
    production, sides, lines = outcome.result
    for item in results:
        if item.path in lines:
            item.duplicated_lines = lines[item.path]
    return production, sides


def _run(given: PhaseInput) -> PhaseOutput[Duplication]:
    results: list[FileMetrics] = given.value("code")
    settings = given.options.duplication
    found = _in_worker(results, settings, given.progress, given.cancel)
    if found is None:
        found = duplication_by_role(results, settings, given.progress, given.cancel)
    production, sides = found
    for item in results:
        item.clone_tokens = None  # cached already; only the grouping reads them
    return PhaseOutput(Duplication(production, sides))


PHASE = Phase[Duplication]("duplication", "Finding duplicated code", ("code",), _run)
