"""analysis.tree_fingerprint: the key changes exactly when what an assessment reads changes.

Each case is a tiny repository changed by hand in one way; the expectation follows from what
the assessment reads (tracked files from the working tree, the history from HEAD, the branch).
Blob ids are checked against ``git hash-object``.
"""

from __future__ import annotations

import os

import pytest
from gitrepo import git

from analysis.tree_fingerprint import blob_id, reuse_key, tree_fingerprint


@pytest.fixture
def repo(git_repo):
    git_repo.write("app/main.py", "print('hello')\n")
    git_repo.write("app/util.py", "X = 1\n")
    git_repo.write("docs/readme.md", "# readme\n")
    git_repo.commit("first")
    return git_repo


def key(repo, scope: str = "") -> str:
    return tree_fingerprint(repo.root, scope).key


def test_same_tree_same_key(repo):
    first = tree_fingerprint(repo.root)
    assert first == tree_fingerprint(repo.root)
    assert first.head == repo.head() and first.ref == "refs/heads/main"
    assert first.changed == ()


def test_an_edit_changes_the_key_and_undoing_it_restores_it(repo):
    before = key(repo)
    repo.write("app/util.py", "X = 2\n")  # same size: found by content, not by size
    edited = tree_fingerprint(repo.root)
    assert edited.key != before and edited.changed == ("app/util.py",)
    path = repo.write("app/util.py", "X = 1\n")
    os.utime(path, (path.stat().st_atime + 10, path.stat().st_mtime + 10))
    restored = tree_fingerprint(repo.root)  # git lists it (mtime moved), content is the same
    assert restored.key == before and restored.changed == ()


def test_an_edit_keeping_size_and_mtime_is_still_seen(repo):
    before = key(repo)
    path = repo.root / "app/util.py"
    stat = path.stat()
    path.write_text("X = 3\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ctime still moves: git sees it
    assert key(repo) != before


def test_staging_deleting_and_committing_change_the_key(repo):
    keys = {key(repo)}
    repo.write("app/util.py", "X = 4\n")
    git(repo.root, "add", "app/util.py")
    keys.add(key(repo))  # the index's blob changed
    (repo.root / "app/main.py").unlink()
    keys.add(key(repo))
    repo.commit("second")
    keys.add(key(repo))
    assert len(keys) == 4


def test_untracked_and_ignored_files_do_not_change_the_key(repo):
    before = key(repo)
    repo.write("scratch.py", "print('not tracked')\n")
    repo.write("build/out.bin", b"\0\1")
    assert key(repo) == before


def test_another_branch_at_the_same_commit_changes_the_key(repo):
    before = tree_fingerprint(repo.root)
    git(repo.root, "checkout", "-q", "-b", "other")
    after = tree_fingerprint(repo.root)
    assert after.head == before.head and after.ref == "refs/heads/other"
    assert after.key != before.key
    git(repo.root, "checkout", "-q", "--detach")
    assert tree_fingerprint(repo.root).ref == ""


def test_a_scope_ignores_edits_outside_it(repo):
    scoped = key(repo, "app")
    whole = key(repo)
    assert scoped != whole
    repo.write("docs/readme.md", "# changed\n")
    assert key(repo, "app") == scoped and key(repo) != whole
    repo.write("app/main.py", "print('changed')\n")
    assert key(repo, "app") != scoped


def test_a_repository_without_commits_has_a_key(git_repo):
    git_repo.write("a.py", "x = 1\n")
    empty = tree_fingerprint(git_repo.root)
    assert empty.head == ""
    git(git_repo.root, "add", "a.py")
    assert tree_fingerprint(git_repo.root).key != empty.key


def test_blob_id_is_gits(repo, tmp_path):
    for name, data in (("plain.txt", b"hello\n"), ("empty", b""), ("bin", bytes(range(256)))):
        path = tmp_path / name
        path.write_bytes(data)
        assert blob_id(path) == git(repo.root, "hash-object", "--no-filters", str(path)).strip()
    link = tmp_path / "link"
    link.symlink_to("plain.txt")
    repo.write("target.txt", "x")
    os.symlink("target.txt", repo.root / "ln")
    git(repo.root, "add", "ln")
    staged = git(repo.root, "ls-files", "--stage", "ln").split()[1]
    assert blob_id(repo.root / "ln") == staged


def test_reuse_key_separates_its_inputs(repo):
    print_ = tree_fingerprint(repo.root)
    assert reuse_key(print_, "ab", "c") != reuse_key(print_, "a", "bc")
    assert reuse_key(print_, "1.0", b"{}") == reuse_key(print_, "1.0", b"{}")
    assert reuse_key(print_, "1.0") != reuse_key(print_, "1.1")
