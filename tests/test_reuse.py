"""A whole assessment reused when nothing it reads changed (analysis.reuse): same figures, a
note that says so, and never reused after any change to what the run reads."""

from __future__ import annotations

import json

import pytest

from analysis.assessment import Options, run
from analysis.cache import MemoryCache
from analysis.code.file_metrics import FileTask
from analysis.code.results import skipped_for_this_run
from analysis.code.source import read_source
from analysis.parallel import TaskOutcome
from analysis.phases.code import _outcome_metrics
from analysis.report import to_report
from analysis.reuse import NAMESPACE, REUSED, kept_report
from app.cli import main


def figures(result) -> str:
    report = to_report(result)
    for key in ("analyzed_at", "phase_seconds", "warnings", "duration_seconds"):
        report["repository"].pop(key, None)
    report.pop("duration_seconds", None)
    return json.dumps(report, sort_keys=True)


@pytest.fixture
def repo(git_repo):
    git_repo.write("app/main.py", "def handler(x):\n    if x:\n        return 1\n    return 0\n")
    git_repo.write("app/util.py", "def helper(y):\n    return [y]\n")
    git_repo.commit("first")
    git_repo.write("app/util.py", "def helper(y):\n    return [y, y]\n")
    git_repo.commit("second")
    return git_repo


def reused(result) -> bool:
    return any(f.code == REUSED for f in result.repository.warnings)


def test_an_unchanged_repository_gets_the_kept_figures_with_a_note(repo):
    cache = MemoryCache()
    first = run(repo.root, Options(workers=1), cache=cache)
    assert not reused(first) and sum(ns == NAMESPACE for ns, _ in cache.entries) == 1
    seen = []
    second = run(repo.root, Options(workers=1), cache=cache, progress=seen.append)
    assert reused(second) and figures(second) == figures(first)
    assert second.repository.phase_seconds.keys() == {REUSED}
    assert {p.phase for p in seen} == {"reuse"}  # no phase ran
    # the report read back, in step with the reused assessment (the CLI writes it as is)
    assert kept_report(second) == to_report(second) and kept_report(first) is None
    fresh = run(repo.root, Options(workers=1, reuse_unchanged=False), cache=cache)
    assert not reused(fresh) and figures(fresh) == figures(first)


@pytest.mark.parametrize(
    "change",
    ["edit a tracked file", "commit", "tag", "settings", "delete a tracked file"],
)
def test_any_change_to_what_the_run_reads_measures_again(repo, change):
    cache = MemoryCache()
    options = Options(workers=1)
    run(repo.root, options, cache=cache)
    if change == "edit a tracked file":
        repo.write("app/util.py", "def helper(y):\n    return [y, y, y]\n")
    elif change == "commit":
        repo.write("app/new.py", "X = 1\n")
        repo.commit("third")
    elif change == "tag":
        repo.git("tag", "v1.0.0")  # DORA reads tags
    elif change == "settings":
        options = Options(workers=1, max_file_bytes=1024)
    else:
        (repo.root / "app" / "main.py").unlink()
    again = run(repo.root, options, cache=cache)
    assert not reused(again)
    if change == "edit a tracked file":
        util = next(f for f in again.code.files if f.path == "app/util.py")
        assert util.sloc == 2 and "[y, y, y]" in (repo.root / "app/util.py").read_text()


def test_an_untracked_file_changes_nothing_the_run_reads(repo):
    cache = MemoryCache()
    run(repo.root, Options(workers=1), cache=cache)
    (repo.root / "scratch.py").write_text("print('not tracked')\n")
    assert reused(run(repo.root, Options(workers=1), cache=cache))


