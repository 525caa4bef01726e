"""A portfolio run: many repositories, each assessed and stored as an independent task.

Each repository is one :class:`RepositoryTask`, run by :func:`assess_repository` (a top-level
function, so that a process pool or a Dask worker can unpickle it) through the same
run-and-store path as ``readiness assess`` (:func:`app.assessment_job.run_assessment` then
:func:`app.assessment_job.save_assessment`). A task that fails comes back as a failed
:class:`RepositoryOutcome` with a one-line reason; it never stops the others.

Two executors, no scheduler of our own:

- :class:`LocalExecutor`: ``concurrent.futures.ProcessPoolExecutor`` with the ``spawn`` start
  method (safe beside threads; each assessment in its own process, so a crash takes one task);
- :class:`DaskExecutor`: ``distributed.Client.submit`` on an existing cluster
  (``tcp://scheduler:8786``) or on a ``LocalCluster`` it starts (``local``, 2 workers).

Cores are shared without oversubscribing (:func:`share_cores`): the number of assessments at
once and the per-file pool of each are sized together, so that their product does not exceed
the processes asked for.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import current_process, get_context
from pathlib import Path
from typing import Any, Protocol

OK, FAILED = "ok", "failed"
#: LocalCluster workers for ``--dask local`` (the CI path; this machine has 2 cores)
LOCAL_CLUSTER_WORKERS = 2
_POLL_SECONDS = 0.1
#: Dask's nanny starts daemonic workers by default (distributed.worker.daemon)
DAEMON_HINT = "start the Dask workers with DASK_DISTRIBUTED__WORKER__DAEMON=False"


@dataclass(frozen=True)
class RepositoryTask:
    """One repository of the portfolio and where its results go."""

    path: str
    database_url: str
    workers: int | None = None  # per-file pool; None: the worker's cores / its task slots
    json_path: str | None = None  # the JSON report of this repository, when asked for
    fresh: bool = False  # measure again even when a stored run could be reused


@dataclass(frozen=True)
class RepositoryOutcome:
    """What became of one task: stored (``assessment_id``) or failed (``reason``, one line)."""

    path: str
    status: str
    reason: str = ""
    assessment_id: int | None = None
    score: float | None = None
    grade: str | None = None
    seconds: float = 0.0
    json_path: str | None = None


def share_cores(processes: int, repositories: int) -> tuple[int, int]:
    """``(assessments at once, per-file pool of each)`` for ``processes`` worker processes.

    As many assessments at once as processes allow (never more than there are repositories),
    each with an equal share of the rest: ``at_once * pool <= processes`` always holds, so
    the portfolio never runs more CPU-bound processes than asked for. Whole repositories in
    parallel come first because an assessment is not all per-file work (the history read is
    mostly git, the report and save are serial): two single-pool assessments keep two cores
    busier than one two-pool assessment.
    """
    processes = max(1, processes)
    at_once = max(1, min(processes, repositories))
    return at_once, max(1, processes // at_once)


def _pool_for_this_worker() -> int:
    """A Dask worker's share of its machine: its cores over its task slots (threads)."""
    try:
        from distributed import get_worker

        slots = get_worker().state.nthreads
    except (ImportError, ValueError, AttributeError):
        slots = 1
    return max(1, (os.cpu_count() or 1) // max(1, slots))


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__


def assess_repository(task: RepositoryTask) -> RepositoryOutcome:
    """Assess ``task.path`` and store it in ``task.database_url`` (and write its JSON report
    when asked): the CLI's run-and-store path. Never raises for a bad repository or store:
    the failure is the outcome."""
    from analysis.errors import AssessmentError, Cancelled
    from analysis.progress import no_progress
    from analysis.report import export_report, to_report
    from analysis.reuse import kept_report
    from app import output_files, preflight
    from app.assessment_job import run_assessment, save_assessment, with_stored_inputs
    from app.context import ApplicationContext
    from app.output_files import OutputError
    from app.preflight import DatabaseUnusable
    from app.store import StoreError

    started = time.perf_counter()
    if current_process().daemon:  # multiprocessing: daemonic processes may not have children
        reason = f"this worker cannot start the per-file pool: {DAEMON_HINT}"
        return RepositoryOutcome(task.path, FAILED, reason=reason)
    context = ApplicationContext(database_url=task.database_url)

    def failed(reason: str) -> RepositoryOutcome:
        seconds = time.perf_counter() - started
        return RepositoryOutcome(task.path, FAILED, reason=reason, seconds=seconds)

    try:
        options = context.settings.analysis_options()
        options.workers = task.workers or _pool_for_this_worker()
        options.reuse_unchanged = not task.fresh
        options = with_stored_inputs(task.path, options, context)
        result = run_assessment(task.path, options, context.store.cache, progress=no_progress)
        report = kept_report(result) or to_report(result)
        assessment_id = save_assessment(result, context.store, no_progress, report)
        if task.json_path:
            output_files.write_json_report(export_report(result, options, report), task.json_path)
    except (AssessmentError, OutputError, DatabaseUnusable, OSError) as exc:
        return failed(_one_line(exc))
    except (StoreError, *preflight.DATABASE_ERRORS) as exc:
        return failed(preflight.one_line(exc, context.database_url))
    except Cancelled:
        return failed("cancelled")
    except Exception as exc:  # one repository's bug must not stop the batch
        return failed(f"internal error: {exc.__class__.__name__}: {_one_line(exc)}")
    finally:
        context.close()
    readiness = result.decisions.readiness if result.decisions else None
    return RepositoryOutcome(
        task.path,
        OK,
        assessment_id=assessment_id,
        score=getattr(readiness, "score", None),
        grade=getattr(readiness, "grade", None),
        seconds=time.perf_counter() - started,
        json_path=task.json_path,
    )


class Executor(Protocol):
    """Where the tasks run: submit one, get a ``concurrent.futures``-like future back."""

    slots: int  # tasks that run at once

    def submit(self, task: RepositoryTask) -> Any: ...

    def close(self) -> None: ...


class LocalExecutor:
    """Tasks in ``slots`` processes of this machine (``spawn``: no state inherited)."""

    def __init__(self, slots: int) -> None:
        self.slots = slots
        self._pool = ProcessPoolExecutor(max_workers=slots, mp_context=get_context("spawn"))

    def submit(self, task: RepositoryTask) -> Future:
        return self._pool.submit(assess_repository, task)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks on a Dask distributed cluster: ``address`` ``tcp://host:8786`` (an existing
    scheduler) or ``local`` (a ``LocalCluster`` of :data:`LOCAL_CLUSTER_WORKERS` processes,
    one task slot each). Workers need the repositories at the same paths and must reach the
    store's database."""

    def __init__(self, address: str, local_workers: int = LOCAL_CLUSTER_WORKERS) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._cluster = None
        if address == "local":
            # a task's per-file pool starts child processes, which daemonic workers may not
            with dask.config.set({"distributed.worker.daemon": False}):
                self._cluster = LocalCluster(
                    n_workers=local_workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            self._client = Client(self._cluster)
        else:
            self._client = Client(address, timeout="20s")
        threads = self._client.nthreads()
        self.slots = max(1, sum(threads.values()))

    def submit(self, task: RepositoryTask) -> Any:
        # pure=False: the same repository asked twice is assessed twice, never deduplicated
        return self._client.submit(assess_repository, task, pure=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _outcome(task: RepositoryTask, future: Any) -> RepositoryOutcome:
    """The future's outcome; a task that died (worker killed, lost) is a failed one."""
    try:
        return future.result()
    except Exception as exc:
        reason = f"the task was lost: {exc.__class__.__name__}: {_one_line(exc)}"
        return RepositoryOutcome(task.path, FAILED, reason=reason)


def run_portfolio(
    tasks: Sequence[RepositoryTask],
    executor: Executor,
    progress: Callable[[RepositoryOutcome, int, int], None],
    cancel: Callable[[], bool] = lambda: False,
) -> list[RepositoryOutcome]:
    """Run every task on ``executor``, at most ``executor.slots`` at once, reporting each
    outcome as it comes (``progress(outcome, done, total)``); outcomes in the tasks' order.
    ``cancel()`` true: no new task starts and the running ones are left to the executor's
    close (a KeyboardInterrupt propagates the same way)."""
    pending = list(enumerate(tasks))
    pending.reverse()
    running: dict[Any, tuple[int, RepositoryTask]] = {}
    outcomes: dict[int, RepositoryOutcome] = {}
    total = len(tasks)
    while pending or running:
        while pending and len(running) < executor.slots and not cancel():
            index, task = pending.pop()
            running[executor.submit(task)] = (index, task)
        if not running:
            break  # cancelled before anything else started
        done = [future for future in running if future.done()]
        if not done:
            time.sleep(_POLL_SECONDS)  # both kinds of future answer done(); no waiting API shared
        for future in done:
            index, task = running.pop(future)
            outcomes[index] = _outcome(task, future)
            progress(outcomes[index], len(outcomes), total)
        if cancel():
            break
    return [outcomes[i] for i in sorted(outcomes)]


def read_list(path: str | os.PathLike[str]) -> list[str]:
    """The repositories listed in a file: one path a line; blank lines and ``#`` comments
    skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [s for line in lines if (s := line.strip()) and not s.startswith("#")]


def json_name(path: str, taken: Iterable[str]) -> str:
    """A file name for ``path``'s JSON report, unique among ``taken``: the folder's name,
    then ``-2``, ``-3``... for twin names."""
    base = "".join(c if c.isalnum() or c in "-_." else "_" for c in Path(path).name) or "repo"
    used, name, n = set(taken), f"{base}.json", 1
    while name in used:
        n += 1
        name = f"{base}-{n}.json"
    return name
