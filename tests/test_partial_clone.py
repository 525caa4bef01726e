"""A real partial clone (``git clone --filter=blob:limit``): its missing blobs are found before
any reader asks git for one. Asking costs git a parse of every promisor pack before it dies
(33 s on saleor's snapshot, see analysis.partial_clone), so no pass may fail on one."""

from __future__ import annotations

import pytest
from gitrepo import GitRepo, git

from analysis import git as safe_git
from analysis.history.gitlog import LogScope, read_commits
from analysis.partial_clone import (
    absent_blobs,
    is_partial_clone,
    known_missing_blobs,
    without_missing,
)
from analysis.progress import never_cancel

BIG = 4096  # bytes: over the clone's blob limit


@pytest.fixture
def clone(tmp_path):
    """Eight commits; the data table (over 2 KB in every version) is changed in 1, 3, 5, 7 and
    is the only change of 7; code.py (small) changes in every commit but 7."""
    source = GitRepo.init(tmp_path / "source")
    for i in range(8):
        if i % 2 == 1:
            source.write("data/table.csv", "".join(f"{i},{n}\n" for n in range(BIG // 4)))
        if i != 7:
            source.write("code.py", "".join(f"x{n} = {n}\n" for n in range(i + 1)))
        source.commit(f"c{i}")
    source.git("config", "uploadpack.allowFilter", "true")
    target = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--no-checkout", "--filter=blob:limit=2k",
        f"file://{source.root}", str(target))  # fmt: skip
    return source, target


def _blobs(repo, path):
    shas = git(repo, "log", "--format=%H", "--", path).split()
    return {git(repo, "rev-parse", f"{sha}:{path}").strip() for sha in shas}


def test_a_partial_clone_is_known_and_its_missing_blobs_found_by_one_walk(clone):
    source, target = clone
    assert is_partial_clone(target) and not is_partial_clone(source.root)
    assert known_missing_blobs(target) == _blobs(source.root, "data/table.csv")
    assert known_missing_blobs(source.root) == frozenset()


def test_the_history_reader_plans_around_the_missing_blobs_without_a_failing_pass(clone):
    source, target = clone
    result = read_commits(target, LogScope((source.head(),)), never_cancel)
    assert result.missing_objects == []  # no pass met a missing blob
    assert result.missing_paths == ["data/table.csv"]
    assert [c.sha for c in result.commits] == git(source.root, "rev-list", "HEAD").split()
    oldest_first = result.commits[::-1]
    for i, commit in enumerate(oldest_first):
        changes = {c.path: c.added for c in commit.changes}
        expected = {} if i == 7 else {"code.py": 1}
        if i % 2 == 1:
            expected["data/table.csv"] = None  # listed, its line count unknown
        assert changes == expected, i
    assert [c.counts_missing for c in oldest_first] == [i % 2 == 1 for i in range(8)]


def test_blob_readers_skip_the_missing_blobs_instead_of_asking_git(clone):
    source, target = clone
    code = git(source.root, "rev-parse", "HEAD:code.py").strip()
    table = git(source.root, "rev-parse", "HEAD:data/table.csv").strip()
    assert without_missing(target, [table, code]) == [code]
    with safe_git.open_repo(target) as repo:
        assert set(safe_git.read_blobs(repo, [table, code])) == {code}
    assert absent_blobs(target, [table, code]) == {table}


class _PythonIsCode:
    """File roles for the test: Python files are code, nothing else."""

    def is_code(self, path: str) -> bool:
        return path.endswith(".py")

    def fingerprint(self) -> str:
        return "py"


def test_ai_code_lines_of_a_partial_clone_equal_the_complete_repository(clone):
    # the left-out table is not code: every line figure, commit count and duplication density
    # is the complete repository's; only the note that a file was left out is added. Commit 7
    # changed only the table: git's pathspec drops it, the reader gives it back without files.
    from analysis.ai_code.measure import measure_ai_code
    from analysis.ai_code.options import AICodeOptions
    from analysis.history.mining import read_source_history
    from analysis.history.options import HistoryOptions
    from analysis.scan import open_repository

    def section(root):
        read = read_source_history(open_repository(root), HistoryOptions())
        return measure_ai_code(read, HistoryOptions(), AICodeOptions(), _PythonIsCode())

    source, target = clone
    complete, partial = section(source.root).to_dict(), section(target).to_dict()
    assert partial.pop("notes") == [
        "1 files whose content is missing from this partial clone are left out of the line figures"
    ]
    complete.pop("notes")
    assert partial == complete
    assert sum(q["commits"] for q in complete["quarters"]) == 8
