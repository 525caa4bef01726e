"""The clone search in a worker process gives what the search in the process gives: the same
reports and the same duplicated lines on every file; a failed worker falls back to it."""

from __future__ import annotations

import copy

import pytest

from analysis.cache import NoCache
from analysis.code.clone_groups import DuplicationSettings
from analysis.code.clone_tokens import clone_tokens
from analysis.code.results import FileMetrics
from analysis.coverage import duplication_by_role
from analysis.options import Options
from analysis.parallel import TaskOutcome
from analysis.phases import duplication as phase
from analysis.phases.protocol import PhaseInput, PhaseOutput
from analysis.progress import never_cancel, no_progress
from tests.test_duplication import file_a, file_b, ten_token_lines


def _files() -> list[FileMetrics]:
    """Clones within production, within tests, across the two (not compared: each role is
    compared within itself), a migration copy (not compared) and a file that failed to parse."""
    block = ten_token_lines(14)
    other = ten_token_lines(12, name="q")
    sources = {
        "app/a.py": ("production", file_a(block)),
        "app/b.py": ("production", file_b(block)),
        "tests/test_a.py": ("test", file_a(other)),
        "tests/test_b.py": ("test", file_b(other)),
        "tests/test_c.py": ("test", file_b(block)),
        "app/migrations/0001.py": ("migration", file_b(block)),
    }
    files = []
    for path, (role, text) in sources.items():
        item = FileMetrics(path=path, loc=len(text.splitlines()), role=role)
        item.clone_tokens = clone_tokens(text)
        files.append(item)
    files.append(FileMetrics(path="app/broken.py", status="syntax_error", role="production"))
    return files


def test_the_worker_finds_what_the_process_finds(monkeypatch):
    monkeypatch.setattr(phase, "WORKER_FROM_CHARS", 0)
    settings = DuplicationSettings()
    here = _files()
    there = copy.deepcopy(here)
    production, sides = duplication_by_role(here, settings)
    found = phase._in_worker(there, settings, no_progress, never_cancel)
    assert found is not None  # (the worker ran)
    assert found[0].to_dict() == production.to_dict() and production.duplicated_lines > 0
    assert {k: v.to_dict() for k, v in found[1].items()} == {
        k: v.to_dict() for k, v in sides.items()
    }
    assert sides["test"].duplicated_lines > 0
    lines = {f.path: f.duplicated_lines for f in here}
    assert {f.path: f.duplicated_lines for f in there} == lines
    assert lines["app/a.py"] and lines["tests/test_a.py"] and lines["app/broken.py"] is None


class _FailingPool:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def run(self, items, cancel):
        for item in items:
            yield TaskOutcome(item, error="Traceback ...\nMemoryError")


def _run_phase(files: list[FileMetrics]):
    given = PhaseInput(
        "duplication",
        ".",
        Options(workers=1),
        NoCache(),
        no_progress,
        never_cancel,
        {"code": PhaseOutput(files)},
        ("code",),
    )
    return phase.PHASE.run(given).value


@pytest.mark.parametrize("case", ["small", "failed worker"])
def test_a_small_repository_or_a_failed_worker_is_searched_in_the_process(monkeypatch, case):
    if case == "small":  # the default threshold: these few files are searched in the process
        monkeypatch.setattr(phase, "WorkerPool", None)  # (a worker would fail loudly)
    else:
        monkeypatch.setattr(phase, "WORKER_FROM_CHARS", 0)
        monkeypatch.setattr(phase, "WorkerPool", _FailingPool)
    expected = _files()
    production, sides = duplication_by_role(expected, Options().duplication)
    files = _files()
    found = _run_phase(files)
    assert found.production.to_dict() == production.to_dict()
    assert found.sides["test"].to_dict() == sides["test"].to_dict()
    assert [f.duplicated_lines for f in files] == [f.duplicated_lines for f in expected]
    assert all(f.clone_tokens is None for f in files)  # released once grouped
