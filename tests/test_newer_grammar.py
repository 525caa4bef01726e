"""Files in a newer grammar than the host's are measured on the newest CPython on the machine.

The end-to-end tests run the engine on Python 3.11 (a venv built here with the analysis's
dependencies) against a tiny repository whose one file needs 3.12, and expect the figures a
3.12+ interpreter gives, derived by hand below; with the search limited to the host, the file
keeps its raw counts and its ``newer_syntax`` finding. Skipped where the machine lacks a 3.11
or a newer interpreter, or pip cannot install the dependencies for 3.11.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from gitrepo import GitRepo

from analysis import interpreters
from analysis.cache import MemoryCache
from analysis.code.file_metrics import ANALYZER_ID, analyzer_id
from analysis.code.newer_grammar import (
    MEASURING_PACKAGES,
    OUR_PACKAGES,
    find_newer_python,
    worker_path,
)
from analysis.errors import Cancelled
from analysis.parallel import OtherPython, WorkerPool

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent

# PEP 695 (type statement, generic function) and PEP 701 (the f-string reuses its quote): 3.12
NEW_312 = """type Pair[T] = tuple[T, T]


def swap[T](pair: Pair[T]) -> Pair[T]:
    first, second = pair
    if first == second:
        return pair
    return (second, first)


def label(names: list[str]) -> str:
    return f"{", ".join(n for n in names if n)}"
"""
# By hand: 12 lines, 4 blank, 8 source lines, each one logical line; no comment.
# Cyclomatic complexity (radon: 1 + decision points per block): swap 1 + if = 2; label 1 + the
# generator's for + its if = 3; the module total is 1 + (2 - 1) + (3 - 1) = 4.
# Halstead (radon counts the operators of comparisons, boolean and arithmetic operations):
# `first == second` is the only one: h1 = 1, N1 = 1, h2 = 2 (first, second), N2 = 2, so the
# volume is N log2 h = 3 log2 3; MI = (171 - 5.2 ln V - 0.23 G - 16.2 ln L) x 100 / 171 with
# G = 4, L = 8 logical lines and no comments (radon's mi_compute).
VOLUME = 3 * math.log2(3)
MI = (171 - 5.2 * math.log(VOLUME) - 0.23 * 4 - 16.2 * math.log(8)) * 100 / 171


def _python(version: str) -> str | None:
    for command in interpreters.candidates():
        found = interpreters.probe(command)
        if found is not None and found.grammar == tuple(int(p) for p in version.split(".")):
            return command
    return None


@pytest.fixture(scope="module")
def host_311(tmp_path_factory) -> str:
    """A Python 3.11 venv with the analysis's dependencies and this checkout on its path."""
    python = _python("3.11")
    if python is None:
        pytest.skip("no CPython 3.11 on this machine to play the older host")
    newer = interpreters.newest(need_venv=False)
    if newer is None or newer.grammar <= (3, 11):
        pytest.skip("no CPython newer than 3.11 on this machine to measure 3.12 syntax")
    venv = tmp_path_factory.mktemp("host311") / "venv"
    subprocess.run([python, "-m", "venv", str(venv)], check=True, capture_output=True)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    qt_or_store = ("pyside6", "pyqtgraph", "sqlalchemy", "alembic")
    needs = [d for d in project["project"]["dependencies"] if not d.lower().startswith(qt_or_store)]
    pip = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *needs],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if pip.returncode != 0:
        last = (pip.stderr.strip().splitlines() or ["?"])[-1]
        pytest.skip(f"pip cannot install the analysis's dependencies for Python 3.11: {last}")
    (site,) = (venv / "lib").glob("python3.11/site-packages")
    (site / "readiness_checkout.pth").write_text(str(ROOT) + "\n", encoding="utf-8")
    return str(venv / "bin" / "python")


DRIVER = """
import json, sys
import analysis.interpreters as interpreters
import analysis.parallel as parallel
from analysis.assessment import Options, run
from analysis.cache import MemoryCache
from analysis.report import to_report

search = interpreters.candidates
starts = []
start = parallel.WorkerPool._start
def counted(pool):
    starts.append(pool.python.executable if pool.python else "host")
    return start(pool)
parallel.WorkerPool._start = counted
cache = MemoryCache()
out = []
for limited in (True, False, False, True):
    # limited: the search sees only the host, as on a machine without a newer Python
    interpreters.candidates = (lambda environ=None: [sys.executable]) if limited else search
    del starts[:]
    report = to_report(run(sys.argv[1], Options(workers=1), cache=cache))
    out.append({
        "file": report["code"]["files"][0],
        "totals": report["code"]["totals"],
        "warnings": [w for w in report["repository"]["warnings"] if w["path"] == "new312.py"],
        "starts": list(starts),
        "keys": sorted(key for space, key in cache.entries if space == "code-file"),
        "runtime": report["runtime"],
    })
print(json.dumps(out))
"""


