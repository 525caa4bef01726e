"""The worker pool: every item answered once, slow items skipped, prompt cancel, crashes kept."""

from __future__ import annotations

import time

import pytest
from workload import die_on_seven, sleep_each, slow_on_minus_one, square

from analysis.errors import Cancelled
from analysis.parallel import WorkerPool


def test_every_item_once():
    outcomes = list(WorkerPool(square, workers=2).run(range(50)))
    assert sorted(o.result for o in outcomes) == [x * x for x in range(50)]


def test_a_slow_item_is_timed_out_and_the_rest_goes_on():
    pool = WorkerPool(slow_on_minus_one, workers=2, budget_seconds=1.0)
    started = time.monotonic()
    outcomes = {o.item: o for o in pool.run([1, -1, 2, 3, 4])}
    assert outcomes[-1].timed_out and outcomes[-1].result is None
    assert [outcomes[i].result for i in (1, 2, 3, 4)] == [1, 2, 3, 4]
    assert time.monotonic() - started < 60  # the 120 s item did not hold the run


def test_cancel_stops_a_long_item_promptly():
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 5  # cancel after a few polls (~0.25 s)

    started = time.monotonic()
    with pytest.raises(Cancelled):
        list(WorkerPool(sleep_each, workers=1).run([60.0, 60.0], cancel=cancel))
    assert time.monotonic() - started < 30  # nowhere near the 60 s the item would take


def test_crashing_and_raising_items_are_reported_not_fatal():
    outcomes = {o.item: o for o in WorkerPool(die_on_seven, workers=2).run(range(10))}
    assert outcomes[7].error == "worker process died"
    assert "ValueError: bad item 8" in outcomes[8].error
    assert [outcomes[i].result for i in (0, 1, 2, 3, 4, 5, 6, 9)] == [0, 1, 2, 3, 4, 5, 6, 9]


def _run_script(tmp_path, body: str, *args: str) -> str:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    script = tmp_path / "script.py"
    script.write_text(body)
    done = subprocess.run(
        [sys.executable, str(script), *args],
        cwd=tmp_path,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


MARKED_SCRIPT = """
import sys
with open(sys.argv[1], "a") as marks:
    marks.write("imported\\n")  # runs each time this script is executed or imported
from analysis.parallel import WorkerPool

if __name__ == "__main__":
    outcomes = list(WorkerPool(abs, workers=2, budget_seconds=None).run([1, -2, -3]))
    print(sorted(o.result for o in outcomes))
"""


def test_workers_do_not_re_run_the_parents_main_script(tmp_path):
    marks = tmp_path / "marks.txt"
    out = _run_script(tmp_path, MARKED_SCRIPT, str(marks))
    assert out.strip() == "[1, 2, 3]"
    # only the parent ran the script: without the skip each spawn worker ran it again
    assert marks.read_text().splitlines() == ["imported"]


OWN_FUNCTION_SCRIPT = """
from analysis.parallel import WorkerPool

def double(x):
    return 2 * x

if __name__ == "__main__":
    outcomes = list(WorkerPool(double, workers=2, budget_seconds=None).run([1, 2]))
    print(sorted(o.result for o in outcomes))
"""


def test_a_worker_function_from_the_main_script_still_works(tmp_path):
    # the function lives in __main__: the worker needs the script re-run to unpickle it
    assert _run_script(tmp_path, OWN_FUNCTION_SCRIPT).strip() == "[2, 4]"


def test_main_is_restored_after_workers_start():
    import sys

    main = sys.modules["__main__"]
    before = (main.__dict__.get("__spec__"), main.__dict__.get("__file__"))
    assert [o.result for o in WorkerPool(abs, workers=1).run([-5])] == [5]
    assert (main.__dict__.get("__spec__"), main.__dict__.get("__file__")) == before
