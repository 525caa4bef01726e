"""The repository under analysis is untrusted: git must never run a program it names."""

from __future__ import annotations

import os
import stat
import subprocess

import pytest
from gitrepo import BASE_ENV

from analysis import git as safe_git
from analysis.assessment import run


def _sentinel_script(folder, sentinel) -> str:
    script = folder / "evil.sh"
    script.write_text(f"#!/bin/sh\necho \"$0 $*\" >> '{sentinel}'\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(script)


@pytest.fixture
def hostile_repo(git_repo, tmp_path):
    git_repo.write("pkg/module.py", "def f(x):\n    return x + 1\n")
    git_repo.write(".gitattributes", "*.py diff=evil filter=evil\n")
    git_repo.commit("initial")
    sentinel = tmp_path / "sentinel.txt"
    script = _sentinel_script(tmp_path, sentinel)
    hooks = git_repo.root / ".git" / "evil-hooks"
    hooks.mkdir()
    for hook in (
        "post-checkout",
        "pre-commit",
        "post-index-change",
        "reference-transaction",
        "post-rewrite",
        "pre-auto-gc",
    ):
        (hooks / hook).write_text(f"#!/bin/sh\n{script} hook-{hook}\n")
        (hooks / hook).chmod(0o755)
    config = {
        "core.fsmonitor": script,
        "core.hooksPath": str(hooks),
        "core.pager": script,
        "core.sshCommand": script,
        "diff.external": script,
        "diff.evil.textconv": script,
        "filter.evil.clean": script,
        "filter.evil.smudge": script,
        "credential.helper": f"!{script}",
        "gpg.program": script,
        "log.showSignature": "true",
    }
    for key, value in config.items():
        git_repo.git("config", key, value)
    return git_repo, sentinel


def test_fsmonitor_sentinel_control_fires_with_plain_git(hostile_repo):
    """Positive control: the same repository *does* run the script through plain git."""
    repo, sentinel = hostile_repo
    env = {**os.environ, **BASE_ENV}
    subprocess.run(["git", "ls-files"], cwd=repo.root, env=env, capture_output=True, check=False)
    assert sentinel.exists(), "the fsmonitor script should run under unhardened git ls-files"


def test_full_assessment_never_runs_repository_programs(hostile_repo):
    repo, sentinel = hostile_repo
    result = run(repo.root)
    assert [f.path for f in result.code.files] == ["pkg/module.py"]
    # Every read-only command this product uses, through the safe module, with diff/log output.
    safe_git.run(repo.root, "ls-files", "-s", "-z")
    safe_git.run(repo.root, "log", "-p", "--numstat", "--format=%H%n%G?")
    safe_git.run(repo.root, "diff-tree", "-p", "-r", "--root", "HEAD")
    safe_git.run(repo.root, "cat-file", "-p", "HEAD:pkg/module.py")
    safe_git.run(repo.root, "blame", "--incremental", "HEAD", "--", "pkg/module.py")
    assert not sentinel.exists(), sentinel.read_text()


def test_commands_that_can_run_hooks_are_refused(git_repo):
    for command in (
        "commit",
        "checkout",
        "merge",
        "rebase",
        "am",
        "push",
        "fetch",
        "gc",
        "status",
        "config",
        "-c",
    ):
        with pytest.raises(ValueError):
            safe_git.command_line(git_repo.root, [command])


def test_environment_cannot_redirect_git(git_repo, tmp_path, monkeypatch):
    git_repo.write("a.py", "x = 1\n")
    git_repo.commit()
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("GIT_EXTERNAL_DIFF", "/bin/false")
    env = safe_git.safe_environment()
    assert "GIT_DIR" not in env and "GIT_EXTERNAL_DIFF" not in env
    assert env["GIT_TERMINAL_PROMPT"] == "0" and env["GIT_OPTIONAL_LOCKS"] == "0"
    assert safe_git.output(git_repo.root, "ls-files").split() == ["a.py"]


def test_stream_reports_git_errors(git_repo):
    git_repo.write("a.py", "x = 1\n")
    git_repo.commit()
    chunks = safe_git.stream(git_repo.root, "log", "--format=%H")
    assert b"".join(chunks).strip() == git_repo.head().encode()
    with pytest.raises(safe_git.GitCommandFailed, match=r"unknown revision|bad revision"):
        list(safe_git.stream(git_repo.root, "log", "no-such-branch"))