def test_the_cli_reuses_and_fresh_measures_again(repo, tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    args = ["assess", str(repo.root), "--db", db, "-q", "--workers", "1"]
    assert main(args) == 0
    assert main([*args, "--json", str(tmp_path / "again.json")]) == 0
    again = json.loads((tmp_path / "again.json").read_text())
    assert [w["code"] for w in again["repository"]["warnings"]].count(REUSED) == 1
    assert main([*args, "--fresh", "--json", str(tmp_path / "fresh.json")]) == 0
    fresh = json.loads((tmp_path / "fresh.json").read_text())
    assert REUSED not in [w["code"] for w in fresh["repository"]["warnings"]]
    assert fresh["code"] == again["code"]


def _count_reports(monkeypatch) -> list[int]:
    """Count ``to_report`` calls wherever the run, the CLI and the store make the report."""
    import analysis.report
    import analysis.reuse
    import app.cli
    import app.store.store

    made = [0]
    real = analysis.report.to_report

    def counted(result):
        made[0] += 1
        return real(result)

    for module in (analysis.report, analysis.reuse, app.cli, app.store.store):
        monkeypatch.setattr(module, "to_report", counted)
    return made


def test_cold_and_warm_cli_runs_build_the_report_once(repo, tmp_path, monkeypatch):
    from sqlalchemy import create_engine, text

    from app.store.report_blob import unpack_report

    made = _count_reports(monkeypatch)
    db_file = tmp_path / "store.db"
    args = ["assess", str(repo.root), "--db", f"sqlite:///{db_file}", "-q", "--workers", "1"]
    for run_name in ("cold", "warm"):
        made[0] = 0
        out = tmp_path / f"{run_name}.json"
        assert main([*args, "--json", str(out)]) == 0
        assert made[0] == (1 if run_name == "cold" else 0), run_name  # warm: the one read back
    cold = json.loads((tmp_path / "cold.json").read_text())
    warm = json.loads((tmp_path / "warm.json").read_text())
    assert REUSED in [w["code"] for w in warm["repository"]["warnings"]]
    # what each run stored is what it wrote to its JSON file (packed once, never stale)
    with create_engine(f"sqlite:///{db_file}").connect() as connection:
        rows = connection.execute(
            text("select report_zlib, report from assessments order by id")
        ).all()
    assert [unpack_report(packed, plain) for packed, plain in rows] == [cold, warm]


def test_a_report_changed_after_it_was_kept_is_made_again(repo):
    from analysis.findings import Finding
    from analysis.reuse import forget, kept_packed

    result = run(repo.root, Options(workers=1), cache=MemoryCache())
    assert kept_report(result) is not None and kept_packed(result) is not None
    result.repository.warnings.append(Finding("cache_damaged", "a later warning"))
    forget(result)  # what note_cache_damage does when it adds one
    assert kept_report(result) is None and kept_packed(result) is None


def test_twin_checkouts_never_get_each_others_kept_run(repo, tmp_path):
    """Two clones of one repository have the same tree and refs; each keeps its own run, and
    each report names its own folder (a portfolio of twin checkouts shares one store)."""
    from gitrepo import git

    twin = tmp_path / "twin"
    git(tmp_path, "clone", "-q", str(repo.root), str(twin))
    git(twin, "update-ref", "-d", "refs/remotes/origin/HEAD")
    git(twin, "update-ref", "-d", "refs/remotes/origin/main")
    cache = MemoryCache()
    first = run(repo.root, Options(workers=1), cache=cache)
    other = run(twin, Options(workers=1), cache=cache)
    assert not reused(other)
    assert other.repository.path != first.repository.path
    assert str(twin.resolve()) in other.repository.path
    assert reused(run(twin, Options(workers=1), cache=cache))


def test_a_file_missing_from_the_working_tree_does_not_stop_reuse(repo):
    """A checkout that lacks a tracked file (a partial clone whose blob is missing, a file
    deleted by hand) skips it the same way every time: the run is kept and reused."""
    (repo.root / "app" / "main.py").unlink()
    cache = MemoryCache()
    first = run(repo.root, Options(workers=1), cache=cache)
    (main_py,) = [f for f in first.code.files if f.path == "app/main.py"]
    assert main_py.status == "skipped" and "missing from the working tree" in main_py.reason
    second = run(repo.root, Options(workers=1), cache=cache)
    assert reused(second) and figures(second) == figures(first)


def test_files_skipped_for_this_run_alone_are_never_reused(tmp_path):
    """What the code phase says of a file its time or memory budget stopped, or whose worker
    failed, and of a file the system would not let it read: a repeat may measure it."""
    target = tmp_path / "slow.py"
    target.write_text("X = 1\n")
    task = FileTask("slow.py", str(target))
    for outcome in (
        TaskOutcome(task, timed_out=True),
        TaskOutcome(task, too_large=True),
        TaskOutcome(task, error="Traceback ...\nRuntimeError: boom"),
    ):
        item = _outcome_metrics(outcome, 20.0, 1 << 30)
        assert skipped_for_this_run(item.status, item.reason), item.reason
    target.chmod(0)
    unreadable = read_source(target)
    target.chmod(0o644)
    if unreadable.code == "unreadable":  # (root reads any file)
        assert skipped_for_this_run("skipped", unreadable.reason)
    for reason in (
        read_source(tmp_path / "gone.py").reason,  # missing from the working tree
        "is a binary file",
        "is 6.0 MB, over the 5 MB limit",
    ):
        assert not skipped_for_this_run("skipped", reason)
