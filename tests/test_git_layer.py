"""GitPython as the git layer (analysis.git on analysis.git_command), hardening kept.

Every git process the product starts, the ones GitPython starts on its own included, carries
the hardening options and the scrubbed environment; blobs are read through one long-lived
``cat-file --batch``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from gitrepo import git as plain_git

from analysis import git as safe_git
from analysis.history.hotspots import MAX_LOC_BYTES, blob_contents
from analysis.history.source import TreeEntry

ROOT = Path(__file__).resolve().parents[1]

#: A fresh interpreter (so GitPython's import-time ``git version`` probe is inside the window)
#: records every process subprocess.Popen starts while a whole assessment runs.
RECORDER = textwrap.dedent(
    """
    import json, subprocess, sys
    seen = []
    real = subprocess.Popen
    class Recording(real):
        def __init__(self, args, *rest, **kwargs):
            env = kwargs.get("env")
            super().__init__(args, *rest, **kwargs)  # only processes that started count
            seen.append({"argv": [str(a) for a in args],
                         "env": None if env is None else sorted(env)})
    subprocess.Popen = Recording
    from analysis.assessment import run
    result = run(sys.argv[1])
    from analysis import git
    with git.open_repo(sys.argv[2]) as repo:
        git.read_blobs(repo, [sys.argv[3]])
    json.dump({"seen": seen, "files": [f.path for f in result.code.files]}, sys.stdout)
    """
)


def _is_git(argv: list[str]) -> bool:
    return bool(argv) and os.path.basename(argv[0]) in ("git", "git.exe")


def _hostile_bare(git_repo, tmp_path) -> tuple[Path, str]:
    git_repo.write("pkg/module.py", "def f(x):\n    return x + 1\n")
    git_repo.write(".gitattributes", "*.py diff=evil filter=evil\n")
    git_repo.commit("initial")
    bare = tmp_path / "bare.git"
    plain_git(tmp_path, "clone", "-q", "--bare", str(git_repo.root), str(bare))
    blob = plain_git(bare, "rev-parse", "HEAD:pkg/module.py").strip()
    return bare, blob


def test_every_spawned_git_command_carries_the_hardening(git_repo, tmp_path, monkeypatch):
    bare, blob = _hostile_bare(git_repo, tmp_path)
    sentinel = tmp_path / "sentinel.txt"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\necho \"$0 $*\" >> '{sentinel}'\n")
    script.chmod(0o755)
    for repo in (git_repo.root, bare):
        for key in ("core.fsmonitor", "core.pager", "diff.external", "diff.evil.textconv"):
            plain_git(repo, "config", key, str(script))
        plain_git(repo, "config", "core.hooksPath", str(tmp_path))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GIT_DIR": str(tmp_path / "elsewhere")}
    done = subprocess.run(
        [sys.executable, "-c", RECORDER, str(git_repo.root), str(bare), blob],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=True,
    )
    report = json.loads(done.stdout)
    assert report["files"] == ["pkg/module.py"]
    spawned = [entry for entry in report["seen"] if _is_git(entry["argv"])]
    # GitPython's own probe and its cat-file --batch are among them, and hardened like the rest
    assert any(entry["argv"][-1] == "version" for entry in spawned)
    assert any(entry["argv"][-2:] == ["cat-file", "--batch"] for entry in spawned)
    assert len(spawned) >= 5, spawned
    hardening = list(safe_git.HARDENING)
    for entry in spawned:
        argv = entry["argv"]
        assert argv[1:3] == ["--no-pager", "--no-replace-objects"], argv
        start = argv.index("-c")
        assert argv[start : start + len(hardening)] == hardening, argv
        assert entry["env"] is not None, argv
        assert "GIT_DIR" not in entry["env"], argv
        assert {"GIT_OPTIONAL_LOCKS", "GIT_NO_LAZY_FETCH", "GIT_TERMINAL_PROMPT"} <= set(
            entry["env"]
        )
    assert not sentinel.exists(), sentinel.read_text()


def test_read_blobs_uses_one_cat_file_and_skips_missing_and_large(git_repo, monkeypatch):
    git_repo.write("a.txt", "alpha\n")
    git_repo.write("b.txt", "b" * 300)
    git_repo.write("empty.txt", "")
    git_repo.commit()
    ids = {
        name: plain_git(git_repo.root, "rev-parse", f"HEAD:{name}").strip()
        for name in ("a.txt", "b.txt", "empty.txt")
    }
    missing = "0123456789abcdef0123456789abcdef01234567"
    # independent: git cat-file -p of each blob, run by the test's plain git
    expected_a = plain_git(git_repo.root, "cat-file", "-p", ids["a.txt"]).encode()
    started: list[list[str]] = []
    real = subprocess.Popen

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **kwargs):
            super().__init__(args, *rest, **kwargs)
            started.append([str(a) for a in args])

    with safe_git.open_repo(git_repo.root) as repo:
        monkeypatch.setattr(subprocess, "Popen", Recording)
        blobs = safe_git.read_blobs(
            repo, [ids["a.txt"], missing, ids["b.txt"], ids["empty.txt"], ids["a.txt"]], 100
        )
        again = safe_git.read_blobs(repo, [ids["b.txt"]])
    assert blobs == {
        ids["a.txt"]: expected_a,
        ids["empty.txt"]: b"",
    }
    assert again == {ids["b.txt"]: b"b" * 300}
    assert [argv[-2:] for argv in started] == [["cat-file", "--batch"]]


def test_blob_contents_of_a_bare_repository_match_cat_file(git_repo, tmp_path):
    git_repo.write("pkg/a.py", "x = 1\n")
    git_repo.write("pkg/b.py", "y = 2\nz = 3\n")
    git_repo.write("copy.py", "x = 1\n")
    git_repo.commit()
    bare = tmp_path / "bare.git"
    plain_git(tmp_path, "clone", "-q", "--bare", str(git_repo.root), str(bare))
    tree = plain_git(bare, "ls-tree", "-r", "HEAD").splitlines()
    entries = {}
    for line in tree:
        meta, path = line.split("\t")
        mode, _kind, blob = meta.split()
        entries[path] = TreeEntry(mode, blob)
    contents = blob_contents(bare, entries)
    assert contents == {
        path: plain_git(bare, "cat-file", "-p", entry.blob).encode()
        for path, entry in entries.items()
    }
    assert MAX_LOC_BYTES > 0


def test_inherited_git_variables_do_not_reach_gitpython_processes(git_repo, tmp_path, monkeypatch):
    git_repo.write("a.py", "x = 1\n")
    git_repo.commit()
    blob = plain_git(git_repo.root, "rev-parse", "HEAD:a.py").strip()
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("GIT_OBJECT_DIRECTORY", str(tmp_path / "objects"))
    with safe_git.open_repo(git_repo.root) as repo:
        assert safe_git.read_blobs(repo, [blob]) == {blob: b"x = 1\n"}
    assert safe_git.output(git_repo.root, "ls-files").split() == ["a.py"]


def test_open_repo_outside_a_repository_is_a_git_error(tmp_path):
    with pytest.raises(safe_git.GitCommandFailed, match="not a git repository"):
        safe_git.open_repo(tmp_path)


def test_command_line_is_the_hardened_command_objects(git_repo):
    argv = safe_git.command_line(git_repo.root, ["log", "--format=%H"])
    command = safe_git.command(git_repo.root)
    assert argv == [
        command.GIT_PYTHON_GIT_EXECUTABLE,
        *command.persistent_options,
        "log",
        "--no-ext-diff",
        "--no-textconv",
        "--format=%H",
    ]
    assert command.persistent_options == [
        "--no-pager",
        "--no-replace-objects",
        "-C",
        str(git_repo.root),
        *safe_git.HARDENING,
    ]


def test_open_repo_of_a_linked_worktree_reads_the_shared_objects(git_repo, tmp_path, monkeypatch):
    git_repo.write("a.py", "x = 1\n")
    git_repo.commit()
    linked = tmp_path / "linked"
    plain_git(git_repo.root, "worktree", "add", "-q", "-b", "side", str(linked))
    blob = plain_git(linked, "rev-parse", "HEAD:a.py").strip()
    # the environment GitPython's Repo would read must not move it elsewhere
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path))
    monkeypatch.setenv("GIT_COMMON_DIR", str(tmp_path / "nowhere"))
    with safe_git.open_repo(linked) as repo:
        assert Path(repo.working_tree_dir) == linked.resolve()
        assert Path(repo.common_dir) == (git_repo.root / ".git").resolve()
        assert Path(repo.git_dir) == (git_repo.root / ".git" / "worktrees" / "linked").resolve()
        assert safe_git.read_blobs(repo, [blob]) == {blob: b"x = 1\n"}


def test_the_hardened_command_refuses_a_command_line_without_its_options(git_repo):
    command = safe_git.command(git_repo.root)
    with pytest.raises(ValueError, match="hardening"):
        command.execute(["git", "ls-files"])
    with pytest.raises(ValueError, match="hardening"):
        command.execute("git ls-files")


def test_programs_named_through_an_included_config_never_run(git_repo, tmp_path):
    git_repo.write("pkg/module.py", "def f(x):\n    return x + 1\n")
    git_repo.write(".gitattributes", "*.py diff=evil filter=evil\n")
    git_repo.commit("initial")
    sentinel = tmp_path / "sentinel.txt"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\necho \"$0 $*\" >> '{sentinel}'\n")
    script.chmod(0o755)
    included = tmp_path / "included.config"
    included.write_text(
        "[core]\n"
        f"\tfsmonitor = {script}\n\tpager = {script}\n\thooksPath = {tmp_path}\n"
        f"[diff]\n\texternal = {script}\n"
        f'[diff "evil"]\n\ttextconv = {script}\n'
        f'[filter "evil"]\n\tclean = {script}\n\tsmudge = {script}\n'
    )
    plain_git(git_repo.root, "config", "include.path", str(included))
    # positive control: plain git follows the include and runs the fsmonitor program
    plain_git(git_repo.root, "ls-files")
    assert sentinel.exists()
    sentinel.unlink()
    from analysis.assessment import run

    result = run(git_repo.root)
    assert [f.path for f in result.code.files] == ["pkg/module.py"]
    safe_git.run(git_repo.root, "log", "-p", "--format=%H")
    with safe_git.open_repo(git_repo.root) as repo:
        blob = safe_git.output(git_repo.root, "rev-parse", "HEAD:pkg/module.py").strip()
        assert safe_git.read_blobs(repo, [blob]) == {blob: b"def f(x):\n    return x + 1\n"}
    assert not sentinel.exists(), sentinel.read_text()


def test_gitpython_is_imported_only_when_git_first_runs(tmp_path):
    code = (
        "import sys\n"
        "import app.cli, analysis.assessment, analysis.git\n"
        "print('git' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=True,
    )
    assert done.stdout.decode().strip() == "False"
