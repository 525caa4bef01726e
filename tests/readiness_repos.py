"""Run the runtime and architecture phases on a test repository inside the test process.

The per-file results come from the code engine's own ``measure_file`` (so module facts arrive
through its hook, as in a real assessment), without the worker pool, so the tests stay fast.
"""

from __future__ import annotations

from analysis.cache import NoCache
from analysis.code.file_metrics import FileTask, measure_file
from analysis.progress import never_cancel, no_progress
from analysis.project_files import ProjectFiles
from analysis.runtime_architecture import assess_runtime_and_architecture
from analysis.scan import absolute_path, open_repository, tracked_files


def project_files(git_repo) -> ProjectFiles:
    repo = open_repository(git_repo.root)
    return ProjectFiles.of(repo, tracked_files(repo))


def assess_in_process(git_repo, **phase_options):
    """(runtime, architecture, problems) of the repository's committed working tree;
    ``phase_options``: ``delivery_kind``, ``roles``."""
    repo = open_repository(git_repo.root)
    tracked = tracked_files(repo)
    results = [
        measure_file(FileTask(t.path, absolute_path(repo, t)))
        for t in tracked
        if t.is_python and not t.is_symlink
    ]
    return assess_runtime_and_architecture(
        repo,
        tracked,
        results,
        workers=1,
        budget=20.0,
        max_bytes=5 * 1024 * 1024,
        cache=NoCache(),
        progress=no_progress,
        cancel=never_cancel,
        **phase_options,
    )
