"""analysis.assessment.run end to end on repositories built here; the report validates."""

from __future__ import annotations

import json
import os

import jsonschema
import pytest

from analysis.assessment import Options, run
from analysis.errors import Cancelled, NotAGitRepository
from analysis.history.options import HistoryOptions
from analysis.report import SCHEMA_VERSION, from_report, to_report
from app.output_files import write_json_report
from resources import resource_path


@pytest.fixture(scope="module")
def schema():
    return json.loads(resource_path("report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture
def mixed_repo(git_repo):
    git_repo.write("app/core.py", "def f(x):\n    if x:\n        return 1\n    return 2\n")
    git_repo.write("app/__init__.py", "")
    git_repo.write("legacy/old.py", "print 'python 2'\n")
    git_repo.write("data/blob.py", b"\x00\x01\x02binary")
    git_repo.write("big/generated.py", "x = 1\n" * 5000)
    git_repo.write("gone.py", "y = 1\n")
    git_repo.write("README.md", "# not python\n")
    os.symlink("app/core.py", git_repo.root / "alias.py")
    git_repo.commit()
    (git_repo.root / "gone.py").unlink()  # tracked, but missing from the working tree
    return git_repo


def test_bad_input_is_reported_per_file_and_marks_partial(mixed_repo, schema):
    progress = []
    result = run(mixed_repo.root, Options(max_file_bytes=10_000), progress=progress.append)
    files = {f.path: f for f in result.code.files}
    assert set(files) == {
        "app/core.py",
        "app/__init__.py",
        "legacy/old.py",
        "data/blob.py",
        "big/generated.py",
        "gone.py",
        "alias.py",
    }
    assert files["app/core.py"].status == "ok" and files["app/core.py"].cc_total == 2
    assert files["app/__init__.py"].status == "ok" and files["app/__init__.py"].loc == 0
    assert files["legacy/old.py"].status == "syntax_error"
    assert "binary" in files["data/blob.py"].reason
    assert "limit" in files["big/generated.py"].reason
    assert "missing from the working tree" in files["gone.py"].reason
    assert "symbolic link" in files["alias.py"].reason
    repo = result.repository
    assert repo.partial is True
    # the empty app/__init__.py is measured (0 lines) and no warning: empty modules are normal
    # the one repository-wide warning: the history is from 2024, so the delivery window ends at
    # its newest commit
    general = [w.message for w in repo.warnings if w.path is None]
    assert len(general) == 1 and "git fetch" in general[0]
    assert {w.path for w in repo.warnings if w.path} == {
        "legacy/old.py",
        "data/blob.py",
        "big/generated.py",
        "gone.py",
        "alias.py",
    }
    assert repo.tracked_files == 8
    # progress: one report per measured file, counting up to the total
    code_steps = [p for p in progress if p.phase == "code" and p.done and not p.ended]
    assert [p.done for p in code_steps] == list(range(1, 7))
    assert {p.detail for p in code_steps} == set(files) - {"alias.py"}
    report = to_report(result)
    jsonschema.validate(report, schema)
    totals = report["code"]["totals"]
    assert totals["files"] == 7 and totals["skipped_files"] == 4
    assert totals["syntax_error_files"] == 1 and totals["measured_files"] == 2
    assert totals["loc"] == 4 + 0 + 1  # core + __init__ + the Python 2 file's raw count


def test_report_round_trip_and_atomic_write(git_repo, tmp_path, schema):
    git_repo.write("m.py", "def a():\n    return 1\n\n\nclass K:\n    def b(self):\n        pass\n")
    git_repo.commit()
    result = run(git_repo.root)
    report = to_report(result)
    assert report["schema_version"] == SCHEMA_VERSION
    assert report["repository"]["head"] == git_repo.head()
    assert report["repository"]["partial"] is False
    (file,) = report["code"]["files"]
    assert file["path"] == "m.py"
    assert [(f["name"], f["kind"]) for f in file["functions"]] == [
        ("a", "function"),
        ("K", "class"),
        ("K.b", "method"),
    ]
    target = write_json_report(report, tmp_path / "out" / "report.json").path
    loaded = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(loaded, schema)
    assert to_report(from_report(loaded)) == report
    assert list(target.parent.iterdir()) == [target]  # no temporary file left behind


def test_schema_rejects_a_malformed_report(git_repo, schema):
    git_repo.write("m.py", "x = 1\n")
    git_repo.commit()
    report = to_report(run(git_repo.root))
    report["code"]["files"][0]["loc"] = "many"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(report, schema)


def test_cancel_raises_and_returns_nothing(git_repo):
    for i in range(30):
        git_repo.write(f"m{i}.py", f"x = {i}\n")
    git_repo.commit()
    seen = []
    with pytest.raises(Cancelled):
        run(
            git_repo.root,
            Options(workers=1),
            progress=seen.append,
            cancel=lambda: any(p.phase == "code" and p.done >= 3 for p in seen),
        )
    assert max(p.done for p in seen if p.phase == "code") < 30


def test_not_a_repository_is_an_assessment_error(tmp_path):
    with pytest.raises(NotAGitRepository):
        run(tmp_path)


def test_reassessment_parses_only_changed_files(git_repo):
    from analysis.cache import MemoryCache

    for i in range(5):
        git_repo.write(f"m{i}.py", f"def f{i}(x):\n    return x + {i}\n")
    git_repo.write("old.py", "print 'py2'\n")
    git_repo.commit()
    cache = MemoryCache()
    code_only = Options(history=HistoryOptions(enabled=False))  # counts the code cache only
    first = run(git_repo.root, code_only, cache=cache)
    # six files, and the whole run kept for reuse (analysis.reuse)
    assert cache.writes == 6 + 1 and cache.reads == 0
    git_repo.write("m0.py", "def f0(x):\n    if x:\n        return 0\n    return x\n")
    seen = []
    second = run(git_repo.root, code_only, cache=cache, progress=seen.append)
    # a changed file: no reuse; only m0.py was parsed again, and the new run kept
    assert cache.reads == 5 and cache.writes == 7 + 1 + 1
    assert sum("(cached)" in p.detail for p in seen) == 5
    changed = {f.path: f for f in second.code.files}
    assert changed["m0.py"].cc_total == 2
    unchanged = [f.to_dict() for f in first.code.files if f.path != "m0.py"]
    assert unchanged == [f.to_dict() for f in second.code.files if f.path != "m0.py"]


def test_phase_times_are_reported_and_add_up(git_repo):
    git_repo.write("m.py", "def f(x):\n    return x\n")
    git_repo.commit()
    result = run(git_repo.root)
    phases = result.repository.phase_seconds
    assert list(phases) != [] and set(phases) == {
        "repository", "roles", "code", "commits", "architecture", "history", "dora",
        "duplication", "debt", "ai_adoption", "ai_code_lines", "ai_code", "decisions",
    }  # fmt: skip
    # side by side, each phase fits in the run, though together they may take longer
    assert all(0 <= seconds <= result.duration_seconds for seconds in phases.values())
    assert to_report(result)["repository"]["phase_seconds"] == phases
    one_by_one = run(git_repo.root, side_by_side=False)
    assert set(one_by_one.repository.phase_seconds) == set(phases)
    rounding = 0.001 * len(phases)  # each time is rounded to the millisecond
    total = sum(one_by_one.repository.phase_seconds.values())
    assert total <= one_by_one.duration_seconds + rounding
