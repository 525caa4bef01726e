"""A path outside the tip is decided once and answered from memory after that, the same."""

from __future__ import annotations

from analysis.roles import file_types
from analysis.roles.classify import _remembered, path_role
from analysis.roles.model import RoleDecision

PATHS = [
    "vendor/lib.py",
    "node_modules/x/index.js",
    "docs/index.rst",
    "app/migrations/0002_auto.py",
    "tests/test_a.py",
    "a/test_b.py",
    "package-lock.json",
    "x.min.js",
    "app/models.py",
    "README",
    "logo.png",
]


def test_a_remembered_fallback_decides_each_path_once():
    asked: list[str] = []

    def decide(path: str) -> RoleDecision:
        asked.append(path)
        return path_role(path)

    fallback = _remembered(decide)
    first = [fallback(p) for p in PATHS]
    again = [fallback(p) for p in reversed(PATHS)]
    assert first == [path_role(p) for p in PATHS] == list(reversed(again))
    assert asked == PATHS  # each path decided once
    # the decisions are the rules' own, not one answer for all
    assert {d.role for d in first} >= {"production", "test", "migration", "docs"}
    assert file_types.file_kind("logo.png") == file_types.BINARY


def test_classified_roles_remember_past_paths(git_repo):
    from analysis.roles import classify_files
    from analysis.scan import open_repository, tracked_files

    git_repo.write("app/models.py", "x = 1\n")
    git_repo.commit("one")
    repo = open_repository(git_repo.root)
    roles = classify_files(repo, tracked_files(repo))
    past = "tests/test_gone.py"  # not in the tip: decided by the fallback
    assert roles.decision(past) is roles.decision(past)
    assert roles.decision(past) == path_role(past)
