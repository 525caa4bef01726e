"""The code workers' memory budget (issue 14, item 7): a file that would take more memory than
the budget is skipped as too large to analyse; ordinary work and the parent are unaffected."""

from __future__ import annotations

import resource
import sys

import pytest
from workload import address_space_limit, allocate_megabytes

from analysis import assessment as engine
from analysis.assessment import Options
from analysis.cache import NoCache
from analysis.parallel import DEFAULT_MEMORY_BYTES, WorkerPool
from app.settings import Settings

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux"
)

MB = 1024 * 1024


def test_an_item_beyond_the_budget_is_too_large_and_the_run_goes_on():
    pool = WorkerPool(allocate_megabytes, workers=1, memory_bytes=256 * MB)
    outcomes = {o.item: o for o in pool.run([8, 1024, 16, 32])}
    assert outcomes[1024].too_large and outcomes[1024].result is None
    assert not outcomes[1024].error and not outcomes[1024].timed_out
    # the worker was replaced, and the items before and after it were measured
    assert [outcomes[i].result for i in (8, 16, 32)] == [8, 16, 32]


def test_the_budget_is_set_in_the_workers_only():
    parent = resource.getrlimit(resource.RLIMIT_AS)[0]
    (limited,) = list(WorkerPool(address_space_limit, workers=1, memory_bytes=300 * MB).run([0]))
    assert 300 * MB < limited.result < 300 * MB + 2048 * MB  # its size at start + the budget
    (free,) = list(WorkerPool(address_space_limit, workers=1, memory_bytes=None).run([0]))
    assert free.result == parent == resource.getrlimit(resource.RLIMIT_AS)[0]


def test_the_default_budget_is_a_setting_of_one_gigabyte():
    assert DEFAULT_MEMORY_BYTES == 1024 * MB
    assert Options().file_memory_bytes == 1024 * MB
    assert Settings().analysis_options().file_memory_bytes == 1024 * MB
    assert Settings(file_memory_megabytes=0).analysis_options().file_memory_bytes is None
    assert Settings(file_memory_megabytes=300).analysis_options().file_memory_bytes == 300 * MB


def test_a_pathological_module_is_skipped_as_too_large_to_analyse(git_repo):
    """A 1.2 MB one-line list of 300,000 names: CPython's AST of it alone takes ~300 MB, far
    beyond a 64 MB budget; the ordinary module beside it is measured as usual."""
    git_repo.write("ok.py", "def f(x):\n    if x:\n        return 1\n    return 2\n")
    names = ",".join(f"a{k % 1000}" for k in range(300_000))
    git_repo.write("table.py", f"x = [{names}]\n")
    git_repo.commit("files", date="2024-03-01T00:00:00+00:00")
    options = Options(workers=1, file_memory_bytes=64 * MB)
    result = engine.run(git_repo.root, options, cache=NoCache())
    files = {f.path: f for f in result.code.files}
    assert files["ok.py"].status == "ok" and files["ok.py"].cc_total == 2
    table = files["table.py"]
    assert table.status == "skipped"
    assert table.reason.startswith("skipped: too large to analyse (more than 64 MB of memory")
    warned = [w for w in result.repository.warnings if w.path == "table.py"]
    assert len(warned) == 1 and "too large to analyse" in warned[0].message