def test_a_311_host_measures_312_syntax_on_the_newer_python(host_311, tmp_path):
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("new312.py", NEW_312)
    repo.commit("a file in 3.12 syntax")
    done = subprocess.run(
        [host_311, "-c", DRIVER, str(repo.root)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    limited, newer, warm, limited_again = json.loads(done.stdout)
    found = interpreters.newest(need_venv=False)
    assert found is not None
    label = found.label

    # no newer Python: raw counts, the newer_syntax finding, as before
    raw = limited["file"]
    assert raw["status"] == "newer_syntax" and raw["requires_syntax"] == "3.12"
    assert raw["reason"].startswith("needs Python >= 3.12 syntax (the analysis runs on Python 3.11")
    assert (raw["loc"], raw["sloc"], raw["lloc"], raw["blank"], raw["comments"]) == (12, 8, 8, 4, 0)
    assert raw["mi"] is None and raw["cc_total"] is None and raw["functions"] == []
    assert raw["measured_with"] == ""
    assert [w["code"] for w in limited["warnings"]] == ["newer_syntax"]
    assert limited["totals"]["newer_syntax_files"] == 1 and limited["totals"]["functions"] == 0

    # the newest Python measures it: the figures by hand, and a finding that says with what
    ok = newer["file"]
    assert ok["status"] == "ok" and ok["measured_with"] == label
    assert ok["requires_syntax"] == "3.12"
    assert (ok["loc"], ok["sloc"], ok["lloc"], ok["blank"]) == (12, 8, 8, 4)
    assert ok["cc_total"] == 4
    assert [(f["name"], f["complexity"], f["kind"]) for f in ok["functions"]] == [
        ("swap", 2, "function"),
        ("label", 3, "function"),
    ]
    halstead = ok["halstead"]
    assert (halstead["h1"], halstead["h2"], halstead["N1"], halstead["N2"]) == (1, 2, 1, 2)
    assert halstead["volume"] == pytest.approx(VOLUME, abs=1e-9)
    assert ok["mi"] == pytest.approx(MI, abs=1e-9)
    assert newer["totals"]["newer_syntax_files"] == 0 and newer["totals"]["functions"] == 2
    assert newer["totals"]["mi_average"] == pytest.approx(MI, abs=1e-9)
    (note,) = newer["warnings"]
    assert note["code"] == "newer_grammar" and not note["partial"]
    assert note["message"] == (
        f"new312.py: needs Python >= 3.12 syntax (the analysis runs on Python 3.11): "
        f"measured with {label}"
    )
    # the host's newer_syntax result came from the cache (no worker on the host's Python; the
    # later phases start none for one file) and was not served as the file's figures: one
    # worker on the newer Python measured it; each result is cached under the key of the
    # Python that measured it
    assert newer["starts"] == [found.executable]
    assert [key.split(":")[1] for key in newer["keys"]] == [
        analyzer_id((3, 11)),
        analyzer_id(found.grammar),
    ]
    # the runtime section finds the file's grammar needs either way: lines 1, 4 and 12 need 3.12
    for run in (limited, newer):
        minimum = run["runtime"]["required_minimum"]
        assert minimum["version"] == "3.12"
        assert sorted((r["line"], r["version"]) for r in minimum["reasons"]) == [
            (1, "3.12"),
            (4, "3.12"),
            (12, "3.12"),
        ]

    # warm: both results from the cache, no worker at all, the same figures
    assert warm["starts"] == [] and warm["file"] == ok and warm["warnings"] == newer["warnings"]
    # the newer Python gone again: its result is not taken for the host's
    assert limited_again["file"] == raw and limited_again["starts"] == []


def test_the_same_file_on_the_newer_python_as_host_gives_the_same_figures(tmp_path):
    """What the older host gets through the newer worker is what that Python gives as host."""
    if sys.version_info < (3, 12):
        pytest.skip("the test's own interpreter is older than 3.12")
    from analysis.code.file_metrics import measure_path

    path = tmp_path / "new312.py"
    path.write_text(NEW_312, encoding="utf-8")
    m = measure_path(path)
    assert m.status == "ok" and m.cc_total == 4 and m.mi == pytest.approx(MI, abs=1e-9)
    assert m.measured_with == "" and m.requires_syntax is None


def _other() -> tuple[OtherPython, interpreters.Interpreter]:
    """Another CPython (>= 3.11) than this one, with the measuring code's folders and tests/."""
    here = sys.version_info[:2]
    for command in interpreters.candidates():
        found = interpreters.probe(command)
        if found is not None and found.grammar != here:
            path = worker_path()
            assert path is not None
            return OtherPython(found.executable, (*path, str(TESTS))), found
    pytest.skip("no second CPython >= 3.11 on this machine")


def _other_python() -> OtherPython:
    return _other()[0]


def test_the_other_python_loads_only_pure_python_of_the_measuring_packages(tmp_path):
    other, version = _other()
    from newer_grammar_probe import measure_and_list_modules

    source = tmp_path / "plain.py"
    source.write_text("def f(x):\n    return x if x else 0\n", encoding="utf-8")
    (outcome,) = WorkerPool(measure_and_list_modules, workers=1, python=other).run([str(source)])
    assert outcome.error == "" and outcome.result is not None
    assert outcome.result["status"] == "ok"
    assert tuple(outcome.result["version"]) == version.grammar  # it ran over there
    outside = outcome.result["outside"]
    tops = {name.split(".")[0] for name, _file in outside}
    # pathspec imports typing_extensions when present, on Pythons before 3.13
    allowed = {*OUR_PACKAGES, *MEASURING_PACKAGES, "typing_extensions", "newer_grammar_probe"}
    assert tops <= allowed, tops
    assert {"analysis", "radon", "vermin"} <= tops
    assert all(location.endswith(".py") for _name, location in outside), outside


def test_the_other_pythons_workers_keep_the_time_and_memory_budgets_and_cancel():
    other = _other_python()
    started = time.monotonic()
    (slow,) = WorkerPool(time.sleep, workers=1, budget_seconds=1.0, python=other).run([30])
    assert slow.timed_out and time.monotonic() - started < 10
    pool = WorkerPool(bytearray, workers=1, memory_bytes=256 * 1024 * 1024, python=other)
    big, small = sorted(pool.run([1024 * 1024 * 1024, 1024]), key=lambda o: o.item)[::-1]
    assert big.too_large and small.result == bytearray(1024)
    deadline = time.monotonic() + 0.5
    started = time.monotonic()
    with pytest.raises(Cancelled):
        list(
            WorkerPool(time.sleep, workers=1, python=other).run(
                [30], cancel=lambda: time.monotonic() > deadline
            )
        )
    assert time.monotonic() - started < 5


def test_a_worker_that_cannot_import_its_function_says_why():
    other = _other_python()
    bare = OtherPython(other.executable, ())  # nothing of ours on its path
    from analysis.code.file_metrics import measure_file

    outcomes = list(WorkerPool(measure_file, workers=1, python=bare).run([None, None]))
    assert [o.result for o in outcomes] == [None, None]  # each item answered, none hangs
    assert all("No module named 'analysis'" in o.error for o in outcomes)


def test_the_search_takes_the_newest_cpython_311_or_later():
    pythons = {v: _python(v) for v in ("3.11", "3.12", "3.13")}
    present = [p for p in pythons.values() if p]
    if len(present) < 2:
        pytest.skip("fewer than two CPython >= 3.11 on this machine")
    assert interpreters.probe("/bin/true") is None  # runs, prints nothing
    assert interpreters.probe("/nonexistent/python3") is None
    older = [c for c in interpreters.candidates() if "3.10" in c]
    for command in older:
        assert interpreters.probe(command) is None  # 3.10: below the minimum
    chosen = interpreters.newest([*present, "/bin/true"])
    assert chosen is not None
    expected = interpreters.probe(present[-1])
    assert expected is not None and chosen.grammar == expected.grammar
    # commands named for the version asked about, or older, are left out
    assert interpreters.newest(present, newer_than=expected.grammar) is None
    second = interpreters.newest(present, newer_than=(3, 10))
    assert second is not None and second.grammar == expected.grammar
    # the shell script runs the same search
    script = subprocess.run(
        [str(ROOT / "tools" / "newest-python")], capture_output=True, text=True, check=True
    )
    best = interpreters.newest()
    assert best is not None and script.stdout.strip() == best.executable


def test_the_newer_python_is_wanted_only_when_its_grammar_is_newer():
    newest = interpreters.Interpreter("/x/python3.13", (3, 13, 0))
    found = find_newer_python(host=(3, 11), search=lambda: newest)
    assert found is not None and found.analyzer_id == ANALYZER_ID.rsplit("-py", 1)[0] + "-py3.13"
    assert found.accepts("3.12") and found.accepts("3.13") and not found.accepts("3.14")
    assert find_newer_python(host=(3, 13), search=lambda: newest) is None
    assert find_newer_python(host=(3, 11), search=lambda: None) is None


def _waiting(tmp_path) -> tuple[list, list, dict]:
    from analysis.code.file_metrics import FileTask
    from analysis.code.results import FileMetrics

    path = tmp_path / "new312.py"
    path.write_text(NEW_312, encoding="utf-8")
    reason = "needs Python >= 3.12 syntax (the analysis runs on Python 3.11): raw metrics only"
    host = FileMetrics("new312.py", "newer_syntax", reason, loc=12, requires_syntax="3.12")
    return [host], [FileTask("new312.py", str(path))], {"new312.py": None}


class _Options:
    workers = 1
    file_budget_seconds = 20.0
    file_memory_bytes = None


def test_a_newer_python_that_fails_leaves_the_raw_counts_and_says_why(tmp_path):
    from analysis.code.newer_grammar import NewerPython, measure_newer_grammar

    other = _other_python()
    fake = interpreters.Interpreter(other.executable, (3, 99, 0))
    for python, why in (
        (OtherPython(other.executable, ()), "No module named 'analysis'"),  # our code missing
        (OtherPython("/nonexistent/python3.99", ()), "did not start"),  # gone since the search
    ):
        results, tasks, keys = _waiting(tmp_path)
        cache = MemoryCache()
        (after,) = measure_newer_grammar(
            results,
            tasks,
            keys,
            cache,
            "code-file",
            _Options(),
            find=lambda p=python: NewerPython(fake, p),
        )
        assert after.status == "newer_syntax" and after.loc == 12 and after.measured_with == ""
        assert after.reason.startswith("needs Python >= 3.12 syntax") and why in after.reason
        assert cache.entries == {}  # nothing cached for a failure


def test_a_file_newer_than_the_newest_python_says_so(tmp_path):
    from analysis.code.newer_grammar import NewerPython, measure_newer_grammar

    results, tasks, keys = _waiting(tmp_path)
    results[0].requires_syntax = "3.14"
    older = interpreters.Interpreter("/x/python3.13", (3, 13, 0))
    newer = NewerPython(older, OtherPython("/x/python3.13", ()))
    (after,) = measure_newer_grammar(
        results, tasks, keys, MemoryCache(), "code-file", _Options(), find=lambda: newer
    )
    assert after.status == "newer_syntax"
    assert after.reason == (
        "needs Python >= 3.14 syntax (the analysis runs on Python "
        f"{sys.version_info[0]}.{sys.version_info[1]}, the newest Python on this machine is "
        "Python 3.13.0): raw metrics only"
    )


def test_a_kept_assessment_is_reused_only_while_the_same_python_would_measure_it():
    from analysis.code.newer_grammar import NewerPython, measured_alike_now
    from analysis.code.results import FileMetrics

    def never():
        raise AssertionError("no search for files that do not depend on it")

    def python(version):
        found = interpreters.Interpreter(f"/x/python{version[0]}.{version[1]}", (*version, 0))
        return lambda: NewerPython(found, OtherPython(found.executable, ()))

    plain = [FileMetrics("a.py"), FileMetrics("b.py", "syntax_error")]
    assert measured_alike_now(plain, host=(3, 11), find=never)
    raw = [*plain, FileMetrics("n.py", "newer_syntax", requires_syntax="3.12")]
    assert measured_alike_now(raw, host=(3, 11), find=lambda: None)  # still no newer Python
    assert not measured_alike_now(raw, host=(3, 11), find=python((3, 13)))  # one came
    assert measured_alike_now(raw, host=(3, 11), find=python((3, 11)))  # too old to matter
    assert not measured_alike_now(raw, host=(3, 12), find=lambda: None)  # host reads it itself
    by_313 = [FileMetrics("m.py", requires_syntax="3.12", measured_with="Python 3.13.0")]
    assert measured_alike_now(by_313, host=(3, 11), find=python((3, 13)))
    assert not measured_alike_now(by_313, host=(3, 11), find=lambda: None)  # it went away
    assert not measured_alike_now(by_313, host=(3, 11), find=python((3, 14)))  # a newer one
